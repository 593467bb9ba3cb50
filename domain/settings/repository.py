"""What office settings need from storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class SettingsRepository(Protocol):
    def all(self) -> dict[str, str]: ...

    def versions(self) -> dict[str, int]:
        """Each stored setting's version; a setting never saved has no entry."""
        ...

    def put(
        self, key: str, value: str, *, expected_version: int | None, by: str, at: datetime
    ) -> None:
        """Save over ``expected_version`` (0: never saved); ``ConflictError`` with who
        saved it last if that is stale. None saves over whatever is stored."""
        ...
