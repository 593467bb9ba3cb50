"""The resource directory and referrals in SQL."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
    true,
)

from storage.assessments.tables import LIFE_DOMAINS
from storage.common.metadata import Id, metadata, one_of

RESOURCE_CATEGORIES = (
    "housing",
    "food",
    "health",
    "mental_health",
    "substance_use",
    "employment",
    "education",
    "childcare",
    "transportation",
    "legal",
    "benefits",
    "other",
)


# The community resource directory. Categories and languages are kept as
# delimited, lower-cased lists (",food,housing,") so that one LIKE finds a
# category or a language on both databases; a directory holds hundreds of rows.
resources = Table(
    "resources",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("organisation", String(150), nullable=False),
    Column("service", String(150), nullable=False, server_default=""),
    Column("categories", String(300), nullable=False),
    Column("address", String(310), nullable=False, server_default=""),
    Column("phone", String(40), nullable=False, server_default=""),
    Column("email", String(254), nullable=False, server_default=""),
    Column("website", String(300), nullable=False, server_default=""),
    Column("hours", String(200), nullable=False, server_default=""),
    Column("eligibility", Text, nullable=False, server_default=""),
    Column("intake_notes", Text, nullable=False, server_default=""),
    Column("languages", String(600), nullable=False, server_default=""),
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    Index(None, "active", "organisation"),
)


REFERRAL_STATUSES = (
    "sent",
    "acknowledged",
    "accepted",
    "declined",
    "service_started",
    "completed",
    "no_response",
)


REFERRAL_METHODS = ("phone", "email", "letter", "warm_handoff")


referrals = Table(
    "referrals",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("case_id", Id, ForeignKey("cases.id"), nullable=False),
    Column("client_id", Id, ForeignKey("clients.id"), nullable=False),
    Column("resource_id", Id, ForeignKey("resources.id"), nullable=False),
    # The need: a life domain of the assessment; or a plan goal (no foreign key
    # until service plans land).
    Column("need", String(30), nullable=True),
    Column("goal_id", Integer, nullable=True),
    Column("reason", String(1000), nullable=False),
    Column("sent_on", Date, nullable=False),
    Column("method", String(20), nullable=False),
    Column("self_referral", Boolean, nullable=False, server_default=false()),
    # The release it was shared under; NULL with overridden set: a supervisor's override.
    Column("consent_id", Id, ForeignKey("consents.id"), nullable=True),
    Column("overridden", Boolean, nullable=False, server_default=false()),
    Column("status", String(20), nullable=False, server_default="sent"),
    Column("status_on", Date, nullable=False),
    Column("outcome", String(1000), nullable=False, server_default=""),
    Column("referred_by_staff_id", Id, ForeignKey("staff.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    # The desk's id for the save that made the row: a retry finds it (migration 0024).
    Column("request_id", String(36), nullable=True),
    CheckConstraint(one_of("status", REFERRAL_STATUSES), name="status"),
    CheckConstraint(one_of("method", REFERRAL_METHODS), name="method"),
    CheckConstraint(one_of("need", LIFE_DOMAINS), name="need"),
    Index(None, "case_id"),
    Index(None, "client_id"),
    # The follow-up reminders and the overview: open referrals by status and age.
    Index(None, "status", "sent_on"),
    Index(None, "request_id", unique=True),
)


# Append-only: each step of a referral's loop, who recorded it and when.
referral_status_changes = Table(
    "referral_status_changes",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("referral_id", Id, ForeignKey("referrals.id"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("changed_on", Date, nullable=False),
    Column("note", String(500), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    CheckConstraint(one_of("status", REFERRAL_STATUSES), name="status"),
    Index(None, "referral_id", "id"),
)
