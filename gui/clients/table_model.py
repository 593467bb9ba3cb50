"""The client list as a Qt table model, filled a page at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt

from domain.clients.record import ClientPage, ClientSummary
from domain.common.field_rules import format_date
from gui.common.record_table_model import PagedTableModel


class ClientTableModel(PagedTableModel):
    COL_NUMBER, COL_LAST, COL_FIRST, COL_BORN, COL_PHONE, COL_UPDATED = range(6)
    ClientIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(
            (
                self.tr("Client #"),
                self.tr("Last name"),
                self.tr("First name"),
                self.tr("Date of birth"),
                self.tr("Phone"),
                self.tr("Last changed"),
            ),
            parent,
        )
        self._total = 0

    def reset_to(self, page: ClientPage) -> None:
        self._total = page.total
        super().reset_to(page.rows)

    def append(self, page: ClientPage) -> None:
        self._total = page.total
        super().append(page.rows)

    def has_more(self) -> bool:
        return len(self._rows) < self._total

    @property
    def total(self) -> int:
        return self._total

    def client_id_at(self, row: int) -> int:
        return self._rows[row].id

    def other_data(self, client: ClientSummary, column: int, role: int):
        return client.id if role == self.ClientIdRole else None

    def display(self, client: ClientSummary, column: int) -> str | None:
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
