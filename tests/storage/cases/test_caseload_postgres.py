"""Caseloads on the shared server, as the people themselves (their own login roles):
a reassigned case leaves the previous caseworker's reach in the app and in psql."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from psycopg import errors

from domain.cases.tasks import TaskForm
from domain.clients.record import ClientForm
from domain.common.errors import PermissionDenied
from domain.common.policy import Role

pytestmark = pytest.mark.postgres


def count(conn: psycopg.Connection, sql: str, *params) -> int:
    return conn.execute(sql, params).fetchone()[0]


def what_psql_shows(office, username: str, case_id: int, client_id: int) -> dict[str, int]:
    with office.connect_as(username) as psql:
        return {
            "cases": count(psql, "SELECT count(*) FROM cases WHERE id = %s", case_id),
            "clients": count(psql, "SELECT count(*) FROM clients WHERE id = %s", client_id),
            "tasks": count(psql, "SELECT count(*) FROM tasks WHERE case_id = %s", case_id),
            "history": count(
                psql, "SELECT count(*) FROM case_assignments WHERE case_id = %s", case_id
            ),
        }


@pytest.fixture
def office(postgres_office):
    office = postgres_office
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    maria = office.hire(Role.CASEWORKER, "Maria Garcia")
    jamie = office.hire(Role.CASEWORKER, "Jamie Chen")
    client = supervisor.services.clients.register(
        supervisor.actor, ClientForm(first_name="Amara", last_name="Okafor")
    )
    case_id = supervisor.services.cases.open_case(supervisor.actor, client.id, maria.actor.staff_id)
    return office, supervisor, maria, jamie, client.id, case_id


def test_a_reassigned_case_leaves_the_old_caseworker_in_the_app_and_in_psql(office, clock):
    office, supervisor, maria, jamie, client_id, case_id = office
    due = (clock().date() + timedelta(days=2)).isoformat()
    task = maria.services.tasks.create(maria.actor, TaskForm("Call the landlord", due, case_id))
    assert task.assignee_id == maria.actor.staff_id
    everything = {"cases": 1, "clients": 1, "tasks": 1, "history": 1}
    assert what_psql_shows(office, maria.actor.username, case_id, client_id) == everything
    assert what_psql_shows(office, jamie.actor.username, case_id, client_id) == dict.fromkeys(
        everything, 0
    )

    version = supervisor.services.cases.get(supervisor.actor, case_id).version
    supervisor.services.cases.assign(
        supervisor.actor, case_id, jamie.actor.staff_id, version, "Maria on leave"
    )

    assert what_psql_shows(office, maria.actor.username, case_id, client_id) == dict.fromkeys(
        everything, 0
    )
    assert what_psql_shows(office, jamie.actor.username, case_id, client_id) == {
        **everything,
        "history": 2,
    }
    for look in (
        lambda: maria.services.cases.get(maria.actor, case_id),
        lambda: maria.services.clients.open(maria.actor, client_id),
        lambda: maria.services.tasks.complete(maria.actor, task.id, task.version),
    ):
        with pytest.raises(PermissionDenied):
            look()
    assert maria.services.caseloads.my_day(maria.actor).cases == ()
    [moved] = jamie.services.tasks.mine(jamie.actor)
    assert (moved.id, moved.client_name) == (task.id, "Amara Okafor")
    assert [e.note for e in jamie.services.cases.history(jamie.actor, case_id)] == [
        "",
        "Maria on leave",
    ]


def test_a_caseworker_in_psql_can_neither_reassign_nor_close_nor_rewrite_history(office):
    office, _supervisor, maria, jamie, _client_id, case_id = office
    with office.connect_as(maria.actor.username) as psql:
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute(
                "UPDATE cases SET assigned_staff_id = %s WHERE id = %s",
                (jamie.actor.staff_id, case_id),
            )
        with pytest.raises(errors.InsufficientPrivilege):  # the policy's WITH CHECK
            psql.execute("UPDATE cases SET status = 'closed' WHERE id = %s", (case_id,))
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute(
                "INSERT INTO case_assignments (case_id, staff_id, created_at, created_by) "
                "VALUES (%s, %s, now(), '')",
                (case_id, maria.actor.staff_id),
            )
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute("DELETE FROM case_assignments")
        # Holding and resuming their own case is theirs to do.
        psql.execute("UPDATE cases SET status = 'on_hold' WHERE id = %s", (case_id,))


def test_the_front_desk_sees_no_tasks_and_no_history(office):
    office, _supervisor, _maria, _jamie, _client_id, _case_id = office
    desk = office.hire(Role.FRONTDESK, "Taylor Brooks")
    with office.connect_as(desk.actor.username) as psql:
        for table in ("tasks", "case_assignments"):
            with pytest.raises(errors.InsufficientPrivilege):
                psql.execute(f"SELECT count(*) FROM {table}")


def test_board_my_day_holds_and_reminders_work_as_login_roles(office, clock):
    office, supervisor, maria, jamie, _client_id, case_id = office
    case = maria.services.cases.get(maria.actor, case_id)
    held = maria.services.cases.put_on_hold(maria.actor, case_id, case.version)
    maria.services.cases.resume(maria.actor, case_id, held.version)
    clock.now += timedelta(days=88)  # the default 90-day review is due in two days
    assert maria.services.tasks.ensure_reminders(maria.actor) == 1
    assert maria.services.tasks.ensure_reminders(maria.actor) == 0
    assert supervisor.services.tasks.ensure_reminders(supervisor.actor) == 0

    today = maria.services.caseloads.my_day(maria.actor)
    assert [c.id for c in today.reviews_due] == [case_id]
    board = supervisor.services.caseloads.board(supervisor.actor)
    loads = {w.staff_id: w.open_cases for w in board.caseworkers}
    assert loads == {maria.actor.staff_id: 1, jamie.actor.staff_id: 0}
    moved = supervisor.services.cases.reassign_many(
        supervisor.actor, [case_id], jamie.actor.staff_id, "bulk"
    )
    assert moved[0].assigned_staff_id == jamie.actor.staff_id
    assert [t.source for t in jamie.services.tasks.mine(jamie.actor)] == ["plan_review"]
