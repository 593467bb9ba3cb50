"""Case notes through the services, on both databases: drafts, signing that is final,
addenda in order, co-signing new staff's notes, confidential notes, the caseload."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.audit.events import AuditAction, AuditFilter
from domain.cases.programs import ProgramForm
from domain.common.errors import ConflictError, PermissionDenied, ValidationError
from domain.notes.note import NoteForm
from tests.gui.cases.caseload_office import assign, intake_case, make_office

PHONE = NoteForm(
    contact_date="11/23/2026",
    contact_time="09:15",
    contact_type="phone",
    duration_minutes="15",
    narrative="Called about the rent arrears; landlord agreed to wait a week.",
)


@pytest.fixture
def office(services, admin, make_staff):
    office = make_office(services, admin, make_staff)
    office.case = intake_case(services, office, "Amara")
    office.other_case = intake_case(services, office, "Bola")
    assign(services, office, office.case, office.maria)
    assign(services, office, office.other_case, office.jamie)
    return office


def signed_note(services, who, case_id, form=PHONE):
    draft = services.notes.start_draft(who, case_id, NoteForm(narrative="Called"))
    return services.notes.sign(who, draft.id, draft.version, form)


def test_a_draft_autosaves_then_signing_fixes_it_for_good(services, office):
    notes, maria = services.notes, office.maria
    draft = notes.start_draft(maria, office.case, NoteForm(narrative="Cal"))
    assert not draft.is_signed and draft.values.contact_on is None
    draft = notes.save_draft(maria, draft.id, draft.version, replace(PHONE, location=""))
    with pytest.raises(ConflictError):  # an autosave from a stale editor overwrites nothing
        notes.save_draft(maria, draft.id, draft.version - 1, NoteForm(narrative="old"))
    assert [n.id for n in notes.my_drafts(maria)] == [draft.id]

    signed = notes.sign(maria, draft.id, draft.version, PHONE)
    assert signed.is_signed and signed.signed_by == maria.username and signed.intact
    assert len(signed.fingerprint) == 64 and not signed.cosign_required
    assert notes.my_drafts(maria) == []
    for attempt in (
        lambda: notes.save_draft(maria, signed.id, signed.version, replace(PHONE, narrative="x")),
        lambda: notes.sign(maria, signed.id, signed.version, replace(PHONE, narrative="x")),
        lambda: notes.discard_draft(maria, signed.id, signed.version),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "never changes" in refused.value.errors["signed"]
    (shown,) = notes.for_case(maria, office.case)
    assert shown.values.narrative == PHONE.narrative and shown.intact

    actions = [e.action for e in services.audit.query(office.supervisor, AuditFilter())]
    assert AuditAction.NOTE_DRAFT_STARTED in actions and AuditAction.NOTE_SIGNED in actions
    assert AuditAction.NOTES_VIEWED in actions


def test_signing_needs_a_complete_note_and_a_discarded_draft_is_gone(services, office):
    notes, maria = services.notes, office.maria
    draft = notes.start_draft(maria, office.case, NoteForm(narrative="Called"))
    with pytest.raises(ValidationError) as incomplete:
        notes.sign(maria, draft.id, draft.version, NoteForm(narrative="Called"))
    assert set(incomplete.value.errors) == {"contact_date", "duration_minutes"}
    notes.discard_draft(maria, draft.id, draft.version)
    assert notes.for_case(maria, office.case) == []


def test_addenda_are_kept_in_order_by_the_author_or_a_supervisor(services, office):
    notes, maria = services.notes, office.maria
    note = signed_note(services, maria, office.case)
    first = notes.add_addendum(maria, note.id, "Landlord called back: two weeks, not one.")
    second = notes.add_addendum(office.supervisor, note.id, "Reviewed with the caseworker.")
    third = notes.add_addendum(maria, note.id, "Rent paid on 11/30.")
    assert [a.sequence for a in (first, second, third)] == [1, 2, 3]
    (shown,) = notes.for_case(maria, office.case)
    assert [a.text for a in shown.addenda] == [
        "Landlord called back: two weeks, not one.",
        "Reviewed with the caseworker.",
        "Rent paid on 11/30.",
    ]
    assert [a.author for a in shown.addenda] == ["mgarcia", "dlee", "mgarcia"]
    assert shown.intact
    with pytest.raises(ValidationError):
        notes.add_addendum(maria, note.id, "   ")
    draft = notes.start_draft(maria, office.case, NoteForm(narrative="Draft"))
    with pytest.raises(ValidationError):  # a draft is changed, not amended
        notes.add_addendum(maria, draft.id, "Addendum to a draft")


def test_notes_name_their_authors_and_co_signers_as_people_know_them(services, office, admin):
    """The sign-in names stay what was signed; the names people go by come with them."""
    program = office.program
    services.programs.change(
        admin,
        program.id,
        program.version,
        ProgramForm(program.name, "", "30", True, cosign_new_staff_days="60"),
    )
    note = signed_note(services, office.maria, office.case)
    services.notes.add_addendum(office.supervisor, note.id, "Reviewed with the caseworker.")
    services.notes.cosign(office.supervisor, note.id)
    (shown,) = services.notes.for_case(office.maria, office.case)
    assert (shown.author, shown.written_by) == ("mgarcia", "Maria Garcia")
    assert (shown.cosigned_by, shown.cosigned_by_name) == ("dlee", "Dana Lee")
    assert [(a.author, a.written_by) for a in shown.addenda] == [("dlee", "Dana Lee")]
    assert shown.intact


def test_supervisors_cosign_the_notes_of_staff_hired_within_the_program_setting(
    services, office, admin, clock
):
    program = office.program
    services.programs.change(
        admin,
        program.id,
        program.version,
        ProgramForm(program.name, "", "30", True, cosign_new_staff_days="60"),
    )
    notes, maria = services.notes, office.maria
    note = signed_note(services, maria, office.case)  # Maria was hired today
    assert note.cosign_required and note.awaiting_cosign
    with pytest.raises(PermissionDenied):
        notes.cosign(maria, note.id)
    cosigned = notes.cosign(office.supervisor, note.id)
    assert cosigned.cosigned_by == "dlee" and not cosigned.awaiting_cosign and cosigned.intact
    with pytest.raises(ValidationError):
        notes.cosign(office.supervisor, note.id)  # once

    clock.now += timedelta(days=60)  # no longer new
    later = replace(PHONE, contact_date=(clock().date()).strftime("%m/%d/%Y"))
    assert not signed_note(services, maria, office.case, later).cosign_required


def test_confidential_notes_are_read_by_their_author_and_supervisors_alone(services, office):
    notes, maria, jamie = services.notes, office.maria, office.jamie
    secret = signed_note(services, maria, office.case, replace(PHONE, confidential=True))
    signed_note(services, maria, office.case)
    # Jamie takes the case over: the case's ordinary notes come with it, not Maria's secret.
    assign(services, office, office.case, jamie)
    assert [n.values.confidential for n in notes.for_case(jamie, office.case)] == [False]
    with pytest.raises(PermissionDenied):
        notes.add_addendum(jamie, secret.id, "Reading it anyway")
    supervised = notes.for_case(office.supervisor, office.case)
    assert sorted(n.values.confidential for n in supervised) == [False, True]
    assert len(notes.for_client(office.supervisor, supervised[0].client_id)) == 2


def test_a_caseworker_writes_and_reads_notes_on_their_own_cases_only(services, office):
    notes, maria = services.notes, office.maria
    theirs = signed_note(services, office.jamie, office.other_case)
    for attempt in (
        lambda: notes.start_draft(maria, office.other_case, PHONE),
        lambda: notes.for_case(maria, office.other_case),
        lambda: notes.add_addendum(maria, theirs.id, "Not mine"),
        lambda: notes.save_draft(maria, theirs.id, theirs.version, PHONE),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    draft = notes.start_draft(office.jamie, office.other_case, NoteForm(narrative="Mine"))
    with pytest.raises(PermissionDenied):  # a supervisor neither edits another's draft
        notes.save_draft(office.supervisor, draft.id, draft.version, PHONE)
    assert [n.id for n in notes.for_case(office.supervisor, office.other_case)] == [theirs.id]
