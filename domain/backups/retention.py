"""Which backup copies to keep: 7 daily, 4 weekly and every copy made before an
upgrade.

As restic's --keep-daily 7 --keep-weekly 4: of the seven most recent days that
have a copy, the newest copy of each day; of the four most recent weeks (Monday
to Sunday) that have one, the newest of each week. A copy can count as both,
so the folder holds at most 11 ordinary copies, reaching back about a month.
Copies made before an upgrade are the way back from a migration gone wrong:
they are never removed by this rule. Days and weeks are the office's own, in
its time zone, not UTC.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import datetime, tzinfo

from domain.backups.copies import BackupCopy, BackupKind

KEEP_DAILY = 7
KEEP_WEEKLY = 4


def _local(moment: datetime, zone: tzinfo | None) -> datetime:
    return moment.astimezone(zone)


def _newest_per_bucket(
    copies: list[BackupCopy], bucket: Callable[[BackupCopy], Hashable], how_many: int
) -> set[BackupCopy]:
    """The newest copy of each of the ``how_many`` most recent buckets that hold one."""
    kept: dict[Hashable, BackupCopy] = {}
    for copy in sorted(copies, key=lambda c: c.taken_at, reverse=True):
        key = bucket(copy)
        if key not in kept:
            if len(kept) == how_many:
                break
            kept[key] = copy
    return set(kept.values())


def copies_to_keep(copies: Iterable[BackupCopy], zone: tzinfo | None = None) -> set[BackupCopy]:
    """``zone``: the office's time zone (None: this computer's)."""
    copies = list(copies)
    ordinary = [c for c in copies if c.kind is not BackupKind.BEFORE_UPGRADE]
    daily = _newest_per_bucket(ordinary, lambda c: _local(c.taken_at, zone).date(), KEEP_DAILY)
    weekly = _newest_per_bucket(
        ordinary, lambda c: _local(c.taken_at, zone).isocalendar()[:2], KEEP_WEEKLY
    )
    upgrades = {c for c in copies if c.kind is BackupKind.BEFORE_UPGRADE}
    return daily | weekly | upgrades


def copies_to_remove(copies: Iterable[BackupCopy], zone: tzinfo | None = None) -> list[BackupCopy]:
    """The rest, oldest first."""
    copies = list(copies)
    keep = copies_to_keep(copies, zone)
    return sorted((c for c in copies if c not in keep), key=lambda c: c.taken_at)
