"""How large an attachment may be: an office setting the administrator changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.attachments.attachment import MEGABYTE
from domain.common.errors import ValidationError

# Stored in the office settings, in whole megabytes (on PostgreSQL the server
# reads the same key and refuses a larger file itself, migration 0026).
ATTACHMENT_MAX_MB = "attachment_max_mb"
DEFAULT_MAX_MB = 25
# A row of a few hundred megabytes would hold up every backup and every desk that
# opens it; 100 MB is far more than any scan a caseworker needs.
MAX_MB_RANGE = (1, 100)


@dataclass(frozen=True)
class SizeLimit:
    megabytes: int = DEFAULT_MAX_MB
    version: int = 0  # of the stored setting; 0 while it has never been saved

    @property
    def largest(self) -> int:
        """In bytes."""
        return self.megabytes * MEGABYTE

    @classmethod
    def from_stored(cls, stored: Mapping[str, str], versions: Mapping[str, int]) -> SizeLimit:
        low, high = MAX_MB_RANGE
        try:
            megabytes = int(stored.get(ATTACHMENT_MAX_MB, DEFAULT_MAX_MB))
        except ValueError:
            megabytes = DEFAULT_MAX_MB
        return cls(min(max(megabytes, low), high), versions.get(ATTACHMENT_MAX_MB, 0))


@dataclass(frozen=True)
class SizeLimitForm:
    """The settings section as typed (what a stale save compares)."""

    attachment_max_mb: str = ""


def size_limit_form(limit: SizeLimit) -> SizeLimitForm:
    return SizeLimitForm(str(limit.megabytes))


def parse_max_mb(raw: str) -> int:
    low, high = MAX_MB_RANGE
    text = raw.strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValidationError(
            {ATTACHMENT_MAX_MB: f"Enter a whole number of megabytes from {low} to {high}."}
        )
    return int(text)
