"""The Reports page: outcome reports for a period and a program, each figure as a
table beside its chart, and the whole report as a PDF (printed or saved), an
Excel workbook or a CSV file for a grant report.

A supervisor's report covers the office, a caseworker's her own caseload; the page
says which. Counting runs on the background runner with its progress shown and a
Cancel; every report shown, printed or saved is audited by the service.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.field_rules import format_date
from domain.outcome_reports.figures import OutcomeReport
from domain.outcome_reports.period import ReportForm, preset_periods
from domain.outcome_reports.service import (
    SECTIONS,
    OutcomeReportService,
    ReportCancelled,
    ReportFormat,
    ReportOutput,
    report_scope,
)
from domain.outcome_reports.tables import ReportSection, header_lines, sections
from domain.printing.service import OutputKind
from gui.common.error_presenter import present_error
from gui.common.form_fields import FormFields
from gui.common.pdf_preview import PdfPreview
from gui.common.runner import BackgroundRunner, Job
from gui.outcome_reports.chart_view import ChartView
from gui.outcome_reports.table_model import ReportTableModel
from reports.outcome_reports.charts import section_charts, svg_bytes
from reports.outcome_reports.report_pdf import outcome_report_pdf
from reports.outcome_reports.spreadsheets import report_csv, report_xlsx

PROGRESS_EVERY_MS = 100
MAX_ROWS_SHOWN = 25
# Tables of at most this many columns have their charts beside them.
NARROW_COLUMNS = 4
DEFAULT_PRESET = "This year"
CUSTOM = "Custom period"
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Tab captions, shorter than the sections' titles.
TAB_TITLES = {
    "clients": "Clients",
    "cases": "Cases",
    "assessments": "Assessments",
    "goals": "Plan goals",
    "referrals": "Referrals",
    "documentation": "Documentation",
    "caseloads": "Caseloads",
    "consents": "Consents",
}
FILE_FILTERS = {
    ReportFormat.XLSX: "Excel workbooks (*.xlsx)",
    ReportFormat.CSV: "CSV files (*.csv)",
}


def file_bytes(report: OutcomeReport, kind: ReportFormat) -> bytes:
    if kind is ReportFormat.XLSX:
        return report_xlsx(report)
    # UTF-8 with a byte-order mark: Excel reads names in every script right.
    return report_csv(report).encode("utf-8-sig")


def save_report(
    service: OutcomeReportService,
    actor: Actor,
    report: OutcomeReport,
    kind: ReportFormat,
    path: Path,
) -> Path:
    """Runs on the runner: write the file, then audit the saved copy."""
    path.write_bytes(file_bytes(report, kind))
    service.record_output(actor, report.period, kind, ReportOutput.SAVED)
    return path


def suggested_name(report: OutcomeReport, suffix: str) -> str:
    period = f"{report.period.start.isoformat()} to {report.period.end.isoformat()}"
    return f"Outcome report {period}{suffix}"


class ReportsPage(QWidget):
    # A report was shown (for whoever wants to watch, tests among them).
    report_shown = Signal(object)

    def __init__(
        self,
        runner: BackgroundRunner,
        services,
        actor: Actor,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._services, self._actor = runner, services, actor
        self._service: OutcomeReportService = services.outcome_reports
        self.report: OutcomeReport | None = None
        self._job: Job | None = None
        self._cancel = threading.Event()
        self._counted: list[str] = []  # sections done, written by the worker
        self._presets = preset_periods(services.today())

        # --- what to report on ---
        self.filter_bar = QWidget(self)
        self.filter_bar.installEventFilter(self)  # Enter in any field shows the report
        self.fields = FormFields(self.filter_bar)
        self.preset_combo = QComboBox(self.filter_bar)
        self.preset_combo.setObjectName("preset")
        for name in self._presets:
            self.preset_combo.addItem(self.tr(name), name)
        self.preset_combo.addItem(self.tr(CUSTOM), CUSTOM)
        self.from_edit = QLineEdit(self.filter_bar)
        self.to_edit = QLineEdit(self.filter_bar)
        for edit in (self.from_edit, self.to_edit):
            edit.setPlaceholderText(self.tr("MM/DD/YYYY"))
            edit.setMaxLength(10)
            edit.setMaximumWidth(130)
            edit.textEdited.connect(self._typed_a_day)
        self.program_combo = QComboBox(self.filter_bar)
        self.program_combo.addItem(self.tr("All programs"), None)
        self.program_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        grid = QGridLayout(self.filter_bar)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, (name, label, widget) in enumerate(
            (
                ("preset", self.tr("P&eriod"), self.preset_combo),
                ("from_on", self.tr("&From"), self.from_edit),
                ("to_on", self.tr("&To"), self.to_edit),
                ("program_id", self.tr("Pro&gram"), self.program_combo),
            )
        ):
            caption, stack = self.fields.make_field(name, label, widget)
            grid.addWidget(caption, 0, column)
            stack.addStretch(1)  # a message under one field must not shift the others
            grid.addLayout(stack, 1, column)
        self.show_button = QPushButton(self.tr("S&how report"), self.filter_bar)
        self.show_button.setAutoDefault(False)
        self.show_button.clicked.connect(self.show_report)
        grid.addWidget(self.show_button, 1, 4, Qt.AlignmentFlag.AlignTop)
        self.scope_label = QLabel(self.tr(report_scope(actor).label), self.filter_bar)
        self.scope_label.setObjectName("scope")
        self.scope_label.setStyleSheet("font-weight: bold;")
        grid.addWidget(self.scope_label, 1, 5, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(6, 1)
        self.preset_combo.currentIndexChanged.connect(self._preset_chosen)
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(DEFAULT_PRESET))
        self._preset_chosen()

        # --- the report ---
        self.summary = QLabel(self)
        self.summary.setObjectName("report_summary")
        self.summary.setWordWrap(True)
        self.summary.setText(self.tr("Choose a period and a program, then Show report (Enter)."))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("report_sections")
        self.tabs.setDocumentMode(True)
        self.tabs.hide()

        # --- what is going on, and the copies ---
        self.status = QLabel(self)
        self.status.setObjectName("report_status")
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.pdf_button = QPushButton(self.tr("Print or save as P&DF…"), self)
        self.pdf_button.clicked.connect(self.preview_pdf)
        self.xlsx_button = QPushButton(self.tr("Save as Excel &workbook…"), self)
        self.xlsx_button.clicked.connect(lambda: self.save_as(ReportFormat.XLSX))
        self.csv_button = QPushButton(self.tr("Save as CS&V…"), self)
        self.csv_button.clicked.connect(lambda: self.save_as(ReportFormat.CSV))
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.cancel_button)
        for button in (self.pdf_button, self.xlsx_button, self.csv_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
            footer.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(footer)
        self.setFocusProxy(self.preset_combo)

        self._poll = QTimer(self)
        self._poll.setInterval(PROGRESS_EVERY_MS)
        self._poll.timeout.connect(self._show_progress)
        self._programs_asked = False

    # --- choosing ----------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._programs_asked:  # read when first shown, not at every sign-in
            self._programs_asked = True
            self._runner.submit(
                lambda: self._services.programs.list(self._actor, include_inactive=True),
                on_success=self._programs,
                on_error=lambda _error: None,  # the list stays "All programs"
                owner=self,
            )

    def _programs(self, programs) -> None:
        """Retired ones too: last year's report may be about a program since closed."""
        for program in programs:
            name = program.name if program.active else self.tr("{0} (retired)").format(program.name)
            self.program_combo.addItem(name, program.id)

    def _preset_chosen(self) -> None:
        name = self.preset_combo.currentData()
        if name in self._presets:
            start, end = self._presets[name]
            self.from_edit.setText(format_date(start))
            self.to_edit.setText(format_date(end))

    def _typed_a_day(self) -> None:
        self.preset_combo.blockSignals(True)
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(CUSTOM))
        self.preset_combo.blockSignals(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter_bar
            and event.type() == QEvent.Type.KeyPress
            and event.key() in _ENTER_KEYS
        ):
            self.show_report()
            return True
        return super().eventFilter(watched, event)

    def form(self) -> ReportForm:
        return ReportForm(
            self.from_edit.text(), self.to_edit.text(), self.program_combo.currentData()
        )

    # --- counting ----------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._job is not None

    def show_report(self) -> None:
        if self.busy:
            return
        self.fields.clear_messages()
        self._cancel = threading.Event()
        self._counted = []
        counted, cancel = self._counted, self._cancel
        self.status.setText(self.tr("Counting…"))
        self.cancel_button.show()
        self.show_button.setEnabled(False)
        self._poll.start()
        self._job = self._runner.submit(
            lambda: self._service.report(
                self._actor, self.form(), progress=counted.append, cancelled=cancel.is_set
            ),
            on_success=self._shown,
            on_error=self._failed,
            owner=self,
        )

    def cancel(self) -> None:
        self._cancel.set()
        self.status.setText(self.tr("Cancelling…"))

    def _show_progress(self) -> None:
        if self.busy and self._counted:
            done = len(self._counted)
            self.status.setText(self.tr("Counting… {0} of {1} figures").format(done, len(SECTIONS)))

    def _finished(self) -> None:
        self._job = None
        self._poll.stop()
        self.cancel_button.hide()
        self.show_button.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        self._finished()
        if isinstance(error, ReportCancelled):
            self.status.setText(self.tr("Cancelled: no report was made."))
            return
        self.status.setText("")
        self.fields.present(error)

    def _shown(self, report: OutcomeReport) -> None:
        self._finished()
        self.report = report
        self.summary.setText(
            " · ".join(f"{self.tr(label)}: {value}" for label, value in header_lines(report))
        )
        current = self.tabs.currentIndex()
        self.tabs.clear()
        for section in sections(report):
            self.tabs.addTab(self._section_page(section, report), self.tr(TAB_TITLES[section.key]))
        self.tabs.setCurrentIndex(max(current, 0))
        self.tabs.show()
        self.status.setText(
            self.tr("Report made {0}.").format(report.made_at.astimezone().strftime("%H:%M"))
        )
        for button in (self.pdf_button, self.xlsx_button, self.csv_button):
            button.setEnabled(True)
        self.report_shown.emit(report)

    def _section_page(self, section: ReportSection, report: OutcomeReport) -> QWidget:
        """What the figure counts, its tables, then its charts (beside narrow tables,
        under wide ones); the tab scrolls."""
        page = QWidget()
        page.setObjectName(f"section_{section.key}")
        layout = QVBoxLayout(page)
        about = QLabel(self.tr(section.about), page)
        about.setWordWrap(True)
        about.setObjectName("about")
        layout.addWidget(about)
        tables, charts = QVBoxLayout(), QVBoxLayout()
        for table in section.tables:
            caption = QLabel(self.tr(table.title), page)
            caption.setStyleSheet("font-weight: bold; margin-top: 6px;")
            view = _table_view(page, ReportTableModel(table, page), table.key)
            caption.setBuddy(view)
            tables.addWidget(caption)
            tables.addWidget(view, 0, Qt.AlignmentFlag.AlignLeft)
        description = self.tr("{0}: the numbers are in the table.").format(self.tr(section.title))
        for drawing in section_charts(report, section.key):
            charts.addSpacing(8)
            charts.addWidget(ChartView(svg_bytes(drawing), description, page))
        tables.addStretch(1)
        charts.addStretch(1)
        if all(len(table.columns) <= NARROW_COLUMNS for table in section.tables):
            side = QHBoxLayout()
            side.addLayout(tables, 0)
            side.addSpacing(16)
            side.addLayout(charts, 1)
            layout.addLayout(side, 1)
        else:
            layout.addLayout(tables)
            layout.addLayout(charts, 1)
        return _scrolling(page)

    # --- copies --------------------------------------------------------------------------

    @staticmethod
    def ask_path(parent: QWidget, suggested: str, file_filter: str) -> Path | None:
        """Where to save (tests replace it)."""
        path, _ = QFileDialog.getSaveFileName(
            parent, parent.tr("Save the report"), suggested, file_filter
        )
        return Path(path) if path else None

    def save_as(self, kind: ReportFormat) -> None:
        report = self.report
        if report is None:
            return
        suffix = f".{kind.value}"
        path = self.ask_path(self, suggested_name(report, suffix), self.tr(FILE_FILTERS[kind]))
        if path is None:
            return
        if path.suffix.lower() != suffix:
            path = path.with_suffix(suffix)
        self.status.setText(self.tr("Saving…"))
        self._runner.submit(
            save_report,
            self._service,
            self._actor,
            report,
            kind,
            path,
            on_success=lambda saved: self.status.setText(self.tr("Saved {0}.").format(saved)),
            on_error=self._save_failed,
            owner=self,
        )

    def _save_failed(self, error: BaseException) -> None:
        self.status.setText("")
        if isinstance(error, OSError):
            # A full disk, a folder one may not write to, a file open in Excel.
            reason = error.strerror or str(error)
            QMessageBox.warning(
                self,
                self.tr("Not saved"),
                self.tr("The report could not be saved there: {0}.").format(reason),
            )
            return
        present_error(self, error)

    def preview_pdf(self) -> None:
        report = self.report
        if report is None:
            return
        self.status.setText(self.tr("Preparing the PDF…"))
        self._runner.submit(
            outcome_report_pdf,
            report,
            on_success=lambda pdf: self._preview(report, pdf),
            on_error=lambda error: (self.status.setText(""), present_error(self, error)),
            owner=self,
        )

    def _preview(self, report: OutcomeReport, pdf: bytes) -> None:
        self.status.setText("")
        preview = PdfPreview(pdf, self.tr("Outcome report"), suggested_name(report, ".pdf"), self)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.output_done.connect(lambda how: self._record_pdf(report, how))
        preview.open()
        self.preview = preview

    def _record_pdf(self, report: OutcomeReport, how: OutputKind) -> None:
        output = ReportOutput.PRINTED if how is OutputKind.PRINTED else ReportOutput.SAVED
        self._runner.submit(
            self._service.record_output,
            self._actor,
            report.period,
            ReportFormat.PDF,
            output,
            owner=self,
        )


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


def _table_view(parent: QWidget, model: ReportTableModel, name: str) -> QTableView:
    """A table as large as its rows and columns (up to MAX_ROWS_SHOWN rows): the tab
    scrolls, not each table."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    row_height = parent.fontMetrics().height() + 8
    view.verticalHeader().setDefaultSectionSize(row_height)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    # As wide as its columns: the tab scrolls sideways for a long caseload series.
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    if model.rowCount() > MAX_ROWS_SHOWN:
        view.setFixedHeight(
            view.horizontalHeader().sizeHint().height() + MAX_ROWS_SHOWN * row_height
        )
    return view
