"""Noticing changes to the embedded file, from this process or another one.

SQLite cannot announce changes, but ``PRAGMA data_version`` on a connection
of its own changes whenever any other connection (the app's own pool in this
process, or a second CaseDesk on the same file) commits. One watcher per
process checks it about once a second and asks every open view to re-read;
every window of the process shares it.

Opening a view writes its audit row, which changes the data version too: a
commit that wrote nothing but views, sign-ins and prints is no change anyone
needs to see (and answering it would make views re-read, audit, and re-read
for ever). A commit with no audit row at all (a draft's autosave) counts.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from domain.live.changes import ChangeBatch, FeedState
from storage.live.feed_thread import FeedThread

log = logging.getLogger(__name__)

CHECK_SECONDS = 1.0
# Audit actions that record looking, not changing (domain/audit/events.py).
_QUIET_SUFFIXES = (
    ".viewed",
    ".ssn_viewed",
    ".exported",
    ".prepared",
    ".printed",
    ".refused",
    ".downloaded",
)
_QUIET_ACTIONS = {
    "sign_in.succeeded",
    "sign_in.failed",
    "sign_out",
    "session.locked",
    "session.unlocked",
    "access.refused",
    "information.released",
}
_NEW_AUDIT_ROWS = "SELECT id, action FROM audit_events WHERE id > ? ORDER BY id"


def _quiet(action: str) -> bool:
    return action in _QUIET_ACTIONS or action.endswith(_QUIET_SUFFIXES)


class SqliteChangeFeed(FeedThread):
    def __init__(self, connect: Callable[[], sqlite3.Connection], *, every: float = CHECK_SECONDS):
        super().__init__()
        self._connect = connect
        self._every = every

    def _run(self, deliver, report) -> None:
        connection = None
        seen = None
        last_audit = 0
        while not self._stopped.is_set():
            try:
                if connection is None:
                    connection = self._connect()
                    last_audit = self._last_audit(connection)
                    report(FeedState.WATCHING)
                version = connection.execute("PRAGMA data_version").fetchone()[0]
                if seen is not None and version != seen:
                    rows = connection.execute(_NEW_AUDIT_ROWS, (last_audit,)).fetchall()
                    if rows:
                        last_audit = rows[-1][0]
                    if not rows or not all(_quiet(action) for _id, action in rows):
                        deliver(ChangeBatch(resync=True))
                seen = version
            except sqlite3.Error:
                log.info("the embedded database could not be checked for changes; retrying")
                report(FeedState.RECONNECTING)
                if connection is not None:
                    connection.close()
                connection = None
            self._stopped.wait(self._every)
        if connection is not None:
            connection.close()
        report(FeedState.STOPPED)

    @staticmethod
    def _last_audit(connection: sqlite3.Connection) -> int:
        return connection.execute("SELECT coalesce(max(id), 0) FROM audit_events").fetchone()[0]
