"""Clients in SQL: rows in, frozen domain records out. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, insert, select, update

from domain.clients import ClientFields, ClientRecord, ClientSummary, client_number
from domain.errors import ConflictError, NotFound
from storage.case_repository import caseload_clause
from storage.tables import clients
from storage.timestamps import as_utc


def _record(row) -> ClientRecord:
    return ClientRecord(
        id=row.id,
        version=row.version,
        first_name=row.first_name,
        last_name=row.last_name,
        date_of_birth=row.date_of_birth,
        phone=row.phone,
        phone_digits=row.phone_digits,
        created_at=as_utc(row.created_at),
        created_by=row.created_by,
        updated_at=as_utc(row.updated_at),
        updated_by=row.updated_by,
    )


def _values(values: ClientFields) -> dict:
    return {
        "first_name": values.first_name,
        "last_name": values.last_name,
        "date_of_birth": values.date_of_birth,
        "phone": values.phone,
        "phone_digits": values.phone_digits,
    }


class SqlClientRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def add(self, values: ClientFields, *, by: str, at: datetime) -> ClientRecord:
        at = as_utc(at)
        row = self._conn.execute(
            insert(clients)
            .values(
                **_values(values),
                version=1,
                created_at=at,
                created_by=by,
                updated_at=at,
                updated_by=by,
            )
            .returning(*clients.c)
        ).one()
        return _record(row)

    def get(self, client_id: int) -> ClientRecord | None:
        row = self._conn.execute(select(clients).where(clients.c.id == client_id)).one_or_none()
        return _record(row) if row else None

    def update(
        self,
        client_id: int,
        expected_version: int,
        values: ClientFields,
        *,
        by: str,
        at: datetime,
    ) -> ClientRecord:
        # The version check and the write are one statement: two saves of the same
        # version cannot both succeed, whichever database this is.
        row = self._conn.execute(
            update(clients)
            .where(clients.c.id == client_id, clients.c.version == expected_version)
            .values(
                **_values(values),
                version=clients.c.version + 1,
                updated_at=as_utc(at),
                updated_by=by,
            )
            .returning(*clients.c)
        ).one_or_none()
        if row is not None:
            return _record(row)
        current = self.get(client_id)
        if current is None:
            raise NotFound(f"Client {client_number(client_id)} does not exist.")
        raise ConflictError(
            f"The record of {current.display_name} ({current.number})",
            changed_by=current.updated_by,
            changed_at=current.updated_at,
        )

    def list_page(
        self, *, offset: int, limit: int, caseload_of: int | None = None
    ) -> list[ClientSummary]:
        query = (
            select(
                clients.c.id,
                clients.c.first_name,
                clients.c.last_name,
                clients.c.date_of_birth,
                clients.c.phone,
                clients.c.updated_at,
            )
            .order_by(clients.c.last_name, clients.c.first_name, clients.c.id)
            .offset(offset)
            .limit(limit)
        )
        if caseload_of is not None:
            query = query.where(caseload_clause(clients.c.id, caseload_of))
        return [
            ClientSummary(
                id=row.id,
                first_name=row.first_name,
                last_name=row.last_name,
                date_of_birth=row.date_of_birth,
                phone=row.phone,
                updated_at=as_utc(row.updated_at),
            )
            for row in self._conn.execute(query)
        ]

    def count(self, *, caseload_of: int | None = None) -> int:
        query = select(func.count()).select_from(clients)
        if caseload_of is not None:
            query = query.where(caseload_clause(clients.c.id, caseload_of))
        return self._conn.execute(query).scalar_one()
