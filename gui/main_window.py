"""The main window: the client list, and the way to add and open clients."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableView,
    QToolBar,
    QWidget,
)

from domain.actor import Actor
from domain.clients import ClientPage, ClientRecord
from domain.services import Services
from gui.client_dialog import ClientDialog
from gui.client_table_model import ClientTableModel
from gui.error_presenter import present_error
from gui.runner import BackgroundRunner

PAGE_SIZE = 200


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: BackgroundRunner,
        database_label: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self._runner.failed.connect(lambda error: present_error(self, error))
        self._select_after_refresh: int | None = None
        self.setWindowTitle(self.tr("CaseDesk — {0}").format(database_label))
        self.resize(1000, 640)

        self.model = ClientTableModel(self)
        self.model.more_wanted.connect(self._load_more)
        self.table = QTableView(self)
        self.table.setObjectName("client_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in (
            (ClientTableModel.COL_NUMBER, 90),
            (ClientTableModel.COL_LAST, 180),
            (ClientTableModel.COL_FIRST, 180),
            (ClientTableModel.COL_BORN, 110),
            (ClientTableModel.COL_PHONE, 150),
        ):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._open_client)
        self.setCentralWidget(self.table)

        self.new_client_action = QAction(self.tr("&New client…"), self)
        self.new_client_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_client_action.triggered.connect(self.new_client)
        self.open_client_action = QAction(self.tr("&Open client"), self)
        self.open_client_action.setShortcut(QKeySequence(Qt.Key.Key_Return))
        self.open_client_action.triggered.connect(
            lambda: self._open_client(self.table.currentIndex())
        )
        self.refresh_action = QAction(self.tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.refresh)

        toolbar = QToolBar(self.tr("Clients"), self)
        toolbar.setObjectName("clients_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.new_client_action)
        toolbar.addAction(self.refresh_action)
        self.addToolBar(toolbar)

        menu = self.menuBar().addMenu(self.tr("&Clients"))
        menu.addAction(self.new_client_action)
        menu.addAction(self.open_client_action)
        menu.addSeparator()
        menu.addAction(self.refresh_action)

        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().showMessage(
            self.tr("Signed in as {0} · {1}").format(actor.display_name, database_label)
        )
        self._runner.busy_changed.connect(self._show_busy)
        self.refresh()

    def _show_busy(self, busy: bool) -> None:
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    # --- loading ---------------------------------------------------------------

    def refresh(self) -> None:
        self._runner.submit(
            partial(self._services.clients.list_page, self._actor, offset=0, limit=PAGE_SIZE),
            on_success=self._show_page,
            owner=self,
        )

    def _show_page(self, page: ClientPage) -> None:
        self.model.reset_to(page)
        self._update_count()
        if self._select_after_refresh is not None:
            row = self.model.row_of(self._select_after_refresh)
            self._select_after_refresh = None
            if row is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

    def _load_more(self, offset: int) -> None:
        self._runner.submit(
            partial(self._services.clients.list_page, self._actor, offset=offset, limit=PAGE_SIZE),
            on_success=self._append_page,
            owner=self,
        )

    def _append_page(self, page: ClientPage) -> None:
        self.model.append(page)
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.total
        self.count_label.setText(
            self.tr("No clients yet: press Ctrl+N to register one")
            if total == 0
            else self.tr("1 client")
            if total == 1
            else self.tr("{0} clients").format(f"{total:,}")
        )

    # --- actions ---------------------------------------------------------------

    def new_client(self) -> None:
        dialog = ClientDialog(self._runner, self._services.clients, self._actor, parent=self)
        dialog.saved.connect(self._client_saved)
        dialog.open()

    def _open_client(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        client_id = self.model.client_id_at(index.row())
        self._runner.submit(
            self._services.clients.open,
            self._actor,
            client_id,
            on_success=self._edit_client,
            owner=self,
        )

    def _edit_client(self, client: ClientRecord) -> None:
        dialog = ClientDialog(
            self._runner, self._services.clients, self._actor, client, parent=self
        )
        dialog.saved.connect(self._client_saved)
        dialog.open()

    def _client_saved(self, client: ClientRecord) -> None:
        self.statusBar().showMessage(
            self.tr("Saved {0} ({1})").format(client.display_name, client.number), 5000
        )
        self._select_after_refresh = client.id
        self.refresh()

    def closeEvent(self, event) -> None:
        self._runner.shutdown()
        super().closeEvent(event)
