"""Throttling failed sign-ins per account, with a lock-out that grows.

Five failures in a row lock the account for 15 minutes; each further lock-out
before a successful sign-in doubles the time, up to a day.
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


def after_failure(failed_logins: int, lockouts: int, now: datetime) -> FailureOutcome:
    failed = failed_logins + 1
    if failed < FAILURES_BEFORE_LOCKOUT:
        return FailureOutcome(failed, lockouts, None)
    duration = min(FIRST_LOCKOUT * (2**lockouts), LONGEST_LOCKOUT)
    return FailureOutcome(0, lockouts + 1, now + duration)
