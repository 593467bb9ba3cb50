"""The audit trail as a Qt table model, newest first, filled a page at a time."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from domain.audit import AuditAction, AuditEntry
from domain.clients import client_number

Index = QModelIndex | QPersistentModelIndex

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
        AuditAction.CASE_OPENED: _tr("Case opened"),
        AuditAction.CASE_ASSIGNED: _tr("Case assigned"),
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
    if entity_type == "settings":
        return _tr("Settings")
    if entity_type == "audit":
        return _tr("Audit trail")
    if entity_id is None:
        return entity_type
    return f"{entity_type} #{entity_id}"


class AuditTableModel(QAbstractTableModel):
    COL_TIME, COL_PERSON, COL_WORKSTATION, COL_ACTION, COL_RECORD, COL_DETAIL = range(6)
    EntryIdRole = Qt.ItemDataRole.UserRole + 1
    ActionRole = Qt.ItemDataRole.UserRole + 2  # the stored action code, e.g. "sign_in.failed"

    # The view scrolled near the end: the owner should load rows from this offset.
    more_wanted = Signal(int)

    def __init__(self, parent=None, page_size: int = PAGE_SIZE):
        super().__init__(parent)
        self._page_size = page_size
        self._rows: list[AuditEntry] = []
        # The trail has no cheap total: a short page means the end was reached.
        self._at_end = True
        self._waiting_for_more = False
        self._headers = (
            self.tr("Time"),
            self.tr("Person"),
            self.tr("Workstation"),
            self.tr("Action"),
            self.tr("Record"),
            self.tr("Detail"),
        )

    # --- filling -------------------------------------------------------------

    def reset_to(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self._at_end = len(entries) < self._page_size
        self._waiting_for_more = False
        self.endResetModel()

    def append(self, entries: list[AuditEntry]) -> None:
        self._waiting_for_more = False
        self._at_end = len(entries) < self._page_size
        # New events written while scrolling shift the offsets: keep each row once.
        known = {row.id for row in self._rows}
        fresh = [row for row in entries if row.id not in known]
        if not fresh:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._rows.extend(fresh)
        self.endInsertRows()

    @property
    def at_end(self) -> bool:
        return self._at_end

    def entry_at(self, row: int) -> AuditEntry:
        return self._rows[row]

    # --- Qt model interface ---------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_ACTION:
            return entry.action
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_DETAIL:
            return entry.detail or None
        if role == self.EntryIdRole:
            return entry.id
        if role == self.ActionRole:
            return entry.action
        return None

    def _display(self, entry: AuditEntry, column: int) -> str | None:
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
            return entry.detail
        return None

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._at_end

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._waiting_for_more or self._at_end:
            return
        self._waiting_for_more = True
        self.more_wanted.emit(len(self._rows))
