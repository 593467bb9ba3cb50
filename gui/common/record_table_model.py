"""What every CaseDesk list model shares: frozen read models in rows, named
columns, and (for long lists) loading the next page when the view asks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    """Rows are read models with an ``id``; subclasses say how each column shows."""

    def __init__(self, headers: tuple[str, ...], parent=None):
        super().__init__(parent)
        self._headers = headers
        self._rows: list[Any] = []

    def display(self, row: Any, column: int) -> str | None:
        raise NotImplementedError

    def other_data(self, row: Any, column: int, role: int) -> Any:
        """Roles besides DisplayRole (tooltips, ids, colours); None by default."""
        return None

    def reset_to(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, record_id: int) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.id == record_id), None)

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
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        return self.other_data(row, index.column(), role)


class PagedTableModel(RecordTableModel):
    """A list loaded a page at a time as the view scrolls towards its end."""

    # The view scrolled near the end: the owner should load rows from this offset.
    more_wanted = Signal(int)

    def __init__(self, headers: tuple[str, ...], parent=None):
        super().__init__(headers, parent)
        self._waiting_for_more = False

    def has_more(self) -> bool:
        raise NotImplementedError

    def reset_to(self, rows) -> None:
        self._waiting_for_more = False
        super().reset_to(rows)

    def append(self, rows) -> None:
        self._waiting_for_more = False
        # Rows added or removed while scrolling shift the offsets: keep each row once.
        known = {row.id for row in self._rows}
        fresh = [row for row in rows if row.id not in known]
        if not fresh:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._rows.extend(fresh)
        self.endInsertRows()

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self.has_more()

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._waiting_for_more or not self.has_more():
            return
        self._waiting_for_more = True
        self.more_wanted.emit(len(self._rows))
