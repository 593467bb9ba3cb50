"""The audit trail as a Qt table model, newest first, filled a page at a time."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from domain.audit.events import AuditAction, AuditEntry
from domain.audit.wording import detail_in_words
from domain.clients.record import client_number
from gui.common.record_table_model import PagedTableModel

PAGE_SIZE = 200


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditActions", text)


def action_labels() -> dict[AuditAction, str]:
    """Every audit action in words, for the filter and the list alike."""
    return {
        AuditAction.SIGN_IN: _tr("Signed in"),
        AuditAction.SIGN_IN_FAILED: _tr("Sign-in failed"),
        AuditAction.ACCOUNT_LOCKED: _tr("Account locked"),
        AuditAction.SESSION_LOCKED: _tr("Screen locked"),
        AuditAction.SESSION_UNLOCKED: _tr("Screen unlocked"),
        AuditAction.SIGN_OUT: _tr("Signed out"),
        AuditAction.PASSWORD_CHANGED: _tr("Changed own password"),
        AuditAction.ACCESS_REFUSED: _tr("Access refused"),
        AuditAction.STAFF_CREATED: _tr("Staff account created"),
        AuditAction.STAFF_CHANGED: _tr("Staff account changed"),
        AuditAction.STAFF_DEACTIVATED: _tr("Staff account deactivated"),
        AuditAction.STAFF_REACTIVATED: _tr("Staff account reactivated"),
        AuditAction.STAFF_PASSWORD_RESET: _tr("Password reset"),
        AuditAction.STAFF_UNLOCKED: _tr("Staff account unlocked"),
        AuditAction.AUDIT_EXPORTED: _tr("Audit trail exported"),
        AuditAction.SETTINGS_CHANGED: _tr("Settings changed"),
        AuditAction.CLIENT_CREATED: _tr("Client registered"),
        AuditAction.CLIENT_VIEWED: _tr("Client record viewed"),
        AuditAction.CLIENT_CHANGED: _tr("Client record changed"),
        AuditAction.CLIENT_SSN_VIEWED: _tr("Full SSN viewed"),
        AuditAction.DUPLICATE_OVERRIDDEN: _tr("Registered despite a likely duplicate"),
        AuditAction.CLIENTS_MERGED: _tr("Records merged"),
        AuditAction.MERGE_UNDONE: _tr("Merge undone"),
        AuditAction.HOUSEHOLD_JOINED: _tr("Joined a household"),
        AuditAction.HOUSEHOLD_LEFT: _tr("Left a household"),
        AuditAction.CASE_OPENED: _tr("Case opened"),
        AuditAction.CASE_ASSIGNED: _tr("Case assigned"),
        AuditAction.CASE_UNASSIGNED: _tr("Case unassigned"),
        AuditAction.CASES_REASSIGNED: _tr("Cases reassigned together"),
        AuditAction.CASE_PUT_ON_HOLD: _tr("Case put on hold"),
        AuditAction.CASE_RESUMED: _tr("Case resumed"),
        AuditAction.CASE_CLOSED: _tr("Case closed"),
        AuditAction.CASE_REOPENED: _tr("Case reopened"),
        AuditAction.TASK_CREATED: _tr("Task created"),
        AuditAction.TASK_COMPLETED: _tr("Task done"),
        AuditAction.TASK_REOPENED: _tr("Task reopened"),
        AuditAction.REMINDERS_CREATED: _tr("Reminders created"),
        AuditAction.INTAKE_COMPLETED: _tr("Intake completed"),
        AuditAction.PLAN_VIEWED: _tr("Service plan viewed"),
        AuditAction.PLAN_DRAFT_SAVED: _tr("Service plan draft saved"),
        AuditAction.PLAN_AGREED: _tr("Service plan agreed by the client"),
        AuditAction.PLAN_VERSION_STARTED: _tr("New service plan version started"),
        AuditAction.PLAN_REVIEWED: _tr("Service plan reviewed"),
        AuditAction.ASSESSMENT_RECORDED: _tr("Assessment recorded"),
        AuditAction.CONSENT_RECORDED: _tr("Consent recorded"),
        AuditAction.CONSENT_REVOKED: _tr("Consent revoked"),
        AuditAction.CONSENT_SIGNED: _tr("Consent signed on screen"),
        AuditAction.CONSENT_OVERRIDDEN: _tr("Shared without a release (override)"),
        AuditAction.INFORMATION_RELEASED: _tr("Information released"),
        AuditAction.NOTES_VIEWED: _tr("Case notes viewed"),
        AuditAction.TIMELINE_VIEWED: _tr("Case timeline viewed"),
        AuditAction.NOTE_DRAFT_STARTED: _tr("Note draft started"),
        AuditAction.NOTE_DRAFT_DISCARDED: _tr("Note draft discarded"),
        AuditAction.NOTE_SIGNED: _tr("Note signed"),
        AuditAction.NOTE_ADDENDUM_ADDED: _tr("Addendum added to a note"),
        AuditAction.NOTE_COSIGNED: _tr("Note co-signed"),
        AuditAction.SIGNED_NOTE_CHANGE_REFUSED: _tr("Signed note edit refused"),
        AuditAction.PROGRAM_CREATED: _tr("Program created"),
        AuditAction.PROGRAM_CHANGED: _tr("Program changed"),
        AuditAction.FORM_PREPARED: _tr("Form prepared for printing"),
        AuditAction.FORM_PRINTED: _tr("Form printed or saved"),
        AuditAction.RESOURCE_CREATED: _tr("Resource added"),
        AuditAction.RESOURCE_CHANGED: _tr("Resource changed"),
        AuditAction.RESOURCES_IMPORTED: _tr("Resources imported"),
        AuditAction.RESOURCES_EXPORTED: _tr("Resources exported"),
        AuditAction.REFERRAL_MADE: _tr("Referral made"),
        AuditAction.REFERRAL_STATUS_CHANGED: _tr("Referral status changed"),
        AuditAction.ATTACHMENT_ADDED: _tr("Attachment added"),
        AuditAction.ATTACHMENT_VIEWED: _tr("Attachment viewed"),
        AuditAction.ATTACHMENT_DOWNLOADED: _tr("Attachment opened elsewhere or saved"),
        AuditAction.ATTACHMENT_PRINTED: _tr("Attachment printed"),
        AuditAction.ATTACHMENT_REMOVED: _tr("Attachment removed"),
        AuditAction.HMIS_EXPORTED: _tr("HMIS data exported"),
        AuditAction.HMIS_QUALITY_CHECKED: _tr("HMIS data quality checked"),
        AuditAction.REPORT_VIEWED: _tr("Outcome report viewed"),
        AuditAction.REPORT_SAVED: _tr("Outcome report printed or saved"),
        AuditAction.BACKUP_MADE: _tr("Backup made and checked"),
        AuditAction.BACKUP_FAILED: _tr("Backup failed"),
        AuditAction.DATABASE_RESTORED: _tr("Database restored from a backup"),
    }


def action_label(action: str) -> str:
    """An action in words; one this version does not know stays as stored."""
    try:
        return action_labels().get(AuditAction(action), action)
    except ValueError:
        return action


def record_label(entity_type: str, entity_id: int | None) -> str:
    """Which record an event was about, the way staff refer to it."""
    if entity_type == "client" and entity_id is not None:
        return client_number(entity_id)
    if entity_type == "staff" and entity_id is not None:
        return _tr("Staff account #{0}").format(entity_id)
    if entity_type == "case" and entity_id is not None:
        return _tr("Case K{0:06d}").format(entity_id)
    if entity_type == "settings":
        return _tr("Settings")
    if entity_type == "audit":
        return _tr("Audit trail")
    if entity_type == "backup":
        return _tr("Database backup")
    if entity_type == "attachment" and entity_id is not None:
        return _tr("Attachment #{0}").format(entity_id)
    if entity_type == "report":
        return _tr("Outcome report")
    if entity_id is None:
        return entity_type
    return f"{entity_type} #{entity_id}"


class AuditTableModel(PagedTableModel):
    COL_TIME, COL_PERSON, COL_WORKSTATION, COL_ACTION, COL_RECORD, COL_DETAIL = range(6)
    EntryIdRole = Qt.ItemDataRole.UserRole + 1
    ActionRole = Qt.ItemDataRole.UserRole + 2  # the stored action code, e.g. "sign_in.failed"

    def __init__(self, parent=None, page_size: int = PAGE_SIZE):
        super().__init__(
            (
                self.tr("Time"),
                self.tr("Person"),
                self.tr("Workstation"),
                self.tr("Action"),
                self.tr("Record"),
                self.tr("Detail"),
            ),
            parent,
        )
        self._page_size = page_size
        # The trail has no cheap total: a short page means the end was reached.
        self._at_end = True

    def reset_to(self, entries: list[AuditEntry]) -> None:
        self._at_end = len(entries) < self._page_size
        super().reset_to(entries)

    def append(self, entries: list[AuditEntry]) -> None:
        self._at_end = len(entries) < self._page_size
        super().append(entries)

    def has_more(self) -> bool:
        return not self._at_end

    @property
    def at_end(self) -> bool:
        return self._at_end

    def entry_at(self, row: int) -> AuditEntry:
        return self._rows[row]

    def other_data(self, entry: AuditEntry, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_ACTION:
            return entry.action
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_DETAIL:
            return entry.detail or None  # as stored, e.g. "client.any"
        if role == self.EntryIdRole:
            return entry.id
        if role == self.ActionRole:
            return entry.action
        return None

    def display(self, entry: AuditEntry, column: int) -> str | None:
        if column == self.COL_TIME:
            # Stored in UTC; people read their own clock.
            return entry.occurred_at.astimezone().strftime("%m/%d/%Y %H:%M:%S")
        if column == self.COL_PERSON:
            return entry.actor
        if column == self.COL_WORKSTATION:
            return entry.workstation
        if column == self.COL_ACTION:
            return action_label(entry.action)
        if column == self.COL_RECORD:
            return record_label(entry.entity_type, entry.entity_id)
        if column == self.COL_DETAIL:
            return detail_in_words(entry.action, entry.detail)
        return None
