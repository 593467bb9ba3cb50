"""What the audit trail needs from storage. Rows are only ever added."""

from __future__ import annotations

from typing import Protocol

from domain.audit.events import AuditEntry, AuditEvent, AuditFilter


class AuditLog(Protocol):
    def record(self, event: AuditEvent) -> None: ...

    def query(
        self,
        where: AuditFilter,
        *,
        offset: int = 0,
        limit: int,
        after: AuditEntry | None = None,
    ) -> list[AuditEntry]:
        """Newest first; with ``after``, only the rows that come after that one."""
        ...
