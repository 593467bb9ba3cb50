"""The pieces of SQL that read notes a page at a time: who may see which, the
keyset that says where a page starts, and text folded for the timeline's search."""

from __future__ import annotations

from sqlalchemy import and_, false, func, or_, true

from domain.notes.paging import NoteCursor, NoteScope
from storage.notes.tables import case_notes

N = case_notes.c

# Newest contact first: drafts without a date on top, a note without a time after
# the timed notes of its day, then the newest id. NULLS FIRST/LAST are spelled
# out: the two databases put NULLs at opposite ends by default.
NEWEST_FIRST = (
    N.contact_on.desc().nulls_first(),
    N.contact_at.desc().nulls_last(),
    N.id.desc(),
)


def readable(scope: NoteScope):
    """``may_read_note`` in SQL: one's own notes, and others' signed ones (a
    confidential one only for supervisors)."""
    others = N.signed_at.is_not(None)
    if not scope.confidential_too:
        others = and_(others, N.confidential.is_(False))
    condition = and_(
        N.case_id.in_(scope.case_ids) if scope.case_ids else false(),
        or_(N.author_staff_id == scope.reader_staff_id, others),
    )
    if scope.signed_only:
        condition = and_(condition, N.signed_at.is_not(None))
    return condition


def after(cursor: NoteCursor | None):
    """The notes that come after ``cursor`` in NEWEST_FIRST order."""
    if cursor is None:
        return true()
    if cursor.contact_on is None:
        return or_(and_(N.contact_on.is_(None), N.id < cursor.id), N.contact_on.is_not(None))
    on, at = cursor.contact_on, cursor.contact_at
    if at is None:
        same_day = and_(N.contact_at.is_(None), N.id < cursor.id)
    else:
        same_day = or_(
            N.contact_at < at,
            N.contact_at.is_(None),
            and_(N.contact_at == at, N.id < cursor.id),
        )
    # The first bound alone is what an index range scan starts from.
    return and_(N.contact_on <= on, or_(N.contact_on < on, and_(N.contact_on == on, same_day)))


def folded(column):
    """Lower case as the search compares it: ASCII letters on either database (the
    terms searched for are ASCII, domain/timeline/note_search.py), and the sharp s
    as the 'ss' Python's casefold makes of it."""
    return func.replace(func.replace(func.lower(column), "ß", "ss"), "ẞ", "ss")
