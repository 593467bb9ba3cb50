"""Choose the caseworker who takes one or more cases, with an optional note."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from domain.common.errors import ValidationError
from gui.common.error_presenter import present_error
from gui.common.form_fields import ERROR_COLOUR, FormFields
from gui.common.runner import BackgroundRunner

LONGEST_NOTE = 500


class AssignDialog(QDialog):
    """``hand_over(staff_id, note)`` runs on the runner; the dialog closes when it succeeds
    and shows the domain's messages beside the fields when it does not."""

    def __init__(
        self,
        runner: BackgroundRunner,
        title: str,
        summary: str,
        caseworkers: list[tuple[int, str]],
        hand_over: Callable[[int, str], Any],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._hand_over = runner, hand_over
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.summary = QLabel(summary, self)
        self.summary.setWordWrap(True)
        self.fields = FormFields(self)
        self.caseworker = QComboBox(self)
        for staff_id, name in caseworkers:
            self.caseworker.addItem(name, staff_id)
        self.fields.add("staff_id", self.tr("&Caseworker"), self.caseworker)
        self.note = self.fields.add_line_edit(
            "note",
            self.tr("&Note"),
            placeholder=self.tr("Optional: why, or what they should know"),
            max_length=LONGEST_NOTE,
        )
        assert isinstance(self.note, QLineEdit)
        # Messages about the cases themselves (one closed meanwhile, say) go here.
        self.problem = QLabel(self)
        self.problem.setObjectName("cases_message")
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Assign"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())
        self.caseworker.setFocus()

    def choose(self, staff_id: int) -> None:
        self.caseworker.setCurrentIndex(self.caseworker.findData(staff_id))

    def save(self) -> None:
        staff_id = self.caseworker.currentData()
        if staff_id is None:
            self.fields.show_errors({"staff_id": self.tr("Choose an active caseworker.")})
            return
        self.buttons.setEnabled(False)
        self._runner.submit(
            self._hand_over,
            staff_id,
            self.note.text(),
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, result: Any) -> None:
        self.result_value = result
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError):
            leftover = self.fields.show_errors(error.errors)
            self.problem.setText("\n".join(leftover.values()))
            self.problem.setVisible(bool(leftover))
        else:
            present_error(self, error)
