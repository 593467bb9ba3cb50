"""Case notes: drafts saved as the person types, signing that fixes a note for
good, addenda, supervisors' co-signature, and reading them.

Who may: caseworkers write notes on the cases assigned to them, supervisors on
any case. Only a draft's author saves, signs or discards it. A confidential note
is read by its author and supervisors alone. Addenda go on signed notes, by the
note's author or a supervisor.

Auditing: starting a draft, signing, discarding, each addendum and each
co-signature is an audit event, and so is every reading of notes and every
refused attempt to change a signed note. The Notes tab reads a page at a time:
each page it fetches while the person scrolls is one more NOTES_VIEWED row of
the same view, saying where it started (``after=``), so the trail shows how far
back someone read. Autosaves of
a draft are not (one every few seconds while someone types would bury the
trail); on PostgreSQL the row trigger still records each as a row change.

Lost connections: every save here is tried once more on a fresh connection when
the first attempt's connection dropped (domain/common/saving.py). Starting a
draft and adding an addendum carry a request id. The second try of a save or a
co-signature answers with the note when it already holds exactly what was
asked, and a discard is done when the draft is gone; signing does so whenever
it is asked again (the person's own "sign again" after "cannot tell yet"), while
any other signing of a signed note is refused as before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from domain.audit.events import AuditAction
from domain.cases.case import CaseSummary
from domain.clients.record import ClientRecord
from domain.common.actor import Actor
from domain.common.clock import local_date
from domain.common.errors import NotFound, ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission, allows
from domain.common.saving import SaveRequest, once_more_if_lost
from domain.common.unit_of_work import UnitOfWork
from domain.notes.note import (
    Addendum,
    Note,
    NoteForm,
    NoteValues,
    addendum_fingerprint,
    fingerprint,
    needs_cosign,
    validate_addendum,
    validate_note,
)
from domain.notes.paging import PAGE_SIZE, NoteCursor, NotePage, NoteScope, page_size

SIGNED_IS_FINAL = "This note is signed and never changes again; add an addendum instead."


class NoteService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    # --- drafts ------------------------------------------------------------------

    def start_draft(
        self, actor: Actor, case_id: int, form: NoteForm, request_id: str | None = None
    ) -> Note:
        """``request_id``: the editor's id for this new note, kept until a start is
        confirmed; starting again with it answers with the note it made."""
        now = self._clock()
        values = validate_note(form, today=local_date(now), signing=False)
        request = SaveRequest.of(request_id)
        return once_more_if_lost(
            lambda again: self._start_draft(actor, case_id, values, request.attempt(again), now),
            repeatable=request.given,
        )

    def _start_draft(
        self, actor: Actor, case_id: int, values: NoteValues, request: SaveRequest, now: datetime
    ) -> Note:
        with self._uow_factory() as uow:
            actor, _case = self._guard.reach_case(uow, actor, Permission.NOTE_WRITE, case_id)
            if request.maybe_made:
                made = uow.notes.for_request(request.id)
                if made is not None:
                    if made.case_id != case_id or made.author_staff_id != actor.staff_id:
                        raise ValueError("This request id started another note.")
                    return made
            note_id = uow.notes.add_draft(
                case_id, actor.staff_id, values, by=actor.username, at=now, request_id=request.id
            )
            uow.audit.record(
                self._guard.event(
                    actor, AuditAction.NOTE_DRAFT_STARTED, "note", note_id, f"case={case_id}"
                )
            )
            note = uow.notes.get(note_id)
            uow.commit()
        return note

    def save_draft(self, actor: Actor, note_id: int, expected_version: int, form: NoteForm) -> Note:
        """Autosave: a draft may be incomplete. Not audited (see the module's words)."""
        now = self._clock()
        values = validate_note(form, today=local_date(now), signing=False)
        return once_more_if_lost(
            lambda again: self._save_draft(actor, note_id, expected_version, values, now, again)
        )

    def _save_draft(
        self,
        actor: Actor,
        note_id: int,
        expected_version: int,
        values: NoteValues,
        now: datetime,
        again: bool,
    ) -> Note:
        with self._uow_factory() as uow:
            actor, note = self._own_draft(uow, actor, note_id, "save")
            if again and _holds(note, expected_version, values):
                return note  # this very save arrived before (its answer was lost)
            uow.notes.save_draft(note_id, expected_version, values, by=actor.username, at=now)
            note = uow.notes.get(note_id)
            uow.commit()
        return note

    def discard_draft(self, actor: Actor, note_id: int, expected_version: int) -> None:
        once_more_if_lost(
            lambda again: self._discard_draft(actor, note_id, expected_version, again)
        )

    def _discard_draft(self, actor: Actor, note_id: int, expected_version: int, again: bool):
        with self._uow_factory() as uow:
            if again and uow.notes.get(note_id) is None:
                return  # the first attempt discarded it; its answer was lost
            actor, note = self._own_draft(uow, actor, note_id, "discard")
            uow.notes.delete_draft(note_id, expected_version)
            uow.audit.record(
                self._guard.event(
                    actor, AuditAction.NOTE_DRAFT_DISCARDED, "note", note_id, f"case={note.case_id}"
                )
            )
            uow.commit()

    def my_drafts(self, actor: Actor) -> list[Note]:
        """My unsigned notes on cases I still reach, to offer back after signing in."""
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.NOTE_WRITE, entity_type="note")
            drafts = uow.notes.drafts_of(actor.staff_id)
            if not allows(actor.role, Permission.CLIENT_ANY):
                cases = {case.id: case for case in uow.cases.get_many([n.case_id for n in drafts])}
                drafts = [
                    note
                    for note in drafts
                    if note.case_id in cases
                    and cases[note.case_id].assigned_staff_id == actor.staff_id
                ]
            if drafts:
                uow.audit.record(
                    self._guard.event(
                        actor, AuditAction.NOTES_VIEWED, "note", None, f"own drafts={len(drafts)}"
                    )
                )
                uow.commit()
        return drafts

    # --- signing -------------------------------------------------------------------

    def sign(self, actor: Actor, note_id: int, expected_version: int, form: NoteForm) -> Note:
        """Everything checked; the text fixed by its fingerprint. Final."""
        now = self._clock()
        values = validate_note(form, today=local_date(now), signing=True)
        return once_more_if_lost(
            lambda _again: self._sign(actor, note_id, expected_version, values, now)
        )

    def _sign(
        self, actor: Actor, note_id: int, expected_version: int, values: NoteValues, now: datetime
    ) -> Note:
        today = local_date(now)
        with self._uow_factory() as uow:
            actor, note = self._own_draft(
                uow,
                actor,
                note_id,
                "sign",
                done=lambda n: _holds(n, expected_version, values, signed_by=actor.username),
            )
            if note.is_signed:
                return note  # signed exactly so by this very request (its answer was lost)
            case = uow.cases.get(note.case_id)
            program = uow.programs.get(case.program_id if case else None)
            author = uow.staff.get(actor.staff_id)
            cosign = bool(
                program
                and author
                and needs_cosign(
                    program.cosign_new_staff_days, local_date(author.created_at), today
                )
            )
            uow.notes.sign(
                note_id,
                expected_version,
                values,
                fingerprint=fingerprint(values, case_id=note.case_id, author=actor.username),
                cosign_required=cosign,
                by=actor.username,
                at=now,
            )
            detail = f"case={note.case_id}" + (" cosign=required" if cosign else "")
            uow.audit.record(
                self._guard.event(actor, AuditAction.NOTE_SIGNED, "note", note_id, detail)
            )
            signed = uow.notes.get(note_id)
            uow.commit()
        return signed

    def add_addendum(
        self, actor: Actor, note_id: int, text: str, request_id: str | None = None
    ) -> Addendum:
        """A correction or addition to a signed note, numbered after the last one.
        ``request_id`` as for ``start_draft``."""
        now = self._clock()
        cleaned = validate_addendum(text)
        request = SaveRequest.of(request_id)
        return once_more_if_lost(
            lambda again: self._add_addendum(actor, note_id, cleaned, request.attempt(again), now),
            repeatable=request.given,
        )

    def _add_addendum(
        self, actor: Actor, note_id: int, cleaned: str, request: SaveRequest, now: datetime
    ) -> Addendum:
        with self._uow_factory() as uow:
            actor, note = self._reach_note(uow, actor, Permission.NOTE_WRITE, note_id)
            if request.maybe_made:
                made = uow.notes.addendum_for_request(request.id)
                if made is not None:
                    if made.note_id != note_id:
                        raise ValueError("This request id added an addendum to another note.")
                    return made
            if not note.is_signed:
                raise ValidationError(
                    {"addendum": "Change the draft itself; it is not signed yet."}
                )
            if note.author_staff_id != actor.staff_id and not allows(
                actor.role, Permission.NOTE_SUPERVISE
            ):
                self._guard.refuse(actor, Permission.NOTE_SUPERVISE, "note", note_id)
            addendum_id = uow.notes.add_addendum(
                note_id,
                actor.staff_id,
                cleaned,
                lambda sequence: addendum_fingerprint(
                    note.fingerprint, sequence, actor.username, cleaned
                ),
                by=actor.username,
                at=now,
                request_id=request.id,
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.NOTE_ADDENDUM_ADDED,
                    "note",
                    note_id,
                    f"addendum={addendum_id}",
                )
            )
            added = next(a for a in uow.notes.get(note_id).addenda if a.id == addendum_id)
            uow.commit()
        return added

    def cosign(self, actor: Actor, note_id: int) -> Note:
        """A supervisor's co-signature on a new staff member's signed note."""
        return once_more_if_lost(lambda again: self._cosign(actor, note_id, again))

    def _cosign(self, actor: Actor, note_id: int, again: bool) -> Note:
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._guard.require(
                uow, actor, Permission.NOTE_SUPERVISE, entity_type="note", entity_id=note_id
            )
            actor, note = self._reach_note(uow, actor, Permission.NOTE_SUPERVISE, note_id)
            if again and note.cosigned_by == actor.username:
                return note  # co-signed by this very request (its answer was lost)
            if not note.awaiting_cosign:
                raise ValidationError({"cosign": "This note is not waiting for a co-signature."})
            if note.author_staff_id == actor.staff_id:
                raise ValidationError({"cosign": "Another supervisor co-signs your own notes."})
            uow.notes.cosign(note_id, by=actor.username, at=now)
            uow.audit.record(self._guard.event(actor, AuditAction.NOTE_COSIGNED, "note", note_id))
            cosigned = uow.notes.get(note_id)
            uow.commit()
        return cosigned

    # --- reading -------------------------------------------------------------------

    def for_case(self, actor: Actor, case_id: int) -> list[Note]:
        """The case's signed notes and my drafts, newest contact first, addenda in order."""
        with self._uow_factory() as uow:
            actor, _case = self._guard.reach_case(uow, actor, Permission.NOTE_READ, case_id)
            notes = [n for n in uow.notes.for_case(case_id) if self._may_read(actor, n)]
            uow.audit.record(
                self._guard.event(
                    actor, AuditAction.NOTES_VIEWED, "case", case_id, f"notes={len(notes)}"
                )
            )
            uow.commit()
        return notes

    def for_client(self, actor: Actor, client_id: int) -> list[Note]:
        """Notes of every case of the client that I reach, newest contact first."""
        with self._uow_factory() as uow:
            actor, client = self._guard.reach_client(uow, actor, Permission.NOTE_READ, client_id)
            scope = note_scope(actor, client, uow.cases.for_client(client_id))
            notes = [n for n in uow.notes.page(scope) if self._may_read(actor, n)]
            uow.audit.record(
                self._guard.event(
                    actor, AuditAction.NOTES_VIEWED, "client", client_id, f"notes={len(notes)}"
                )
            )
            uow.commit()
        return notes

    def page(
        self,
        actor: Actor,
        client_id: int,
        after: NoteCursor | None = None,
        size: int = PAGE_SIZE,
    ) -> NotePage:
        """One page of the notes ``for_client`` gives, starting after ``after`` (None:
        the newest); the Notes tab asks for the next as the person scrolls."""
        size = page_size(size)
        with self._uow_factory() as uow:
            actor, client = self._guard.reach_client(uow, actor, Permission.NOTE_READ, client_id)
            scope = note_scope(actor, client, uow.cases.for_client(client_id))
            rows = uow.notes.page(scope, after=after, limit=size + 1)
            more, rows = len(rows) > size, rows[:size]
            notes = tuple(n for n in rows if self._may_read(actor, n))
            for note in notes:
                # Each fingerprint checked here, once, on the caller's worker
                # thread: the list on screen only reads the answer.
                _ = note.intact
            detail = f"notes={len(notes)}" + (f" after=note:{after.id}" if after else "")
            uow.audit.record(
                self._guard.event(actor, AuditAction.NOTES_VIEWED, "client", client_id, detail)
            )
            uow.commit()
        return NotePage(notes, NoteCursor.after(rows[-1]) if more else None)

    # --- rules -----------------------------------------------------------------------

    @staticmethod
    def _may_read(actor: Actor, note: Note) -> bool:
        return may_read_note(actor, note)

    def _reach_note(
        self, uow: UnitOfWork, actor: Actor, permission: Permission, note_id: int
    ) -> tuple[Actor, Note]:
        """The note's case within the caseload rule; a confidential note only for its
        author and supervisors. As with cases, a caseworker cannot tell a hidden note
        from a missing one."""
        actor = self._guard.require(uow, actor, permission, entity_type="note", entity_id=note_id)
        note = uow.notes.get(note_id)
        if note is None:
            if not allows(actor.role, Permission.CLIENT_ANY):
                self._guard.refuse(actor, Permission.CLIENT_ANY, "note", note_id)
            raise NotFound("That note does not exist (a discarded draft, perhaps).")
        actor, _case = self._guard.reach_case(uow, actor, permission, note.case_id)
        if not self._may_read(actor, note):
            self._guard.refuse(actor, Permission.NOTE_SUPERVISE, "note", note_id)
        return actor, note

    def _own_draft(
        self,
        uow: UnitOfWork,
        actor: Actor,
        note_id: int,
        attempt: str,
        done: Callable[[Note], bool] | None = None,
    ) -> tuple[Actor, Note]:
        """My unsigned note; or, when ``done`` says the signed note is what this call
        asked for, that."""
        actor, note = self._reach_note(uow, actor, Permission.NOTE_WRITE, note_id)
        if note.author_staff_id != actor.staff_id:
            self._guard.refuse(actor, Permission.NOTE_SUPERVISE, "note", note_id)
        if note.is_signed and not (done is not None and done(note)):
            self._audit_apart(
                actor,
                AuditAction.SIGNED_NOTE_CHANGE_REFUSED,
                note_id,
                f"case={note.case_id} attempt={attempt}",
            )
            raise ValidationError({"signed": SIGNED_IS_FINAL})
        return actor, note

    def _audit_apart(self, actor: Actor, action: AuditAction, note_id: int, detail: str) -> None:
        """In a transaction of its own: the refused action's is rolled back."""
        with self._uow_factory() as uow:
            uow.audit.record(self._guard.event(actor, action, "note", note_id, detail))
            uow.commit()


def _holds(note: Note, expected_version: int, values: NoteValues, signed_by: str = "") -> bool:
    """Whether ``note`` is exactly what a save of ``values`` over ``expected_version``
    made: the next version, with these values (and signed by ``signed_by``, or
    unsigned without)."""
    if note.version != expected_version + 1 or note.signed_by != signed_by:
        return False
    if note.is_signed != bool(signed_by):
        return False
    stored, asked = note.values, values
    return (
        stored.contact_on == asked.contact_on
        and stored.contact_at == asked.contact_at
        and stored.contact_type == asked.contact_type
        and stored.duration_minutes == asked.duration_minutes
        and stored.location == asked.location
        and stored.narrative == asked.narrative
        and stored.confidential == asked.confidential
        and sorted(stored.goal_ids) == sorted(asked.goal_ids)
    )


def may_read_note(actor: Actor, note: Note) -> bool:
    """Within a case one reaches: a draft is its author's work in progress; a
    confidential note is read by its author and supervisors alone."""
    mine = note.author_staff_id == actor.staff_id
    if not note.is_signed:
        return mine
    return mine or not note.values.confidential or allows(actor.role, Permission.NOTE_SUPERVISE)


def note_scope(
    actor: Actor, client: ClientRecord, cases: list[CaseSummary], *, signed_only: bool = False
) -> NoteScope:
    """The client's notes ``actor`` reads: on the cases they reach (a caseworker,
    those assigned to them), as ``may_read_note`` says."""
    anywhere = allows(actor.role, Permission.CLIENT_ANY)
    return NoteScope(
        client_id=client.id,
        client_name=client.display_name,
        case_ids=tuple(
            case.id for case in cases if anywhere or case.assigned_staff_id == actor.staff_id
        ),
        reader_staff_id=actor.staff_id,
        confidential_too=allows(actor.role, Permission.NOTE_SUPERVISE),
        signed_only=signed_only,
    )
