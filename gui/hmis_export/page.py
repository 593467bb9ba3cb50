"""The HMIS export page (supervisors and administrators): choose the period, the
programs and how identifying details go out; check the data's quality; then
write HUD's FY2026 zip. Both run off the UI thread with a progress bar and
Cancel. The check lists each element's shortfalls; a supervisor sees the clients
to fix under the element chosen (double-click or Enter opens the record), an
administrator the counts alone.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from domain.cases.case import case_number
from domain.clients.record import client_number
from domain.common.actor import Actor
from domain.common.errors import ValidationError
from domain.common.field_rules import format_date
from domain.common.policy import Permission
from domain.hmis_export.options import ExportForm, PiiHandling
from domain.hmis_export.quality import ElementQuality, Problem, QualityReport
from domain.hmis_export.service import ExportCancelled, ExportSummary, ProjectStatus
from domain.hmis_export.target import whole_file
from domain.services import Services
from gui.common.error_presenter import present_error
from gui.common.form_fields import ERROR_COLOUR, FormFields
from gui.common.list_view import record_list
from gui.common.record_table_model import RecordTableModel
from gui.common.runner import BackgroundRunner

PROGRESS_EVERY_MS = 100
PROGRAM_ID = Qt.ItemDataRole.UserRole + 1


class ElementModel(RecordTableModel):
    COL_ELEMENT, COL_APPLIES, COL_OF, COL_DK, COL_MISSING, COL_ISSUES, COL_RATE = range(7)

    def __init__(self, parent=None):
        super().__init__(
            (
                self.tr("Element"),
                self.tr("Applies to"),
                self.tr("Of"),
                self.tr("Doesn't know / prefers not"),
                self.tr("Missing"),
                self.tr("Issues"),
                self.tr("Error rate"),
            ),
            parent,
        )

    @staticmethod
    def _count(element: ElementQuality, count: int) -> str:
        return f"{count:,} ({element.share(count):.1%})" if count else "0"

    def display(self, e: ElementQuality, column: int) -> str | None:
        return (
            self.tr(e.label),
            self.tr(e.applies_to),
            f"{e.applicable:,}",
            self._count(e, e.doesnt_know),
            self._count(e, e.missing),
            self._count(e, e.issues),
            f"{e.error_rate:.1%}",
        )[column]

    def other_data(self, e: ElementQuality, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole and e.note:
            return self.tr(e.note)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.COL_OF:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ProblemModel(RecordTableModel):
    COL_NUMBER, COL_NAME, COL_SHORTFALL, COL_DETAIL, COL_CASE = range(5)

    def __init__(self, parent=None):
        super().__init__(
            (
                self.tr("Client"),
                self.tr("Name"),
                self.tr("Shortfall"),
                self.tr("What to fix"),
                self.tr("Case"),
            ),
            parent,
        )

    def display(self, p: Problem, column: int) -> str | None:
        return (
            client_number(p.client_id),
            p.name,
            self.tr(p.shortfall.label),
            self.tr(p.detail),
            case_number(p.case_id) if p.case_id else "",
        )[column]


class _Progress:
    """Written by the worker, read by the UI thread's timer."""

    def __init__(self) -> None:
        self.done, self.total, self.stage = 0, 0, ""
        self.cancel = threading.Event()

    def report(self, done: int, total: int, stage: str) -> None:
        self.done, self.total, self.stage = done, total, stage


class HmisExportPage(QWidget):
    # A client to fix was chosen: open their record.
    client_opened = Signal(int)

    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._services, self._actor = runner, services, actor
        self._service = services.hmis_export
        self._org_version = 0
        self._checked: tuple[ExportForm, QualityReport] | None = None
        self.bar: QProgressDialog | None = None

        heading = QLabel(self.tr("<b>HMIS CSV export</b> — HUD's format, FY2026"), self)
        about = QLabel(
            self.tr(
                "Cases are enrollments, programs are projects, closed cases are exits. "
                "Check the data's quality first: the export then writes every file of the "
                "format, in one zip."
            ),
            self,
        )
        about.setWordWrap(True)

        self.fields = FormFields(self)
        today = services.today()
        self.start = self.fields.add_line_edit("start", self.tr("&From"), max_length=10)
        self.start.setText(format_date(today.replace(month=1, day=1)))
        self.end = self.fields.add_line_edit("end", self.tr("&To"), max_length=10)
        self.end.setText(format_date(today))
        for edit in (self.start, self.end):
            edit.setPlaceholderText("MM/DD/YYYY")
            edit.setMaximumWidth(140)
            edit.textEdited.connect(self._options_changed)
        self.pii = QComboBox(self)
        for choice in PiiHandling:
            self.pii.addItem(self.tr(choice.label), choice.value)
        self.pii.currentIndexChanged.connect(self._options_changed)
        self.fields.add("pii", self.tr("&Identifying details"), self.pii)
        self.program_model = QStandardItemModel(self)
        self.program_model.itemChanged.connect(self._options_changed)
        self.programs = QListView(self)
        self.programs.setObjectName("programs")
        self.programs.setModel(self.program_model)
        self.programs.setMaximumHeight(110)
        self.fields.add("programs", self.tr("&Programs"), self.programs)

        self.organization = QGroupBox(self.tr("The agency (Organization.csv)"), self)
        self.victim = QComboBox(self.organization)
        self.victim.setObjectName("victim_service_provider")
        for text, value in (
            (self.tr("Not said yet"), ""),
            (self.tr("No"), "0"),
            (self.tr("Yes"), "1"),
        ):
            self.victim.addItem(text, value)
        self.victim.setEnabled(actor.may(Permission.SETTINGS_MANAGE))
        self.victim_save = QPushButton(self.tr("Sa&ve"), self.organization)
        self.victim_save.setVisible(actor.may(Permission.SETTINGS_MANAGE))
        self.victim_save.clicked.connect(self.save_victim_service_provider)
        org_fields = FormFields(self.organization)
        self.org_fields = org_fields
        org_fields.add(
            "victim_service_provider", self.tr("Victim service provider (2.01)"), self.victim
        )
        org_layout = QHBoxLayout(self.organization)
        org_layout.addLayout(org_fields.layout, 1)
        org_layout.addWidget(self.victim_save, 0, Qt.AlignmentFlag.AlignTop)

        self.check_button = QPushButton(self.tr("&Check data quality"), self)
        self.check_button.setObjectName("check")
        self.check_button.clicked.connect(self.check)
        self.export_button = QPushButton(self.tr("&Export…"), self)
        self.export_button.setObjectName("export")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)

        self.summary = QLabel(self.tr("Not checked yet."), self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.elements = ElementModel(self)
        self.element_view = record_list(
            self, self.elements, "elements", stretch=ElementModel.COL_APPLIES
        )
        self.element_view.selectionModel().currentRowChanged.connect(self._element_chosen)
        self.problems = ProblemModel(self)
        self.problem_view = record_list(self, self.problems, "problems", stretch=3)
        self.problem_view.activated.connect(self._open_problem)
        self.problem_caption = QLabel(self)
        self.problem_caption.setWordWrap(True)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.problem_caption)
        lower_layout.addWidget(self.problem_view)
        names = actor.may(Permission.CLIENT_OPEN)
        self.problem_view.setVisible(names)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.element_view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        options = QHBoxLayout()
        options.addLayout(self.fields.layout, 3)
        options.addWidget(self.organization, 2, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(about)
        layout.addLayout(options)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.refresh()

    # --- reading ----------------------------------------------------------------

    def refresh(self) -> None:
        self._runner.submit(
            self._service.projects, self._actor, on_success=self._show_projects, owner=self
        )
        self._runner.submit(
            self._service.organization,
            self._actor,
            on_success=self._show_organization,
            owner=self,
        )

    def _show_projects(self, projects: list[ProjectStatus]) -> None:
        ticked = set(self.chosen_programs()) if self.program_model.rowCount() else None
        self.program_model.clear()
        for project in projects:
            program = project.program
            if project.missing:
                text = self.tr("{0} — not set up for HMIS ({1} to set)").format(
                    program.name, len(project.missing)
                )
            else:
                text = (
                    program.name
                    if program.active
                    else self.tr("{0} (retired)").format(program.name)
                )
            item = QStandardItem(text)
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(program.id, PROGRAM_ID)
            if project.missing:
                item.setToolTip("\n".join(self.tr(label) for label in project.missing_labels))
            on = (
                (program.id in ticked)
                if ticked is not None
                else (not project.missing and program.active)
            )
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.program_model.appendRow(item)
        self._options_changed()

    def _show_organization(self, organization) -> None:
        self._org_version = organization.version
        value = (
            ""
            if organization.victim_service_provider is None
            else str(organization.victim_service_provider)
        )
        self.victim.setCurrentIndex(max(self.victim.findData(value), 0))

    def save_victim_service_provider(self) -> None:
        self.victim_save.setEnabled(False)
        self._runner.submit(
            self._service.set_victim_service_provider,
            self._actor,
            self.victim.currentData(),
            self._org_version,
            on_success=self._organization_saved,
            on_error=self._organization_failed,
            owner=self,
        )

    def _organization_saved(self, organization) -> None:
        self.victim_save.setEnabled(True)
        self.org_fields.clear_messages()
        self._show_organization(organization)
        self._options_changed()

    def _organization_failed(self, error: BaseException) -> None:
        self.victim_save.setEnabled(True)
        self.org_fields.present(error)

    # --- the options -------------------------------------------------------------

    def chosen_programs(self) -> tuple[int, ...]:
        items = (self.program_model.item(row) for row in range(self.program_model.rowCount()))
        return tuple(
            item.data(PROGRAM_ID) for item in items if item.checkState() == Qt.CheckState.Checked
        )

    def form(self) -> ExportForm:
        return ExportForm(
            self.start.text(), self.end.text(), self.chosen_programs(), self.pii.currentData()
        )

    def _options_changed(self, *_args) -> None:
        """A check is for the options it was run with: others need their own."""
        ready = self._checked is not None and self._checked[0] == self.form()
        self.export_button.setEnabled(ready and self._checked[1].ready)

    # --- the check ---------------------------------------------------------------

    def check(self) -> None:
        form = self.form()
        self.fields.clear_messages()
        progress = self._start_progress(self.tr("Checking the data's quality…"))
        self._runner.submit(
            self._service.check,
            self._actor,
            form,
            progress.report,
            progress.cancel.is_set,
            on_success=lambda report: self._checked_done(form, report),
            on_error=self._failed,
            owner=self,
        )

    def _checked_done(self, form: ExportForm, report: QualityReport) -> None:
        self._stop_progress()
        self._checked = (form, report)
        self.show_report(report)
        self._options_changed()

    def show_report(self, report: QualityReport) -> None:
        counts = self.tr("{0:,} clients, {1:,} enrollments, {2:,} exits, {3} to {4}.").format(
            report.clients,
            report.enrollments,
            report.leavers,
            format_date(report.start),
            format_date(report.end),
        )
        if report.blockers:
            blockers = " ".join(self.tr(b) for b in report.blockers)
            self.summary.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.summary.setText(counts + " " + self.tr("Not ready to export: ") + blockers)
        else:
            self.summary.setStyleSheet("")
            self.summary.setText(counts + " " + self.tr("Ready to export."))
        self.elements.reset_to(report.elements)
        self.problems.reset_to([])
        if not report.names_shown:
            self.problem_caption.setText(
                self.tr("Administrators see the counts only; a supervisor sees the clients to fix.")
            )
        else:
            self.problem_caption.setText(self.tr("Choose an element to see the clients to fix."))
        if report.elements:
            self.element_view.selectRow(0)

    def _element_chosen(self, current, _previous) -> None:
        if not current.isValid() or self._checked is None:
            return
        element = self.elements.row_at(current.row())
        report = self._checked[1]
        if not report.names_shown:
            return
        self.problems.reset_to(element.problems)
        label = self.tr(element.label)
        if not element.fixed_in_record:
            text = self.tr(element.note)
        elif not element.total:
            text = self.tr("{0}: nothing to fix.").format(label)
        elif len(element.problems) < element.total:
            text = self.tr(
                "{0}: the first {1:,} of {2:,} to fix (double-click opens the record)."
            ).format(label, len(element.problems), element.total)
        else:
            text = self.tr("{0}: {1:,} to fix (double-click opens the record).").format(
                label, element.total
            )
        self.problem_caption.setText(text)

    def _open_problem(self, index) -> None:
        if index.isValid():
            self.client_opened.emit(self.problems.row_at(index.row()).client_id)

    # --- the export --------------------------------------------------------------

    @classmethod
    def ask_path(cls, parent: QWidget, suggested: str) -> str:
        """Where to write the zip (tests patch this)."""
        path, _filter = QFileDialog.getSaveFileName(
            parent, parent.tr("Save the HMIS export"), suggested, parent.tr("Zip files (*.zip)")
        )
        return path

    def export(self) -> None:
        form = self.form()
        start = form.start.replace("/", "-")
        end = form.end.replace("/", "-")
        chosen = self.ask_path(self, f"hmis-fy2026-{start}-to-{end}.zip")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".zip":
            path = path.with_name(path.name + ".zip")
        progress = self._start_progress(self.tr("Writing the HMIS export…"))
        service, actor = self._service, self._actor

        def work() -> ExportSummary:
            with whole_file(path) as target:
                return service.export(actor, form, target, progress.report, progress.cancel.is_set)

        self._runner.submit(
            work,
            on_success=lambda summary: self._exported(path, summary),
            on_error=self._failed,
            owner=self,
        )

    def _exported(self, path: Path, summary: ExportSummary) -> None:
        self._stop_progress()
        written = [(name.removesuffix(".csv"), n) for name, n in summary.rows.items() if n]
        rows = ", ".join(f"{name} {count:,}" for name, count in written)
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Wrote {0}: {1}.").format(path, rows))

    # --- progress and failures -----------------------------------------------------

    def _start_progress(self, text: str) -> _Progress:
        progress = _Progress()
        bar = QProgressDialog(text, self.tr("Cancel"), 0, 0, self)
        bar.setObjectName("hmis_progress")
        bar.setWindowModality(Qt.WindowModality.WindowModal)
        bar.setMinimumDuration(0)
        bar.canceled.connect(progress.cancel.set)

        def show() -> None:
            bar.setMaximum(progress.total)
            bar.setValue(min(progress.done, progress.total) if progress.total else 0)
            if progress.stage:
                bar.setLabelText(f"{text}\n{self.tr(progress.stage)}")

        poll = QTimer(bar)
        poll.setInterval(PROGRESS_EVERY_MS)
        poll.timeout.connect(show)
        poll.start()
        bar.show()
        self.bar = bar
        self.check_button.setEnabled(False)
        self.export_button.setEnabled(False)
        return progress

    def _stop_progress(self) -> None:
        if self.bar is not None:
            self.bar.reset()
            self.bar.deleteLater()
            self.bar = None
        self.check_button.setEnabled(True)
        self._options_changed()

    def _failed(self, error: BaseException) -> None:
        self._stop_progress()
        if isinstance(error, ExportCancelled):
            self.summary.setStyleSheet("")
            self.summary.setText(self.tr("Cancelled: nothing was exported."))
            return
        if isinstance(error, ValidationError):
            leftover = self.fields.show_errors(error.errors)
            if leftover:
                self.summary.setStyleSheet(f"color: {ERROR_COLOUR};")
                self.summary.setText(" ".join(self.tr(m) for m in leftover.values()))
            return
        present_error(self, error)
