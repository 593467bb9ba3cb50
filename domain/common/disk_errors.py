"""A disk that refuses a write: full, or read-only (or closed to this account).

The database file (embedded mode) and the copies of drafts on this computer sit
on a disk that may fill up, or be a write-protected USB drive or a read-only
network share. The person must read which of these it is, and that nothing was
half-written: the storage layer reports the database's trouble as one of the
errors below, and anyone holding an ``OSError`` asks ``disk_trouble`` what it
means. Plain Python: ``errno`` numbers, and Windows' own codes where Python
reports them (``OSError.winerror``).
"""

from __future__ import annotations

import errno
from enum import StrEnum

from domain.common.errors import DatabaseUnavailable


class DiskTrouble(StrEnum):
    FULL = "full"
    READ_ONLY = "read-only"
    NO_PERMISSION = "no permission"


_BY_ERRNO = {
    errno.ENOSPC: DiskTrouble.FULL,
    errno.EFBIG: DiskTrouble.FULL,  # a file-size limit: no room for this file
    errno.EROFS: DiskTrouble.READ_ONLY,
    errno.EACCES: DiskTrouble.NO_PERMISSION,
    errno.EPERM: DiskTrouble.NO_PERMISSION,
}
if hasattr(errno, "EDQUOT"):  # not on Windows
    _BY_ERRNO[errno.EDQUOT] = DiskTrouble.FULL

# Windows system error codes (winerror.h), for the errors Python maps to EACCES.
_BY_WINERROR = {
    19: DiskTrouble.READ_ONLY,  # ERROR_WRITE_PROTECT: a write-protected disk
    39: DiskTrouble.FULL,  # ERROR_HANDLE_DISK_FULL
    112: DiskTrouble.FULL,  # ERROR_DISK_FULL
    1295: DiskTrouble.NO_PERMISSION,  # ERROR_ACCESS_DISABLED_BY_POLICY
}


def disk_trouble(error: BaseException) -> DiskTrouble | None:
    """What ``error`` says about the disk written to, or None for anything else."""
    if not isinstance(error, OSError):
        return None
    winerror = getattr(error, "winerror", None)
    if winerror in _BY_WINERROR:
        return _BY_WINERROR[winerror]
    return _BY_ERRNO.get(error.errno)


class DiskFull(DatabaseUnavailable):
    """The disk that holds the database file has no room left; nothing was saved."""

    def __init__(self, where: str):
        self.where = where
        super().__init__(
            f"The disk is full: the database file {where} could not be written, so nothing "
            "was saved. Free some space on that disk (or ask your administrator to) and try "
            "again."
        )


class DiskReadOnly(DatabaseUnavailable):
    """The database file may be read (perhaps) but not written; nothing was saved."""

    def __init__(self, where: str, trouble: DiskTrouble = DiskTrouble.READ_ONLY):
        self.where = where
        self.trouble = trouble
        if trouble is DiskTrouble.NO_PERMISSION:
            opening = (
                f"CaseDesk may not write to the database file {where}: this account "
                "lacks permission there"
            )
        else:
            opening = (
                f"The disk is read-only: the database file {where} could not be written "
                "(a write-protected drive, a read-only share, or the file marked read-only)"
            )
        super().__init__(
            f"{opening}, so nothing was saved. Ask your administrator to make it "
            "writable, then try again."
        )


def local_copy_failure(error: BaseException) -> str:
    """What to tell the person when the copy of a draft on this computer could not
    be written (the copy kept before stays as it was)."""
    trouble = disk_trouble(error)
    if trouble is DiskTrouble.FULL:
        return (
            "The disk is full: the copy of this draft on this computer could not be "
            "updated (any copy kept before is unchanged). Free some space on the disk."
        )
    if trouble is DiskTrouble.READ_ONLY:
        return (
            "The disk is read-only: the copy of this draft on this computer could not be "
            "updated (any copy kept before is unchanged)."
        )
    if trouble is DiskTrouble.NO_PERMISSION:
        return (
            "CaseDesk may not write to its drafts folder on this computer: the copy of "
            "this draft could not be updated (any copy kept before is unchanged)."
        )
    return "Could not keep a copy on this computer (any copy kept before is unchanged)."
