"""Assessments and their life-domain scores in SQL."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
)

from storage.common.metadata import Id, metadata, one_of

LIFE_DOMAINS = (
    "housing",
    "income",
    "employment",
    "food",
    "health",
    "mental_health",
    "substance_use",
    "childcare",
    "transportation",
    "legal",
    "safety",
    "education",
    "support_network",
)


assessments = Table(
    "assessments",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("client_id", Id, ForeignKey("clients.id"), nullable=False),
    Column("case_id", Id, ForeignKey("cases.id"), nullable=True),
    Column("kind", String(20), nullable=False),
    Column("assessed_on", Date, nullable=False),
    Column("strengths", Text, nullable=False, server_default=""),
    Column("needs", Text, nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    # The desk's id for the save that made the row: a retry finds it (migration 0024).
    Column("request_id", String(36), nullable=True),
    CheckConstraint(one_of("kind", ("initial", "review", "closing")), name="kind"),
    Index(None, "client_id", "assessed_on"),
    Index(None, "case_id"),
    Index(None, "request_id", unique=True),
)


assessment_scores = Table(
    "assessment_scores",
    metadata,
    Column("assessment_id", Id, ForeignKey("assessments.id"), primary_key=True),
    Column("domain", String(30), primary_key=True),
    Column("score", SmallInteger, nullable=False),
    Column("note", String(300), nullable=False, server_default=""),
    CheckConstraint("score BETWEEN 1 AND 5", name="score"),
    CheckConstraint(one_of("domain", LIFE_DOMAINS), name="domain"),
)
