"""In-memory stand-ins for the storage ports, for fast use-case tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain.audit import AuditEvent
from domain.clients import ClientFields, ClientRecord, ClientSummary
from domain.errors import ConflictError, NotFound


class FakeClientRepository:
    def __init__(self) -> None:
        self.rows: dict[int, ClientRecord] = {}

    def add(self, values: ClientFields, *, by: str, at: datetime) -> ClientRecord:
        record = ClientRecord(
            id=len(self.rows) + 1,
            version=1,
            **vars(values),
            created_at=at,
            created_by=by,
            updated_at=at,
            updated_by=by,
        )
        self.rows[record.id] = record
        return record

    def get(self, client_id: int) -> ClientRecord | None:
        return self.rows.get(client_id)

    def update(self, client_id, expected_version, values, *, by, at) -> ClientRecord:
        current = self.rows.get(client_id)
        if current is None:
            raise NotFound("gone")
        if current.version != expected_version:
            raise ConflictError("record", current.updated_by, current.updated_at)
        record = replace(
            current, **vars(values), version=current.version + 1, updated_at=at, updated_by=by
        )
        self.rows[client_id] = record
        return record

    def list_page(self, *, offset: int, limit: int) -> list[ClientSummary]:
        ordered = sorted(self.rows.values(), key=lambda r: (r.last_name, r.first_name, r.id))
        return [
            ClientSummary(r.id, r.first_name, r.last_name, r.date_of_birth, r.phone, r.updated_at)
            for r in ordered[offset : offset + limit]
        ]

    def count(self) -> int:
        return len(self.rows)


class FakeAuditLog:
    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def record(self, event: AuditEvent) -> None:
        self.events.append(event)


class FakeUnitOfWork:
    """Keeps committed state apart from the work in progress, like a real transaction."""

    def __init__(self) -> None:
        self.committed_clients = FakeClientRepository()
        self.committed_audit = FakeAuditLog()
        self.commits = 0

    def __call__(self) -> FakeUnitOfWork:
        return self

    def __enter__(self) -> FakeUnitOfWork:
        self.clients = FakeClientRepository()
        self.clients.rows = dict(self.committed_clients.rows)
        self.audit = FakeAuditLog()
        self.audit.events = list(self.committed_audit.events)
        return self

    def commit(self) -> None:
        self.committed_clients.rows = dict(self.clients.rows)
        self.committed_audit.events = list(self.audit.events)
        self.commits += 1

    def rollback(self) -> None:
        pass

    def __exit__(self, *exc) -> None:
        del self.clients, self.audit
