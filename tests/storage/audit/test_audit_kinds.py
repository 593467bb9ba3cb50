"""Audit rows from a person's own login: only the kinds the app writes for their
role, and always in their name at the server's time (migration 0016).

Data-driven: every role against every kind of event (and one CaseDesk never
writes), so a new role or kind is tried without a new test.
"""

from __future__ import annotations

import pytest
from psycopg import errors
from sqlalchemy import select

from domain.audit.events import AuditAction, AuditFilter
from domain.audit.kinds import written_by
from domain.common.errors import PermissionDenied
from domain.common.policy import Role
from storage.audit.tables import audit_kinds

MADE_UP = "case.deleted_for_good"
FORGED_TIME = "2001-01-01 00:00:00+00"
INSERT = (
    "INSERT INTO audit_events (occurred_at, actor, workstation, action, entity_type, detail) "
    "VALUES (%s, %s, 'WS-FORGED', %s, 'client', 'forged') RETURNING id"
)
NEVER_CHANGED = (
    "UPDATE audit_events SET detail = 'tidied'",
    "DELETE FROM audit_events",
    "TRUNCATE audit_events",
)


def test_the_kinds_table_is_what_the_app_writes(engine):
    with engine.connect() as conn:
        stored = set(conn.execute(select(audit_kinds.c.role, audit_kinds.c.action)))
    assert stored == {(role.value, str(action)) for role in Role for action in written_by(role)}


@pytest.fixture
def everyone(postgres_office):
    """A signed-in session of each role (the office's administrator among them)."""
    office = postgres_office
    people = {role: office.hire(role) for role in Role if role is not Role.ADMIN}
    return office, {Role.ADMIN: office.admin, **people}


@pytest.mark.postgres
@pytest.mark.parametrize("role", list(Role))
def test_a_login_writes_only_its_roles_kinds_in_its_own_name(everyone, role):
    office, people = everyone
    me = people[role].actor.username
    someone_else = people[Role.SUPERVISOR if role is Role.ADMIN else Role.ADMIN].actor.username
    allowed = written_by(role)
    stored: dict[int, str] = {}
    with office.connect_as(me) as psql:
        for action in [*map(str, AuditAction), MADE_UP]:
            if action in allowed:
                [(row_id,)] = psql.execute(INSERT, (FORGED_TIME, someone_else, action)).fetchall()
                stored[row_id] = action
            else:
                with pytest.raises(errors.InsufficientPrivilege, match="audit events"):
                    psql.execute(INSERT, (FORGED_TIME, me, action))
        for sql in NEVER_CHANGED:
            with pytest.raises(errors.InsufficientPrivilege):
                psql.execute(sql)
    with office.superuser() as su:
        rows = su.execute(
            "SELECT id, action, actor, occurred_at > now() - interval '1 hour' "
            "FROM audit_events WHERE detail = 'forged'"
        ).fetchall()
    assert {row_id: action for row_id, action, *_ in rows} == stored
    assert {(actor, recent) for *_, actor, recent in rows} == {(me, True)}


@pytest.mark.postgres
def test_the_servers_own_rows_keep_their_kinds_and_names(everyone):
    """Sign-ins (begin_session) and row changes (audit_row_change) are written by
    the owner's functions for the person: they are not limited to a role's kinds."""
    office, people = everyone
    caseworker = people[Role.CASEWORKER]
    with office.connect_as(caseworker.actor.username) as psql:
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute(INSERT, (FORGED_TIME, caseworker.actor.username, "sign_in.succeeded"))
        psql.execute("SELECT casedesk.begin_session('WS-PSQL', 'sign_in.succeeded')")
    with office.superuser() as su:
        signed_in = su.execute(
            "SELECT actor FROM audit_events WHERE action = 'sign_in.succeeded' "
            "AND workstation = 'WS-PSQL'"
        ).fetchall()
        staff_rows = su.execute(
            "SELECT count(*) FROM audit_events WHERE action = 'row.inserted' "
            "AND entity_type = 'table:staff' AND actor = %s",
            (office.admin.actor.username,),
        ).fetchall()
    assert signed_in == [(caseworker.actor.username,)]
    assert staff_rows == [(len(people) - 1,)]  # each person the administrator hired


@pytest.mark.postgres
def test_the_app_still_writes_through_each_persons_login(everyone):
    office, people = everyone
    admin, front_desk = people[Role.ADMIN], people[Role.FRONTDESK]
    admin.services.settings.set_idle_lock_minutes(admin.actor, "20", 0)
    assert "settings.changed" in admin.services.audit.export_csv(admin.actor, AuditFilter())
    with pytest.raises(PermissionDenied):
        front_desk.services.notes.for_case(front_desk.actor, 1)
    office.auth.lock(front_desk.actor)
    office.auth.sign_out(front_desk.actor)
    with office.superuser() as su:
        written = set(
            su.execute(
                "SELECT actor, action FROM audit_events WHERE actor IN (%s, %s)",
                (admin.actor.username, front_desk.actor.username),
            )
        )
    assert {
        (admin.actor.username, "settings.changed"),
        (admin.actor.username, "audit.exported"),
        (front_desk.actor.username, "access.refused"),
        (front_desk.actor.username, "session.locked"),
        (front_desk.actor.username, "sign_out"),
    } <= written
