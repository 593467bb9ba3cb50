"""Saves that a lost connection can neither lose nor double.

When the connection drops during a save, the server may or may not have kept
it (domain/common/server_errors.py). A save is tried once more, on a fresh
connection, only when trying again cannot make a second copy:

- a save that creates a row carries a request id, made on the desk and stored
  with the row under a unique constraint; trying again with the same id finds
  the row the first attempt made instead of making another (``SaveRequest``);
- a save over a version (optimistic locking) looks whether the row already
  holds exactly what was asked, from exactly that version, and if so answers
  with it instead of a conflict.

An editor that keeps its ``request_id`` until the save is confirmed makes the
person's own "save again" after an unanswered save just as safe.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from domain.common.errors import DatabaseUnavailable
from domain.common.server_errors import ConnectionLost

T = TypeVar("T")


def new_request_id() -> str:
    """A request id for a save the desk is about to make."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class SaveRequest:
    """A creating save's request id. ``maybe_made``: the row may exist already (the
    caller brought the id, or this is the second attempt): look for it first."""

    id: str
    maybe_made: bool = False
    # Brought by the caller, who keeps it until the save is confirmed: the person's
    # own "save again" is as safe as the retry here.
    given: bool = False

    @classmethod
    def of(cls, request_id: str | None) -> SaveRequest:
        if request_id is None:
            return cls(new_request_id())
        try:
            canonical = str(uuid.UUID(str(request_id)))
        except ValueError:
            raise ValueError(f"A save's request id is a UUID, not {request_id!r}.") from None
        return cls(canonical, maybe_made=True, given=True)

    def again(self) -> SaveRequest:
        return replace(self, maybe_made=True)

    def attempt(self, again: bool) -> SaveRequest:
        """This request as ``once_more_if_lost``'s attempt sees it."""
        return self.again() if again else self

    def part(self, name: str) -> SaveRequest:
        """The id of one more row the same save creates (a household member at intake)."""
        return replace(self, id=str(uuid.uuid5(uuid.UUID(self.id), name)))


class AlreadySaved(DatabaseUnavailable):
    """The save's request id is stored already, on a row this person cannot read back:
    the first attempt made it, and only its answer was lost on the way (so it is
    told as the connection's trouble). Nothing was saved twice."""

    def __init__(self) -> None:
        self.saved = True
        super().__init__(
            "This was saved the first time, though the server's answer was lost on the "
            "way; it was not saved twice. It is not among the records you can open yet: "
            "ask your supervisor if you cannot find it."
        )


def once_more_if_lost(attempt: Callable[[bool], T], *, repeatable: bool = True) -> T:
    """``attempt(False)``; if its connection was lost, ``attempt(True)`` once, on a
    fresh connection. Only for attempts that a repeat cannot double (see above):
    the second is told it repeats, so that it looks for what the first made.

    When the second fails too, the person reads what is known: nothing saved,
    saved, or (the commit's answer lost) not yet known; then ``repeatable`` says
    whether the person may simply save again (a save over a version, or a
    request id the caller keeps) or should look first.
    """
    try:
        return attempt(False)
    except ConnectionLost as lost:
        first = lost
    try:
        return attempt(True)
    except AlreadySaved:
        raise  # the second try found the first one's row: saved, and said so
    except DatabaseUnavailable as second:
        if first.saved is False and not isinstance(second, ConnectionLost):
            raise  # nothing was saved the first time; the second says why not now
        saved = first.saved if first.saved is not False else second.saved
        raise ConnectionLost(saved, repeatable=repeatable) from second
