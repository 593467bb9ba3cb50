"""Table definitions: the one MetaData every migration is checked against."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    false,
    func,
    true,
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

# Folded search words compare byte by byte, so that a prefix range
# (word >= 'mar' AND word < 'mar~') uses the index on both databases.
Word = String(64).with_variant(String(64, collation="C"), "postgresql")

households = Table(
    "households",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
)

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
    Column("middle_name", String(100), nullable=True),
    Column("suffix", String(20), nullable=True),
    Column("preferred_name", String(100), nullable=True),
    # HMIS data-quality and answer codes (domain/hmis.py).
    Column("name_quality", SmallInteger, nullable=False, server_default="1"),
    Column("dob_quality", SmallInteger, nullable=False, server_default="99"),
    Column("ssn", String(9), nullable=True),
    Column("ssn_last4", String(4), nullable=True),
    Column("ssn_quality", SmallInteger, nullable=False, server_default="99"),
    Column("sex", SmallInteger, nullable=False, server_default="99"),
    Column("veteran_status", SmallInteger, nullable=False, server_default="99"),
    Column("disabling_condition", SmallInteger, nullable=False, server_default="99"),
    Column("email", String(254), nullable=True),
    Column("address_line1", String(100), nullable=True),
    Column("address_line2", String(100), nullable=True),
    Column("city", String(60), nullable=True),
    Column("state", String(2), nullable=True),
    Column("postal_code", String(10), nullable=True),
    Column("language", String(40), nullable=True),
    Column("interpreter_needed", Boolean, nullable=False, server_default=false()),
    Column("emergency_name", String(100), nullable=True),
    Column("emergency_phone", String(40), nullable=True),
    Column("emergency_relationship", String(40), nullable=True),
    Column("household_id", Id, ForeignKey("households.id"), nullable=True),
    Column("relationship_to_head", SmallInteger, nullable=True),
    # Set when a supervisor merged this record into another (undoable).
    Column("merged_into_id", Id, ForeignKey("clients.id"), nullable=True),
    Index(None, "last_name", "first_name", "id"),
    Index(None, "date_of_birth"),
    Index(None, "ssn_last4"),
    Index(None, "household_id"),
)

client_race_ethnicity = Table(
    "client_race_ethnicity",
    metadata,
    Column("client_id", Id, ForeignKey("clients.id"), primary_key=True),
    Column("code", SmallInteger, primary_key=True),
)

client_search_words = Table(
    "client_search_words",
    metadata,
    Column("client_id", Id, ForeignKey("clients.id"), primary_key=True),
    Column("word", Word, primary_key=True),
    Index(None, "word", "client_id"),
)

client_match_keys = Table(
    "client_match_keys",
    metadata,
    Column("client_id", Id, ForeignKey("clients.id"), primary_key=True),
    Column("key", String(80), primary_key=True),
    Index(None, "key", "client_id"),
)

client_merges = Table(
    "client_merges",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("survivor_id", Id, ForeignKey("clients.id"), nullable=False),
    Column("merged_id", Id, ForeignKey("clients.id"), nullable=False),
    Column("reason", Text, nullable=False),
    Column("moved_case_ids", Text, nullable=False, server_default=""),
    Column("merged_at", DateTime(timezone=True), nullable=False),
    Column("merged_by", String(100), nullable=False),
    Column("undone_at", DateTime(timezone=True), nullable=True),
    Column("undone_by", String(100), nullable=True),
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

ROLES = ("admin", "supervisor", "caseworker", "frontdesk")
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


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


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
    CheckConstraint(_one_of("role", ROLES), name="role"),
)

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
    CheckConstraint(_one_of("status", CASE_STATUSES), name="status"),
    CheckConstraint(_one_of("close_reason", CLOSE_REASONS), name="close_reason"),
    CheckConstraint(_one_of("close_outcome", CASE_OUTCOMES), name="close_outcome"),
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
    CheckConstraint(_one_of("status_before", CASE_STATUSES), name="status_before"),
    CheckConstraint(_one_of("status_after", CASE_STATUSES), name="status_after"),
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
    CheckConstraint(_one_of("source", TASK_SOURCES), name="source"),
    Index(None, "assignee_staff_id", "due_on"),
    Index(None, "case_id"),
    # The board's overdue tasks: open ones (done_at NULL) due before today.
    Index(None, "done_at", "due_on", "assignee_staff_id"),
)

CONTACT_TYPES = (
    "home_visit",
    "office_visit",
    "phone",
    "video",
    "collateral",
    "school",
    "court",
    "other",
)

# A draft until signed; a signed row never changes again except for a
# supervisor's co-signature (a trigger holds this on PostgreSQL).
case_notes = Table(
    "case_notes",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("case_id", Id, ForeignKey("cases.id"), nullable=False),
    Column("author_staff_id", Id, ForeignKey("staff.id"), nullable=False),
    Column("contact_on", Date, nullable=True),
    Column("narrative", Text, nullable=False),
    Column("signed_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("contact_at", Time, nullable=True),
    Column("contact_type", String(20), nullable=False, server_default="other"),
    Column("duration_minutes", Integer, nullable=True),
    Column("location", String(200), nullable=False, server_default=""),
    Column("confidential", Boolean, nullable=False, server_default=false()),
    Column("signed_by", String(100), nullable=True),
    # SHA-256 (hex) of what the signed note says: domain.case_notes.fingerprint.
    Column("fingerprint", String(64), nullable=True),
    Column("cosign_required", Boolean, nullable=False, server_default=false()),
    Column("cosigned_by", String(100), nullable=True),
    Column("cosigned_at", DateTime(timezone=True), nullable=True),
    Column("created_by", String(100), nullable=False, server_default=""),
    Column("updated_by", String(100), nullable=False, server_default=""),
    CheckConstraint(_one_of("contact_type", CONTACT_TYPES), name="contact_type"),
    CheckConstraint(
        "signed_at IS NULL OR (contact_on IS NOT NULL AND duration_minutes IS NOT NULL "
        "AND signed_by IS NOT NULL AND fingerprint IS NOT NULL)",
        name="signed_complete",
    ),
    Index(None, "case_id"),
    Index(None, "author_staff_id", "signed_at"),
)

# Which plan goals a note speaks to; goals live with the plans, so no foreign key.
case_note_goals = Table(
    "case_note_goals",
    metadata,
    Column("note_id", Id, ForeignKey("case_notes.id"), primary_key=True),
    Column("goal_id", Id, primary_key=True),
    Index(None, "goal_id"),
)

# Corrections to a signed note, in order; append-only.
case_note_addenda = Table(
    "case_note_addenda",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("note_id", Id, ForeignKey("case_notes.id"), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("author_staff_id", Id, ForeignKey("staff.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    UniqueConstraint("note_id", "sequence"),
    CheckConstraint("sequence >= 1", name="sequence"),
)

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
    CheckConstraint(_one_of("kind", ("initial", "review", "closing")), name="kind"),
    Index(None, "client_id", "assessed_on"),
    Index(None, "case_id"),
)

assessment_scores = Table(
    "assessment_scores",
    metadata,
    Column("assessment_id", Id, ForeignKey("assessments.id"), primary_key=True),
    Column("domain", String(30), primary_key=True),
    Column("score", SmallInteger, nullable=False),
    Column("note", String(300), nullable=False, server_default=""),
    CheckConstraint("score BETWEEN 1 AND 5", name="score"),
    CheckConstraint(_one_of("domain", LIFE_DOMAINS), name="domain"),
)

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
    CheckConstraint(_one_of("kind", ("services", "release", "media")), name="kind"),
    CheckConstraint(_one_of("method", ("paper", "verbal")), name="method"),
    Index(None, "client_id"),
    Index(None, "case_id"),
    # My day's consents expiring soon: found by date, then checked against row security.
    Index(None, "expires_on"),
)

# Office-wide settings an administrator changes (idle lock, agency details...).
settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
)

GOAL_STATUSES = ("not_started", "in_progress", "achieved", "not_achieved", "discontinued")
STEP_OWNERS = ("client", "caseworker", "provider")
AGREEMENT_METHODS = ("paper", "verbal")

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
    CheckConstraint(_one_of("agreed_how", AGREEMENT_METHODS), name="agreed_how"),
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
    CheckConstraint(_one_of("domain", LIFE_DOMAINS), name="domain"),
    CheckConstraint(_one_of("status", GOAL_STATUSES), name="status"),
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
    CheckConstraint(_one_of("who", STEP_OWNERS), name="who"),
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
    CheckConstraint(_one_of("status_before", GOAL_STATUSES), name="status_before"),
    CheckConstraint(_one_of("status_after", GOAL_STATUSES), name="status_after"),
    Index(None, "review_id"),
    Index(None, "goal_id"),
)

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
    CheckConstraint(_one_of("status", REFERRAL_STATUSES), name="status"),
    CheckConstraint(_one_of("method", REFERRAL_METHODS), name="method"),
    CheckConstraint(_one_of("need", LIFE_DOMAINS), name="need"),
    Index(None, "case_id"),
    Index(None, "client_id"),
    # The follow-up reminders and the overview: open referrals by status and age.
    Index(None, "status", "sent_on"),
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
    CheckConstraint(_one_of("status", REFERRAL_STATUSES), name="status"),
    Index(None, "referral_id", "id"),
)
