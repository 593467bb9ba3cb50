"""Table definitions: the one MetaData every migration is checked against."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
)

# Constraint names are fixed by convention from the first migration on, so that
# later migrations (and SQLite batch rebuilds) can name what they alter.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
Id = BigInteger().with_variant(Integer(), "sqlite")

clients = Table(
    "clients",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("date_of_birth", Date, nullable=True),
    Column("phone", String(40), nullable=True),
    Column("phone_digits", String(15), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    Index(None, "last_name", "first_name", "id"),
)

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
    Index(None, "entity_type", "entity_id"),
    Index(None, "occurred_at"),
)
