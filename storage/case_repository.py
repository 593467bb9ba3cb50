"""Cases in SQL (first slice: what the caseload rule needs)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, exists, insert, select, update

from storage.tables import cases
from storage.timestamps import as_utc


class SqlCaseRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def open_case(
        self,
        client_id: int,
        assigned_staff_id: int | None,
        *,
        opened_on: date,
        by: str,
        at: datetime,
    ) -> int:
        at = as_utc(at)
        return self._conn.execute(
            insert(cases)
            .values(
                client_id=client_id,
                assigned_staff_id=assigned_staff_id,
                status="intake" if assigned_staff_id is None else "open",
                opened_on=opened_on,
                version=1,
                created_at=at,
                created_by=by,
                updated_at=at,
                updated_by=by,
            )
            .returning(cases.c.id)
        ).scalar_one()

    def move_cases(self, from_client: int, to_client: int, *, by: str, at: datetime) -> list[int]:
        """Every case of one client to another; the ids moved, for an undo."""
        moved = (
            self._conn.execute(
                update(cases)
                .where(cases.c.client_id == from_client)
                .values(
                    client_id=to_client,
                    version=cases.c.version + 1,
                    updated_at=as_utc(at),
                    updated_by=by,
                )
                .returning(cases.c.id)
            )
            .scalars()
            .all()
        )
        return sorted(moved)

    def move_cases_back(self, case_ids, to_client: int, *, by: str, at: datetime) -> None:
        if case_ids:
            self._conn.execute(
                update(cases)
                .where(cases.c.id.in_(list(case_ids)))
                .values(
                    client_id=to_client,
                    version=cases.c.version + 1,
                    updated_at=as_utc(at),
                    updated_by=by,
                )
            )

    def is_on_caseload(self, client_id: int, staff_id: int) -> bool:
        return self._conn.execute(select(caseload_clause(client_id, staff_id))).scalar_one()


def caseload_clause(client_id, staff_id: int):
    """True when the client (an id or a column) has a case assigned to ``staff_id``.

    Closed cases count: a caseworker can still read the history of their own
    closed cases; reassigning a case is what takes it away.
    """
    return exists().where(cases.c.client_id == client_id, cases.c.assigned_staff_id == staff_id)
