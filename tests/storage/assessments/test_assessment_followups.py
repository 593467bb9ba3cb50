"""Follow-up (review) assessments on a case, on both databases; and on PostgreSQL as
the caseworkers' own login roles."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.assessments.assessment import AssessmentForm, AssessmentKind, LifeDomain
from domain.assessments.service import assessable_cases, may_assess
from domain.audit.events import AuditAction, AuditFilter
from domain.cases.programs import ProgramForm
from domain.clients.intake import IntakeForm
from domain.clients.record import ClientForm
from domain.common.errors import PermissionDenied, ValidationError
from domain.common.policy import Role
from domain.consents.consent import ServiceConsentForm

REVIEW = AssessmentForm(
    scores={LifeDomain.HOUSING: 3, LifeDomain.INCOME: 2, LifeDomain.FOOD: 4},
    notes={LifeDomain.HOUSING: "Lease signed in March"},
    strengths="Keeps every appointment.",
    needs="A job with daytime hours.",
)


@pytest.fixture
def office(services, admin, make_staff, actor):
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    maria = make_staff(Role.CASEWORKER, "mgarcia", "Maria Garcia")
    jamie = make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    program = services.programs.create(admin, ProgramForm("Family support", "", "90"))
    result = services.intake.complete(
        actor,
        IntakeForm(
            client=ClientForm(first_name="Amara", last_name="Okafor"),
            assessment=AssessmentForm(scores={LifeDomain.HOUSING: 1, LifeDomain.INCOME: 2}),
            consent=ServiceConsentForm(given=True),
            program_id=program.id,
        ),
    )
    case = services.cases.get(supervisor, result.case_id)
    services.cases.assign(supervisor, case.id, maria.staff_id, case.version)
    return supervisor, maria, jamie, result.client.id, result.case_id


def later(clock, days: int) -> str:
    return (clock().date() + timedelta(days=days)).isoformat()


def test_a_caseworker_records_a_review_on_her_case_and_it_is_audited(
    services, office, clock, admin
):
    _supervisor, maria, _jamie, client_id, case_id = office
    clock.now += timedelta(days=90)
    recorded = services.assessments.record(maria, case_id, REVIEW)
    assert (recorded.kind, recorded.case_id, recorded.client_id, recorded.recorded_by) == (
        AssessmentKind.REVIEW,
        case_id,
        client_id,
        "mgarcia",
    )
    assert recorded.assessed_on == clock().date()  # a blank date is today
    assert recorded.scores == (
        (LifeDomain.HOUSING, 3, "Lease signed in March"),
        (LifeDomain.INCOME, 2, ""),
        (LifeDomain.FOOD, 4, ""),
    )
    assert (recorded.strengths, recorded.needs) == (REVIEW.strengths, REVIEW.needs)

    history = services.records.assessments(maria, client_id)
    assert [a.kind for a in history] == [AssessmentKind.REVIEW, AssessmentKind.INITIAL]
    assert history[0] == recorded

    [event] = services.audit.query(
        admin, AuditFilter(actor="mgarcia", action=AuditAction.ASSESSMENT_RECORDED)
    )
    assert (event.entity_type, event.entity_id, event.detail) == (
        "client",
        client_id,
        f"case={case_id};kind=review",
    )
    assert "Lease" not in event.detail  # names, never values


def test_a_supervisor_may_assess_any_case_others_may_not(services, office, actor, admin, clock):
    supervisor, _maria, jamie, client_id, case_id = office
    for refused in (jamie, actor, admin):  # another's caseworker, the front desk, the admin
        with pytest.raises(PermissionDenied):
            services.assessments.record(refused, case_id, REVIEW)
    refusals = services.audit.query(admin, AuditFilter(action=AuditAction.ACCESS_REFUSED))
    assert {e.actor for e in refusals} >= {"jchen", "mrivera", "admin"}
    assert len(services.records.assessments(supervisor, client_id)) == 1  # nothing saved

    dated = AssessmentForm(assessed_on=later(clock, 0), scores={LifeDomain.SAFETY: 5})
    assert services.assessments.record(supervisor, case_id, dated).recorded_by == "dlee"


def test_a_review_is_validated_and_nothing_is_half_saved(services, office, clock):
    supervisor, maria, _jamie, client_id, case_id = office
    with pytest.raises(ValidationError) as raised:
        services.assessments.record(maria, case_id, AssessmentForm(assessed_on="13/45/2026"))
    assert raised.value.errors == {
        "assessed_on": "Enter the date as MM/DD/YYYY (or YYYY-MM-DD).",
    }
    with pytest.raises(ValidationError) as raised:
        services.assessments.record(maria, case_id, AssessmentForm())
    assert raised.value.errors == {"scores": "Score at least one life domain."}
    for form, errors in (
        (
            AssessmentForm(assessed_on=later(clock, 1), scores={LifeDomain.FOOD: 3}),
            {"assessed_on": "An assessment cannot be dated in the future."},
        ),
        (
            AssessmentForm(assessed_on=later(clock, -1), scores={LifeDomain.FOOD: 3}),
            {
                "assessed_on": f"The case was opened on {clock().date():%m/%d/%Y}: "
                "date the assessment on or after that day."
            },
        ),
        (
            AssessmentForm(scores={LifeDomain.FOOD: 6}, notes={LifeDomain.LEGAL: "Court 5/1"}),
            {
                "score.food": "Score from 1 (in crisis) to 5 (thriving).",
                "score.legal": "Score this domain, or clear its note.",
            },
        ),
    ):
        with pytest.raises(ValidationError) as raised:
            services.assessments.record(maria, case_id, form)
        assert raised.value.errors == errors
    assert len(services.records.assessments(maria, client_id)) == 1

    version = services.cases.get(supervisor, case_id).version
    services.cases.close(supervisor, case_id, version, "goals_met", "achieved")
    with pytest.raises(ValidationError) as raised:
        services.assessments.record(supervisor, case_id, REVIEW)
    assert raised.value.errors == {
        "case_id": "This case is closed; reopen it to assess the client."
    }
    assert len(services.records.assessments(supervisor, client_id)) == 1


def test_the_gui_is_offered_exactly_the_cases_the_service_allows(services, office, actor):
    supervisor, maria, jamie, client_id, case_id = office
    cases = services.records.cases(supervisor, client_id)
    assert [c.id for c in assessable_cases(maria, cases)] == [case_id]
    assert [c.id for c in assessable_cases(supervisor, cases)] == [case_id]
    assert not any(may_assess(who, cases[0]) for who in (jamie, actor))


@pytest.mark.postgres
def test_on_the_server_a_caseworker_writes_a_review_as_her_own_login(postgres_office):
    office = postgres_office
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    maria, jamie = office.hire(Role.CASEWORKER, "Maria"), office.hire(Role.CASEWORKER, "Jamie")
    client = supervisor.services.clients.register(
        supervisor.actor, ClientForm(first_name="Ирина", last_name="Петрова")
    )
    case_id = supervisor.services.cases.open_case(supervisor.actor, client.id, maria.actor.staff_id)

    recorded = maria.services.assessments.record(maria.actor, case_id, REVIEW)
    with pytest.raises(PermissionDenied):
        jamie.services.assessments.record(jamie.actor, case_id, REVIEW)
    with office.superuser() as su:
        stored = su.execute(
            "SELECT a.kind, a.created_by, s.domain, s.score FROM assessments a "
            "JOIN assessment_scores s ON s.assessment_id = a.id WHERE a.id = %s "
            "ORDER BY s.domain",
            (recorded.id,),
        ).fetchall()
        audited = su.execute(
            "SELECT count(*) FROM audit_events WHERE actor = %s AND action = 'row.inserted' "
            "AND entity_type = 'table:assessments'",
            (maria.actor.username,),
        ).fetchone()
    # The case was opened without an intake: this is its first, initial assessment.
    assert stored == [
        ("initial", maria.actor.username, "food", 4),
        ("initial", maria.actor.username, "housing", 3),
        ("initial", maria.actor.username, "income", 2),
    ]
    assert audited == (1,)
    # Jamie's own login cannot even see it, let alone add to it.
    with office.connect_as(jamie.actor.username) as psql:
        assert psql.execute("SELECT count(*) FROM assessments").fetchone() == (0,)
