"""The audit trail: who did what to which record, filtered, and exported for an auditor."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.audit.events import AuditEntry, AuditFilter
from domain.audit.filter_form import AuditFilterForm, parse_audit_filter
from domain.audit.service import AuditService
from domain.common.actor import Actor
from domain.common.errors import ValidationError
from domain.common.policy import Permission
from domain.services import Services
from gui.audit.table_model import PAGE_SIZE, AuditTableModel, action_labels
from gui.common.error_presenter import present_error
from gui.common.form_fields import FormFields
from gui.common.list_view import record_list
from gui.common.runner import BackgroundRunner, Job

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def write_export(service: AuditService, actor: Actor, where: AuditFilter, path: str) -> int:
    """Runs on the runner: export, write the file, and count the rows written."""
    text = service.export_csv(actor, where)
    # UTF-8 with a byte-order mark: Excel then reads names in every script right.
    # newline="" keeps the CSV's own CRLF line ends as they are.
    Path(path).write_text(text, encoding="utf-8-sig", newline="")
    return sum(1 for _row in csv.reader(io.StringIO(text))) - 1  # less the header


class AuditPage(QWidget):
    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self._service = services.audit
        self._actor = actor
        self._where = AuditFilter()
        self._loading: Job | None = None

        # --- filters, side by side, each with its message under it ---
        self.filter_bar = QWidget(self)
        self.filter_bar.installEventFilter(self)  # Enter in any filter applies them
        # Fields placed in the bar below with make_field (its form layout stays unused).
        self.fields = FormFields(self.filter_bar)
        self.action_combo = QComboBox(self.filter_bar)
        self.action_combo.addItem(self.tr("Any action"), "")
        for action, label in action_labels().items():
            self.action_combo.addItem(label, action.value)
        self.action_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        filters = (
            ("person", self.tr("&Person"), QLineEdit(self.filter_bar), self.tr("Username")),
            ("action", self.tr("A&ction"), self.action_combo, ""),
            ("client_number", self.tr("C&lient #"), QLineEdit(self.filter_bar), "C000042"),
            ("since", self.tr("&From"), QLineEdit(self.filter_bar), self.tr("MM/DD/YYYY")),
            ("until", self.tr("&To"), QLineEdit(self.filter_bar), self.tr("MM/DD/YYYY")),
        )
        grid = QGridLayout(self.filter_bar)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, (name, label, widget, placeholder) in enumerate(filters):
            if isinstance(widget, QLineEdit):
                widget.setPlaceholderText(placeholder)
                widget.setClearButtonEnabled(True)
            caption, stack = self.fields.make_field(name, label, widget)
            grid.addWidget(caption, 0, column)
            stack.addStretch(1)  # a message under one field must not shift the others
            grid.addLayout(stack, 1, column)
        self.fields.inputs["person"].setMinimumWidth(140)
        self.fields.inputs["client_number"].setMaximumWidth(160)
        for name in ("since", "until"):
            self.fields.inputs[name].setMaximumWidth(170)
            self.fields.inputs[name].setMaxLength(10)
        self.apply_button = QPushButton(self.tr("&Apply"), self.filter_bar)
        self.apply_button.setAutoDefault(False)
        self.apply_button.clicked.connect(self.apply)
        grid.addWidget(self.apply_button, 1, len(filters), Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(len(filters) + 1, 1)

        # --- results ---
        self.model = AuditTableModel(self)
        self.model.more_wanted.connect(self._load_more)
        self.table = record_list(self, self.model, "audit_table")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in (
            (AuditTableModel.COL_TIME, 150),
            (AuditTableModel.COL_PERSON, 110),
            (AuditTableModel.COL_WORKSTATION, 120),
            (AuditTableModel.COL_ACTION, 190),
            (AuditTableModel.COL_RECORD, 130),
        ):
            self.table.setColumnWidth(column, width)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        # What the last export did, or why it did not happen.
        self.notice = QLabel(self)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        self.export_button: QPushButton | None = None
        if actor.may(Permission.AUDIT_EXPORT):
            self.export_button = QPushButton(self.tr("&Export CSV…"), self)
            self.export_button.setAutoDefault(False)
            self.export_button.clicked.connect(self.export)
            footer.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        layout.addWidget(self.notice)
        self.setFocusProxy(self.fields.inputs["person"])

        self._load(self._where)

    # --- filtering ---------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Line edits and combo boxes pass Enter on to their parent, the filter bar.
        if (
            watched is self.filter_bar
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER_KEYS
        ):
            self.apply()
            return True
        return super().eventFilter(watched, event)

    def form(self) -> AuditFilterForm:
        return AuditFilterForm(
            person=self.fields.text("person"),
            action=self.action_combo.currentData() or "",
            client_number=self.fields.text("client_number"),
            since=self.fields.text("since"),
            until=self.fields.text("until"),
        )

    def apply(self) -> None:
        try:
            where = parse_audit_filter(self.form(), datetime.now().astimezone().tzinfo)
        except ValidationError as error:
            self.fields.show_errors(error.errors)
            return
        self.fields.clear_messages()
        self._load(where)

    @property
    def applied_filter(self) -> AuditFilter:
        return self._where

    # --- loading -----------------------------------------------------------------

    def _load(self, where: AuditFilter) -> None:
        if self._loading is not None:
            self._loading.cancel()  # its rows answer the old filter
        self._where = where
        self.count_label.setText(self.tr("Loading…"))
        self._loading = self._runner.submit(
            partial(self._service.query, self._actor, where, offset=0, limit=PAGE_SIZE),
            on_success=self._show_first,
            on_error=self._load_failed,
            owner=self,
        )

    def _show_first(self, entries: list[AuditEntry]) -> None:
        self._loading = None
        self.model.reset_to(entries)
        if entries:
            self.table.scrollToTop()
        self._update_count()

    def _load_more(self, offset: int) -> None:
        self._loading = self._runner.submit(
            partial(self._service.query, self._actor, self._where, offset=offset, limit=PAGE_SIZE),
            on_success=self._show_more,
            on_error=self._load_failed,
            owner=self,
        )

    def _show_more(self, entries: list[AuditEntry]) -> None:
        self._loading = None
        self.model.append(entries)
        self._update_count()

    def _load_failed(self, error: BaseException) -> None:
        self._loading = None
        self.count_label.setText(self.tr("The audit trail could not be loaded."))
        present_error(self, error)

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        if shown == 0:
            text = self.tr("No events match these filters.")
        elif not self.model.at_end:
            text = self.tr("The newest {0} events; scroll down for more.").format(f"{shown:,}")
        elif shown == 1:
            text = self.tr("1 event.")
        else:
            text = self.tr("{0} events.").format(f"{shown:,}")
        self.count_label.setText(text)

    # --- export --------------------------------------------------------------------

    @classmethod
    def ask_export_path(cls, parent: QWidget, suggested: str) -> str:
        """Where to save the CSV file; empty if cancelled. A patchable seam for tests."""
        path, _chosen_filter = QFileDialog.getSaveFileName(
            parent,
            parent.tr("Export the audit trail"),
            suggested,
            parent.tr("CSV files (*.csv)"),
        )
        return path

    def export(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"casedesk-audit-{date.today():%Y-%m-%d}.csv")
        path = self.ask_export_path(self, suggested)
        if not path:
            return
        where = self._where  # what the list shows
        if self.export_button is not None:
            self.export_button.setEnabled(False)
        self.notice.setText(self.tr("Exporting…"))
        self._runner.submit(
            write_export,
            self._service,
            self._actor,
            where,
            path,
            on_success=lambda rows: self._exported(rows, path),
            on_error=lambda error: self._export_failed(error, path),
            owner=self,
        )

    def _exported(self, rows: int, path: str) -> None:
        if self.export_button is not None:
            self.export_button.setEnabled(True)
        if rows == 1:
            self.notice.setText(self.tr("Exported 1 event to {0}").format(path))
        else:
            self.notice.setText(self.tr("Exported {0} events to {1}").format(f"{rows:,}", path))

    def _export_failed(self, error: BaseException, path: str) -> None:
        if self.export_button is not None:
            self.export_button.setEnabled(True)
        self.notice.setText("")
        if isinstance(error, OSError):
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Export not saved"),
                self.tr("CaseDesk could not write {0}: {1}").format(path, error.strerror or error),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.open()
            return
        present_error(self, error)
