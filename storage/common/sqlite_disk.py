"""Why the embedded database file could not be written: its disk full, or
read-only, or closed to this account (domain/common/disk_errors.py).

SQLite says "database or disk is full" (SQLITE_FULL) and "attempt to write a
readonly database" (SQLITE_READONLY) itself; on a read-only disk it often says
only "unable to open database file" (its -wal and -shm files cannot be made),
so then the file's folder is tried with a small temporary file of its own, on
the failure path only. Works alike on Windows.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from domain.common.disk_errors import DiskFull, DiskReadOnly, DiskTrouble, disk_trouble
from domain.common.errors import DatabaseUnavailable

_FULL, _READONLY, _CANTOPEN, _IOERR, _PERM = 13, 8, 14, 10, 3  # SQLite's primary codes
_PROBE_BYTES = 4096  # a page: an empty file may be made on a full disk


def sqlite_code(error: BaseException | None) -> int | None:
    """SQLite's primary result code of a sqlite3 error, else None."""
    if not isinstance(error, sqlite3.Error):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:  # the text, as older Pythons gave only that
        text = str(error).lower()
        if "disk is full" in text:
            return _FULL
        if "readonly database" in text:
            return _READONLY
        return None
    return code & 0xFF


def probe_folder(folder: Path) -> DiskTrouble | None:
    """Whether a file of a page can be written in ``folder`` now; None if it can
    (or if the folder is not there at all: not a disk's trouble)."""
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".casedesk-probe-") as probe:
            probe.write(b"\0" * _PROBE_BYTES)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as error:
        return disk_trouble(error)
    return None


def disk_error(orig: BaseException | None, database: str | None) -> DatabaseUnavailable | None:
    """The disk's trouble behind a failed statement on the file ``database``, or None."""
    code = sqlite_code(orig)
    if code is None or not database or database == ":memory:":
        return None
    if code == _FULL:
        return DiskFull(database)
    if code in (_READONLY, _CANTOPEN, _IOERR, _PERM):
        trouble = probe_folder(Path(database).parent)
        if trouble is DiskTrouble.FULL:
            return DiskFull(database)
        if trouble is not None:
            return DiskReadOnly(database, trouble)
        if code == _READONLY:  # the folder takes files: the file itself is read-only
            return DiskReadOnly(database)
    return None
