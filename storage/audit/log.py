"""Audit events in SQL. Rows are only ever inserted."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Connection, insert, select

from domain.audit.events import AuditEntry, AuditEvent, AuditFilter
from storage.audit.tables import audit_events
from storage.common.timestamps import as_utc

T = audit_events.c


def _start_of(day, zone) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


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

    def query(self, where: AuditFilter, *, offset: int, limit: int) -> list[AuditEntry]:
        query = select(audit_events).order_by(T.occurred_at.desc(), T.id.desc())
        if where.actor:
            query = query.where(T.actor == where.actor)
        if where.action:
            query = query.where(T.action == where.action)
        if where.entity_type:
            query = query.where(T.entity_type == where.entity_type)
        if where.entity_id is not None:
            query = query.where(T.entity_id == where.entity_id)
        if where.since is not None:
            query = query.where(T.occurred_at >= _start_of(where.since, where.zone))
        if where.until is not None:
            query = query.where(
                T.occurred_at < _start_of(where.until + timedelta(days=1), where.zone)
            )
        rows = self._conn.execute(query.offset(offset).limit(limit))
        return [
            AuditEntry(
                id=row.id,
                occurred_at=as_utc(row.occurred_at),
                actor=row.actor,
                workstation=row.workstation,
                action=row.action,
                entity_type=row.entity_type,
                entity_id=row.entity_id,
                detail=row.detail,
            )
            for row in rows
        ]
