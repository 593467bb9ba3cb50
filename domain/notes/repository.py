"""What case notes need from storage, and from the workstation's disk."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.local_work.kept_work import LocalWorkKeeper
from domain.notes.local_drafts import LocalDraft, UnreadableDraft
from domain.notes.note import Addendum, Note, NoteValues
from domain.notes.paging import AddendumCursor, DatedAddendum, NoteCursor, NoteScope


class NoteRepository(Protocol):
    def add_draft(
        self,
        case_id: int,
        author_staff_id: int,
        values: NoteValues,
        *,
        by: str,
        at: datetime,
        request_id: str | None = None,
    ) -> int:
        """``request_id``: stored with the note, once (domain/common/saving.py)."""
        ...

    def for_request(self, request_id: str) -> Note | None:
        """The note a save with this request id made, if any."""
        ...

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
        request_id: str | None = None,
    ) -> int:
        """Numbered after the note's last addendum; ``fingerprint_for(sequence)`` gives
        its fingerprint. The id of the new addendum."""
        ...

    def addendum_for_request(self, request_id: str) -> Addendum | None:
        """The addendum a save with this request id made, if any."""
        ...

    def cosign(self, note_id: int, *, by: str, at: datetime) -> None: ...

    def for_case(self, case_id: int) -> list[Note]:
        """Newest contact first (drafts without a date first of all)."""
        ...

    def drafts_of(self, staff_id: int) -> list[Note]:
        """Unsigned notes by this author, oldest change first."""
        ...

    def page(
        self,
        scope: NoteScope,
        *,
        after: NoteCursor | None = None,
        limit: int | None = None,
        whole_days: bool = False,
        proofs: bool = True,
    ) -> list[Note]:
        """The notes of ``scope`` after ``after`` (None: from the newest), newest
        contact first (domain/notes/paging.py), at most ``limit`` of them; with
        ``whole_days`` the rest of the last note's day as well (a page that holds
        ``limit`` or more may have more after it). ``proofs``: ask the shared server
        whether each still holds (the embedded database has nothing to ask)."""
        ...

    def mentioning(self, scope: NoteScope, terms: tuple[str, ...]) -> list[Note]:
        """The notes of ``scope`` whose narrative, location, author or any addendum
        (its text or author) holds every term; terms are lower-case ASCII letters
        and digits, compared with the text in lower case."""
        ...

    def count(self, scope: NoteScope) -> tuple[int, int]:
        """How many notes ``scope`` holds, and how many addenda they have."""
        ...

    def addenda_page(
        self,
        scope: NoteScope,
        *,
        before: datetime | None = None,
        after: AddendumCursor | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[DatedAddendum]:
        """Addenda of the notes of ``scope``, newest first, written before ``before``,
        after ``after`` in that order, and not before ``since``."""
        ...


class DraftKeeper(LocalWorkKeeper, Protocol):
    """Copies of drafts on the workstation (storage/notes/draft_files.py); and, in
    the same folder under the same key, every other editor's unsaved work."""

    def save(self, draft: LocalDraft) -> None:
        """Raises OSError when no copy could be kept (a full disk, no key)."""
        ...

    def remove(self, username: str, key: str) -> None: ...

    def drafts_of(self, username: str) -> list[LocalDraft]:
        """The copies that can be read."""
        ...

    def unreadable_of(self, username: str) -> list[UnreadableDraft]:
        """The copies that cannot be read (their key gone, or damaged): kept until
        removed."""
        ...
