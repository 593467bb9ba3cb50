"""The client list as a Qt table model, filled a page at a time."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from domain.clients import ClientPage, ClientSummary
from domain.field_rules import format_date

Index = QModelIndex | QPersistentModelIndex


class ClientTableModel(QAbstractTableModel):
    COL_NUMBER, COL_LAST, COL_FIRST, COL_BORN, COL_PHONE, COL_UPDATED = range(6)
    ClientIdRole = Qt.ItemDataRole.UserRole + 1

    # The view scrolled near the end: the owner should load rows from this offset.
    more_wanted = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[ClientSummary] = []
        self._total = 0
        self._waiting_for_more = False
        self._headers = (
            self.tr("Client #"),
            self.tr("Last name"),
            self.tr("First name"),
            self.tr("Date of birth"),
            self.tr("Phone"),
            self.tr("Last changed"),
        )

    # --- filling -------------------------------------------------------------

    def reset_to(self, page: ClientPage) -> None:
        self.beginResetModel()
        self._rows = list(page.rows)
        self._total = page.total
        self._waiting_for_more = False
        self.endResetModel()

    def append(self, page: ClientPage) -> None:
        self._waiting_for_more = False
        self._total = page.total
        known = {row.id for row in self._rows}
        fresh = [row for row in page.rows if row.id not in known]
        if not fresh:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._rows.extend(fresh)
        self.endInsertRows()

    @property
    def total(self) -> int:
        return self._total

    def client_id_at(self, row: int) -> int:
        return self._rows[row].id

    def row_of(self, client_id: int) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.id == client_id), None)

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
        client = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(client, index.column())
        if role == self.ClientIdRole:
            return client.id
        return None

    def _display(self, client: ClientSummary, column: int) -> str | None:
        if column == self.COL_NUMBER:
            return client.number
        if column == self.COL_LAST:
            return client.last_name
        if column == self.COL_FIRST:
            return client.first_name
        if column == self.COL_BORN:
            return format_date(client.date_of_birth)
        if column == self.COL_PHONE:
            return client.phone or ""
        if column == self.COL_UPDATED:
            return client.updated_at.astimezone().strftime("%m/%d/%Y %H:%M")
        return None

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._waiting_for_more:
            return
        self._waiting_for_more = True
        self.more_wanted.emit(len(self._rows))
