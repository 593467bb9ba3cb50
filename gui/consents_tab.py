"""A client's consents: what each covers, since when, until when, and whether it
is in effect today."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from domain.consents import Consent
from domain.field_rules import format_date
from gui.list_view import record_list
from gui.record_table_model import RecordTableModel


class ConsentTableModel(RecordTableModel):
    COL_KIND, COL_RECIPIENT, COL_SIGNED, COL_HOW, COL_EXPIRES, COL_STATUS = range(6)

    def __init__(self, today: date, parent=None):
        super().__init__(
            (
                self.tr("Consent"),
                self.tr("Recipient"),
                self.tr("Signed"),
                self.tr("How"),
                self.tr("Expires"),
                self.tr("Status today"),
            ),
            parent,
        )
        self._today = today

    def display(self, consent: Consent, column: int) -> str | None:
        return (
            self.tr(consent.kind.label),
            consent.recipient or "—",
            format_date(consent.signed_on),
            self.tr(consent.method.label),
            format_date(consent.expires_on) or self.tr("no date"),
            self.tr(consent.status_on(self._today)),
        )[column]

    def other_data(self, consent: Consent, column: int, role: int):
        lapsed = consent.status_on(self._today) != "in effect"
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_STATUS and lapsed:
            return QColor("#b00020")
        return None


class ConsentsTab(QWidget):
    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ConsentTableModel(today, self)
        self.table = record_list(self, self.model, "consent_list")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
