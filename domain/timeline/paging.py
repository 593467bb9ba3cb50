"""The timeline a page at a time.

Notes (and their addenda) are nearly all of a long timeline; everything else (the
cases' changes, plans, reviews, assessments, consents, referrals) is a few dozen
entries, read whole with the first page. Notes are read newest first by keyset
(domain/notes/paging.py), addenda by when they were written, and a page always
ends at a day boundary: it holds every entry of every day it shows. Within a day
the timeline orders entries by more than the date (the hour, when a thing was
recorded, the kind), so a page cut inside a day could put an entry on the wrong
side of the cut; cut at midnight, pages laid end to end are exactly
``newest_first`` of the whole timeline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time

from domain.timeline.entries import EntryKind, TimelineEntry, newest_first

PAGE_SIZE = 50  # notes per page, and addenda per page: a day's worth more at most


@dataclass(frozen=True)
class Stream:
    """What one paged source gave: its entries, newest first, and ``last_day``:
    None when nothing older is left, else the earliest day it holds whole (there
    may be more, on earlier days)."""

    entries: list[TimelineEntry]
    last_day: date | None


@dataclass(frozen=True)
class TimelineCursor:
    """Where the next page starts: the days before ``before_day``. ``held`` are the
    entries read whole with the first page that belong to those earlier days, to
    be shown as their day comes; they were read (and audited) with that page, so
    handing them back reveals nothing new."""

    before_day: date
    held: tuple[TimelineEntry, ...] = ()
    counts: Mapping[EntryKind, int] = field(default_factory=dict)


@dataclass(frozen=True)
class TimelinePage:
    entries: tuple[TimelineEntry, ...]  # newest first
    cursor: TimelineCursor | None  # None: nothing older
    # Every entry of the timeline by kind, pages not read yet included.
    counts: Mapping[EntryKind, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def cut_page(
    streams: Iterable[Stream], held: Iterable[TimelineEntry], counts: Mapping[EntryKind, int]
) -> TimelinePage:
    """The entries of every day down to the latest day some stream may still have
    more before; the rest of ``held`` waits in the cursor."""
    streams = list(streams)
    held = list(held)
    unfinished = [s.last_day for s in streams if s.last_day is not None]
    read = [entry for stream in streams for entry in stream.entries]
    if not unfinished:
        return TimelinePage(tuple(newest_first(read + held)), None, counts)
    horizon = max(unfinished)
    shown = [entry for entry in read + held if entry.day >= horizon]
    later = tuple(newest_first(entry for entry in held if entry.day < horizon))
    return TimelinePage(tuple(newest_first(shown)), TimelineCursor(horizon, later, counts), counts)


def counted(entries: Iterable[TimelineEntry], notes: int = 0) -> dict[EntryKind, int]:
    """Entries by kind, with ``notes`` more (notes and addenda not read yet)."""
    by_kind = Counter(entry.kind for entry in entries)
    if notes:
        by_kind[EntryKind.NOTE] += notes
    return {kind: by_kind[kind] for kind in EntryKind if by_kind[kind]}


def local_midnight(day: date) -> datetime:
    """The moment ``day`` starts in the office's time (the timeline's days are its)."""
    return datetime.combine(day, time()).astimezone()
