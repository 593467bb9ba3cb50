"""Releases of information and other consents: recorded with every element 42 CFR
2.31 asks for, revoked with date and who, and enforced: a form printed for a
recipient passes the consent gate, on both databases."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest

from domain.audit.events import AuditAction, AuditFilter
from domain.clients.record import ClientForm
from domain.common.errors import ConsentRequired, PermissionDenied, ValidationError
from domain.common.policy import Role
from domain.consents.consent import ConsentForm, ConsentKind, InformationKind, RevocationForm
from domain.consents.gate import ReleaseState
from domain.printing.service import FormKind
from domain.settings.office_settings import AgencyForm

PANTRY = "St. Vincent Food Pantry"


def release(**changes) -> ConsentForm:
    values = dict(
        kind="release",
        method="paper",
        signed_on="11/20/2026",
        expires_on="05/20/2027",
        recipient=PANTRY,
        purpose="Coordinate food assistance for the household",
        information=("contact", "income"),
    )
    values.update(changes)
    return ConsentForm(**values)


@pytest.fixture
def supervisor(make_staff):
    return make_staff(Role.SUPERVISOR, "ssup")


@pytest.fixture
def client(services, supervisor, make_staff, admin):
    services.settings.set_agency_details(admin, AgencyForm("Miami Valley Family Services"))
    record = services.clients.register(
        supervisor, ClientForm(first_name="Amara", last_name="Okafor")
    )
    return record


def audit_of(services, admin, action) -> list[str]:
    return [e.detail for e in services.audit.query(admin, AuditFilter()) if e.action == action]


def test_a_release_keeps_every_element_and_the_agency_as_discloser(services, client, actor):
    recorded = services.consents.record(actor, client.id, release())
    [stored] = services.records.consents(actor, client.id)
    assert stored == recorded
    assert (stored.kind, stored.recipient, stored.purpose) == (
        ConsentKind.RELEASE,
        PANTRY,
        "Coordinate food assistance for the household",
    )
    assert stored.information_kinds == (InformationKind.CONTACT, InformationKind.INCOME)
    assert stored.discloser == "Miami Valley Family Services"
    assert (f"{stored.signed_on:%m/%d/%Y}", f"{stored.expires_on:%m/%d/%Y}") == (
        "11/20/2026",
        "05/20/2027",
    )
    assert stored.recorded_by == actor.username


def test_an_incomplete_release_names_every_missing_element_and_saves_nothing(
    services, client, actor
):
    with pytest.raises(ValidationError) as refused:
        services.consents.record(
            actor,
            client.id,
            release(recipient="", purpose=" ", information=(), expires_on="", signed_on=""),
        )
    assert set(refused.value.errors) == {
        "recipient",
        "purpose",
        "information",
        "expires_on",
        "signed_on",
    }
    assert services.records.consents(actor, client.id) == []


def test_a_release_may_end_at_an_event_instead_of_a_date(services, client, actor):
    consent = services.consents.record(
        actor, client.id, release(expires_on="", expiry_event="when the housing case closes")
    )
    assert consent.expires_on is None and consent.expiry_event == "when the housing case closes"
    check = services.consents.check_release(actor, client.id, PANTRY)
    assert check.allowed and "until when the housing case closes" in check.message
    with pytest.raises(ValidationError) as both:
        services.consents.record(actor, client.id, release(expiry_event="when it closes"))
    assert "expiry_event" in both.value.errors


def test_revoking_records_the_date_and_who_and_happens_once(services, client, actor, admin):
    consent = services.consents.record(actor, client.id, release())
    revoked = services.consents.revoke(
        actor, consent.id, consent.version, RevocationForm("11/22/2026", "Client phoned")
    )
    assert (f"{revoked.revoked_on:%m/%d/%Y}", revoked.revoked_by, revoked.revocation_note) == (
        "11/22/2026",
        actor.username,
        "Client phoned",
    )
    # A second screen still showing version 1 is told what happened, not "conflict".
    for version in (consent.version, revoked.version):
        with pytest.raises(ValidationError) as twice:
            services.consents.revoke(actor, consent.id, version, RevocationForm("", "Again"))
        assert "already revoked on 11/22/2026" in twice.value.errors["revoked_on"]
    assert audit_of(services, admin, AuditAction.CONSENT_REVOKED) == [
        f"kind=release;consent={consent.id}"
    ]


def test_a_revocation_cannot_be_dated_before_the_signature_or_in_the_future(
    services, client, actor
):
    consent = services.consents.record(actor, client.id, release())
    for day in ("11/19/2026", "11/24/2026"):
        with pytest.raises(ValidationError) as refused:
            services.consents.revoke(actor, consent.id, 1, RevocationForm(day, "Letter"))
        assert "revoked_on" in refused.value.errors


def test_printing_for_a_recipient_needs_a_release_in_effect(services, client, actor, admin, clock):
    services.consents.record(actor, client.id, release(recipient="st vincent food-pantry"))
    # Matched without regard to case or punctuation.
    services.printing.packets(actor, [client.id], FormKind.FACE_SHEET, recipient=PANTRY)
    assert audit_of(services, admin, AuditAction.INFORMATION_RELEASED)[0].startswith(
        f"to={PANTRY};what=face_sheet;consent="
    )
    with pytest.raises(ConsentRequired) as nobody:
        services.printing.packets(
            actor, [client.id], FormKind.FACE_SHEET, recipient="Dayton Legal Aid"
        )
    assert "no release of information for Dayton Legal Aid" in str(nobody.value)

    clock.now += timedelta(days=200)  # past 05/20/2027
    with pytest.raises(ConsentRequired) as lapsed:
        services.printing.packets(actor, [client.id], FormKind.FACE_SHEET, recipient=PANTRY)
    assert "expired on 05/20/2027" in str(lapsed.value)
    assert not lapsed.value.overridable  # the front desk cannot override


def test_a_revoked_release_blocks_and_says_when(services, client, actor):
    consent = services.consents.record(actor, client.id, release())
    services.consents.revoke(actor, consent.id, 1, RevocationForm("11/23/2026", "Letter"))
    check = services.consents.check_release(actor, client.id, PANTRY)
    assert check.state is ReleaseState.REVOKED
    with pytest.raises(ConsentRequired) as blocked:
        services.printing.packets(actor, [client.id], FormKind.FACE_SHEET, recipient=PANTRY)
    assert "revoked the release of information for St. Vincent Food Pantry on 11/23/2026" in str(
        blocked.value
    )


def test_a_newer_release_replaces_a_revoked_one(services, client, actor):
    old = services.consents.record(actor, client.id, release(signed_on="11/01/2026"))
    services.consents.revoke(actor, old.id, 1, RevocationForm("11/10/2026", "Letter"))
    services.consents.record(actor, client.id, release(signed_on="11/20/2026"))
    assert services.consents.check_release(actor, client.id, PANTRY).allowed


def test_only_a_supervisor_overrides_and_the_reason_is_audited(
    services, client, actor, supervisor, admin
):
    with pytest.raises(PermissionDenied):
        services.printing.packets(
            actor,
            [client.id],
            FormKind.FACE_SHEET,
            recipient=PANTRY,
            override_reason="The client asked in person today",
        )
    with pytest.raises(ConsentRequired) as asked:
        services.printing.packets(supervisor, [client.id], FormKind.FACE_SHEET, recipient=PANTRY)
    assert asked.value.overridable
    with pytest.raises(ValidationError) as short:
        services.printing.packets(
            supervisor, [client.id], FormKind.FACE_SHEET, recipient=PANTRY, override_reason="ok"
        )
    assert "override_reason" in short.value.errors
    assert audit_of(services, admin, AuditAction.CONSENT_OVERRIDDEN) == []

    services.printing.packets(
        supervisor,
        [client.id],
        FormKind.FACE_SHEET,
        recipient=PANTRY,
        override_reason="Emergency food delivery tonight; release being signed tomorrow",
    )
    assert audit_of(services, admin, AuditAction.CONSENT_OVERRIDDEN) == [
        f"to={PANTRY};what=face_sheet;release=no release;"
        "reason=Emergency food delivery tonight; release being signed tomorrow"
    ]
    refusals = audit_of(services, admin, AuditAction.ACCESS_REFUSED)
    assert "consent.override" in refusals


def test_a_caseworker_records_and_revokes_only_on_their_caseload(
    services, client, supervisor, make_staff
):
    worker = make_staff(Role.CASEWORKER, "jchen")
    consent = services.consents.record(supervisor, client.id, release())
    with pytest.raises(PermissionDenied):
        services.consents.record(worker, client.id, release())
    with pytest.raises(PermissionDenied):
        services.consents.revoke(worker, consent.id, 1, RevocationForm("", "Letter"))
    services.cases.open_case(supervisor, client.id, worker.staff_id)
    services.consents.revoke(worker, consent.id, 1, RevocationForm("", "Letter"))
    assert services.consents.check_release(worker, client.id, PANTRY).state is (
        ReleaseState.REVOKED
    )


@pytest.mark.postgres
def test_on_the_server_a_consent_is_only_ever_revoked(postgres_office):
    """As the front desk's own login: the wording of a signed release cannot be
    changed or removed by plain SQL; recording its revocation can."""
    office = postgres_office
    office.admin.services.settings.set_agency_details(
        office.admin.actor, AgencyForm("Miami Valley Family Services")
    )
    desk = office.hire(Role.FRONTDESK, "Taylor Brooks")
    client = desk.services.clients.register(
        desk.actor, ClientForm(first_name="Ana", last_name="Lima")
    )
    consent = desk.services.consents.record(desk.actor, client.id, release())
    with office.connect_as(desk.actor.username) as conn:
        for sql in (
            "UPDATE consents SET recipient = 'Someone else' WHERE id = %s",
            "UPDATE consents SET expires_on = '2030-01-01' WHERE id = %s",
            "DELETE FROM consents WHERE id = %s",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute(sql, (consent.id,))
        conn.execute(
            "UPDATE consents SET revoked_on = '2026-11-23', revoked_by = %s, "
            "revocation_note = 'Letter' WHERE id = %s",
            (desk.actor.username, consent.id),
        )
    [stored] = desk.services.records.consents(desk.actor, client.id)
    assert (stored.recipient, stored.revocation_note) == (PANTRY, "Letter")
