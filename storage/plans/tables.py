"""Service plans in SQL: versions, goals, steps and reviews."""

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
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from storage.assessments.tables import LIFE_DOMAINS
from storage.common.metadata import Id, metadata, one_of

GOAL_STATUSES = ("not_started", "in_progress", "achieved", "not_achieved", "discontinued")


STEP_OWNERS = ("client", "caseworker", "provider")


AGREEMENT_METHODS = ("paper", "verbal", "screen")


# One row per version of a case's plan. A version is a draft until the client's
# agreement is recorded; from then on it never changes (on PostgreSQL a trigger
# refuses it), and a change is a new version copying it.
service_plans = Table(
    "service_plans",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("case_id", Id, ForeignKey("cases.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("drafted_on", Date, nullable=False),
    Column("agreed_on", Date, nullable=True),
    Column("agreed_how", String(20), nullable=True),
    Column("agreement_recorded_by", String(100), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    UniqueConstraint("case_id", "number"),
    CheckConstraint(one_of("agreed_how", AGREEMENT_METHODS), name="agreed_how"),
    CheckConstraint("number >= 1", name="number"),
)


plan_goals = Table(
    "plan_goals",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("plan_id", Id, ForeignKey("service_plans.id"), nullable=False),
    Column("position", SmallInteger, nullable=False),
    Column("description", String(500), nullable=False),
    Column("domain", String(30), nullable=False),
    Column("target_on", Date, nullable=False),
    Column("status", String(20), nullable=False, server_default="not_started"),
    # The goal of the earlier version this one copies: one goal through the versions.
    Column("copied_from_id", Id, ForeignKey("plan_goals.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    CheckConstraint(one_of("domain", LIFE_DOMAINS), name="domain"),
    CheckConstraint(one_of("status", GOAL_STATUSES), name="status"),
    Index(None, "plan_id", "position"),
    Index(None, "copied_from_id"),
)


plan_steps = Table(
    "plan_steps",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("goal_id", Id, ForeignKey("plan_goals.id"), nullable=False),
    Column("position", SmallInteger, nullable=False),
    Column("what", String(300), nullable=False),
    Column("who", String(20), nullable=False),
    Column("provider", String(200), nullable=False, server_default=""),
    Column("due_on", Date, nullable=True),
    Column("done", Boolean, nullable=False, server_default=false()),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    CheckConstraint(one_of("who", STEP_OWNERS), name="who"),
    Index(None, "goal_id", "position"),
)


# Append-only: a review of one agreed version, and what it said of each goal.
plan_reviews = Table(
    "plan_reviews",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("plan_id", Id, ForeignKey("service_plans.id"), nullable=False),
    Column("reviewed_on", Date, nullable=False),
    Column("next_review_on", Date, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Index(None, "plan_id", "reviewed_on"),
)


plan_review_goals = Table(
    "plan_review_goals",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("review_id", Id, ForeignKey("plan_reviews.id"), nullable=False),
    Column("goal_id", Id, ForeignKey("plan_goals.id"), nullable=False),
    Column("progress", Text, nullable=False, server_default=""),
    Column("status_before", String(20), nullable=False),
    Column("status_after", String(20), nullable=False),
    CheckConstraint(one_of("status_before", GOAL_STATUSES), name="status_before"),
    CheckConstraint(one_of("status_after", GOAL_STATUSES), name="status_after"),
    Index(None, "review_id"),
    Index(None, "goal_id"),
)
