"""When a copy is due, and when the administrator must hear that backups are failing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo

from domain.backups.copies import BackupCopy

# An administrator signing in is warned when no checked copy is newer than this.
STALE_AFTER = timedelta(days=7)


def newest_copy(copies: Iterable[BackupCopy]) -> BackupCopy | None:
    return max(copies, key=lambda c: c.taken_at, default=None)


def daily_copy_due(copies: Iterable[BackupCopy], now: datetime, zone: tzinfo | None = None) -> bool:
    """True at the first sign-in of a day: no checked copy, of any kind, was made
    today (the office's day, in ``zone``; None: this computer's)."""
    today = now.astimezone(zone).date()
    return all(c.taken_at.astimezone(zone).date() != today for c in copies)


def backup_warning(
    folder: str, copies: Iterable[BackupCopy] | None, now: datetime, problem: str = ""
) -> str | None:
    """What to tell an administrator at sign-in, or None when all is well.

    ``copies`` None: the folder could not be read (``problem`` says why, naming it).
    """
    if copies is None:
        why = problem or f"CaseDesk cannot reach the backup folder {folder}."
        return (
            f"{why} No backup can be made or checked there until it is back, or until "
            "another folder is chosen on the Settings tab, under Backups."
        )
    newest = newest_copy(copies)
    if newest is None:
        return (
            f"There is no checked backup of the database in {folder} yet. Make one on the "
            "Settings tab, under Backups (Back up now)."
        )
    if now - newest.taken_at > STALE_AFTER:
        return (
            f"No checked backup of the database is newer than {STALE_AFTER.days} days: the "
            f"last good one was made on {newest.taken_at.astimezone():%d %B %Y} "
            f"({newest.location}). Check the backup folder on the Settings tab, under "
            "Backups, and make one now."
        )
    return None
