"""Changes made at other desks, as the views learn of them.

A change names a row and what it belongs to (ids only); the view that shows
it re-reads through the normal services, so what anyone sees is still decided
by their access. A batch marked ``resync`` means changes may have been missed
(a reconnect, or an embedded database that cannot say what changed): every
open view re-reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol


@dataclass(frozen=True)
class Change:
    table: str
    row_id: int | None = None
    version: int | None = None
    client_id: int | None = None
    case_id: int | None = None
    note_id: int | None = None
    plan_id: int | None = None
    # For a case or task: whom it is assigned to now, and before this change.
    staff_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ChangeBatch:
    changes: tuple[Change, ...] = ()
    resync: bool = False

    @staticmethod
    def combined(batches: Iterable[ChangeBatch]) -> ChangeBatch:
        """Many batches as one, so a bulk reassignment refreshes each view once."""
        changes: dict[Change, None] = {}
        resync = False
        for batch in batches:
            resync = resync or batch.resync
            changes.update(dict.fromkeys(batch.changes))
        return ChangeBatch(tuple(changes), resync)

    def touches(self, *tables: str) -> bool:
        return self.resync or any(c.table in tables for c in self.changes)

    def touches_client(self, client_id: int, case_ids: Iterable[int] = ()) -> bool:
        cases = set(case_ids)
        return self.resync or any(
            (c.table == "clients" and c.row_id == client_id)
            or c.client_id == client_id
            or (c.table == "cases" and c.row_id in cases)
            or (c.case_id is not None and c.case_id in cases)
            or c.note_id is not None
            or c.plan_id is not None
            for c in self.changes
        )

    def touches_staff(self, staff_id: int) -> bool:
        return self.resync or any(staff_id in c.staff_ids for c in self.changes)


class FeedState(Enum):
    LIVE = "live"  # the shared server announces every change
    WATCHING = "watching"  # the embedded file is checked about once a second
    RECONNECTING = "reconnecting"
    STOPPED = "stopped"


class ChangeFeed(Protocol):
    """Where a signed-in desk hears of changes; callbacks run on the feed's thread."""

    def start(
        self, deliver: Callable[[ChangeBatch], None], report: Callable[[FeedState], None]
    ) -> None: ...

    def stop(self) -> None: ...
