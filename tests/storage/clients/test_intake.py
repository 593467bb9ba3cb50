"""Intake as one transaction, on both databases; and on PostgreSQL as the people
who take intakes, signed in as their own login roles."""

from __future__ import annotations

import pytest

from domain.assessments.assessment import AssessmentForm, LifeDomain
from domain.audit.events import AuditAction, AuditFilter
from domain.cases.case import CaseStatus
from domain.cases.programs import ProgramForm
from domain.clients.hmis import RelationshipToHead
from domain.clients.intake import (
    HouseholdMode,
    HouseholdPlan,
    IntakeForm,
    NewMember,
    returning_client_form,
)
from domain.clients.record import ClientForm
from domain.common.errors import PermissionDenied, ValidationError
from domain.common.policy import Role
from domain.consents.consent import ConsentKind, ConsentMethod, ServiceConsentForm

ASSESSMENT = AssessmentForm(
    scores={LifeDomain.HOUSING: 1, LifeDomain.INCOME: 2, LifeDomain.SUPPORT_NETWORK: 4},
    notes={LifeDomain.HOUSING: "Eviction notice for the 30th"},
    strengths="Close to her sister; keeps every appointment.",
    needs="Rent arrears of two months.\nChildcare while at work.",
)
CONSENT = ServiceConsentForm(given=True, method="paper")


@pytest.fixture
def program(services, admin):
    return services.programs.create(admin, ProgramForm("Rapid rehousing", "Rent help", "60"))


def intake(program, **changes) -> IntakeForm:
    values = dict(
        client=ClientForm(
            first_name="Amara",
            last_name="Okafor",
            date_of_birth="04/12/1990",
            address_line1="12 Elm Street",
            city="Dayton",
            state="OH",
            postal_code="45402",
        ),
        household=HouseholdPlan(
            mode=HouseholdMode.HEAD,
            members=(
                NewMember("Chidi", "Okafor", "09/10/2015", RelationshipToHead.CHILD),
                NewMember("Ada", "Okafor", "", RelationshipToHead.CHILD),
            ),
        ),
        assessment=ASSESSMENT,
        consent=CONSENT,
        program_id=program.id,
    )
    values.update(changes)
    return IntakeForm(**values)


def test_an_intake_registers_the_household_and_leaves_a_case_waiting(
    services, actor, admin, program, clock
):
    result = services.intake.complete(actor, intake(program))

    client = result.client
    assert client.display_name == "Amara Okafor"
    assert result.program == program
    [case] = services.records.cases(actor, client.id)
    assert (case.id, case.status, case.assigned_staff_id) == (
        result.case_id,
        CaseStatus.INTAKE,
        None,
    )
    assert case.program_name == "Rapid rehousing" and case.opened_on == clock().date()

    members = services.households.members(actor, client.id)
    assert [(m.client.first_name, m.relationship) for m in members] == [
        ("Amara", RelationshipToHead.SELF),
        ("Ada", RelationshipToHead.CHILD),
        ("Chidi", RelationshipToHead.CHILD),
    ]
    child = services.clients.open(actor, result.members_registered[0])
    assert (child.address_line1, child.city) == ("12 Elm Street", "Dayton")  # the household's

    [assessment] = services.records.assessments(actor, client.id)
    assert assessment.case_id == result.case_id
    assert assessment.score_of(LifeDomain.HOUSING) == 1
    assert assessment.score_of(LifeDomain.FOOD) is None  # not assessed, not a zero
    assert assessment.in_crisis == (LifeDomain.HOUSING,)
    assert assessment.scores[0][2] == "Eviction notice for the 30th"
    assert assessment.needs == "Rent arrears of two months.\nChildcare while at work."

    [consent] = services.records.consents(actor, client.id)
    assert (consent.kind, consent.method, consent.signed_on) == (
        ConsentKind.SERVICES,
        ConsentMethod.PAPER,
        clock().date(),
    )
    assert consent.status_on(clock().date()) == "in effect"

    actions = [e.action for e in services.audit.query(admin, AuditFilter())]
    for action in (
        AuditAction.INTAKE_COMPLETED,
        AuditAction.ASSESSMENT_RECORDED,
        AuditAction.CONSENT_RECORDED,
        AuditAction.CASE_OPENED,
        AuditAction.HOUSEHOLD_JOINED,
        AuditAction.CLIENT_CREATED,
    ):
        assert action in actions


def _counts(services, actor):
    page = services.clients.list_page(actor)
    return page.total


def test_a_bad_step_saves_nothing_at_all(services, actor, program):
    before = _counts(services, actor)
    member_typo = NewMember("Chidi", "Okafor", "31/31/2015", RelationshipToHead.CHILD)
    with pytest.raises(ValidationError) as raised:
        services.intake.complete(
            actor,
            intake(
                program,
                household=HouseholdPlan(mode=HouseholdMode.HEAD, members=(member_typo,)),
                consent=ServiceConsentForm(given=False),
            ),
        )
    assert set(raised.value.errors) == {"member.0.date_of_birth", "given"}
    assert _counts(services, actor) == before


def test_a_failure_late_in_the_transaction_rolls_back_the_client(services, actor, program, admin):
    services.programs.change(
        admin, program.id, program.version, ProgramForm("Rapid rehousing", "", "60", active=False)
    )
    before = _counts(services, actor)
    with pytest.raises(ValidationError) as raised:
        services.intake.complete(actor, intake(program))
    assert raised.value.errors == {"program": "This program is no longer offered."}
    assert _counts(services, actor) == before


def test_a_household_member_already_registered_is_named_not_duplicated(services, actor, program):
    known = services.clients.register(
        actor, ClientForm(first_name="Chidi", last_name="Okafor", date_of_birth="09/10/2015")
    )
    with pytest.raises(ValidationError) as raised:
        services.intake.complete(actor, intake(program))
    assert known.number in raised.value.errors["member.0.name"]

    chosen = HouseholdPlan(
        mode=HouseholdMode.HEAD,
        members=(NewMember(relationship=RelationshipToHead.CHILD, existing_client_id=known.id),),
    )
    result = services.intake.complete(actor, intake(program, household=chosen))
    assert result.members_registered == ()
    assert {m.client.id for m in services.households.members(actor, known.id)} == {
        known.id,
        result.client.id,
    }


def test_a_returning_client_gets_a_new_case_and_keeps_their_record(services, actor, program, admin):
    first = services.intake.complete(actor, intake(program, household=HouseholdPlan()))
    again = returning_client_form(first.client)
    with pytest.raises(ValidationError) as raised:
        services.intake.complete(
            actor,
            IntakeForm(
                client=again.client,
                existing_client_id=again.existing_client_id,
                existing_client_version=again.existing_client_version,
                assessment=ASSESSMENT,
                consent=CONSENT,
                program_id=program.id,
            ),
        )
    assert "already has a case in Rapid rehousing" in raised.value.errors["program"]

    food = services.programs.create(admin, ProgramForm("Food pantry", "", "90"))
    moved = ClientForm(**{**again.client.__dict__, "address_line1": "7 Birch Lane"})
    result = services.intake.complete(
        actor,
        IntakeForm(
            client=moved,
            existing_client_id=first.client.id,
            existing_client_version=first.client.version,
            assessment=ASSESSMENT,
            consent=CONSENT,
            program_id=food.id,
        ),
    )
    assert result.client.id == first.client.id
    assert result.client.address_line1 == "7 Birch Lane"
    cases = services.records.cases(actor, first.client.id)
    assert [c.program_name for c in cases] == ["Food pantry", "Rapid rehousing"]  # newest first


def test_only_the_front_desk_and_supervisors_take_intakes(make_staff, services, program):
    caseworker = make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    before = services.clients.list_page(make_staff(Role.SUPERVISOR)).total
    with pytest.raises(PermissionDenied):
        services.intake.complete(caseworker, intake(program))
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    assert services.clients.list_page(supervisor).total == before
    assert services.intake.complete(supervisor, intake(program)).case_id


def test_programs_are_kept_by_administrators(services, admin, actor, program):
    with pytest.raises(ValidationError) as raised:
        services.programs.create(admin, ProgramForm("rapid REHOUSING", "", "60"))
    assert raised.value.errors == {"name": "Another program already has this name."}
    with pytest.raises(ValidationError) as raised:
        services.programs.create(admin, ProgramForm("", "", "3"))
    assert set(raised.value.errors) == {"name", "review_interval_days"}
    with pytest.raises(PermissionDenied):
        services.programs.create(actor, ProgramForm("Food pantry", "", "90"))
    assert [p.name for p in services.programs.list(actor)] == ["Rapid rehousing"]
