"""Putting a copy back as the embedded database.

The copy is checked where it lies (a CaseDesk database, a schema this version
knows, intact), copied into a new file beside the database and checked again
there; only then are the files swapped. The database it replaces is kept beside
it under a dated name, e.g. ``casedesk-replaced-2026-12-05-091207.sqlite3``.

The swap needs the file closed everywhere: CaseDesk takes the database out of
WAL mode first, which SQLite allows only when no other connection has it open,
and which also folds the WAL into the file so the kept copy is whole. Renames
use os.replace, which works on Windows once nothing holds the file open.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from storage.backups.backup_files import STAMP
from storage.backups.sqlite_copy import (
    check_copy,
    copy_snapshot,
    is_sqlite_file,
    open_read_only,
    schema_revision,
)
from storage.schema import head_revision, script_directory

# How long to wait for another program to let go of the database.
IN_USE_TIMEOUT = 2.0


class RestoreRefused(Exception):
    """Nothing was changed; the message says why. ``newer_schema``: written by a
    newer CaseDesk (its own exit code)."""

    def __init__(self, message: str, *, newer_schema: bool = False):
        super().__init__(message)
        self.newer_schema = newer_schema


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    kept: Path | None  # the database that was replaced; None when there was none
    schema_revision: str
    row_counts: dict[str, int]


def _wal_files(database: Path) -> list[Path]:
    return [database.with_name(database.name + suffix) for suffix in ("-wal", "-shm")]


def check_backup(backup: Path) -> tuple[str, dict[str, int]]:
    """The copy's schema revision and rows per table; ``RestoreRefused`` unless this
    version of CaseDesk can use it."""
    if not backup.is_file():
        raise RestoreRefused(f"There is no file {backup}.")
    if not is_sqlite_file(backup):
        raise RestoreRefused(f"{backup} is not a CaseDesk backup (not an SQLite database file).")
    try:
        connection = open_read_only(backup)
        try:
            revision = schema_revision(connection)
        finally:
            connection.close()
        if revision is None:
            raise RestoreRefused(
                f"{backup} holds no CaseDesk database (it has no schema revision)."
            )
        known = {script.revision for script in script_directory().walk_revisions()}
        if revision not in known:
            raise RestoreRefused(
                f"{backup} was written by a newer version of CaseDesk (schema {revision}; this "
                f"version knows schemas up to {head_revision()}). Install that version to "
                "restore it.",
                newer_schema=True,
            )
        check = check_copy(backup)
    except sqlite3.Error as error:
        raise RestoreRefused(f"CaseDesk cannot read {backup}: {error}.") from None
    if not check.intact:
        raise RestoreRefused(f"{backup} is damaged (SQLite's integrity check: {check.integrity}).")
    return revision, check.row_counts


def _close_for_swap(database: Path) -> None:
    """Folds the WAL into ``database`` and leaves it in rollback-journal mode;
    ``RestoreRefused`` when another program (CaseDesk on this computer) has it open."""
    try:
        connection = sqlite3.connect(database, isolation_level=None, timeout=IN_USE_TIMEOUT)
        try:
            mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            mode = "wal"
        else:
            raise RestoreRefused(f"CaseDesk cannot open {database}: {error}.") from None
    if mode != "delete" or any(path.exists() for path in _wal_files(database)[:1]):
        raise RestoreRefused(
            f"{database} is in use: close CaseDesk (every window, for every account on this "
            "computer), then restore again. Nothing was changed."
        )


def restore_database(backup: Path, database: Path, at: datetime) -> RestoreResult:
    """Replaces ``database`` with the copy ``backup``; see the module's notes."""
    revision, counts = check_backup(backup)
    incoming = database.with_name(database.name + ".restoring")
    incoming.unlink(missing_ok=True)
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        source = open_read_only(backup)
        try:
            copy_snapshot(source, incoming)
        finally:
            source.close()
        restored = check_copy(incoming)
    except (OSError, sqlite3.Error) as error:
        incoming.unlink(missing_ok=True)
        raise RestoreRefused(f"The copy could not be written beside {database}: {error}.") from None
    if not restored.intact or restored.row_counts != counts:
        incoming.unlink(missing_ok=True)
        raise RestoreRefused(
            f"The restored file did not match {backup} when checked; nothing was changed."
        )
    kept = None
    try:
        if database.exists():
            _close_for_swap(database)
            kept = database.with_name(
                f"{database.stem}-replaced-{at.astimezone():{STAMP}}{database.suffix}"
            )
            os.replace(database, kept)
            for leftover in _wal_files(database):  # none after leaving WAL; never reuse one
                leftover.unlink(missing_ok=True)
        try:
            os.replace(incoming, database)
        except OSError:
            if kept is not None:
                os.replace(kept, database)
            raise
    except OSError as error:
        incoming.unlink(missing_ok=True)
        raise RestoreRefused(
            f"The files could not be swapped ({error.strerror or error}); the database was "
            "left as it was."
        ) from None
    except RestoreRefused:
        incoming.unlink(missing_ok=True)
        raise
    return RestoreResult(database, kept, revision, counts)
