"""Audit rows for backups and restores made outside any staff session: by the IT
person's `db backup` and `db restore`, and before an upgrade at start-up."""

from __future__ import annotations

import getpass
import platform

from sqlalchemy import Engine

from domain.audit.events import AuditAction, AuditEvent
from domain.common.clock import utc_now
from storage.audit.log import SqlAuditLog

# Who the trail names when no staff member is signed in.
AT_START_UP = "(casedesk start-up)"


def command_line_actor() -> str:
    """The computer's account that ran the command, marked as not a staff login."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this account (a bare container)
        user = "unknown"
    return f"(command line: {user})"[:100]


def record_event(engine: Engine, action: AuditAction, detail: str, *, actor: str) -> None:
    """``engine`` writes the audit trail: on PostgreSQL as the schema owner."""
    event = AuditEvent(
        occurred_at=utc_now(),
        actor=actor,
        workstation=platform.node() or "unknown workstation",
        action=action,
        entity_type="backup",
        entity_id=None,
        detail=detail,
    )
    with engine.begin() as connection:
        SqlAuditLog(connection).record(event)
