"""Programs, kept by the administrator: what the office offers, and how often a
service plan in each is reviewed. A program is retired, never deleted: its cases
keep pointing at it."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.cases.programs import Program, ProgramForm
from domain.common.actor import Actor
from domain.common.errors import ConflictError, ValidationError
from domain.hmis_export.project import missing_for_export
from domain.services import Services
from gui.common.conflict_resolution import ConflictResolution, wrapped
from gui.common.form_fields import FormFields
from gui.common.list_view import record_list
from gui.common.record_table_model import RecordTableModel
from gui.common.runner import BackgroundRunner
from gui.hmis_export.project_fields import HmisProjectFields


class ProgramTableModel(RecordTableModel):
    COL_NAME, COL_REVIEW, COL_ACTIVE, COL_COSIGN, COL_DESCRIPTION, COL_HMIS = range(6)

    def __init__(self, parent=None):
        super().__init__(
            (
                self.tr("Program"),
                self.tr("Plan review"),
                self.tr("Offered"),
                self.tr("Notes co-signed"),
                self.tr("About"),
                self.tr("HMIS"),
            ),
            parent,
        )

    def display(self, program: Program, column: int) -> str | None:
        days = program.cosign_new_staff_days
        missing = len(missing_for_export(program.hmis))
        return (
            program.name,
            self.tr("every {0} days").format(program.review_interval_days),
            self.tr("yes") if program.active else self.tr("retired"),
            self.tr("staff's first {0} days").format(days) if days else self.tr("no"),
            program.description,
            self.tr("set up") if not missing else self.tr("{0} to set").format(missing),
        )[column]


class ProgramDialog(QDialog):
    def __init__(self, runner, service, actor, program: Program | None = None, parent=None):
        super().__init__(parent)
        self._runner, self._service, self._actor, self._program = runner, service, actor, program
        self.result_program: Program | None = None
        self.setWindowTitle(self.tr("New program") if program is None else program.name)
        self.fields = FormFields(self)
        self.fields.add_line_edit("name", self.tr("&Name"), max_length=100)
        self.fields.add_line_edit("description", self.tr("&About"), max_length=300)
        self.fields.add_line_edit(
            "review_interval_days", self.tr("&Review plans every (days)"), max_length=3
        )
        cosign = self.fields.add_line_edit(
            "cosign_new_staff_days",
            self.tr("S&upervisor co-signs notes of staff hired within (days)"),
            max_length=3,
        )
        cosign.setToolTip(self.tr("0: notes need no co-signature"))
        self.active = QCheckBox(self.tr("Offered at intake"), self)
        self.fields.add("active", self.tr("O&ffered"), self.active)
        # The program as an HMIS project (gui/hmis_export): its own tab, tall, so it scrolls.
        self.hmis = HmisProjectFields()
        self.load_form(program.as_form() if program else ProgramForm())
        self.conflict = ConflictResolution(self, runner, self.caption, self.shown)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        general = QWidget(self)
        general.setLayout(self.fields.layout)
        scroller = QScrollArea(self)
        scroller.setWidgetResizable(True)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setWidget(self.hmis)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(general, self.tr("&Program"))
        self.tabs.addTab(scroller, self.tr("&HMIS"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.resize(640, 560)

    def load_form(self, form: ProgramForm) -> None:
        for name in ("name", "description", "review_interval_days", "cosign_new_staff_days"):
            self.fields.inputs[name].setText(getattr(form, name))
        self.active.setChecked(form.active)
        self.hmis.load(form.hmis_form())

    def caption(self, name: str) -> str:
        return self.fields.captions.get(name) or self.hmis.captions.get(name, name)

    def shown(self, name: str, value) -> str:
        if name == "active":
            return self.tr("Offered") if value else self.tr("Retired")
        if name.startswith("hmis_"):
            return wrapped(self.hmis.shown(name, value))
        return wrapped(value)

    def form(self) -> ProgramForm:
        return ProgramForm(
            self.fields.text("name"),
            self.fields.text("description"),
            self.fields.text("review_interval_days"),
            self.active.isChecked(),
            self.fields.text("cosign_new_staff_days"),
            **self.hmis.values(),
        )

    def save(self) -> None:
        self.buttons.setEnabled(False)
        if self._program is None:
            call, args = self._service.create, (self._actor, self.form())
        else:
            program = self._program
            call, args = (
                self._service.change,
                (self._actor, program.id, program.version, self.form()),
            )
        self._runner.submit(call, *args, on_success=self._saved, on_error=self._failed, owner=self)

    def _saved(self, program: Program) -> None:
        self.result_program = program
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ConflictError) and self._program is not None:
            opened = self._program
            self.conflict.start(
                error,
                what=self.tr("the program {0}").format(opened.name),
                read=partial(self._service.get, self._actor, opened.id),
                form_of=Program.as_form,
                original=opened.as_form(),
                mine=self.form(),
                save=self._save_over,
            )
            return
        if isinstance(error, ValidationError):
            leftover = self.hmis.show_errors(error.errors)
            on_tab = len(leftover) < len(error.errors)
            leftover = self.fields.show_errors(leftover)
            if on_tab and not any(name in error.errors for name in self.fields.inputs):
                self.tabs.setCurrentIndex(1)  # the problems are all on the HMIS tab
            if leftover:
                self.fields.present(ValidationError(leftover))
            return
        self.fields.present(error)

    def _save_over(self, current: Program, form: ProgramForm) -> None:
        """The details picked, saved over the version stored now."""
        self._program = current
        self.load_form(form)
        self.save()


class ProgramsPage(QWidget):
    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._service, self._actor = runner, services.programs, actor
        self.model = ProgramTableModel(self)
        self.table = record_list(self, self.model, "program_table")
        self.table.activated.connect(lambda index: self.edit(index.row()))
        for column, width in (
            (ProgramTableModel.COL_NAME, 240),
            (ProgramTableModel.COL_REVIEW, 130),
        ):
            self.table.setColumnWidth(column, width)
        self.add_button = QPushButton(self.tr("&Add a program…"), self)
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(self.tr("&Change…"), self)
        self.edit_button.clicked.connect(lambda: self.edit(self.table.currentIndex().row()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.refresh()

    def refresh(self) -> None:
        self._runner.submit(
            lambda: self._service.list(self._actor, include_inactive=True),
            on_success=self.model.reset_to,
            owner=self,
        )

    def add(self) -> None:
        self._ask(None)

    def edit(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self._ask(self.model.row_at(row))

    def _ask(self, program: Program | None) -> None:
        dialog = ProgramDialog(self._runner, self._service, self._actor, program, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh)
        dialog.open()
