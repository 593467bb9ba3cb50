"""Closing a case (supervisors): why, with what outcome, where the client went
(HUD's destination at exit, HMIS 3.12, with its follow-ups), and what becomes of
the case's open tasks. The service refuses a close with open tasks; the dialog
then says how many and offers to mark them done with it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from domain.cases.case import CaseOutcome, CloseReason
from domain.common.errors import ValidationError
from gui.common.error_presenter import present_error
from gui.common.form_fields import FormFields
from gui.common.runner import BackgroundRunner
from gui.hmis_export.destination_input import DestinationInput

# (reason, outcome, note, complete_open_tasks, destination, its subsidy, its words)
# -> the closed case
CloseCall = Callable[[str, str, str, bool, str, str, str], object]


class CloseCaseDialog(QDialog):
    def __init__(self, runner: BackgroundRunner, summary: str, close: CloseCall, parent=None):
        super().__init__(parent)
        self._runner, self._close = runner, close
        self.setWindowTitle(self.tr("Close case"))
        self.fields = FormFields(self)
        self.reason = QComboBox(self)
        self.reason.addItem(self.tr("Choose…"), "")
        for reason in CloseReason:
            self.reason.addItem(self.tr(reason.label), reason.value)
        self.fields.add("reason", self.tr("&Reason"), self.reason)
        self.outcome = QComboBox(self)
        self.outcome.addItem(self.tr("Choose…"), "")
        for outcome in CaseOutcome:
            self.outcome.addItem(self.tr(outcome.label), outcome.value)
        self.fields.add("outcome", self.tr("&Outcome"), self.outcome)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Required when the reason is Other"))
        self.fields.add("note", self.tr("&Note"), self.note)
        self.destination = DestinationInput(self.fields, self)
        self.complete_tasks = QCheckBox(self.tr("Mark the case's open tasks done"), self)
        self.complete_tasks.hide()
        self.fields.add("open_tasks", "", self.complete_tasks)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Close case"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(summary, self))
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

    def submit(self) -> None:
        self.buttons.setEnabled(False)
        self._runner.submit(
            self._close,
            self.reason.currentData(),
            self.outcome.currentData(),
            self.note.text(),
            self.complete_tasks.isChecked(),
            *self.destination.answers(),
            on_success=lambda _case: self.accept(),
            on_error=self._failed,
            owner=self,
        )

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(error, ValidationError):
            present_error(self, error)
            return
        if "open_tasks" in error.errors:
            self.complete_tasks.show()  # the question the refusal asks
        leftover = self.fields.show_errors(error.errors)
        if leftover:
            present_error(self, ValidationError(leftover))
