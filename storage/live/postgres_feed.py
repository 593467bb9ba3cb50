"""Hearing the shared server's change notifications (migration 0020).

One listening connection per signed-in desk, under the person's own login. A
notification about a row this login may not read is dropped here, before any
view hears of it: the ids are checked against the tables through row-level
security, so a caseworker learns nothing of a colleague's case (except that a
case was taken from her, which names her in its staff ids). When the
connection drops it is opened again with backoff, and the first batch after
that asks every view to re-read, since notifications sent meanwhile are lost.
Nothing polls for changes; an idle desk sends one keep-alive query a minute.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable

import psycopg

from domain.live.changes import Change, ChangeBatch, FeedState
from storage.live.feed_thread import FeedThread

log = logging.getLogger(__name__)

CHANNEL = "casedesk_changes"
BACKOFF_SECONDS = (0.5, 1, 2, 4, 8, 15)
KEEPALIVE_SECONDS = 60
# After the first notification, how long to gather the rest of a burst.
BURST_SECONDS = 0.05

# Which table a payload's id is checked against, to see whether this login may read it.
_READABLE_BY = {
    "client": "clients",
    "case": "cases",
    "note": "case_notes",
    "plan": "service_plans",
}


def _change(payload: str) -> Change | None:
    try:
        data = json.loads(payload)
        return Change(
            table=str(data["t"]),
            row_id=data.get("id"),
            version=data.get("v"),
            client_id=data.get("client"),
            case_id=data.get("case"),
            note_id=data.get("note"),
            plan_id=data.get("plan"),
            staff_ids=tuple(int(s) for s in data.get("staff", ()) if s is not None),
        )
    except (ValueError, KeyError, TypeError):
        log.warning("ignored a change notification that could not be read")
        return None


class PostgresChangeFeed(FeedThread):
    def __init__(
        self,
        connect: Callable[[], psycopg.Connection],
        staff_id: int,
        *,
        backoff: tuple[float, ...] = BACKOFF_SECONDS,
        on_reconnect: Callable[[], None] | None = None,
    ):
        super().__init__()
        self._on_reconnect = on_reconnect
        self._connect = connect
        self._staff_id = staff_id
        self._backoff = backoff
        self._connection: psycopg.Connection | None = None

    def _run(self, deliver, report) -> None:
        attempt = 0
        first = True
        while not self._stopped.is_set():
            try:
                connection = self._connect()
            except Exception:  # any failure to connect means "try again"
                report(FeedState.RECONNECTING)
                self._stopped.wait(self._backoff[min(attempt, len(self._backoff) - 1)])
                attempt += 1
                continue
            try:
                connection.autocommit = True
                connection.execute(f"LISTEN {CHANNEL}")
                report(FeedState.LIVE)
                attempt = 0
                if not first:
                    if self._on_reconnect is not None:
                        self._on_reconnect()
                    deliver(ChangeBatch(resync=True))
                first = False
                self._listen(connection, deliver)
            except Exception:  # the listener must outlive any one failure
                log.info("the change listener lost its connection; reconnecting")
                report(FeedState.RECONNECTING)
                self._stopped.wait(self._backoff[0])
            finally:
                with contextlib.suppress(Exception):  # closing a dead connection
                    connection.close()
        report(FeedState.STOPPED)

    def _listen(self, connection: psycopg.Connection, deliver) -> None:
        quiet_since = time.monotonic()
        while not self._stopped.is_set():
            payloads = [n.payload for n in connection.notifies(timeout=0.5, stop_after=1)]
            if not payloads:
                if time.monotonic() - quiet_since > KEEPALIVE_SECONDS:
                    connection.execute("SELECT 1")  # finds a silently dropped connection
                    quiet_since = time.monotonic()
                continue
            payloads += [n.payload for n in connection.notifies(timeout=BURST_SECONDS)]
            quiet_since = time.monotonic()
            changes = [c for c in map(_change, payloads) if c is not None]
            readable = self._readable(connection, changes)
            if readable:
                deliver(ChangeBatch(tuple(readable)))

    def _readable(self, connection: psycopg.Connection, changes: list[Change]) -> list[Change]:
        """The changes this login may hear of: every id it names is readable to it."""
        wanted: dict[str, set[int]] = {table: set() for table in _READABLE_BY.values()}
        for change in changes:
            for table, row_id in self._ids(change):
                wanted[table].add(row_id)
        visible: dict[str, set[int]] = {}
        for table, ids in wanted.items():
            if ids:
                rows = connection.execute(
                    f"SELECT id FROM {table} WHERE id = ANY(%s)", (sorted(ids),)
                )
                visible[table] = {row[0] for row in rows}
        return [
            change
            for change in changes
            if self._staff_id in change.staff_ids
            or all(row_id in visible.get(table, set()) for table, row_id in self._ids(change))
        ]

    @staticmethod
    def _ids(change: Change) -> list[tuple[str, int]]:
        ids = [
            (_READABLE_BY[key], value)
            for key, value in (
                ("client", change.client_id),
                ("case", change.case_id),
                ("note", change.note_id),
                ("plan", change.plan_id),
            )
            if value is not None
        ]
        if change.table in ("clients", "cases", "case_notes", "service_plans") and change.row_id:
            ids.append((change.table, change.row_id))
        return ids
