"""Consents in SQL."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)

from storage.common.metadata import Id, metadata, one_of

consents = Table(
    "consents",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("client_id", Id, ForeignKey("clients.id"), nullable=False),
    Column("case_id", Id, ForeignKey("cases.id"), nullable=True),
    Column("kind", String(20), nullable=False),
    Column("method", String(20), nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("effective_on", Date, nullable=False),
    Column("expires_on", Date, nullable=True),
    # A release of information names who receives what, and why (42 CFR 2.31).
    Column("recipient", String(200), nullable=False, server_default=""),
    Column("purpose", String(500), nullable=False, server_default=""),
    Column("information", String(500), nullable=False, server_default=""),
    Column("discloser", String(200), nullable=False, server_default=""),
    # Instead of a date, an event ends it ("when my housing case closes").
    Column("expiry_event", String(200), nullable=False, server_default=""),
    Column("revoked_on", Date, nullable=True),
    Column("revoked_by", String(100), nullable=True),
    Column("revocation_note", String(300), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    # The desk's id for the save that made the row: a retry finds it (migration 0024).
    Column("request_id", String(36), nullable=True),
    CheckConstraint(one_of("kind", ("services", "release", "media")), name="kind"),
    CheckConstraint(one_of("method", ("paper", "verbal", "screen")), name="method"),
    Index(None, "client_id"),
    Index(None, "case_id"),
    # My day's consents expiring soon: found by date, then checked against row security.
    Index(None, "expires_on"),
    Index(None, "request_id", unique=True),
)
