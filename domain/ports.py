"""What the domain needs from storage, as Protocols: repositories and a unit of work.

Repositories never commit; the unit of work commits only when told to and rolls
back when its block is left without a commit.
"""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from domain.audit import AuditEvent
from domain.clients import ClientFields, ClientRecord, ClientSummary


class ClientRepository(Protocol):
    def add(self, values: ClientFields, *, by: str, at: datetime) -> ClientRecord: ...

    def get(self, client_id: int) -> ClientRecord | None: ...

    def update(
        self,
        client_id: int,
        expected_version: int,
        values: ClientFields,
        *,
        by: str,
        at: datetime,
    ) -> ClientRecord:
        """Save over ``expected_version``; raise ``ConflictError`` if it is stale."""
        ...

    def list_page(self, *, offset: int, limit: int) -> list[ClientSummary]:
        """Clients ordered by last name, first name, id."""
        ...

    def count(self) -> int: ...


class AuditLog(Protocol):
    def record(self, event: AuditEvent) -> None: ...


class UnitOfWork(Protocol):
    clients: ClientRepository
    audit: AuditLog

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...
