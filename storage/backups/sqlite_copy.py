"""Copying the embedded database while people work in it, and checking a copy.

The copy uses SQLite's online backup API, a step of pages at a time with a
short pause between steps, so a copy of a large file never hogs the disk. It is
taken inside one read transaction on the source: in WAL mode (CaseDesk's
engines always use it) that snapshot never blocks the app's writes, and since
the source connection itself sees no change, the backup never restarts however
busy the office is. Row counts read in the same transaction are the source as
of the copy, which the check compares the copy against.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

# 1,024 pages of 4 KiB: 4 MiB per step.
PAGES_PER_STEP = 1024
PAUSE_BETWEEN_STEPS = 0.005  # seconds
SQLITE_HEADER = b"SQLite format 3\x00"


class CopyCancelled(Exception):
    """The copy was stopped half-way (CaseDesk is closing); the partial file is unusable."""


@dataclass(frozen=True)
class CopyCheck:
    """What a copy holds: PRAGMA integrity_check's verdict, rows per table, schema."""

    integrity: str  # "ok", or the first problems found
    row_counts: dict[str, int]
    schema_revision: str | None

    @property
    def intact(self) -> bool:
        return self.integrity == "ok"


def is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
            "ESCAPE '\\' ORDER BY name"
        )
    ]
    counts = {}
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        counts[name] = connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
    return counts


def schema_revision(connection: sqlite3.Connection) -> str | None:
    """The alembic_version a CaseDesk database records; None when it has none."""
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens ``path`` read-only. Not Path.as_uri(): a share's
    file:////server/share/... must keep its authority empty, which SQLite requires."""
    posix = path.resolve().as_posix()
    if not posix.startswith("/"):
        posix = "/" + posix  # C:/... becomes file:///C:/...
    return "file://" + quote(posix, safe="/:") + "?mode=ro"


def open_read_only(path: Path) -> sqlite3.Connection:
    """Reads ``path`` without ever writing it (a copy on a USB stick stays as made)."""
    return sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None)


def check_copy(path: Path) -> CopyCheck:
    connection = open_read_only(path)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check(20)")]
        integrity = "ok" if problems == ["ok"] else "; ".join(problems)
        return CopyCheck(integrity, table_counts(connection), schema_revision(connection))
    finally:
        connection.close()


def copy_snapshot(
    source: Path | sqlite3.Connection,
    target: Path,
    *,
    pages: int = PAGES_PER_STEP,
    pause: float = PAUSE_BETWEEN_STEPS,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, int]:
    """Copies ``source`` into the new file ``target``; the source's rows per table
    as of the copy. ``target`` is left a single self-contained file (no WAL)."""
    own = not isinstance(source, sqlite3.Connection)
    connection = sqlite3.connect(source, isolation_level=None, timeout=15) if own else source
    try:
        # The snapshot: every page copied, and every count, is of this one moment.
        connection.execute("BEGIN")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        destination = sqlite3.connect(target, isolation_level=None)
        try:

            def between_steps(_status: int, remaining: int, _total: int) -> None:
                if cancelled is not None and cancelled():
                    raise CopyCancelled()
                if remaining:
                    time.sleep(pause)  # the GIL and the disk are free meanwhile

            connection.backup(destination, pages=pages, progress=between_steps)
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
        return table_counts(connection)
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        if own:
            connection.close()
