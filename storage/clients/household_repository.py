"""Households and merges in SQL. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, or_, select, update

from domain.clients.merge_record import MergeRecord
from storage.clients.repository import SUMMARY_COLUMNS, _summary
from storage.clients.tables import client_merges, clients, households
from storage.common.timestamps import as_utc, as_utc_or_none


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


def _merge(row) -> MergeRecord:
    return MergeRecord(
        id=row.id,
        survivor_id=row.survivor_id,
        merged_id=row.merged_id,
        reason=row.reason,
        moved_case_ids=tuple(int(x) for x in row.moved_case_ids.split(",") if x),
        merged_at=as_utc(row.merged_at),
        merged_by=row.merged_by,
        undone_at=as_utc_or_none(row.undone_at),
    )


class SqlMergeRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def add(self, survivor_id, merged_id, reason, moved_case_ids, *, by, at) -> MergeRecord:
        merge_id = self._conn.execute(
            insert(client_merges)
            .values(
                survivor_id=survivor_id,
                merged_id=merged_id,
                reason=reason,
                moved_case_ids=",".join(str(i) for i in moved_case_ids),
                merged_at=as_utc(at),
                merged_by=by,
            )
            .returning(client_merges.c.id)
        ).scalar_one()
        record = self.get(merge_id)
        assert record is not None
        return record

    def get(self, merge_id: int) -> MergeRecord | None:
        row = self._conn.execute(
            select(client_merges).where(client_merges.c.id == merge_id)
        ).one_or_none()
        return _merge(row) if row else None

    def for_client(self, client_id: int) -> list[MergeRecord]:
        rows = self._conn.execute(
            select(client_merges)
            .where(
                or_(
                    client_merges.c.survivor_id == client_id, client_merges.c.merged_id == client_id
                )
            )
            .order_by(client_merges.c.id.desc())
        )
        return [_merge(row) for row in rows]

    def mark_undone(self, merge_id: int, *, by: str, at: datetime) -> None:
        self._conn.execute(
            update(client_merges)
            .where(client_merges.c.id == merge_id)
            .values(undone_at=as_utc(at), undone_by=by)
        )
