"""Programs, cases, their assignment and status history, and tasks in SQL."""

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
    UniqueConstraint,
    true,
)

from storage.common.metadata import Id, metadata, one_of

CASE_STATUSES = ("intake", "open", "on_hold", "closed")


CLOSE_REASONS = (
    "goals_met",
    "client_withdrew",
    "lost_contact",
    "moved_away",
    "referred_elsewhere",
    "not_eligible",
    "deceased",
    "other",
)


CASE_OUTCOMES = ("achieved", "partly_achieved", "not_achieved", "unknown")


TASK_SOURCES = ("manual", "plan_review", "consent_expiry", "referral_follow_up")


programs = Table(
    "programs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("name", String(100), nullable=False),
    Column("description", String(300), nullable=False, server_default=""),
    Column("review_interval_days", Integer, nullable=False, server_default="90"),
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    UniqueConstraint("name"),
    CheckConstraint("review_interval_days BETWEEN 7 AND 366", name="review_interval"),
    # Supervisors co-sign the notes of staff hired within this many days (0: never).
    Column("cosign_new_staff_days", Integer, nullable=False, server_default="0"),
    CheckConstraint("cosign_new_staff_days BETWEEN 0 AND 366", name="cosign_days"),
    # The program as an HMIS project (migration 0025; domain/hmis_export/project.py):
    # HUD's codes, NULL where the administrator has not set them.
    Column("hmis_project_type", SmallInteger, nullable=True),
    Column("hmis_operating_start", Date, nullable=True),
    Column("hmis_operating_end", Date, nullable=True),
    Column("hmis_continuum_project", SmallInteger, nullable=True),
    Column("hmis_housing_type", SmallInteger, nullable=True),
    Column("hmis_rrh_subtype", SmallInteger, nullable=True),
    Column("hmis_residential_affiliation", SmallInteger, nullable=True),
    Column("hmis_target_population", SmallInteger, nullable=True),
    Column("hmis_hopwa_facility", SmallInteger, nullable=True),
    Column("hmis_coc_code", String(6), nullable=True),
    Column("hmis_geocode", String(6), nullable=True),
    Column("hmis_geography_type", SmallInteger, nullable=True),
    Column("hmis_address", String(100), nullable=True),
    Column("hmis_city", String(50), nullable=True),
    Column("hmis_state", String(2), nullable=True),
    Column("hmis_zip", String(5), nullable=True),
    Column("hmis_funder", SmallInteger, nullable=True),
    Column("hmis_other_funder", String(100), nullable=True),
    Column("hmis_grant_id", String(100), nullable=True),
    Column("hmis_grant_start", Date, nullable=True),
    Column("hmis_grant_end", Date, nullable=True),
    Column("hmis_participation", SmallInteger, nullable=True),
    Column("hmis_participation_start", Date, nullable=True),
)


cases = Table(
    "cases",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("client_id", Id, ForeignKey("clients.id"), nullable=False),
    # Cases opened before programs existed have none.
    Column("program_id", Id, ForeignKey("programs.id"), nullable=True),
    Column("status", String(20), nullable=False, server_default="intake"),
    Column("assigned_staff_id", Id, ForeignKey("staff.id"), nullable=True),
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    # The day the case last changed hands; plan reviews count from it (or from
    # opened_on), and an unassigned case has waited since then.
    Column("assigned_on", Date, nullable=True),
    Column("close_reason", String(30), nullable=True),
    Column("close_outcome", String(30), nullable=True),
    Column("close_note", String(500), nullable=True),
    Column("closed_by", String(100), nullable=True),
    # The day its service plan was last reviewed or agreed: reviews count from it.
    Column("last_review_on", Date, nullable=True),
    # HMIS 3.15 at entry (HUD's code): taken from the client's household as the case
    # opens, 1 (self) for a client with none (migration 0025).
    Column("relationship_to_head", SmallInteger, nullable=True),
    # HMIS 3.12, where the client went (HUD's code; domain/hmis_export/codes.py
    # DESTINATION), asked as the case closes; with 3.12.A for 435 and the words for
    # 17 "Other". NULL while open, and for cases closed before 0025.
    Column("exit_destination", SmallInteger, nullable=True),
    Column("exit_destination_subsidy", SmallInteger, nullable=True),
    Column("exit_destination_other", String(50), nullable=True),
    CheckConstraint(one_of("status", CASE_STATUSES), name="status"),
    CheckConstraint(one_of("close_reason", CLOSE_REASONS), name="close_reason"),
    CheckConstraint(one_of("close_outcome", CASE_OUTCOMES), name="close_outcome"),
    Index(None, "client_id"),
    Index(None, "assigned_staff_id", "status"),
    # Covers what the caseload board counts per caseworker, so it never reads the
    # table itself (a third of the board's time on SQLite). Named by hand: the
    # convention's name would pass PostgreSQL's 63 characters.
    Index(
        "ix_cases_caseload",
        "assigned_staff_id",
        "status",
        "program_id",
        "opened_on",
        "assigned_on",
        "last_review_on",
    ),
)


# Append-only: who had a case, from when, who handed it on and why.
case_assignments = Table(
    "case_assignments",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("case_id", Id, ForeignKey("cases.id"), nullable=False),
    Column("staff_id", Id, ForeignKey("staff.id"), nullable=True),  # NULL: unassigned
    Column("previous_staff_id", Id, ForeignKey("staff.id"), nullable=True),
    Column("note", String(500), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Index(None, "case_id", "id"),
)


# Append-only: each time a case was put on hold, resumed, closed or reopened
# (status_before NULL: a row made from the case as it stood when this began).
case_status_changes = Table(
    "case_status_changes",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("case_id", Id, ForeignKey("cases.id"), nullable=False),
    Column("status_before", String(20), nullable=True),
    Column("status_after", String(20), nullable=False),
    Column("close_reason", String(30), nullable=True),
    Column("close_outcome", String(30), nullable=True),
    Column("note", String(500), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    CheckConstraint(one_of("status_before", CASE_STATUSES), name="status_before"),
    CheckConstraint(one_of("status_after", CASE_STATUSES), name="status_after"),
    Index(None, "case_id", "id"),
)


tasks = Table(
    "tasks",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("title", String(200), nullable=False),
    Column("note", String(500), nullable=False, server_default=""),
    Column("due_on", Date, nullable=False),
    # NULL: a task on a case that waits, with its case, for a caseworker.
    Column("assignee_staff_id", Id, ForeignKey("staff.id"), nullable=True),
    Column("case_id", Id, ForeignKey("cases.id"), nullable=True),
    Column("source", String(20), nullable=False, server_default="manual"),
    # What a system reminder is about (case and due date, consent and expiry):
    # unique with the source, so each reminder is created once.
    Column("source_key", String(100), nullable=True),
    Column("done_at", DateTime(timezone=True), nullable=True),
    Column("done_by", String(100), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    UniqueConstraint("source", "source_key"),
    CheckConstraint(one_of("source", TASK_SOURCES), name="source"),
    Index(None, "assignee_staff_id", "due_on"),
    Index(None, "case_id"),
    # The board's overdue tasks: open ones (done_at NULL) due before today.
    Index(None, "done_at", "due_on", "assignee_staff_id"),
)
