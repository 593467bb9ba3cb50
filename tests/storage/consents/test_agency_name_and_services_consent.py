"""Consents that say who they bind: no release is recorded and no consent form is
printed before the agency is named, a release keeps the discloser it was recorded
with, and a lapsed consent to services is said wherever services go on; on both
databases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.audit.events import AuditAction, AuditFilter
from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.errors import ValidationError
from domain.common.policy import Role
from domain.consents.consent import ConsentForm, RevocationForm
from domain.consents.services_consent import ServicesConsentState
from domain.printing.service import FormKind
from domain.settings.office_settings import AgencyForm
from tests.storage.consents.test_consents import PANTRY, release


@pytest.fixture
def lead(make_staff):
    return make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")


@pytest.fixture
def worker(make_staff):
    return make_staff(Role.CASEWORKER, "mgarcia", "Maria Garcia")


@pytest.fixture
def case(services, lead, worker, admin):
    """Amara's case, open and assigned to Maria; the agency not named yet."""
    program = services.programs.create(admin, ProgramForm("Family support", "", "30"))
    client = services.clients.register(lead, ClientForm(first_name="Amara", last_name="Okafor"))
    case_id = services.cases.open_case(lead, client.id, worker.staff_id, program_id=program.id)
    return services.cases.get(lead, case_id)


def name_the_agency(services, admin, name: str = "Miami Valley Family Services") -> None:
    versions = services.settings.read(admin).agency_versions
    services.settings.set_agency_details(admin, AgencyForm(name), versions)


def services_consent(**changes) -> ConsentForm:
    return ConsentForm(**{"kind": "services", "signed_on": "11/20/2026", **changes})


def test_a_release_waits_for_the_agency_name_and_says_where_to_set_it(
    services, case, worker, admin
):
    with pytest.raises(ValidationError) as refused:
        services.consents.record(worker, case.client_id, release())
    message = refused.value.errors["kind"]
    assert "agency's name is not set" in message
    assert "administrator" in message and "Settings" in message and "Agency name" in message
    assert services.records.consents(worker, case.client_id) == []  # nothing half-saved

    # Consent to services names no discloser: it is recorded as before.
    services.consents.record(worker, case.client_id, services_consent())

    name_the_agency(services, admin)
    recorded = services.consents.record(worker, case.client_id, release())
    assert recorded.discloser == "Miami Valley Family Services"


def test_every_problem_of_a_release_is_told_at_once_with_the_missing_name(services, case, worker):
    with pytest.raises(ValidationError) as refused:
        services.consents.record(worker, case.client_id, release(recipient=""))
    assert set(refused.value.errors) == {"kind", "recipient"}


@pytest.mark.parametrize(
    "form",
    [
        FormKind.SERVICES_CONSENT,
        FormKind.INTAKE_PACKET,
        FormKind.BLANK_SERVICES_CONSENT,
        FormKind.BLANK_RELEASE,
    ],
)
def test_consent_forms_are_not_printed_before_the_agency_is_named(
    services, case, worker, admin, form
):
    with pytest.raises(ValidationError) as refused:
        services.printing.letterhead(worker, form)
    assert "Settings" in refused.value.errors["agency_name"]
    if not form.is_blank:
        with pytest.raises(ValidationError):
            services.printing.packets(worker, [case.client_id], form)
        prepared = services.audit.query(admin, AuditFilter(action=AuditAction.FORM_PREPARED))
        assert prepared == []  # a refused form was never prepared

    # The face sheet names no one in legal words: it prints as before.
    services.printing.letterhead(worker, FormKind.FACE_SHEET)
    services.printing.packets(worker, [case.client_id], FormKind.FACE_SHEET)
    name_the_agency(services, admin)
    assert services.printing.letterhead(worker, form).agency.name.startswith("Miami")


def test_a_copy_of_a_consent_waits_for_the_agency_name_too(services, case, worker, admin):
    consent = services.consents.record(worker, case.client_id, services_consent())
    with pytest.raises(ValidationError):
        services.printing.consent_copy(worker, consent.id)
    name_the_agency(services, admin)
    assert services.printing.consent_copy(worker, consent.id).services_consent == consent


def test_a_lapsed_consent_to_services_is_told_for_the_case(services, case, worker, admin, clock):
    check = services.consents.services_check(worker, case.id)
    assert check.state is ServicesConsentState.NONE
    assert "no consent to services" in check.message and "Consents tab" in check.message

    services.consents.record(worker, case.client_id, services_consent(expires_on="12/15/2026"))
    assert services.consents.services_check(worker, case.id).holds

    clock.now += timedelta(days=30)  # 12/23/2026: past the expiry date
    check = services.consents.services_check(worker, case.id)
    assert check.state is ServicesConsentState.EXPIRED
    assert "expired on 12/15/2026" in check.message
    assert check.flag == "Consent to services expired 12/15/2026"


def test_a_withdrawn_consent_to_services_stops_services(services, case, worker):
    consent = services.consents.record(worker, case.client_id, services_consent())
    services.consents.revoke(
        worker, consent.id, consent.version, RevocationForm("", "Told me by phone")
    )
    check = services.consents.services_check(worker, case.id)
    assert check.state is ServicesConsentState.REVOKED
    assert "withdrew" in check.message


def test_my_day_keeps_a_lapsed_consent_until_someone_acts(
    services, case, lead, worker, admin, clock
):
    name_the_agency(services, admin)
    client_id = case.client_id
    consents = services.consents
    consents.record(worker, client_id, services_consent(expires_on="12/10/2026"))
    consents.record(worker, client_id, release(expires_on="12/15/2026"))

    def listed():
        return [
            (row.kind, row.recipient, row.due(clock().date()).value)
            for row in services.caseloads.my_day(worker).consents_expiring
        ]

    assert listed() == [("services", "", "expiring"), ("release", PANTRY, "expiring")]
    clock.now += timedelta(days=40)  # 01/02/2027: both past their date
    assert listed() == [("services", "", "expired"), ("release", PANTRY, "expired")]

    # Renewing the release (same recipient, spelt another way) takes it off the list.
    consents.record(
        worker,
        client_id,
        release(
            recipient="st. vincent food pantry", signed_on="01/02/2027", expires_on="06/30/2027"
        ),
    )
    assert listed() == [("services", "", "expired")]
    consents.record(worker, client_id, services_consent(signed_on="01/02/2027"))
    assert listed() == []

    # Closing the case is acting too: nothing of a closed case is listed.
    clock.now += timedelta(days=200)
    assert [row.kind for row in services.caseloads.my_day(worker).consents_expiring] == ["release"]
    version = services.cases.get(lead, case.id).version
    services.cases.close(lead, case.id, version, "goals_met", "achieved")
    assert services.caseloads.my_day(worker).consents_expiring == ()


def test_my_day_lists_a_case_going_on_without_consent_to_services(services, case, worker):
    [row] = services.caseloads.my_day(worker).consents_expiring
    assert (row.consent_id, row.case_id, row.kind, row.due(case.opened_on).value) == (
        None,
        case.id,
        "services",
        "no consent to services",
    )
