"""Office settings in SQL: a small key/value table, each row with its version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from domain.common.errors import ConflictError
from domain.settings.office_settings import SETTING_NAMES
from storage.common.timestamps import as_utc
from storage.settings.tables import settings

S = settings.c


class SqlSettingsRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def all(self) -> dict[str, str]:
        return dict(self._conn.execute(select(S.key, S.value)).all())

    def versions(self) -> dict[str, int]:
        return dict(self._conn.execute(select(S.key, S.version)).all())

    def put(
        self, key: str, value: str, *, expected_version: int | None, by: str, at: datetime
    ) -> None:
        stamps = {"value": value, "updated_by": by, "updated_at": as_utc(at)}
        if expected_version is None:
            self._replace(key, stamps)
            return
        if expected_version == 0:
            # Never saved: of two first saves one inserts, the other finds the row
            # (on PostgreSQL after waiting for the first to commit) and is refused.
            dialect_insert = pg_insert if self._conn.dialect.name == "postgresql" else sqlite_insert
            statement = (
                dialect_insert(settings)
                .values(key=key, version=1, **stamps)
                .on_conflict_do_nothing(index_elements=["key"])
            )
        else:
            # The check is in the UPDATE itself, not read before it: a concurrent save
            # of the row waits for this one and then matches no row.
            statement = (
                update(settings)
                .where(S.key == key, S.version == expected_version)
                .values(version=S.version + 1, **stamps)
            )
        if self._conn.execute(statement.returning(S.key)).one_or_none() is None:
            self._conflict(key)

    def _replace(self, key: str, stamps: dict) -> None:
        changed = self._conn.execute(
            update(settings).where(S.key == key).values(version=S.version + 1, **stamps)
        ).rowcount
        if not changed:
            self._conn.execute(settings.insert().values(key=key, version=1, **stamps))

    def _conflict(self, key: str) -> None:
        current = self._conn.execute(
            select(S.updated_by, S.updated_at).where(S.key == key)
        ).one_or_none()
        what = SETTING_NAMES.get(key, "The setting")
        if current is None:  # rows are never deleted, but say "someone else" if one was
            raise ConflictError(what, None, None)
        raise ConflictError(what, current.updated_by, as_utc(current.updated_at))
