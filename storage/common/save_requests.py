"""Rows made by a save that carries a request id (migration 0024,
domain/common/saving.py).

The repositories look a request id up before making its row again; the
unique index is what holds when the look-up cannot see the row (row-level
security hides a client a caseworker registered before any case of theirs
holds it) or when the first attempt's transaction had not ended yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from domain.common.saving import AlreadySaved

COLUMN = "request_id"


@contextmanager
def made_once() -> Iterator[None]:
    """Around the insert of a row with a request id: a request id stored already
    means the first attempt made the row."""
    try:
        yield
    except IntegrityError as error:
        # PostgreSQL names the index (ix_<table>_request_id); SQLite the column.
        if COLUMN not in str(error.orig):
            raise
        raise AlreadySaved() from None
