"""Audit events: who did what to which record, when, from which workstation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class AuditAction(StrEnum):
    CLIENT_CREATED = "client.created"
    CLIENT_VIEWED = "client.viewed"
    CLIENT_CHANGED = "client.changed"


@dataclass(frozen=True)
class AuditEvent:
    occurred_at: datetime
    actor: str
    workstation: str
    action: AuditAction
    entity_type: str
    entity_id: int | None
    # Names of the fields involved, never their values: the trail must not
    # become a second copy of confidential data.
    detail: str = ""
