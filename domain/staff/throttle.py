"""Throttling failed sign-ins per account, with a lock-out that grows.

Five failures in a row lock the account for 15 minutes; each further lock-out
before a successful sign-in doubles the time, up to a day. A guess while locked
starts the lock's time again, so guessing on cannot wait a lock out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

FAILURES_BEFORE_LOCKOUT = 5
FIRST_LOCKOUT = timedelta(minutes=15)
LONGEST_LOCKOUT = timedelta(days=1)


@dataclass(frozen=True)
class FailureOutcome:
    failed_logins: int
    lockouts: int
    locked_until: datetime | None

    @property
    def locked(self) -> bool:
        return self.locked_until is not None


def lockout_length(lockouts_before: int) -> timedelta:
    return min(FIRST_LOCKOUT * (2 ** min(lockouts_before, 16)), LONGEST_LOCKOUT)


def after_failure(failed_logins: int, lockouts: int, now: datetime) -> FailureOutcome:
    failed = failed_logins + 1
    if failed < FAILURES_BEFORE_LOCKOUT:
        return FailureOutcome(failed, lockouts, None)
    return FailureOutcome(0, lockouts + 1, now + lockout_length(lockouts))


def after_failure_while_locked(
    lockouts: int, locked_until: datetime, now: datetime
) -> FailureOutcome:
    """The lock in force (the ``lockouts``-th) runs again from ``now``."""
    again = now + lockout_length(max(lockouts - 1, 0))
    return FailureOutcome(0, lockouts, max(locked_until, again))
