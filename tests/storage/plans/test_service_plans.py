"""Service plans on both databases: drafts, agreement, versions, reviews, and who
may keep them."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.audit.events import AuditAction, AuditFilter
from domain.cases.programs import ProgramForm
from domain.cases.tasks import TaskSource
from domain.common.errors import ConflictError, PermissionDenied, ValidationError
from domain.common.policy import Role
from domain.plans.plan import AgreementForm, GoalForm, GoalStatus, StepForm
from domain.plans.reviews import GoalReviewForm, ReviewForm
from tests.storage.cases.test_tasks_and_my_day import assign, day, intake_case


@pytest.fixture
def office(services, admin, make_staff):
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    maria = make_staff(Role.CASEWORKER, "mgarcia", "Maria Garcia")
    jamie = make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    program = services.programs.create(admin, ProgramForm("Family support", "", "30"))
    return supervisor, maria, jamie, program


@pytest.fixture
def case_id(services, office, actor):
    supervisor, maria, _jamie, program = office
    case_id = intake_case(services, actor, program, "Amara")
    assign(services, supervisor, case_id, maria.staff_id)
    return case_id


HOUSING = GoalForm(
    "Sign a 12-month lease for a two-bedroom apartment",
    "housing",
    "03/31/2027",
    steps=(
        StepForm("Apply for three apartments", "client", due_date="12/15/2026"),
        StepForm("Deposit assistance", "provider", "Miami Valley Housing", "12/20/2026"),
    ),
)
INCOME = GoalForm("Pay two months of arrears", "income", "01/31/2027", "in_progress")


def agreed_plan(services, maria, case_id, clock):
    plan = services.plans.save_draft(maria, case_id, 0, (HOUSING, INCOME))
    return services.plans.record_agreement(
        maria, plan.id, plan.version, AgreementForm(day(clock, 0), "paper")
    )


def test_a_draft_is_written_edited_and_then_agreed(services, office, case_id, clock):
    _supervisor, maria, _jamie, _program = office
    assert services.plans.current(maria, case_id) is None

    plan = services.plans.save_draft(maria, case_id, 0, (HOUSING,))
    assert (plan.number, plan.is_agreed, plan.drafted_by) == (1, False, "mgarcia")
    [goal] = plan.goals
    assert [s.who_label for s in goal.steps] == ["Client", "Miami Valley Housing"]
    with pytest.raises(ConflictError):  # someone else wrote version 1 meanwhile
        services.plans.save_draft(maria, case_id, 0, (INCOME,))

    # Editing keeps the goal's id (notes link to it) and adds the new one after it.
    forms = plan.as_forms()
    edited = (replace(forms[0], target_date="04/30/2027"), INCOME)
    plan = services.plans.save_draft(maria, case_id, plan.version, edited)
    assert plan.goals[0].id == goal.id
    assert [g.target_on.month for g in plan.goals] == [4, 1]
    with pytest.raises(ConflictError):
        services.plans.save_draft(maria, case_id, plan.version - 1, edited)

    with pytest.raises(ValidationError) as raised:
        services.plans.record_agreement(
            maria, plan.id, plan.version, AgreementForm(day(clock, 1), "smoke signals")
        )
    assert set(raised.value.errors) == {"agreed_on", "how"}
    agreed = services.plans.record_agreement(
        maria, plan.id, plan.version, AgreementForm(day(clock, 0), "verbal")
    )
    assert (agreed.is_agreed, agreed.agreed_how.value, agreed.agreement_recorded_by) == (
        True,
        "verbal",
        "mgarcia",
    )
    assert agreed.review_due_on == clock().date() + timedelta(days=30)
    assert services.plans.goals_for_case(maria, case_id) == [
        (g.id, g.description) for g in agreed.goals
    ]


def test_an_agreed_version_never_changes_and_a_new_version_copies_it(
    services, office, case_id, clock
):
    _supervisor, maria, _jamie, _program = office
    first = agreed_plan(services, maria, case_id, clock)

    with pytest.raises(ValidationError, match="start a new version") as raised:
        services.plans.save_draft(maria, case_id, first.version, (INCOME,))
    assert set(raised.value.errors) == {"plan"}
    with pytest.raises(ValidationError, match="cannot change"):
        services.plans.record_agreement(
            maria, first.id, first.version, AgreementForm(day(clock, 0), "paper")
        )

    second = services.plans.new_version(maria, case_id)
    assert (second.number, second.is_agreed, second.latest_number) == (2, False, 2)
    assert [(g.description, g.status, len(g.steps)) for g in second.goals] == [
        (g.description, g.status, len(g.steps)) for g in first.goals
    ]
    assert {g.id for g in second.goals}.isdisjoint({g.id for g in first.goals})
    with pytest.raises(ValidationError, match="still a draft"):
        services.plans.new_version(maria, case_id)

    services.plans.save_draft(maria, case_id, second.version, second.as_forms()[:1])
    # The first version reads as it was agreed, and knows it is no longer the latest.
    again = services.plans.version(maria, first.id)
    assert again.goals == first.goals and not again.is_latest
    assert [
        (v.number, v.is_agreed, v.goal_count) for v in services.plans.versions(maria, case_id)
    ] == [(2, False, 1), (1, True, 2)]


def test_a_review_moves_statuses_steps_and_my_days_due_date(services, office, case_id, clock):
    _supervisor, maria, _jamie, _program = office
    plan = agreed_plan(services, maria, case_id, clock)
    housing, income = plan.goals
    draft = services.plans.new_version(maria, case_id)  # a draft copying the goals

    clock.now += timedelta(days=25)  # the review is due in 5 days
    assert services.tasks.ensure_reminders(maria) == 1
    assert [c.id for c in services.caseloads.my_day(maria).reviews_due] == [case_id]

    with pytest.raises(ValidationError) as raised:
        services.plans.record_review(
            maria,
            plan.id,
            ReviewForm(day(clock, 1), (GoalReviewForm(housing.id, "", "achieved"),)),
        )
    assert raised.value.errors == {
        "reviewed_on": "A review cannot be dated in the future.",
        "goal.0.progress": "Say how this goal has progressed.",
        "goal.1.progress": "Say how this goal has progressed.",
    }
    review = services.plans.record_review(
        maria,
        plan.id,
        ReviewForm(
            day(clock, 0),
            (
                GoalReviewForm(
                    housing.id, "Lease signed on Elm St.", "achieved", (housing.steps[0].id,)
                ),
                GoalReviewForm(income.id, "One month paid."),
            ),
        ),
    )
    assert review.next_review_on == clock().date() + timedelta(days=30)
    assert [(g.status_before, g.status_after, g.status_changed) for g in review.goals] == [
        (GoalStatus.NOT_STARTED, GoalStatus.ACHIEVED, True),
        (GoalStatus.IN_PROGRESS, GoalStatus.IN_PROGRESS, False),
    ]
    reviewed = services.plans.version(maria, plan.id)
    assert [g.status for g in reviewed.goals] == [GoalStatus.ACHIEVED, GoalStatus.IN_PROGRESS]
    assert [s.done for s in reviewed.goals[0].steps] == [True, False]
    # The draft of the next version follows the status; the agreed text stays as agreed.
    assert services.plans.version(maria, draft.id).goals[0].status is GoalStatus.ACHIEVED
    assert reviewed.goals[0].description == housing.description

    # My day counts from the review now: due in 30 days, no longer within a week.
    assert services.caseloads.my_day(maria).reviews_due == ()
    [row] = services.caseloads.caseload(maria, maria.staff_id)
    assert row.review_due_on == clock().date() + timedelta(days=30)
    assert services.plans.current(maria, case_id).review_due_on == row.review_due_on
    # The reminder the review answered is done; none comes back.
    assert not [t for t in services.tasks.mine(maria) if t.source is TaskSource.PLAN_REVIEW]
    assert services.tasks.ensure_reminders(maria) == 0
    assert [r.id for r in services.plans.reviews(maria, case_id)] == [review.id]


def test_only_the_cases_caseworker_and_supervisors_keep_its_plan(
    services, office, case_id, clock, actor, admin
):
    supervisor, maria, jamie, _program = office
    plan = agreed_plan(services, maria, case_id, clock)
    for outsider in (jamie, actor, admin):
        with pytest.raises(PermissionDenied):
            services.plans.current(outsider, case_id)
        with pytest.raises(PermissionDenied):
            services.plans.version(outsider, plan.id)
    assert services.plans.current(supervisor, case_id).id == plan.id
    services.plans.new_version(supervisor, case_id)

    # Reassigned: Maria loses the plan with the case, Jamie gains both.
    assign(services, supervisor, case_id, jamie.staff_id)
    with pytest.raises(PermissionDenied):
        services.plans.current(maria, case_id)
    with pytest.raises(PermissionDenied):
        services.plans.version(maria, plan.id)
    assert services.plans.current(jamie, case_id).number == 2

    views = services.audit.query(supervisor, AuditFilter(action=AuditAction.PLAN_VIEWED))
    assert {entry.actor for entry in views} == {"dlee", "jchen"}  # Maria only wrote
    agreed = services.audit.query(supervisor, AuditFilter(action=AuditAction.PLAN_AGREED))
    assert [(e.actor, e.entity_id) for e in agreed] == [("mgarcia", plan.id)]
