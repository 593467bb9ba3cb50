"""The audit trail (rows are only ever inserted) and the kinds each role writes."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    func,
)

from storage.common.metadata import Id, metadata

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("actor", String(100), nullable=False),
    Column("workstation", String(255), nullable=False),
    Column("action", String(50), nullable=False),
    Column("entity_type", String(50), nullable=False),
    Column("entity_id", Id, nullable=True),
    Column("detail", Text, nullable=False, server_default=""),
    # The audit screen's filters, each giving its rows newest first (0022):
    # dates alone, person, action, person and action, client number.
    Index(None, "occurred_at"),
    Index(None, "actor", "occurred_at", "id"),
    Index(None, "action", "occurred_at", "id"),
    Index(None, "actor", "action", "occurred_at", "id"),
    Index(None, "entity_type", "entity_id", "occurred_at", "id"),
)

# Which kinds of audit event a staff session of each role may write (0016; on
# PostgreSQL the audit trail's trigger enforces it). Kept by the schema owner.
audit_kinds = Table(
    "audit_kinds",
    metadata,
    Column("role", String(20), nullable=False),
    Column("action", String(50), nullable=False),
    PrimaryKeyConstraint("role", "action"),
)
