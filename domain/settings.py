"""Office settings an administrator changes, with their defaults and rules."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import ValidationError

IDLE_LOCK_MINUTES = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 15
IDLE_LOCK_RANGE = (1, 240)


@dataclass(frozen=True)
class OfficeSettings:
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES

    @classmethod
    def from_stored(cls, stored: dict[str, str]) -> OfficeSettings:
        try:
            minutes = int(stored.get(IDLE_LOCK_MINUTES, DEFAULT_IDLE_LOCK_MINUTES))
        except ValueError:
            minutes = DEFAULT_IDLE_LOCK_MINUTES
        low, high = IDLE_LOCK_RANGE
        return cls(idle_lock_minutes=min(max(minutes, low), high))


def parse_idle_lock_minutes(raw: str) -> int:
    low, high = IDLE_LOCK_RANGE
    text = raw.strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValidationError(
            {IDLE_LOCK_MINUTES: f"Enter a whole number of minutes from {low} to {high}."}
        )
    return int(text)
