"""Signed on screen as it is recorded, on both databases: a consent recorded
"signed on screen" and a plan agreed on screen keep the client's and the witness's
strokes with the fingerprint of what they signed, in the same transaction; a
missing signature or a day other than today is refused and nothing is saved."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.audit.events import AuditAction, AuditFilter
from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.errors import ValidationError
from domain.common.policy import Role
from domain.consents.consent import ConsentForm, ServiceConsentForm, validate_service_consent
from domain.plans.plan import AgreementForm, AgreementMethod
from domain.plans.reviews import GoalReviewForm, ReviewForm
from domain.signatures.signature import (
    Strokes,
    consent_content,
    content_fingerprint,
    plan_content,
)
from tests.storage.cases.test_tasks_and_my_day import assign, day, intake_case
from tests.storage.plans.test_service_plans import HOUSING, INCOME
from tests.storage.signatures.sample_strokes import drawn


@pytest.fixture
def office(services, admin, make_staff):
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    maria = make_staff(Role.CASEWORKER, "mgarcia", "Maria García")
    program = services.programs.create(admin, ProgramForm("Family support", "", "30"))
    return supervisor, maria, program


def audited(services, admin, action: AuditAction) -> list[str]:
    return [e.detail for e in services.audit.query(admin, AuditFilter()) if e.action == action]


def test_a_consent_recorded_signed_on_screen_keeps_both_signatures(services, office, admin, clock):
    supervisor, _maria, _program = office
    client = services.clients.register(
        supervisor, ClientForm(first_name="Nguyễn Thị", last_name="Lan")
    )
    form = ConsentForm(kind="services", method="screen", signed_on=day(clock, 0))
    consent = services.consents.record(
        supervisor,
        client.id,
        form,
        signers=[("client", drawn(), " Nguyễn Thị  Lan "), ("witness", drawn(None), "Dana Lee")],
    )
    assert consent.method.value == "screen"
    signed = services.signatures.for_consent(supervisor, consent.id)
    assert [(s.signer_kind, s.printed_name) for s in signed] == [
        ("client", "Nguyễn Thị Lan"),
        ("witness", "Dana Lee"),
    ]
    assert {s.fingerprint for s in signed} == {content_fingerprint(consent_content(consent))}
    assert signed[0].strokes.encode() == drawn().encode()
    assert audited(services, admin, AuditAction.CONSENT_SIGNED) == [
        f"consent={consent.id};signers=2"
    ]
    # Signed as it was recorded: signing it again is refused.
    with pytest.raises(ValidationError, match="signed already"):
        services.signatures.sign_consent(supervisor, consent.id, [("client", drawn(), "Lan")])


def test_a_consent_signed_on_screen_without_the_client_or_on_another_day_saves_nothing(
    services, office, clock
):
    supervisor, _maria, _program = office
    client = services.clients.register(
        supervisor, ClientForm(first_name="Seán", last_name="O'Brien")
    )
    today = ConsentForm(kind="services", method="screen", signed_on=day(clock, 0))
    with pytest.raises(ValidationError) as raised:
        services.consents.record(supervisor, client.id, today, signers=[])
    assert raised.value.errors == {"client.pad": "The client signs the consent."}

    yesterday = ConsentForm(kind="services", method="screen", signed_on=day(clock, -1))
    with pytest.raises(ValidationError) as raised:
        services.consents.record(
            supervisor, client.id, yesterday, signers=[("client", Strokes(()), "Seán O'Brien")]
        )
    assert set(raised.value.errors) == {"signed_on", "client.pad"}
    assert "today" in raised.value.errors["signed_on"]
    assert services.records.consents(supervisor, client.id) == []

    # Signers given for a consent on paper are not stored: paper is signed on paper.
    paper = ConsentForm(kind="services", method="paper", signed_on=day(clock, -1))
    consent = services.consents.record(
        supervisor, client.id, paper, signers=[("client", drawn(), "Seán O'Brien")]
    )
    assert services.signatures.for_consent(supervisor, consent.id) == []


def test_intake_cannot_record_a_consent_signed_on_screen(clock):
    with pytest.raises(ValidationError) as raised:
        validate_service_consent(
            ServiceConsentForm(given=True, method="screen"), today=clock().date()
        )
    assert "Consents tab" in raised.value.errors["method"]


@pytest.fixture
def draft(services, office, actor):
    supervisor, maria, program = office
    case_id = intake_case(services, actor, program, "Amara")
    assign(services, supervisor, case_id, maria.staff_id)
    return case_id, services.plans.save_draft(maria, case_id, 0, (HOUSING, INCOME))


def test_a_plan_agreed_on_screen_keeps_the_signatures_through_its_reviews(
    services, office, admin, draft, clock
):
    _supervisor, maria, _program = office
    case_id, plan = draft
    agreed = services.plans.record_agreement(
        maria,
        plan.id,
        plan.version,
        AgreementForm(day(clock, 0), "screen"),
        signers=[("client", drawn(), "Amara Okafor"), ("witness", drawn(), "Maria García")],
    )
    assert agreed.agreed_how is AgreementMethod.SCREEN
    assert [(s.signer_kind, s.printed_name, s.plan_version) for s in agreed.signatures] == [
        ("client", "Amara Okafor", 1),
        ("witness", "Maria García", 1),
    ]
    fingerprint = content_fingerprint(plan_content(agreed))
    assert {s.fingerprint for s in agreed.signatures} == {fingerprint}
    assert audited(services, admin, AuditAction.PLAN_AGREED) == [
        f"case={case_id} how=screen signers=2"
    ]

    # Progress moves on; what was signed does not, and still matches its fingerprint.
    clock.now += timedelta(days=20)
    housing, income = agreed.goals
    services.plans.record_review(
        maria,
        agreed.id,
        ReviewForm(
            day(clock, 0),
            (
                GoalReviewForm(housing.id, "Lease signed.", "achieved", (housing.steps[0].id,)),
                GoalReviewForm(income.id, "One month paid."),
            ),
        ),
    )
    reviewed = services.plans.current(maria, case_id)
    assert reviewed.goals[0].status.value == "achieved"
    assert content_fingerprint(plan_content(reviewed)) == fingerprint
    assert reviewed.signatures == agreed.signatures

    # The next version starts unsigned; a paper agreement has no signatures to show.
    second = services.plans.new_version(maria, case_id)
    assert second.signatures == ()
    paper = services.plans.record_agreement(
        maria, second.id, second.version, AgreementForm(day(clock, 0), "paper")
    )
    assert paper.signatures == ()
    assert services.plans.version(maria, agreed.id).signatures == agreed.signatures


def test_a_plan_signed_on_screen_needs_the_client_today_or_stays_a_draft(
    services, office, draft, clock
):
    _supervisor, maria, _program = office
    case_id, plan = draft
    with pytest.raises(ValidationError) as raised:
        services.plans.record_agreement(
            maria,
            plan.id,
            plan.version,
            AgreementForm(day(clock, -2), "screen"),
            signers=[("witness", drawn(), "Maria García"), ("witness", drawn(), "Maria García")],
        )
    assert set(raised.value.errors) == {"agreed_on", "witness.pad"}
    assert "today" in raised.value.errors["agreed_on"]
    assert "once" in raised.value.errors["witness.pad"]
    with pytest.raises(ValidationError) as raised:
        services.plans.record_agreement(
            maria,
            plan.id,
            plan.version,
            AgreementForm(day(clock, 0), "screen"),
            signers=[("client", drawn(), "   ")],
        )
    assert set(raised.value.errors) == {"client.name"}
    current = services.plans.current(maria, case_id)
    assert (current.is_agreed, current.version, current.signatures) == (False, plan.version, ())
