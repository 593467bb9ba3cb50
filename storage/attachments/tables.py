"""Attachments in SQL: the entry in one table, the bytes in another.

Lists read ``attachments`` alone and never touch a file's bytes; the content
(and its small thumbnail) is read one attachment at a time from
``attachment_contents``. Removing an attachment deletes its content row and
keeps its entry, with who removed it, when and why (a tombstone).

The links to a case, a consent or a referral are named ``linked_*`` on purpose:
the live-update trigger (migration 0020) announces a row's ``client_id`` and
``case_id``, and a desk hears of a change only when it may read every id
announced. An attachment is the client record's, so only the client is
announced, and a caseworker who shares the client hears of it.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
)

from storage.common.metadata import Id, metadata, one_of

DOCUMENT_TYPES = ("id_document", "income_proof", "signed_consent", "letter", "other")
FILE_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/tiff")

attachments = Table(
    "attachments",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("client_id", Id, ForeignKey("clients.id"), nullable=False),
    Column("linked_case_id", Id, ForeignKey("cases.id"), nullable=True),
    Column("linked_consent_id", Id, ForeignKey("consents.id"), nullable=True),
    Column("linked_referral_id", Id, ForeignKey("referrals.id"), nullable=True),
    Column("title", String(200), nullable=False),
    Column("document_type", String(20), nullable=False),
    # What the content is, by its bytes (domain/attachments/file_types.py).
    Column("file_type", String(30), nullable=False),
    # The name it had on the desk it came from: a record of where it came from only.
    Column("file_name", String(255), nullable=False, server_default=""),
    Column("byte_size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("pages", Integer, nullable=True),
    # Why it shows no preview, in words; blank when it does.
    Column("preview_problem", String(300), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("removed_at", DateTime(timezone=True), nullable=True),
    Column("removed_by", String(100), nullable=True),
    Column("removal_reason", String(500), nullable=False, server_default=""),
    # The desk's id for the save that made the row: a retry finds it (migration 0024).
    Column("request_id", String(36), nullable=True),
    CheckConstraint(one_of("document_type", DOCUMENT_TYPES), name="document_type"),
    CheckConstraint(one_of("file_type", FILE_TYPES), name="file_type"),
    CheckConstraint("byte_size > 0", name="byte_size"),
    CheckConstraint(
        "(removed_at IS NULL AND removed_by IS NULL) OR "
        "(removed_at IS NOT NULL AND removed_by IS NOT NULL AND removal_reason <> '')",
        name="removal",
    ),
    Index(None, "client_id", "id"),
    Index(None, "request_id", unique=True),
)

# One row per attachment still kept; its id is the attachment's. The thumbnail
# comes before the content, so that reading it alone never reads the file.
attachment_contents = Table(
    "attachment_contents",
    metadata,
    Column("id", Id, ForeignKey("attachments.id"), primary_key=True, autoincrement=False),
    Column("thumbnail", LargeBinary, nullable=True),
    Column("content", LargeBinary, nullable=False),
)
