"""Signatures drawn on screen, in SQL: one row per signer of a consent or a plan.

``strokes`` is the compact JSON of domain/signatures/signature.py; ``fingerprint``
the SHA-256 of the signed content at the moment of signing. A row never
changes; on PostgreSQL a trigger refuses UPDATE and DELETE (migration 0027).
No client column: a signature is seen with its consent or plan, and a merge,
which moves those, leaves signatures untouched.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from storage.common.metadata import Id, metadata, one_of

SIGNER_KINDS = ("client", "witness")

signatures = Table(
    "signatures",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("consent_id", Id, ForeignKey("consents.id"), nullable=True),
    Column("plan_id", Id, ForeignKey("service_plans.id"), nullable=True),
    Column("plan_version", Integer, nullable=True),
    Column("signer_kind", String(10), nullable=False),
    Column("printed_name", String(200), nullable=False),
    Column("strokes", Text, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    # The server's time on PostgreSQL (the trigger replaces what is sent).
    Column("signed_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(100), nullable=False),
    CheckConstraint(one_of("signer_kind", SIGNER_KINDS), name="signer_kind"),
    CheckConstraint(
        "(consent_id IS NOT NULL AND plan_id IS NULL) OR "
        "(consent_id IS NULL AND plan_id IS NOT NULL AND plan_version IS NOT NULL)",
        name="signed_thing",
    ),
    CheckConstraint("printed_name <> ''", name="printed_name"),
    Index(None, "consent_id"),
    Index(None, "plan_id"),
    # Each person signs a consent, or a plan's version, once (migration 0028).
    UniqueConstraint("consent_id", "signer_kind"),
    UniqueConstraint("plan_id", "signer_kind"),
)
