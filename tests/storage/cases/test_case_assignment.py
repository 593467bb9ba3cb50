"""Assigning, reassigning (one case or many), the assignment history, holds,
closing and reopening: the case service on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.audit.events import AuditAction, AuditFilter
from domain.cases.case import CaseOutcome, CaseStatus, CloseReason
from domain.cases.programs import ProgramForm
from domain.cases.tasks import TaskForm
from domain.clients.record import ClientForm
from domain.common.errors import ConflictError, PermissionDenied, ValidationError
from domain.common.policy import Role


@pytest.fixture
def office(services, admin, make_staff):
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    maria = make_staff(Role.CASEWORKER, "mgarcia", "Maria Rivera")
    jamie = make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    program = services.programs.create(admin, ProgramForm("Family support", "", "30"))
    return supervisor, maria, jamie, program


def new_case(services, supervisor, first_name: str, assign_to=None) -> int:
    client = services.clients.register(
        supervisor, ClientForm(first_name=first_name, last_name="Okafor"), "test"
    )
    return services.cases.open_case(supervisor, client.id, assign_to)


def test_assigning_opens_the_case_and_starts_its_history(services, office):
    supervisor, maria, _jamie, _program = office
    case_id = new_case(services, supervisor, "Amara")
    waiting = services.cases.get(supervisor, case_id)
    assert (waiting.status, waiting.assigned_staff_id) == (CaseStatus.INTAKE, None)

    case = services.cases.assign(
        supervisor, case_id, maria.staff_id, waiting.version, "Speaks Igbo"
    )

    assert (case.status, case.assigned_staff_id, case.assigned_name) == (
        CaseStatus.OPEN,
        maria.staff_id,
        "Maria Rivera",
    )
    assert case.version == waiting.version + 1
    [entry] = services.cases.history(maria, case_id)
    assert (entry.staff_name, entry.previous_staff_id, entry.assigned_by, entry.note) == (
        "Maria Rivera",
        None,
        "dlee",
        "Speaks Igbo",
    )
    assert [row.id for row in services.caseloads.caseload(maria, maria.staff_id)] == [case_id]


def test_reassigning_moves_the_case_and_its_open_tasks_and_keeps_the_history_in_order(
    services, office, clock
):
    supervisor, maria, jamie, _program = office
    case_id = new_case(services, supervisor, "Amara", maria.staff_id)
    due = (clock().date() + timedelta(days=3)).isoformat()
    task = services.tasks.create(maria, TaskForm("Call the landlord", due, case_id))
    version = services.cases.get(supervisor, case_id).version

    services.cases.assign(supervisor, case_id, jamie.staff_id, version, "Maria on leave")

    with pytest.raises(PermissionDenied):
        services.cases.get(maria, case_id)
    with pytest.raises(PermissionDenied):
        services.tasks.for_case(maria, case_id)
    assert services.tasks.mine(maria) == []
    [moved] = services.tasks.mine(jamie)
    assert (moved.id, moved.assignee_id, moved.client_name) == (
        task.id,
        jamie.staff_id,
        "Amara Okafor",
    )
    history = services.cases.history(supervisor, case_id)
    assert [(e.previous_name, e.staff_name, e.note) for e in history] == [
        ("", "Maria Rivera", ""),
        ("Maria Rivera", "Jamie Chen", "Maria on leave"),
    ]
    assert services.cases.history(jamie, case_id) == history


def test_a_stale_assignment_is_a_conflict_and_the_same_hands_are_refused(services, office):
    supervisor, maria, jamie, _program = office
    case_id = new_case(services, supervisor, "Amara", maria.staff_id)
    version = services.cases.get(supervisor, case_id).version
    services.cases.assign(supervisor, case_id, jamie.staff_id, version)
    with pytest.raises(ConflictError):
        services.cases.assign(supervisor, case_id, maria.staff_id, version)
    current = services.cases.get(supervisor, case_id)
    with pytest.raises(ValidationError, match="already Jamie Chen's"):
        services.cases.assign(supervisor, case_id, jamie.staff_id, current.version)
    with pytest.raises(ValidationError, match="active caseworker"):
        services.cases.assign(supervisor, case_id, supervisor.staff_id, current.version)


def test_unassigning_returns_the_case_to_the_queue(services, office):
    supervisor, maria, _jamie, _program = office
    case_id = new_case(services, supervisor, "Amara", maria.staff_id)
    version = services.cases.get(supervisor, case_id).version
    case = services.cases.assign(supervisor, case_id, None, version, "Needs a Spanish speaker")
    assert (case.status, case.assigned_staff_id) == (CaseStatus.INTAKE, None)
    board = services.caseloads.board(supervisor)
    assert [w.case_id for w in board.unassigned] == [case_id]
    assert services.cases.history(supervisor, case_id)[-1].staff_id is None


def test_bulk_reassignment_moves_every_case_in_one_go(services, office):
    supervisor, maria, jamie, _program = office
    ids = [new_case(services, supervisor, name, maria.staff_id) for name in ("Ada", "Ben", "Cy")]
    waiting = new_case(services, supervisor, "Dee")

    moved = services.cases.reassign_many(supervisor, [*ids, waiting], jamie.staff_id, "Maria left")

    assert {(c.id, c.assigned_staff_id, c.status) for c in moved} == {
        (case_id, jamie.staff_id, CaseStatus.OPEN) for case_id in [*ids, waiting]
    }
    assert services.caseloads.caseload(supervisor, maria.staff_id) == []
    assert len(services.caseloads.caseload(jamie, jamie.staff_id)) == 4
    entries = services.audit.query(supervisor, AuditFilter(action=AuditAction.CASE_ASSIGNED))
    assert sum(entry.detail.endswith(";bulk") for entry in entries) == 4
    [bulk] = services.audit.query(supervisor, AuditFilter(action=AuditAction.CASES_REASSIGNED))
    assert (bulk.entity_id, bulk.detail) == (jamie.staff_id, "cases=4")


def test_bulk_reassignment_is_all_or_nothing(services, office):
    supervisor, maria, jamie, _program = office
    ids = [new_case(services, supervisor, name, maria.staff_id) for name in ("Ada", "Ben")]
    closed = new_case(services, supervisor, "Cy", maria.staff_id)
    version = services.cases.get(supervisor, closed).version
    services.cases.close(supervisor, closed, version, "moved_away", "unknown")

    for bad in (999_999, closed):
        with pytest.raises(ValidationError, match="Nothing was reassigned") as raised:
            services.cases.reassign_many(supervisor, [*ids, bad], jamie.staff_id)
        assert "K" in raised.value.errors["cases"]
    with pytest.raises(ValidationError, match="Choose the cases"):
        services.cases.reassign_many(supervisor, [], jamie.staff_id)

    assert {c.id for c in services.caseloads.caseload(maria, maria.staff_id)} == set(ids)
    assert all(len(services.cases.history(supervisor, i)) == 1 for i in ids)


def test_only_supervisors_assign_close_and_reopen(services, office, actor):
    supervisor, maria, jamie, _program = office
    case_id = new_case(services, supervisor, "Amara", maria.staff_id)
    version = services.cases.get(supervisor, case_id).version
    for person in (maria, actor):
        with pytest.raises(PermissionDenied):
            services.cases.assign(person, case_id, jamie.staff_id, version)
        with pytest.raises(PermissionDenied):
            services.cases.reassign_many(person, [case_id], jamie.staff_id)
        with pytest.raises(PermissionDenied):
            services.cases.close(person, case_id, version, "goals_met", "achieved")
    with pytest.raises(PermissionDenied):
        services.caseloads.board(maria)
    with pytest.raises(PermissionDenied):  # the front desk has no case work
        services.cases.history(actor, case_id)


def test_closing_asks_for_open_tasks_to_be_finished_or_closed_with_it(services, office, clock):
    supervisor, maria, _jamie, _program = office
    case_id = new_case(services, supervisor, "Amara", maria.staff_id)
    today = clock().date().isoformat()
    services.tasks.create(maria, TaskForm("Call the landlord", today, case_id))
    services.tasks.create(maria, TaskForm("Bring the lease", today, case_id))
    version = services.cases.get(supervisor, case_id).version

    with pytest.raises(ValidationError) as raised:
        services.cases.close(supervisor, case_id, version, "goals_met", "achieved")
    assert "2 open tasks (Call the landlord; Bring the lease)" in raised.value.errors["open_tasks"]
    assert services.cases.get(supervisor, case_id).status is CaseStatus.OPEN

    case = services.cases.close(
        supervisor, case_id, version, "goals_met", "achieved", complete_open_tasks=True
    )
    assert (case.status, case.closed_on, case.close_reason, case.close_outcome, case.closed_by) == (
        CaseStatus.CLOSED,
        clock().date(),
        CloseReason.GOALS_MET,
        CaseOutcome.ACHIEVED,
        "dlee",
    )
    assert all(task.is_done for task in services.tasks.for_case(supervisor, case_id))
    # The caseworker still reads their closed case; it leaves their caseload.
    assert services.cases.get(maria, case_id).status is CaseStatus.CLOSED
    assert services.caseloads.caseload(maria, maria.staff_id) == []

    reopened = services.cases.reopen(supervisor, case_id, case.version)
    assert (reopened.status, reopened.closed_on, reopened.close_reason) == (
        CaseStatus.OPEN,
        None,
        None,
    )


def test_closing_validates_reason_outcome_and_note(services, office):
    supervisor, maria, _jamie, _program = office
    case_id = new_case(services, supervisor, "Amara", maria.staff_id)
    version = services.cases.get(supervisor, case_id).version
    with pytest.raises(ValidationError) as raised:
        services.cases.close(supervisor, case_id, version, "bored", "", "x" * 501)
    assert set(raised.value.errors) == {"reason", "outcome", "note"}
    with pytest.raises(ValidationError, match="Say what the other reason is"):
        services.cases.close(supervisor, case_id, version, "other", "unknown")


def test_the_status_machine_refuses_moves_that_make_no_sense(services, office):
    supervisor, maria, jamie, _program = office
    waiting = new_case(services, supervisor, "Ada")
    version = services.cases.get(supervisor, waiting).version
    with pytest.raises(ValidationError, match="assign it first"):
        services.cases.put_on_hold(supervisor, waiting, version)
    with pytest.raises(ValidationError, match="Only a closed case can be reopened"):
        services.cases.reopen(supervisor, waiting, version)

    case_id = new_case(services, supervisor, "Ben", maria.staff_id)
    case = services.cases.get(maria, case_id)
    with pytest.raises(ValidationError, match="Only a case on hold can be resumed"):
        services.cases.resume(maria, case_id, case.version)
    held = services.cases.put_on_hold(maria, case_id, case.version)  # the caseworker may
    assert held.status is CaseStatus.ON_HOLD
    with pytest.raises(ValidationError, match="already on hold"):
        services.cases.put_on_hold(maria, case_id, held.version)
    # Reassigning keeps the hold; the new caseworker resumes it.
    held = services.cases.assign(supervisor, case_id, jamie.staff_id, held.version)
    assert held.status is CaseStatus.ON_HOLD
    with pytest.raises(PermissionDenied):
        services.cases.resume(maria, case_id, held.version)
    resumed = services.cases.resume(jamie, case_id, held.version)
    closed = services.cases.close(supervisor, case_id, resumed.version, "moved_away", "unknown")
    with pytest.raises(ValidationError, match="closed case cannot be put on hold"):
        services.cases.put_on_hold(supervisor, case_id, closed.version)
    with pytest.raises(ValidationError, match="already closed"):
        services.cases.close(supervisor, case_id, closed.version, "goals_met", "achieved")
    with pytest.raises(ValidationError, match="reopen it before assigning"):
        services.cases.assign(supervisor, case_id, maria.staff_id, closed.version)
    actions = {e.action for e in services.audit.query(supervisor, AuditFilter(entity_id=case_id))}
    assert {"case.put_on_hold", "case.resumed", "case.closed", "case.assigned"} <= actions


def test_reopening_a_case_whose_caseworker_left_puts_it_in_the_queue(services, admin, office):
    supervisor, maria, _jamie, _program = office
    case_id = new_case(services, supervisor, "Amara", maria.staff_id)
    case = services.cases.close(
        supervisor,
        case_id,
        services.cases.get(supervisor, case_id).version,
        "goals_met",
        "achieved",
    )
    staff = next(s for s in services.staff.list_staff(admin) if s.id == maria.staff_id)
    services.staff.set_active(admin, maria.staff_id, staff.version, False)

    reopened = services.cases.reopen(supervisor, case_id, case.version)

    assert (reopened.status, reopened.assigned_staff_id) == (CaseStatus.INTAKE, None)
    assert services.cases.history(supervisor, case_id)[-1].note == "Reopened"


def test_the_database_accepts_exactly_the_domains_codes():
    from domain.cases.tasks import TaskSource
    from storage.cases.tables import CASE_OUTCOMES, CASE_STATUSES, CLOSE_REASONS, TASK_SOURCES

    assert tuple(CaseStatus) == CASE_STATUSES
    assert tuple(CloseReason) == CLOSE_REASONS
    assert tuple(CaseOutcome) == CASE_OUTCOMES
    assert tuple(TaskSource) == TASK_SOURCES
