"""Case notes on the shared server, through plain SQL as the people themselves: a
signed note and its addenda cannot be changed or deleted, not even by the author;
a draft can; a confidential note is hidden from other caseworkers."""

from __future__ import annotations

from dataclasses import replace

import pytest
from psycopg import errors

from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.notes.note import NoteForm

pytestmark = pytest.mark.postgres

PHONE = NoteForm(
    contact_date="11/23/2026",
    contact_type="phone",
    duration_minutes="15",
    narrative="Called about the rent arrears; landlord agreed to wait a week.",
)


@pytest.fixture
def office(postgres_office):
    office = postgres_office
    admin = office.admin
    program = admin.services.programs.create(
        admin.actor, ProgramForm("Family support", "", "90", True, cosign_new_staff_days="30")
    )
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    maria = office.hire(Role.CASEWORKER, "Maria Garcia")
    jamie = office.hire(Role.CASEWORKER, "Jamie Chen")
    s = supervisor.services
    client = s.clients.register(
        supervisor.actor, ClientForm(first_name="Amara", last_name="Okafor")
    )
    case_id = s.cases.open_case(supervisor.actor, client.id, maria.actor.staff_id)
    with office.superuser() as psql:  # cases opened before programs: give it one
        psql.execute("UPDATE cases SET program_id = %s WHERE id = %s", (program.id, case_id))
    return office, supervisor, maria, jamie, case_id


def refused(psql, sql: str, *params) -> bool:
    """Refused outright, or no row the person may touch."""
    try:
        return psql.execute(sql, params).rowcount == 0
    except errors.InsufficientPrivilege:
        return True


def sign(person, case_id, form=PHONE):
    notes = person.services.notes
    draft = notes.start_draft(person.actor, case_id, NoteForm(narrative="Called"))
    return notes.sign(person.actor, draft.id, draft.version, form)


def test_a_signed_note_and_its_addenda_never_change_in_psql_even_for_the_author(office):
    office, supervisor, maria, _jamie, case_id = office
    note = sign(maria, case_id)
    assert note.cosign_required  # Maria was hired today; the program asks for it
    maria.services.notes.add_addendum(maria.actor, note.id, "Landlord agreed in writing.")
    draft = maria.services.notes.start_draft(maria.actor, case_id, NoteForm(narrative="Half"))

    with office.connect_as(maria.actor.username) as psql:
        for sql in (
            "UPDATE case_notes SET narrative = 'rewritten' WHERE id = %s",
            "UPDATE case_notes SET signed_at = NULL WHERE id = %s",
            "UPDATE case_notes SET cosigned_by = session_user, cosigned_at = now() WHERE id = %s",
            "DELETE FROM case_notes WHERE id = %s",
            "UPDATE case_note_addenda SET text = 'rewritten' WHERE note_id = %s",
            "DELETE FROM case_note_addenda WHERE note_id = %s",
            "DELETE FROM case_note_goals WHERE note_id = %s",
        ):
            assert refused(psql, sql, note.id), sql
        # Her own draft she may change, through SQL as through the app.
        psql.execute("UPDATE case_notes SET narrative = 'Half done' WHERE id = %s", (draft.id,))

    with office.connect_as(supervisor.actor.username) as psql:
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute("UPDATE case_notes SET narrative = 'x' WHERE id = %s", (note.id,))
        with pytest.raises(errors.InsufficientPrivilege):  # only in one's own name
            psql.execute(
                "UPDATE case_notes SET cosigned_by = 'someone', cosigned_at = now() WHERE id = %s",
                (note.id,),
            )
        assert refused(psql, "DELETE FROM case_notes WHERE id = %s", note.id)

    with office.superuser() as psql:  # even the owner's maintenance meets the trigger
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute("UPDATE case_notes SET narrative = 'x' WHERE id = %s", (note.id,))
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute("UPDATE case_note_addenda SET text = 'x' WHERE note_id = %s", (note.id,))
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute("DELETE FROM case_notes WHERE id = %s", (note.id,))

    shown = {n.id: n for n in maria.services.notes.for_case(maria.actor, case_id)}
    assert shown[note.id].values.narrative == PHONE.narrative and shown[note.id].intact
    assert shown[draft.id].values.narrative == "Half done"
    cosigned = supervisor.services.notes.cosign(supervisor.actor, note.id)
    assert cosigned.cosigned_by == supervisor.actor.username and cosigned.intact


def test_confidential_notes_are_hidden_from_other_caseworkers_in_psql(office):
    office, supervisor, maria, jamie, case_id = office
    secret = sign(maria, case_id, replace(PHONE, confidential=True))
    plain = sign(maria, case_id)
    version = supervisor.services.cases.get(supervisor.actor, case_id).version
    supervisor.services.cases.assign(supervisor.actor, case_id, jamie.actor.staff_id, version)

    def visible(username: str) -> set[int]:
        with office.connect_as(username) as psql:
            return {row[0] for row in psql.execute("SELECT id FROM case_notes")}

    assert visible(jamie.actor.username) == {plain.id}
    assert visible(supervisor.actor.username) == {plain.id, secret.id}
    assert [n.id for n in jamie.services.notes.for_case(jamie.actor, case_id)] == [plain.id]
