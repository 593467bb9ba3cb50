"""A new task: what, by when, on which of my cases."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from domain.cases.caseload import CaseRow
from domain.cases.tasks import LONGEST_TITLE, Task, TaskForm
from domain.common.actor import Actor
from gui.common.form_fields import FormFields
from gui.common.runner import BackgroundRunner


class NewTaskDialog(QDialog):
    def __init__(
        self,
        runner: BackgroundRunner,
        tasks_service,
        actor: Actor,
        cases: Sequence[CaseRow],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._service, self._actor = runner, tasks_service, actor
        self.result_task: Task | None = None
        self.setWindowTitle(self.tr("New task"))
        self.fields = FormFields(self)
        self.fields.add_line_edit(
            "title",
            self.tr("&What"),
            placeholder=self.tr("Call the landlord"),
            max_length=LONGEST_TITLE + 50,
        )
        self.fields.add_line_edit("due_on", self.tr("&Due"), placeholder=self.tr("MM/DD/YYYY"))
        self.case = QComboBox(self)
        self.case.addItem(self.tr("No case"), None)
        for case in cases:
            self.case.addItem(
                self.tr("{0} · {1} ({2})").format(case.client_name, case.program_name, case.number),
                case.id,
            )
        self.fields.add("case_id", self.tr("&Case"), self.case)
        self.fields.add_line_edit("note", self.tr("&Note"), max_length=500)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

    def choose_case(self, case_id: int) -> None:
        self.case.setCurrentIndex(max(0, self.case.findData(case_id)))

    def form(self) -> TaskForm:
        return TaskForm(
            title=self.fields.text("title"),
            due_on=self.fields.text("due_on"),
            case_id=self.case.currentData(),
            note=self.fields.text("note"),
        )

    def save(self) -> None:
        self.buttons.setEnabled(False)
        self._runner.submit(
            self._service.create,
            self._actor,
            self.form(),
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, task: Task) -> None:
        self.result_task = task
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.fields.present(error)
