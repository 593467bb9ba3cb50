"""Case notes, their goal links and addenda in SQL."""

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
    LargeBinary,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    false,
)

from storage.common.metadata import Id, metadata, one_of

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
    # What the signed note says, fixed: SHA-256 (hex) of domain.notes.note.fingerprint
    # on SQLite; the server's HMAC-SHA256 on PostgreSQL (migration 0015).
    Column("fingerprint", String(64), nullable=True),
    Column("cosign_required", Boolean, nullable=False, server_default=false()),
    Column("cosigned_by", String(100), nullable=True),
    Column("cosigned_at", DateTime(timezone=True), nullable=True),
    Column("created_by", String(100), nullable=False, server_default=""),
    Column("updated_by", String(100), nullable=False, server_default=""),
    # The desk's id for the save that made the row: a retry finds it (migration 0024).
    Column("request_id", String(36), nullable=True),
    CheckConstraint(one_of("contact_type", CONTACT_TYPES), name="contact_type"),
    CheckConstraint(
        "signed_at IS NULL OR (contact_on IS NOT NULL AND duration_minutes IS NOT NULL "
        "AND signed_by IS NOT NULL AND fingerprint IS NOT NULL)",
        name="signed_complete",
    ),
    # A case's notes in the order pages of them are read (migration 0021).
    Index(None, "case_id", "contact_on", "contact_at", "id"),
    Index(None, "author_staff_id", "signed_at"),
    Index(None, "request_id", unique=True),
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
    # The desk's id for the save that made the row: a retry finds it (migration 0024).
    Column("request_id", String(36), nullable=True),
    UniqueConstraint("note_id", "sequence"),
    CheckConstraint("sequence >= 1", name="sequence"),
    Index(None, "request_id", unique=True),
)


# The server's signing key (migration 0015): one row, on PostgreSQL readable by
# casedesk_owner alone; empty and unused on SQLite.
signature_keys = Table(
    "signature_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("inner_pad", LargeBinary, nullable=False),
    Column("outer_pad", LargeBinary, nullable=False),
    CheckConstraint("id = 1", name="one"),
)
