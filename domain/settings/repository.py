"""What office settings need from storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class SettingsRepository(Protocol):
    def all(self) -> dict[str, str]: ...

    def put(self, key: str, value: str, *, by: str, at: datetime) -> None: ...
