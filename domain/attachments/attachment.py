"""Attachments: scanned documents and letters kept on a client's record.

An attachment belongs to the client's record and may also be linked to one of
the client's cases, consents or referrals. Its bytes are kept in the database
beside the record (so backups, row-level security and live updates cover
them), with a SHA-256 of the content, a title, the kind of document, and who
added it when. Only a supervisor removes one, with a reason: the bytes go, and
the entry stays as a tombstone saying who removed it, when and why.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import PurePath

from domain.attachments.file_types import FILE, FileType
from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, clean_text, reject_invisible_characters

LONGEST_TITLE = 200
LONGEST_FILE_NAME = 255
LONGEST_REASON = 500
LONGEST_PREVIEW_PROBLEM = 300
# The largest thumbnail kept (the desk makes them small; this only bounds the row).
LARGEST_THUMBNAIL = 256 * 1024

MEGABYTE = 1024 * 1024


class DocumentType(StrEnum):
    ID_DOCUMENT = "id_document"
    INCOME_PROOF = "income_proof"
    SIGNED_CONSENT = "signed_consent"
    LETTER = "letter"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            DocumentType.ID_DOCUMENT: "ID",
            DocumentType.INCOME_PROOF: "Income proof",
            DocumentType.SIGNED_CONSENT: "Signed consent",
            DocumentType.LETTER: "Letter",
            DocumentType.OTHER: "Other",
        }[self]


class LinkKind(StrEnum):
    """What else on the record an attachment belongs to, besides the client."""

    CASE = "case"
    CONSENT = "consent"
    REFERRAL = "referral"


@dataclass(frozen=True)
class Link:
    kind: LinkKind
    id: int

    @property
    def code(self) -> str:
        """As a form carries it: ``case:12``."""
        return f"{self.kind}:{self.id}"

    @classmethod
    def parse(cls, code: str) -> Link | None:
        """``case:12`` -> the link; blank -> None; anything else -> ValueError."""
        if not code:
            return None
        kind, _, number = code.partition(":")
        return cls(LinkKind(kind), int(number))


@dataclass(frozen=True)
class LinkTarget:
    """One thing on the record an attachment may be linked to, as the form lists it."""

    link: Link
    label: str


class AttachmentUse(StrEnum):
    """What a person did with an attachment's content: each is audited."""

    VIEWED = "viewed"  # shown inside CaseDesk
    DOWNLOADED = "downloaded"  # opened in another program, or saved to a file
    PRINTED = "printed"


@dataclass(frozen=True)
class AttachmentForm:
    title: str = ""
    document_type: str = ""  # a DocumentType value
    link: str = ""  # a Link code, or blank: the client's record only


@dataclass(frozen=True)
class Upload:
    """A file as the desk read it: the bytes, and what the desk's previewer made of them.

    ``thumbnail``: a small picture of the first page (None when it cannot be drawn);
    ``preview_problem``: why it cannot be shown, in words (blank when it can);
    ``pages``: how many pages the previewer found (None when it could not tell).
    """

    file_name: str
    content: bytes
    thumbnail: bytes | None = None
    preview_problem: str = ""
    pages: int | None = None


@dataclass(frozen=True)
class AttachmentValues:
    title: str
    document_type: DocumentType
    link: Link | None
    file_type: FileType
    file_name: str
    byte_size: int
    sha256: str
    pages: int | None
    preview_problem: str


@dataclass(frozen=True)
class Attachment:
    """One attachment as lists show it: never its bytes."""

    id: int
    version: int
    client_id: int
    title: str
    document_type: DocumentType
    file_type: FileType
    file_name: str
    byte_size: int
    sha256: str
    pages: int | None
    preview_problem: str
    link: Link | None
    link_label: str  # "Case K000012", "Release for Valley Food Pantry"... ("" when none)
    added_by: str
    added_by_name: str
    added_at: datetime
    has_thumbnail: bool
    removed_at: datetime | None = None
    removed_by: str | None = None
    removed_by_name: str = ""
    removal_reason: str = ""

    @property
    def removed(self) -> bool:
        return self.removed_at is not None

    @property
    def previewable(self) -> bool:
        return not self.removed and not self.preview_problem

    @property
    def size_text(self) -> str:
        return size_text(self.byte_size)

    def copy_name(self) -> str:
        """A file name for a copy outside CaseDesk: the title, with the real type's ending."""
        stem = "".join(c if c.isalnum() or c in " -_.()" else "_" for c in self.title).strip()
        return (stem or "attachment")[:100] + self.file_type.extension


@dataclass(frozen=True)
class AttachmentFile:
    """An attachment's content, read for one audited use."""

    attachment: Attachment
    content: bytes


def size_text(byte_size: int) -> str:
    if byte_size >= MEGABYTE:
        return f"{byte_size / MEGABYTE:.1f} MB"
    if byte_size >= 1024:
        return f"{byte_size / 1024:.0f} KB"
    return f"{byte_size} bytes"


def check_size(byte_size: int, largest: int, name: str = "") -> None:
    """Refuses a file over the office's limit; asked of the size on disk before the
    file is read or sent, and again of the bytes that arrive."""
    if byte_size > largest:
        shown = f"“{clean_file_name(name)}”" if name else "This file"
        limit = f"{largest / MEGABYTE:g} MB"
        size = size_text(byte_size)
        if size == size_text(largest):
            size = f"just over {limit}"
        raise ValidationError(
            {
                FILE: f"{shown} is {size}; an attachment may be at most {limit} (your "
                "administrator sets the limit). Scan it at a lower resolution, or split it "
                "into parts, and attach those."
            }
        )


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def clean_file_name(raw: str) -> str:
    """The name the file had on the desk (only its last part), for the record."""
    name = PurePath(raw.replace("\\", "/")).name if raw else ""
    name = "".join(c for c in name if c.isprintable())
    return name[-LONGEST_FILE_NAME:]


def suggested_title(file_name: str) -> str:
    """What the title field starts with: the file's name without its ending."""
    stem = PurePath(clean_file_name(file_name)).stem
    return " ".join(stem.replace("_", " ").split())[:LONGEST_TITLE]


def validate_form(form: AttachmentForm) -> tuple[str, DocumentType, Link | None]:
    errors: dict[str, str] = {}
    title = ""
    try:
        title = clean_text(form.title, longest=LONGEST_TITLE) or ""
        if not title:
            errors["title"] = "Give the document a title, e.g. “Driver's licence”."
    except FieldProblem as problem:
        errors["title"] = str(problem)
    document_type = DocumentType.OTHER
    try:
        document_type = DocumentType(form.document_type)
    except ValueError:
        errors["document_type"] = "Choose what kind of document this is."
    link = None
    try:
        link = Link.parse(form.link)
    except ValueError:
        errors["link"] = "Choose what on the record this belongs to."
    if errors:
        raise ValidationError(errors)
    return title, document_type, link


def validate_reason(raw: str) -> str:
    """Why a supervisor removes an attachment: required, and kept with the tombstone."""
    try:
        reject_invisible_characters(raw)
    except FieldProblem as problem:
        raise ValidationError({"reason": str(problem)}) from None
    reason = " ".join(raw.split())
    if not reason:
        raise ValidationError(
            {"reason": "Say why it is removed (for example “scanned on the wrong client”)."}
        )
    if len(reason) > LONGEST_REASON:
        raise ValidationError(
            {"reason": f"Use at most {LONGEST_REASON} characters (this has {len(reason)})."}
        )
    return reason
