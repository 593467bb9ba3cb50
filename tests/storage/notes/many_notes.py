"""Thousands of signed notes on one case, inserted in bulk with SQL, for the tests
and the benchmark of reading them a page at a time.

Each day has four notes: two at the same minute, one with no time, one later in
the day, so pages meet ties on the date and on the time. Rows go in shuffled, so
ids do not follow the dates. On SQLite each note carries the domain's SHA-256
fingerprint; on PostgreSQL the server's trigger signs each row as it goes in
(migration 0015), as it signs every note.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, insert

from domain.notes.note import ContactType, NoteValues, fingerprint
from storage.notes.tables import case_notes

TIMES_OF_A_DAY = (time(9, 0), time(9, 0), None, time(14, 30))
NEWEST = date(2026, 11, 23)  # the day of the tests' fixed clock


def plain_words(n: int) -> str:
    return f"Called about the rent (note {n}); the landlord will wait a week."


def add_signed_notes(
    connection: Connection,
    case_id: int,
    author_staff_id: int,
    author: str,
    count: int,
    *,
    newest: date,
    words: Callable[[int], str] = plain_words,
    seed: int = 18,
) -> None:
    """``count`` signed notes: note n on the n // 4-th day before ``newest``."""
    now = datetime.now(UTC)
    rows = []
    for n in range(count):
        on = newest - timedelta(days=n // len(TIMES_OF_A_DAY))
        at = TIMES_OF_A_DAY[n % len(TIMES_OF_A_DAY)]
        values = NoteValues(on, at, ContactType.PHONE, 15, "", words(n), False, ())
        rows.append(
            {
                "case_id": case_id,
                "author_staff_id": author_staff_id,
                "version": 1,
                "contact_on": on,
                "contact_at": at,
                "contact_type": ContactType.PHONE.value,
                "duration_minutes": 15,
                "location": "",
                "narrative": values.narrative,
                "confidential": False,
                "signed_at": now,
                "signed_by": author,
                "fingerprint": fingerprint(values, case_id=case_id, author=author),
                "created_at": now,
                "created_by": author,
                "updated_at": now,
                "updated_by": author,
            }
        )
    random.Random(seed).shuffle(rows)
    connection.execute(insert(case_notes), rows)


def newest_first_key(note) -> tuple:
    """The order the Notes tab promises, worked out apart from the code under test:
    date, then time (none after the timed ones of the day), then id, newest first."""
    v = note.values
    return (
        -v.contact_on.toordinal(),
        v.contact_at is None,
        -(v.contact_at.hour * 60 + v.contact_at.minute) if v.contact_at else 0,
        -note.id,
    )
