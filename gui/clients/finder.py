"""Find a client as fast as a person types.

Results follow each keystroke (after a short pause, the previous search
cancelled); Up and Down move through them without leaving the box; Enter
chooses the current one (or, pressed before the results came, the first found).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from domain.clients.name_order import filed_name
from domain.clients.record import ClientSummary
from domain.clients.service import ClientService
from domain.clients.ssn import masked
from domain.common.actor import Actor
from domain.common.field_rules import format_date
from gui.common.list_view import record_list
from gui.common.record_table_model import RecordTableModel
from gui.common.runner import BackgroundRunner, Job

# Long enough that a fast typist's "mar" is one search, short enough to feel instant.
PAUSE_MS = 120


class SearchResultsModel(RecordTableModel):
    COL_NUMBER, COL_NAME, COL_BORN, COL_PHONE, COL_SSN = range(5)
    ClientIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(
            (
                self.tr("Client #"),
                self.tr("Name"),
                self.tr("Date of birth"),
                self.tr("Phone"),
                self.tr("SSN"),
            ),
            parent,
        )

    def display(self, client: ClientSummary, column: int) -> str | None:
        if column == self.COL_NUMBER:
            return client.number
        if column == self.COL_NAME:
            name = filed_name(client.first_name, client.last_name, client.name_order)
            if client.preferred_name:
                name += f" ({client.preferred_name})"
            return name or client.number
        if column == self.COL_BORN:
            return format_date(client.date_of_birth)
        if column == self.COL_PHONE:
            return client.phone or ""
        if column == self.COL_SSN:
            return masked(client.ssn_last4)
        return None

    def other_data(self, client: ClientSummary, column: int, role: int):
        return client.id if role == self.ClientIdRole else None


class ClientFinder(QWidget):
    """A search box over its results: the find-a-client part of the Ctrl+K popup
    and of intake. Emits ``chosen`` with the client id on Enter or double click."""

    chosen = Signal(int)
    searched = Signal(str, int)  # what was typed, how many were found

    def __init__(
        self,
        runner: BackgroundRunner,
        service: ClientService,
        actor: Actor,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self._service = service
        self._actor = actor
        self._job: Job | None = None

        self.box = QLineEdit(self)
        self.box.setObjectName("search_box")
        self.box.setPlaceholderText(
            self.tr("Name, date of birth, phone, client number or SSN last four")
        )
        self.box.setClearButtonEnabled(True)
        self.box.installEventFilter(self)
        self.enter_hint = self.tr("Enter opens.")
        self.model = SearchResultsModel(self)
        self.results = record_list(self, self.model, "search_results")
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SearchResultsModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing never leaves the box
        self.results.activated.connect(lambda index: self._open(index.row()))
        self.status = QLabel(self)
        self.status.setObjectName("search_status")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.results)
        layout.addWidget(self.status)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self._search)
        self.box.textChanged.connect(lambda _text: self._pause.start())
        self.box.returnPressed.connect(self._open_current)
        self._show_status(self.tr("Type to search."))

    def _show_status(self, text: str) -> None:
        self.status.setText(text)

    def changes_arrived(self, batch) -> None:
        """Results on screen are searched again when a client changed elsewhere."""
        if self.box.text().strip() and batch.touches("clients", "cases", "case_assignments"):
            self._search()

    def _search(self) -> None:
        if self._job is not None:
            self._job.cancel()  # an answer to older typing is no longer wanted
        typed = self.box.text()
        try:
            self._job = self._runner.submit(
                self._service.search,
                self._actor,
                typed,
                on_success=lambda rows, typed=typed: self._show(typed, rows),
                owner=self,
            )
        except RuntimeError:
            self._job = None  # the runner has shut down: CaseDesk is closing

    def _show(self, typed: str, rows: list[ClientSummary]) -> None:
        self._job = None
        self.model.reset_to(rows)
        self.searched.emit(typed, len(rows))
        if rows:
            self.results.selectRow(0)
            more = self.tr(" (the first {0}; type more to narrow)").format(len(rows))
            shown = more if len(rows) >= 50 else ""
            self._show_status(
                self.tr("{0} found{1}. {2}").format(len(rows), shown, self.enter_hint)
            )
        elif typed.strip():
            self._show_status(self.tr("No client you may see matches “{0}”.").format(typed))
        else:
            self._show_status(self.tr("Type to search."))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.model.rowCount():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, self.results.currentIndex().row())
                row = min(self.model.rowCount() - 1, max(0, row + step))
                self.results.selectRow(row)
                return True
        return super().eventFilter(watched, event)

    def _open_current(self) -> None:
        if self._pause.isActive() or self._job is not None:
            # Enter pressed before the last keystroke's results came: search now,
            # then open what it finds first.
            self._pause.stop()
            self._search_then_open()
            return
        index = self.results.currentIndex()
        if index.isValid():
            self._open(index.row())

    def _search_then_open(self) -> None:
        if self._job is not None:
            self._job.cancel()
        typed = self.box.text()

        def show_and_open(rows):
            self._show(typed, rows)
            if rows:
                self._open(0)

        self._job = self._runner.submit(
            self._service.search, self._actor, typed, on_success=show_and_open, owner=self
        )

    def _open(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.chosen.emit(self.model.row_at(row).id)

    def current(self) -> ClientSummary | None:
        index = self.results.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def stop(self) -> None:
        self._pause.stop()
        if self._job is not None:
            self._job.cancel()
            self._job = None
