"""The timeline on the shared server, read by each person as their own login role:
row security and grants agree with the service, and the case's status history is
append-only and follows the case."""

from __future__ import annotations

import pytest
from psycopg import errors

from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.notes.note import NoteForm
from domain.timeline.entries import EntryKind

pytestmark = pytest.mark.postgres

CALL = NoteForm(
    contact_date="11/23/2026",
    contact_time="09:15",
    contact_type="phone",
    duration_minutes="15",
    narrative="Called about the rent arrears.",
)


@pytest.fixture
def office(postgres_office):
    office = postgres_office
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    maria = office.hire(Role.CASEWORKER, "Maria Garcia")
    jamie = office.hire(Role.CASEWORKER, "Jamie Chen")
    desk = office.hire(Role.FRONTDESK, "Taylor Brooks")
    client = supervisor.services.clients.register(
        supervisor.actor, ClientForm(first_name="Amara", last_name="Okafor")
    )
    case_id = supervisor.services.cases.open_case(supervisor.actor, client.id, maria.actor.staff_id)
    notes = maria.services.notes
    draft = notes.start_draft(maria.actor, case_id, NoteForm(narrative="Called"))
    notes.sign(maria.actor, draft.id, draft.version, CALL)
    cases = maria.services.cases
    held = cases.put_on_hold(maria.actor, case_id, cases.get(maria.actor, case_id).version)
    cases.resume(maria.actor, case_id, held.version)
    return office, supervisor, maria, jamie, desk, client.id, case_id


def test_each_person_reads_their_timeline_as_their_own_login(office):
    office, supervisor, maria, _jamie, desk, client_id, _case_id = office
    mine = maria.services.timeline.for_client(maria.actor, client_id)
    assert [e.title for e in mine if e.kind is EntryKind.CASE][:2] == [
        "Case resumed",
        "Case put on hold",
    ]
    assert {e.kind for e in mine} >= {EntryKind.NOTE, EntryKind.ASSIGNMENT}
    everything = supervisor.services.timeline.for_client(supervisor.actor, client_id)
    assert [e.key for e in everything] == [e.key for e in mine]
    # The front desk's login holds no grant on notes, plans or case history, and
    # the service asks for none of them.
    shown = desk.services.timeline.for_client(desk.actor, client_id)
    assert {e.kind for e in shown} == {EntryKind.CASE}
    with (
        office.connect_as(desk.actor.username) as psql,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        psql.execute("SELECT count(*) FROM case_status_changes")


def test_status_history_is_append_only_and_follows_the_case(office):
    office, supervisor, maria, jamie, _desk, _client_id, case_id = office
    with office.connect_as(maria.actor.username) as psql:
        assert psql.execute("SELECT count(*) FROM case_status_changes").fetchone()[0] == 2
        with pytest.raises(errors.InsufficientPrivilege):  # only a supervisor closes
            psql.execute(
                "INSERT INTO case_status_changes (case_id, status_before, status_after, "
                "created_at, created_by) VALUES (%s, 'open', 'closed', now(), '')",
                (case_id,),
            )
    with office.connect_as(maria.actor.username) as psql:
        for sql in ("UPDATE case_status_changes SET note = 'x'", "DELETE FROM case_status_changes"):
            with pytest.raises(errors.InsufficientPrivilege):
                psql.execute(sql)
    case = supervisor.services.cases.get(supervisor.actor, case_id)
    supervisor.services.cases.assign(supervisor.actor, case_id, jamie.actor.staff_id, case.version)
    with office.connect_as(maria.actor.username) as psql:
        assert psql.execute("SELECT count(*) FROM case_status_changes").fetchone()[0] == 0
    with office.connect_as(jamie.actor.username) as psql:
        assert psql.execute("SELECT count(*) FROM case_status_changes").fetchone()[0] == 2
