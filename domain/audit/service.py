"""Reading and exporting the audit trail."""

from __future__ import annotations

import csv
import io

from domain.audit.events import AuditAction, AuditEntry, AuditFilter
from domain.audit.wording import detail_in_words
from domain.common.actor import Actor
from domain.common.guard import Guard
from domain.common.policy import Permission

MAX_PAGE = 1000
EXPORT_COLUMNS = (
    "id",
    "occurred_at_utc",
    "actor",
    "workstation",
    "action",
    "entity_type",
    "entity_id",
    "detail",
    # For the person reading the export; "detail" stays the stored code.
    "detail_in_words",
)


def _describe(where: AuditFilter) -> str:
    parts = [
        f"{name}={value}"
        for name, value in vars(where).items()
        if name != "zone" and value not in ("", None)
    ]
    if where.since or where.until:
        parts.append(f"zone={where.zone}")
    return ";".join(parts) or "everything"


def _cell(value: str) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula; an audit
    # export must open as plain data.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class AuditService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory

    def query(
        self, actor: Actor, where: AuditFilter, *, offset: int = 0, limit: int = 200
    ) -> list[AuditEntry]:
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, Permission.AUDIT_READ)
            return uow.audit.query(where, offset=max(0, offset), limit=min(max(1, limit), MAX_PAGE))

    def export_csv(self, actor: Actor, where: AuditFilter) -> str:
        """Every matching row as CSV text; the export itself is audited."""
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.AUDIT_EXPORT)
            # Millions of rows may take longer than an interactive call may.
            uow.allow_long_statements()
            rows: list[AuditEntry] = []
            while True:
                # Each page after the last row of the one before (keyset): an
                # offset would make the database skip all the rows read so far.
                page = uow.audit.query(where, limit=MAX_PAGE, after=rows[-1] if rows else None)
                rows.extend(page)
                if len(page) < MAX_PAGE:
                    break
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.AUDIT_EXPORTED,
                    "audit",
                    None,
                    f"{len(rows)} rows;{_describe(where)}",
                )
            )
            uow.commit()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    row.id,
                    row.occurred_at.isoformat(timespec="seconds"),
                    _cell(row.actor),
                    _cell(row.workstation),
                    row.action,
                    row.entity_type,
                    "" if row.entity_id is None else row.entity_id,
                    _cell(row.detail),
                    _cell(detail_in_words(row.action, row.detail)),
                ]
            )
        return out.getvalue()
