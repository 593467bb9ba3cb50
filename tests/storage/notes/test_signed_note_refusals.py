"""A signed note never changes, and every attempt through the app to change it is
in the audit trail: on both databases, and as a staff login of its own on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.audit.events import AuditAction, AuditFilter
from domain.clients.record import ClientForm
from domain.common.errors import ValidationError
from domain.common.policy import Role
from domain.notes.note import NoteForm
from tests.gui.cases.caseload_office import assign, intake_case, make_office

PHONE = NoteForm(
    contact_date="11/23/2026",
    contact_type="phone",
    duration_minutes="15",
    narrative="Called about the rent arrears.",
)
REFUSED = AuditFilter(action=AuditAction.SIGNED_NOTE_CHANGE_REFUSED)


def signed_note(notes, actor, case_id):
    draft = notes.start_draft(actor, case_id, NoteForm(narrative="Called"))
    return notes.sign(actor, draft.id, draft.version, PHONE)


def try_every_change(notes, actor, note) -> None:
    changed = replace(PHONE, narrative="Called twice.")
    for attempt in (
        lambda: notes.save_draft(actor, note.id, note.version, changed),
        lambda: notes.sign(actor, note.id, note.version, changed),
        lambda: notes.discard_draft(actor, note.id, note.version),
    ):
        with pytest.raises(ValidationError, match="never changes"):
            attempt()


def test_each_refused_change_to_a_signed_note_is_audited(services, admin, make_staff):
    office = make_office(services, admin, make_staff)
    case_id = intake_case(services, office, "Amara")
    assign(services, office, case_id, office.maria)
    note = signed_note(services.notes, office.maria, case_id)

    try_every_change(services.notes, office.maria, note)

    refusals = services.audit.query(admin, REFUSED)
    assert [(e.actor, e.entity_type, e.entity_id) for e in refusals] == [
        ("mgarcia", "note", note.id)
    ] * 3
    assert {e.detail for e in refusals} == {
        f"case={case_id} attempt={attempt}" for attempt in ("save", "sign", "discard")
    }
    (shown,) = services.notes.for_case(office.maria, case_id)
    assert shown.values.narrative == PHONE.narrative and shown.intact


@pytest.mark.postgres
def test_the_refusal_is_audited_by_the_caseworkers_own_login(postgres_office):
    supervisor = postgres_office.hire(Role.SUPERVISOR, "Dana Lee")
    maria = postgres_office.hire(Role.CASEWORKER, "Maria Garcia")
    s = supervisor.services
    client = s.clients.register(supervisor.actor, ClientForm(first_name="Ada", last_name="Ode"))
    case_id = s.cases.open_case(supervisor.actor, client.id, maria.actor.staff_id)
    note = signed_note(maria.services.notes, maria.actor, case_id)

    try_every_change(maria.services.notes, maria.actor, note)

    refusals = s.audit.query(supervisor.actor, REFUSED)
    assert [(e.actor, e.entity_id) for e in refusals] == [(maria.actor.username, note.id)] * 3
