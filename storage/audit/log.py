"""Audit events in SQL. Rows are only ever inserted."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Connection, Integer, Select, bindparam, insert, select, tuple_

from domain.audit.events import AuditEntry, AuditEvent, AuditFilter
from storage.audit.tables import audit_events
from storage.common.timestamps import as_utc

T = audit_events.c
_AT = T.occurred_at.type

# What each filter adds to the query, by the name of its parameter(s).
_CONDITIONS = {
    "actor": T.actor == bindparam("actor"),
    "action": T.action == bindparam("action"),
    "entity_type": T.entity_type == bindparam("entity_type"),
    "entity_id": T.entity_id == bindparam("entity_id"),
    "since": T.occurred_at >= bindparam("since", type_=_AT),
    "until": T.occurred_at < bindparam("until", type_=_AT),
    # Older than the last row read, in the trail's own order: the next page by
    # keyset, which costs the same however deep into the trail it is.
    "after": tuple_(T.occurred_at, T.id)
    < tuple_(bindparam("after_at", type_=_AT), bindparam("after_id", type_=T.id.type)),
}
# An AuditEntry's fields, in its order: each row becomes one by position.
_ENTRY_COLUMNS = tuple(T[f.name] for f in fields(AuditEntry))
# One statement per combination of filters, built once: building and keying a
# fresh statement cost more than PostgreSQL spent running a selective one.
_STATEMENTS: dict[tuple[str, ...], Select] = {}


def _statement(filters: tuple[str, ...]) -> Select:
    statement = _STATEMENTS.get(filters)
    if statement is None:
        statement = (
            select(*_ENTRY_COLUMNS)
            .where(*(_CONDITIONS[name] for name in filters))
            .order_by(T.occurred_at.desc(), T.id.desc())
            .limit(bindparam("limit", type_=Integer()))
            .offset(bindparam("offset", type_=Integer()))
        )
        _STATEMENTS[filters] = statement
    return statement


def _start_of(day, zone) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def _parameters(where: AuditFilter, after: AuditEntry | None) -> dict:
    given = {}
    if where.actor:
        given["actor"] = where.actor
    if where.action:
        given["action"] = where.action
    if where.entity_type:
        given["entity_type"] = where.entity_type
    if where.entity_id is not None:
        given["entity_id"] = where.entity_id
    if where.since is not None:
        given["since"] = _start_of(where.since, where.zone)
    if where.until is not None:
        given["until"] = _start_of(where.until + timedelta(days=1), where.zone)
    if after is not None:
        given["after"] = True
        given["after_at"], given["after_id"] = as_utc(after.occurred_at), after.id
    return given


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

    def query(
        self,
        where: AuditFilter,
        *,
        offset: int = 0,
        limit: int,
        after: AuditEntry | None = None,
    ) -> list[AuditEntry]:
        parameters = _parameters(where, after)
        statement = _statement(tuple(name for name in _CONDITIONS if name in parameters))
        parameters.pop("after", None)
        rows = self._conn.execute(statement, {**parameters, "limit": limit, "offset": offset})
        # All at once (one fetch from the driver, not one a row); 200 rows a page
        # make the way each becomes an entry count.
        return [
            AuditEntry(id_, as_utc(at), actor, workstation, action, kind, entity_id, detail)
            for id_, at, actor, workstation, action, kind, entity_id, detail in rows.all()
        ]
