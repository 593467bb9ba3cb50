"""Office settings in SQL: a small key/value table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select, update

from storage.common.timestamps import as_utc
from storage.settings.tables import settings


class SqlSettingsRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def all(self) -> dict[str, str]:
        return dict(self._conn.execute(select(settings.c.key, settings.c.value)).all())

    def put(self, key: str, value: str, *, by: str, at: datetime) -> None:
        changed = self._conn.execute(
            update(settings)
            .where(settings.c.key == key)
            .values(value=value, updated_by=by, updated_at=as_utc(at))
        ).rowcount
        if not changed:
            self._conn.execute(
                settings.insert().values(key=key, value=value, updated_by=by, updated_at=as_utc(at))
            )
