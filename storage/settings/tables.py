"""Office settings in SQL: a small key/value table."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    String,
    Table,
    Text,
)

from storage.common.metadata import metadata

# Office-wide settings an administrator changes (idle lock, agency details...).
settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
)
