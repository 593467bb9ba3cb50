"""Households in SQL. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from storage.clients.repository import SUMMARY_COLUMNS, _summary
from storage.clients.tables import clients, households
from storage.common.timestamps import as_utc


class SqlHouseholdRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def create(self, *, by: str, at: datetime) -> int:
        at = as_utc(at)
        return self._conn.execute(
            insert(households)
            .values(version=1, created_at=at, created_by=by, updated_at=at, updated_by=by)
            .returning(households.c.id)
        ).scalar_one()

    def members(self, household_id: int) -> list:
        rows = self._conn.execute(
            select(*SUMMARY_COLUMNS, clients.c.relationship_to_head).where(
                clients.c.household_id == household_id, clients.c.merged_into_id.is_(None)
            )
        )
        return [(_summary(row), row.relationship_to_head) for row in rows]

    def size(self, household_id: int) -> int:
        """Members listed (records merged away are not)."""
        return self._conn.execute(
            select(func.count()).where(
                clients.c.household_id == household_id, clients.c.merged_into_id.is_(None)
            )
        ).scalar_one()
