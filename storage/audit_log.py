"""Audit events in SQL. Rows are only ever inserted."""

from __future__ import annotations

from sqlalchemy import Connection, insert

from domain.audit import AuditEvent
from storage.tables import audit_events
from storage.timestamps import as_utc


class SqlAuditLog:
    def __init__(self, connection: Connection):
        self._conn = connection

    def record(self, event: AuditEvent) -> None:
        self._conn.execute(
            insert(audit_events).values(
                occurred_at=as_utc(event.occurred_at),
                actor=event.actor,
                workstation=event.workstation,
                action=str(event.action),
                entity_type=event.entity_type,
                entity_id=event.entity_id,
                detail=event.detail,
            )
        )
