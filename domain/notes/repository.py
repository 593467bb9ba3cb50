"""What case notes need from storage, and from the workstation's disk."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.notes.local_drafts import LocalDraft
from domain.notes.note import Note, NoteValues


class NoteRepository(Protocol):
    def add_draft(
        self, case_id: int, author_staff_id: int, values: NoteValues, *, by: str, at: datetime
    ) -> int: ...

    def get(self, note_id: int) -> Note | None:
        """With its goal ids and addenda (in order)."""
        ...

    def save_draft(
        self, note_id: int, expected_version: int, values: NoteValues, *, by: str, at: datetime
    ) -> None:
        """Over ``expected_version`` of an unsigned note; ``ConflictError`` if stale."""
        ...

    def sign(
        self,
        note_id: int,
        expected_version: int,
        values: NoteValues,
        *,
        fingerprint: str,
        cosign_required: bool,
        by: str,
        at: datetime,
    ) -> None: ...

    def delete_draft(self, note_id: int, expected_version: int) -> None: ...

    def add_addendum(
        self,
        note_id: int,
        author_staff_id: int,
        text: str,
        fingerprint_for,
        *,
        by: str,
        at: datetime,
    ) -> int:
        """Numbered after the note's last addendum; ``fingerprint_for(sequence)`` gives
        its fingerprint. The id of the new addendum."""
        ...

    def cosign(self, note_id: int, *, by: str, at: datetime) -> None: ...

    def for_case(self, case_id: int) -> list[Note]:
        """Newest contact first (drafts without a date first of all)."""
        ...

    def drafts_of(self, staff_id: int) -> list[Note]:
        """Unsigned notes by this author, oldest change first."""
        ...


class DraftKeeper(Protocol):
    """Copies of drafts on the workstation (storage/notes/draft_files.py)."""

    def save(self, draft: LocalDraft) -> None: ...

    def remove(self, username: str, key: str) -> None: ...

    def drafts_of(self, username: str) -> list[LocalDraft]: ...
