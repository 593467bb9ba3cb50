"""A client's notes a page at a time, newest contact first.

Pages are cut by keyset, not by offset: the next page starts after the last
note shown, by the order key itself (contact date, then time, a note without a
time after the timed ones of its day, then the note's id). A note signed while
someone scrolls therefore never pushes another onto two pages, and reading page
forty costs what reading page one costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from domain.notes.note import Addendum, ContactType, Note

PAGE_SIZE = 50
# A refresh reads again as many notes as were shown, up to this many.
LONGEST_PAGE = 2_000


@dataclass(frozen=True)
class NoteCursor:
    """Where a page ended: the order key of its last note. ``contact_on`` is None
    for a draft with no date yet (those come first of all)."""

    contact_on: date | None
    contact_at: time | None
    id: int

    @classmethod
    def after(cls, note: Note) -> NoteCursor:
        return cls(note.values.contact_on, note.values.contact_at, note.id)

    @classmethod
    def before_day(cls, day: date) -> NoteCursor:
        """A position after every note of ``day``: the next page starts the day before."""
        return cls(day, None, 0)


@dataclass(frozen=True)
class NoteScope:
    """Which of one client's notes a reader sees: those of the cases they reach, and
    among them what ``may_read_note`` (domain/notes/service.py) allows, in terms
    storage can filter by before it counts a page: their own drafts, and signed
    notes, confidential ones only if their own or ``confidential_too``
    (supervisors). The client's name is read once and given to every note."""

    client_id: int
    client_name: str
    case_ids: tuple[int, ...]
    reader_staff_id: int
    confidential_too: bool
    signed_only: bool = False


@dataclass(frozen=True)
class NotePage:
    notes: tuple[Note, ...]
    after: NoteCursor | None  # None: this was the last page


@dataclass(frozen=True)
class DatedAddendum:
    """An addendum with what the timeline says of the note it follows."""

    addendum: Addendum
    case_id: int
    contact_type: ContactType
    contact_on: date


@dataclass(frozen=True)
class AddendumCursor:
    created_at: datetime
    id: int


def page_size(asked: int) -> int:
    return max(1, min(int(asked), LONGEST_PAGE))
