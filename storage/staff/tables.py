"""Staff accounts in SQL."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Integer,
    String,
    Table,
    UniqueConstraint,
    true,
)

from storage.common.metadata import Id, metadata, one_of

ROLES = ("admin", "supervisor", "caseworker", "frontdesk")


staff = Table(
    "staff",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("username", String(32), nullable=False),
    Column("display_name", String(100), nullable=False),
    Column("role", String(20), nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),
    # Only the embedded database keeps hashes; PostgreSQL checks its own logins.
    Column("password_hash", String(255), nullable=True),
    Column("must_change_password", Boolean, nullable=False, server_default=true()),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("lockouts", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("last_login_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    UniqueConstraint("username"),
    CheckConstraint(one_of("role", ROLES), name="role"),
)
