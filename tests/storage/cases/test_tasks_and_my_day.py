"""Tasks, system reminders, the caseload board and "My day", on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.assessments.assessment import AssessmentForm, LifeDomain
from domain.cases.programs import ProgramForm
from domain.cases.tasks import TaskForm, TaskSource
from domain.clients.intake import IntakeForm
from domain.clients.record import ClientForm
from domain.common.errors import PermissionDenied, ValidationError
from domain.common.policy import Role
from domain.consents.consent import ServiceConsentForm
from domain.plans.plan import AgreementForm, GoalForm
from domain.plans.reviews import GoalReviewForm, ReviewForm


@pytest.fixture
def office(services, admin, make_staff):
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    maria = make_staff(Role.CASEWORKER, "mgarcia", "Maria Garcia")
    jamie = make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    program = services.programs.create(admin, ProgramForm("Family support", "", "30"))
    return supervisor, maria, jamie, program


def intake_case(services, actor, program, first_name: str, consent_expires: str = "") -> int:
    result = services.intake.complete(
        actor,
        IntakeForm(
            client=ClientForm(first_name=first_name, last_name="Okafor"),
            not_a_duplicate_reason="test",
            assessment=AssessmentForm(scores={LifeDomain.HOUSING: 2}),
            consent=ServiceConsentForm(given=True, expires_on=consent_expires),
            program_id=program.id,
        ),
    )
    return result.case_id


def assign(services, supervisor, case_id: int, staff_id: int | None):
    version = services.cases.get(supervisor, case_id).version
    return services.cases.assign(supervisor, case_id, staff_id, version)


def day(clock, days: int) -> str:
    return (clock().date() + timedelta(days=days)).isoformat()


def test_a_task_is_validated_field_by_field(services, office, clock):
    _supervisor, maria, _jamie, _program = office
    with pytest.raises(ValidationError) as raised:
        services.tasks.create(maria, TaskForm("  ", "13/45/2026"))
    assert raised.value.errors == {
        "title": "Say what is to be done.",
        "due_on": "Enter the date as MM/DD/YYYY (or YYYY-MM-DD).",
    }
    for due, message in (
        ("", "Choose the date it is due."),
        (day(clock, -1), "A new task cannot be due in the past."),
        (day(clock, 800), "Choose a date within the next two years."),
    ):
        with pytest.raises(ValidationError) as raised:
            services.tasks.create(maria, TaskForm("Call", due))
        assert raised.value.errors == {"due_on": message}
    with pytest.raises(ValidationError, match="at most 200"):
        services.tasks.create(maria, TaskForm("x" * 201, day(clock, 1)))


def test_tasks_are_completed_reopened_and_kept_to_their_people(services, office, clock, actor):
    supervisor, maria, jamie, program = office
    case_id = intake_case(services, actor, program, "Amara")
    assign(services, supervisor, case_id, maria.staff_id)
    task = services.tasks.create(maria, TaskForm("Call the landlord", day(clock, 0), case_id))
    assert (task.assignee_id, task.client_name, task.source) == (
        maria.staff_id,
        "Amara Okafor",
        TaskSource.MANUAL,
    )
    with pytest.raises(ValidationError, match="only for yourself"):
        services.tasks.create(maria, TaskForm("Ask", day(clock, 1), assignee_id=jamie.staff_id))
    with pytest.raises(ValidationError, match="for its caseworker or a supervisor"):
        services.tasks.create(
            supervisor, TaskForm("Visit", day(clock, 1), case_id, assignee_id=jamie.staff_id)
        )
    with pytest.raises(PermissionDenied):  # not Jamie's case, nor Jamie's task
        services.tasks.complete(jamie, task.id, task.version)
    with pytest.raises(PermissionDenied):
        services.tasks.create(actor, TaskForm("Front desk task", day(clock, 1)))

    done = services.tasks.complete(maria, task.id, task.version)
    assert (done.is_done, done.done_by) == (True, "mgarcia")
    with pytest.raises(ValidationError, match="already done"):
        services.tasks.complete(maria, task.id, done.version)
    assert services.tasks.mine(maria) == []
    assert [t.id for t in services.tasks.mine(maria, include_done=True)] == [task.id]
    again = services.tasks.reopen(maria, task.id, done.version)
    assert not again.is_done and again.done_by == ""


def test_reminders_are_created_once_for_reviews_due_and_consents_expiring(
    services, office, clock, actor
):
    supervisor, maria, jamie, program = office
    with_consent = intake_case(services, actor, program, "Amara", day(clock, 40))
    other = intake_case(services, actor, program, "Ben")
    assign(services, supervisor, with_consent, maria.staff_id)
    assign(services, supervisor, other, jamie.staff_id)
    assert services.tasks.ensure_reminders(maria) == 0  # nothing due yet

    clock.now += timedelta(days=25)  # review due in 5 days, consent expires in 15
    assert services.tasks.ensure_reminders(maria) == 2
    assert services.tasks.ensure_reminders(maria) == 0
    assert services.tasks.ensure_reminders(supervisor) == 1  # Jamie's review, once
    assert services.tasks.ensure_reminders(supervisor) == 0

    mine = services.tasks.mine(maria)
    # The consent's reminder comes 14 days before it expires; the review's on its day.
    assert sorted((t.source, t.case_id, t.due_on) for t in mine) == [
        (TaskSource.CONSENT_EXPIRY, with_consent, clock().date() + timedelta(days=1)),
        (TaskSource.PLAN_REVIEW, with_consent, clock().date() + timedelta(days=5)),
    ]
    assert {t.source for t in services.tasks.mine(jamie)} == {TaskSource.PLAN_REVIEW}
    # A completed reminder does not come back.
    review = next(t for t in mine if t.source is TaskSource.PLAN_REVIEW)
    services.tasks.complete(maria, review.id, review.version)
    assert services.tasks.ensure_reminders(maria) == 0


def test_the_caseload_board_counts_each_caseworkers_load(services, office, clock, actor):
    supervisor, maria, jamie, program = office
    old = [intake_case(services, actor, program, name) for name in ("Ada", "Ben")]
    for case_id in old:
        assign(services, supervisor, case_id, maria.staff_id)
    services.tasks.create(maria, TaskForm("Overdue soon", day(clock, 0), old[0]))
    clock.now += timedelta(days=31)  # both reviews now overdue, the task too
    fresh = intake_case(services, actor, program, "Cy")
    assign(services, supervisor, fresh, maria.staff_id)
    held = intake_case(services, actor, program, "Dee")
    held_case = assign(services, supervisor, held, jamie.staff_id)
    services.cases.put_on_hold(jamie, held, held_case.version)
    clock.now += timedelta(days=2)
    waiting = intake_case(services, actor, program, "Eve")

    board = services.caseloads.board(supervisor)

    loads = {w.name: w for w in board.caseworkers}
    assert set(loads) == {"Maria Garcia", "Jamie Chen"}
    m, j = loads["Maria Garcia"], loads["Jamie Chen"]
    assert (m.open_cases, m.new_this_week, m.overdue_reviews, m.overdue_tasks) == (3, 1, 2, 1)
    assert (j.open_cases, j.new_this_week, j.overdue_reviews, j.overdue_tasks) == (1, 1, 0, 0)
    [queued] = board.unassigned
    assert (queued.case_id, queued.client_name, queued.program_name, queued.waiting_since) == (
        waiting,
        "Eve Okafor",
        "Family support",
        clock().date(),
    )
    rows = services.caseloads.caseload(supervisor, maria.staff_id)
    assert [r.client_name for r in rows] == ["Ada Okafor", "Ben Okafor", "Cy Okafor"]
    assert [r.review_overdue(board.today) for r in rows] == [True, True, False]


def test_my_day_gathers_what_is_due_for_me(services, office, clock, actor):
    supervisor, maria, jamie, program = office
    mine = intake_case(services, actor, program, "Amara", day(clock, 45))
    theirs = intake_case(services, actor, program, "Ben", day(clock, 45))
    assign(services, supervisor, mine, maria.staff_id)
    assign(services, supervisor, theirs, jamie.staff_id)
    services.tasks.create(maria, TaskForm("Overdue by then", day(clock, 20), mine))
    services.tasks.create(maria, TaskForm("Due that day", day(clock, 25)))
    services.tasks.create(maria, TaskForm("Later", day(clock, 40)))
    clock.now += timedelta(days=25)
    # Someone else changed Amara's record: a recent change for Maria.
    client_id = services.cases.get(supervisor, mine).client_id
    record = services.clients.open(supervisor, client_id)
    services.clients.change(
        supervisor, client_id, record.version, ClientForm(first_name="Amara", last_name="Obi")
    )

    today = services.caseloads.my_day(maria)

    assert [c.id for c in today.cases] == [mine]
    assert [t.title for t in today.tasks_due] == ["Overdue by then", "Due that day"]
    assert [c.id for c in today.reviews_due] == [mine]  # due in 5 days
    [consent] = today.consents_expiring
    assert (consent.case_id, consent.client_name, consent.expires_on) == (
        mine,
        "Amara Obi",
        clock().date() + timedelta(days=20),
    )
    assert ("client", mine, "dlee") in {(c.what, c.case_id, c.by) for c in today.recent_changes}
    # Shown by the name people know, not the sign-in name.
    assert ("client", "Dana Lee") in {(c.what, c.who) for c in today.recent_changes}
    assert all(c.case_id == mine for c in today.recent_changes)
    with pytest.raises(PermissionDenied):
        services.caseloads.caseload(maria, jamie.staff_id)
    with pytest.raises(PermissionDenied):
        services.caseloads.my_day(actor)


def test_plan_reviews_count_from_the_last_review(services, office, clock, actor):
    """The board, My day and the reminders all count from the last review (or the
    client's agreement); before any, from the day the case was assigned."""
    supervisor, maria, _jamie, program = office
    case_id = intake_case(services, actor, program, "Amara")
    assign(services, supervisor, case_id, maria.staff_id)
    clock.now += timedelta(days=10)
    plan = services.plans.save_draft(
        maria, case_id, 0, (GoalForm("Sign a lease", "housing", day(clock, 90)),)
    )
    plan = services.plans.record_agreement(
        maria, plan.id, plan.version, AgreementForm(day(clock, 0))
    )
    clock.now += timedelta(days=25)  # 35 days after assignment, 25 after agreement

    def overdue() -> int:
        loads = services.caseloads.board(supervisor).caseworkers
        return next(w.overdue_reviews for w in loads if w.staff_id == maria.staff_id)

    assert overdue() == 0
    [row] = services.caseloads.my_day(maria).reviews_due
    assert row.review_due_on == clock().date() + timedelta(days=5)
    clock.now += timedelta(days=6)
    assert overdue() == 1
    services.plans.record_review(
        maria,
        plan.id,
        ReviewForm(day(clock, 0), (GoalReviewForm(plan.goals[0].id, "Viewed two flats."),)),
    )
    assert overdue() == 0
    assert services.caseloads.my_day(maria).reviews_due == ()
    assert services.tasks.ensure_reminders(maria) == 0
