"""Drafts kept on the workstation as well as in the database, so that a crash, a
lost connection or a closed window costs no words; and which of them to offer
back when the person next signs in.

The copies are the person's own private application data (one file per draft,
under their user profile, encrypted under a key of theirs: storage/notes/
draft_files.py); nothing here logs what a note says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.local_work.kept_work import Unreadable, UnreadableDraft
from domain.notes.note import Note, NoteForm

# Why a copy cannot be read is the same for every kind of local copy.
__all__ = [
    "DraftOffer",
    "LocalDraft",
    "Unreadable",
    "UnreadableDraft",
    "draft_key",
    "drafts_to_offer",
]


@dataclass(frozen=True)
class LocalDraft:
    username: str
    key: str  # stable for one editor: "case12-note34", or "case12-new<token>" before saving
    case_id: int
    note_id: int | None
    client_name: str
    form: NoteForm
    saved_at: datetime  # UTC, when this copy was written


@dataclass(frozen=True)
class DraftOffer:
    """An unsigned note to offer back: what to load into the editor."""

    case_id: int
    client_name: str
    form: NoteForm
    note: Note | None  # the database's draft, when it has one
    local_key: str | None  # the local copy to replace or remove
    saved_at: datetime

    @property
    def from_local_copy(self) -> bool:
        return self.note is None or self.form != self.note.as_form()


def draft_key(case_id: int, note_id: int | None, token: str = "") -> str:
    return f"case{case_id}-note{note_id}" if note_id is not None else f"case{case_id}-new{token}"


def drafts_to_offer(
    local: list[LocalDraft], stored: list[Note] | None
) -> tuple[list[DraftOffer], list[LocalDraft]]:
    """Offers, oldest first, and the local copies that are stale (their note was signed
    or discarded since). ``stored`` is None when the database could not be read: then
    every local copy is offered and none is stale."""
    offers: list[DraftOffer] = []
    stale: list[LocalDraft] = []
    by_id = {note.id: note for note in stored or []}
    covered: set[int] = set()
    for copy in local:
        note = by_id.get(copy.note_id) if copy.note_id is not None else None
        if copy.note_id is not None and note is None and stored is not None:
            stale.append(copy)
            continue
        if note is not None:
            covered.add(note.id)
            newer = copy.saved_at > note.updated_at and copy.form != note.as_form()
            form = copy.form if newer else note.as_form()
            when = copy.saved_at if newer else note.updated_at
            offers.append(DraftOffer(copy.case_id, copy.client_name, form, note, copy.key, when))
        else:
            offers.append(
                DraftOffer(copy.case_id, copy.client_name, copy.form, None, copy.key, copy.saved_at)
            )
    for note in stored or []:
        if note.id not in covered and not note.is_signed:
            offers.append(
                DraftOffer(
                    note.case_id, note.client_name, note.as_form(), note, None, note.updated_at
                )
            )
    offers.sort(key=lambda offer: offer.saved_at)
    return offers, stale
