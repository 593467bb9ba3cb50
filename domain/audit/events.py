"""Audit events: who did what to which record, when, from which workstation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum


class AuditAction(StrEnum):
    SIGN_IN = "sign_in.succeeded"
    SIGN_IN_FAILED = "sign_in.failed"
    ACCOUNT_LOCKED = "account.locked"
    SESSION_LOCKED = "session.locked"
    SESSION_UNLOCKED = "session.unlocked"
    SIGN_OUT = "sign_out"
    PASSWORD_CHANGED = "password.changed"
    ACCESS_REFUSED = "access.refused"
    STAFF_CREATED = "staff.created"
    STAFF_CHANGED = "staff.changed"
    STAFF_DEACTIVATED = "staff.deactivated"
    STAFF_REACTIVATED = "staff.reactivated"
    STAFF_PASSWORD_RESET = "staff.password_reset"
    STAFF_UNLOCKED = "staff.unlocked"
    AUDIT_EXPORTED = "audit.exported"
    SETTINGS_CHANGED = "settings.changed"
    CLIENT_CREATED = "client.created"
    CLIENT_VIEWED = "client.viewed"
    CLIENT_CHANGED = "client.changed"
    CLIENT_SSN_VIEWED = "client.ssn_viewed"
    DUPLICATE_OVERRIDDEN = "client.duplicate_overridden"
    CLIENTS_MERGED = "client.merged"
    MERGE_UNDONE = "client.merge_undone"
    HOUSEHOLD_JOINED = "household.joined"
    HOUSEHOLD_LEFT = "household.left"
    CASE_OPENED = "case.opened"
    CASE_ASSIGNED = "case.assigned"
    CASE_UNASSIGNED = "case.unassigned"
    CASES_REASSIGNED = "case.bulk_reassigned"
    CASE_PUT_ON_HOLD = "case.put_on_hold"
    CASE_RESUMED = "case.resumed"
    CASE_CLOSED = "case.closed"
    CASE_REOPENED = "case.reopened"
    TASK_CREATED = "task.created"
    TASK_COMPLETED = "task.completed"
    TASK_REOPENED = "task.reopened"
    REMINDERS_CREATED = "task.reminders_created"
    INTAKE_COMPLETED = "case.intake_completed"
    PLAN_VIEWED = "plan.viewed"
    PLAN_DRAFT_SAVED = "plan.draft_saved"
    PLAN_AGREED = "plan.agreed"
    PLAN_VERSION_STARTED = "plan.version_started"
    PLAN_REVIEWED = "plan.reviewed"
    ASSESSMENT_RECORDED = "assessment.recorded"
    CONSENT_RECORDED = "consent.recorded"
    CONSENT_REVOKED = "consent.revoked"
    # Signed on screen (domain/signatures): the client and perhaps a staff witness.
    CONSENT_SIGNED = "consent.signed"
    # Shared although no release was in effect: a supervisor's decision, with the reason.
    CONSENT_OVERRIDDEN = "consent.overridden"
    # Shared with a named recipient under a release in effect (or an override).
    INFORMATION_RELEASED = "information.released"
    NOTES_VIEWED = "note.viewed"
    TIMELINE_VIEWED = "timeline.viewed"
    NOTE_DRAFT_STARTED = "note.draft_started"
    NOTE_DRAFT_DISCARDED = "note.draft_discarded"
    NOTE_SIGNED = "note.signed"
    NOTE_ADDENDUM_ADDED = "note.addendum_added"
    NOTE_COSIGNED = "note.cosigned"
    # Someone tried to save, sign again or discard a note already signed.
    SIGNED_NOTE_CHANGE_REFUSED = "note.change_refused"
    PROGRAM_CREATED = "program.created"
    PROGRAM_CHANGED = "program.changed"
    FORM_PREPARED = "form.prepared"
    FORM_PRINTED = "form.printed"
    RESOURCE_CREATED = "resource.created"
    RESOURCE_CHANGED = "resource.changed"
    RESOURCES_IMPORTED = "resource.imported"
    RESOURCES_EXPORTED = "resource.exported"
    REFERRAL_MADE = "referral.made"
    REFERRAL_STATUS_CHANGED = "referral.status_changed"
    # Scanned documents on a client's record (domain/attachments): each addition,
    # every view, download (opened in another program or saved) and print of a
    # file's content, and a supervisor's removal.
    ATTACHMENT_ADDED = "attachment.added"
    ATTACHMENT_VIEWED = "attachment.viewed"
    ATTACHMENT_DOWNLOADED = "attachment.downloaded"
    ATTACHMENT_PRINTED = "attachment.printed"
    ATTACHMENT_REMOVED = "attachment.removed"
    # The HMIS CSV export (detail: the period, programs, PII handling, rows per file)
    # and its data-quality check (the period and the counts).
    HMIS_EXPORTED = "hmis.exported"
    HMIS_QUALITY_CHECKED = "hmis.quality_checked"
    # An outcome report shown, and printed or saved as PDF, XLSX or CSV (detail:
    # the period, program, whose cases, and the format).
    REPORT_VIEWED = "report.viewed"
    REPORT_SAVED = "report.saved"
    # The embedded file copied and checked, or not (with the reason); a database
    # put back from a copy. See domain/backups.
    BACKUP_MADE = "backup.made"
    BACKUP_FAILED = "backup.failed"
    DATABASE_RESTORED = "backup.restored"


@dataclass(frozen=True)
class AuditEvent:
    occurred_at: datetime
    actor: str
    workstation: str
    action: AuditAction
    entity_type: str
    entity_id: int | None
    # Names of the fields involved, never their values: the trail must not
    # become a second copy of confidential data.
    detail: str = ""


@dataclass(frozen=True)
class AuditEntry:
    """One stored audit row, for the audit trail screen and its export."""

    id: int
    occurred_at: datetime
    actor: str
    workstation: str
    action: str
    entity_type: str
    entity_id: int | None
    detail: str


@dataclass(frozen=True)
class AuditFilter:
    """What the audit trail screen asks for; empty means "any"."""

    actor: str = ""
    action: str = ""
    entity_type: str = ""
    entity_id: int | None = None
    since: date | None = None
    until: date | None = None  # inclusive
    # The days above are days where the person reading the trail is: an event
    # at 8 pm in New York belongs to that evening's date, not to the next UTC day.
    zone: tzinfo = UTC
