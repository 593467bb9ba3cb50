"""A backup copy of the embedded database as CaseDesk knows it, once checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class BackupKind(StrEnum):
    # The first sign-in of each day makes one.
    DAILY = "daily"
    # `db backup`, or "Back up now" on the Settings page.
    MANUAL = "manual"
    # Made before a migration changes the schema; always kept.
    BEFORE_UPGRADE = "before-upgrade"


@dataclass(frozen=True)
class BackupCopy:
    """A copy that passed its check: PRAGMA integrity_check said ok, and every table
    held as many rows as the database did at the moment of the copy."""

    location: str  # the file, as the person's file manager shows it
    taken_at: datetime  # timezone-aware
    kind: BackupKind
    size_bytes: int
    schema_revision: str | None
    # Rows per table as the check counted them.
    row_counts: dict[str, int] = field(default_factory=dict, hash=False, compare=False)

    @property
    def rows(self) -> int:
        return sum(self.row_counts.values())


class BackupFolderUnreachable(Exception):
    """The backup folder cannot be reached or written (an unplugged USB drive, a
    network share that is down); the message names the folder."""


class BackupFailed(Exception):
    """No good copy was made; the message says why and what to do. A copy that
    failed its check is never left where it could pass for a good one."""
