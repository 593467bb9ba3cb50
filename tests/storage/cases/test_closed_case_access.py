"""A caseworker's closed cases stay hers to read, in psql as in CaseDesk, and a
colleague's never are; the policies (migration 0023) ask of one row's case, so
the answer does not depend on how many cases she ever had."""

from __future__ import annotations

import pytest

from domain.clients.record import ClientForm
from domain.common.errors import PermissionDenied
from domain.common.policy import Role
from domain.notes.note import NoteForm

pytestmark = pytest.mark.postgres

NOTE = NoteForm(
    contact_date="11/23/2026",
    contact_type="phone",
    duration_minutes="15",
    narrative="Rent arrears settled; the case can close.",
)


def test_a_closed_case_stays_readable_to_its_caseworker_only(postgres_office):
    office = postgres_office
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    amara = office.hire(Role.CASEWORKER, "Amara Okafor")
    bogdan = office.hire(Role.CASEWORKER, "Bogdan Kowalczyk")
    s, boss = supervisor.services, supervisor.actor
    client = s.clients.register(boss, ClientForm(first_name="Zoë", last_name="Müller"))
    case_id = s.cases.open_case(boss, client.id, amara.actor.staff_id)
    notes = amara.services.notes
    draft = notes.start_draft(amara.actor, case_id, NoteForm(narrative="Called"))
    signed = notes.sign(amara.actor, draft.id, draft.version, NOTE)
    case = s.cases.get(boss, case_id)
    s.cases.close(boss, case_id, case.version, "goals_met", "achieved")

    # Hers, closed: the record, its notes and its history, in CaseDesk and in psql.
    assert amara.services.clients.open(amara.actor, client.id).id == client.id
    assert [n.id for n in notes.for_client(amara.actor, client.id)] == [signed.id]
    with office.connect_as(amara.actor.username) as psql:
        for sql in (
            "SELECT count(*) FROM clients WHERE id = %s",
            "SELECT count(*) FROM case_notes n JOIN cases c ON c.id = n.case_id "
            "WHERE c.client_id = %s",
            "SELECT count(*) FROM case_assignments a JOIN cases c ON c.id = a.case_id "
            "WHERE c.client_id = %s",
        ):
            assert psql.execute(sql, (client.id,)).fetchone()[0] >= 1, sql

    # Not his: nothing of it, in either.
    with pytest.raises(PermissionDenied):
        bogdan.services.clients.open(bogdan.actor, client.id)
    with office.connect_as(bogdan.actor.username) as psql:
        for sql in (
            "SELECT count(*) FROM clients WHERE id = %s",
            "SELECT count(*) FROM case_notes n JOIN cases c ON c.id = n.case_id "
            "WHERE c.client_id = %s",
            "SELECT count(*) FROM case_notes WHERE id = %s",
        ):
            param = signed.id if "WHERE id" in sql and "case_notes" in sql else client.id
            assert psql.execute(sql, (param,)).fetchone()[0] == 0, sql
        # Nor change her client's record.
        assert (
            psql.execute("UPDATE clients SET city = 'Xenia' WHERE id = %s", (client.id,)).rowcount
            == 0
        )
