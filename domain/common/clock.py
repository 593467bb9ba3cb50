"""The time source use cases are handed, so tests can fix "now"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The office's calendar day at that moment: the workstation's time zone, not UTC,
    so that an evening in Ohio is not already tomorrow."""
    return moment.astimezone().date()
