"""Office settings in SQL: a small key/value table."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    String,
    Table,
    Text,
)

from storage.common.metadata import metadata

# Office-wide settings an administrator changes (idle lock, agency details...);
# a save carries the row's version, so a stale one is refused (migration 0014).
settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
)
