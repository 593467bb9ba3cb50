"""Merges in SQL: the merge records, and moving a person's rows between records.

Never commits. Which tables move is storage/clients/merge_rules.py.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, func, insert, or_, select, update

from domain.clients.merge_record import MergeRecord
from storage.clients.merge_rules import MOVED
from storage.clients.tables import client_merges
from storage.common.timestamps import as_utc, as_utc_or_none
from storage.every_table import metadata


def _merge(row) -> MergeRecord:
    detail = json.loads(row.detail) if row.detail else {}
    household = detail.get("household_before")
    return MergeRecord(
        id=row.id,
        survivor_id=row.survivor_id,
        merged_id=row.merged_id,
        reason=row.reason,
        moved_case_ids=tuple(int(x) for x in row.moved_case_ids.split(",") if x),
        merged_at=as_utc(row.merged_at),
        merged_by=row.merged_by,
        undone_at=as_utc_or_none(row.undone_at),
        moved={kind: tuple(ids) for kind, ids in detail.get("moved", {}).items()},
        taken_before=detail.get("taken_before", {}),
        household_before=None if household is None else (household[0], household[1]),
    )


def _table_column(kind: str):
    table_name, column = MOVED[kind]
    table = metadata.tables[table_name]
    return table, table.c[column]


def _stamped(table, by: str, at: datetime) -> dict:
    # A new version, so an editor opened on the row before the merge cannot save over it.
    return {"version": table.c.version + 1, "updated_at": as_utc(at), "updated_by": by}


class SqlMergeRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def linked_counts(self, client_id: int) -> dict[str, int]:
        counts = {}
        for kind in MOVED:
            table, column = _table_column(kind)
            counts[kind] = self._conn.execute(
                select(func.count()).select_from(table).where(column == client_id)
            ).scalar_one()
        return counts

    def move_linked(
        self, from_client: int, to_client: int, *, by: str, at: datetime
    ) -> dict[str, tuple[int, ...]]:
        """Every row of the kinds that move; the ids moved, per kind, for an undo."""
        moved = {}
        for kind in MOVED:
            table, column = _table_column(kind)
            ids = self._conn.execute(
                update(table)
                .where(column == from_client)
                .values({column.name: to_client, **_stamped(table, by, at)})
                .returning(table.c.id)
            ).scalars()
            moved[kind] = tuple(sorted(ids))
        return moved

    def move_back(
        self, moved: dict[str, tuple[int, ...]], to_client: int, *, by: str, at: datetime
    ) -> None:
        for kind, ids in moved.items():
            if not ids:
                continue
            table, column = _table_column(kind)
            self._conn.execute(
                update(table)
                .where(table.c.id.in_(list(ids)))
                .values({column.name: to_client, **_stamped(table, by, at)})
            )

    def add(
        self,
        survivor_id: int,
        merged_id: int,
        reason: str,
        moved: dict[str, tuple[int, ...]],
        *,
        taken_before: dict[str, dict],
        household_before: tuple[int | None, int | None] | None,
        by: str,
        at: datetime,
    ) -> MergeRecord:
        others = {kind: list(ids) for kind, ids in moved.items() if kind != "cases"}
        detail = {"moved": others, "taken_before": taken_before}
        if household_before is not None:
            detail["household_before"] = list(household_before)
        merge_id = self._conn.execute(
            insert(client_merges)
            .values(
                survivor_id=survivor_id,
                merged_id=merged_id,
                reason=reason,
                moved_case_ids=",".join(str(i) for i in moved.get("cases", ())),
                detail=json.dumps(detail, sort_keys=True),
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
