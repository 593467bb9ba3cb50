"""Printing case notes: which case, and the range of contact dates (blank ends
are open). The dates are checked by the domain's own rule before printing."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from domain.cases.case import CaseSummary
from domain.common.errors import ValidationError
from domain.notes.document import validate_note_range
from gui.common.form_fields import FormFields


class NotesPrintDialog(QDialog):
    def __init__(self, cases: Sequence[CaseSummary], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print case notes"))
        self.fields = FormFields(self)
        self.case = QComboBox(self)
        for case in cases:
            self.case.addItem(f"{case.number} · {case.program_name or '—'}", case.id)
        self.fields.add("case_id", self.tr("&Case"), self.case)
        self.fields.show_row("case_id", len(cases) > 1)
        hint = self.tr("MM/DD/YYYY, blank: from the first note")
        self.fields.add_line_edit("from_on", self.tr("&From"), placeholder=hint)
        self.fields.add_line_edit(
            "to_on", self.tr("&To"), placeholder=self.tr("MM/DD/YYYY, blank: to the last note")
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Preview…"))
        self.buttons.accepted.connect(self.check_and_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def case_id(self) -> int | None:
        return self.case.currentData()

    def dates(self) -> tuple[str, str]:
        return self.fields.text("from_on"), self.fields.text("to_on")

    def check_and_accept(self) -> None:
        self.fields.clear_messages()
        try:
            validate_note_range(*self.dates())
        except ValidationError as error:
            self.fields.show_errors(error.errors)
            return
        self.accept()
