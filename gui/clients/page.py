"""The client list: paged from the database, with ways to add and open clients."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from domain.clients.intake import IntakeResult
from domain.clients.record import ClientPage, ClientRecord
from domain.common.actor import Actor
from domain.common.policy import Permission
from domain.local_work.kept_work import LocalWorkKeeper
from domain.printing.service import FormKind
from domain.services import Services
from gui.clients.client_dialog import ClientDialog
from gui.clients.intake_window import IntakeWindow
from gui.clients.table_model import ClientTableModel
from gui.common.form_printer import FormPrinter
from gui.common.list_view import record_list
from gui.common.runner import BackgroundRunner

PAGE_SIZE = 200


class ClientsPage(QWidget):
    status_message = Signal(str)
    # A record was read (an audited view): the window shows it on its face sheet.
    record_opened = Signal(object)

    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        kept: LocalWorkKeeper | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self._services = services
        self._actor = actor
        self._kept = kept  # the intake's and the client form's copies on this computer
        self._select_after_refresh: int | None = None

        self.model = ClientTableModel(self)
        self.model.more_wanted.connect(self._load_more)
        self.table = record_list(self, self.model, "client_table")
        # Several at once, for printing a stack of packets at the front desk.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
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

        self.new_client_action = QAction(self.tr("&New client…"), self)
        self.new_client_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_client_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.new_client_action.triggered.connect(self.new_client)
        self.new_client_action.setVisible(actor.may(Permission.CLIENT_REGISTER))
        self.new_intake_action = QAction(self.tr("New &intake…"), self)
        self.new_intake_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_I))
        self.new_intake_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.new_intake_action.triggered.connect(self.new_intake)
        self.new_intake_action.setVisible(actor.may(Permission.CASE_INTAKE))
        self.print_packets_action = QAction(self.tr("&Print packets for the selected…"), self)
        self.print_packets_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_packets_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_packets_action.triggered.connect(self.print_packets)
        self.print_packets_action.setVisible(actor.may(Permission.FORM_PRINT))
        self.printer = FormPrinter(runner, services, actor, self)
        self.refresh_action = QAction(self.tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.refresh)
        self.addActions(
            [
                self.new_intake_action,
                self.new_client_action,
                self.print_packets_action,
                self.refresh_action,
            ]
        )

        toolbar = QToolBar(self.tr("Clients"), self)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.new_intake_action)
        toolbar.addAction(self.new_client_action)
        toolbar.addAction(self.print_packets_action)
        toolbar.addAction(self.refresh_action)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("client_count")
        toolbar.addSeparator()
        toolbar.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        layout.addWidget(self.table)
        self.refresh()

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
        if total == 0:
            text = (
                self.tr("No clients yet: press Ctrl+N to register one")
                if self._actor.may(Permission.CLIENT_REGISTER)
                else self.tr("No clients on your caseload yet")
            )
        elif total == 1:
            text = self.tr("1 client")
        else:
            text = self.tr("{0} clients").format(f"{total:,}")
        self.count_label.setText(text)

    # --- actions ---------------------------------------------------------------

    def new_client(self) -> None:
        dialog = ClientDialog(
            self._runner,
            self._services.clients,
            self._actor,
            parent=self,
            kept=self._kept,
            clock=self._services.clock,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # each form is used once
        dialog.saved.connect(self._client_saved)
        dialog.open_client_requested.connect(partial(self._open_instead, dialog))
        dialog.open()

    def new_intake(self) -> IntakeWindow:
        window = IntakeWindow(
            self._runner,
            self._services,
            self._actor,
            self._services.today(),
            self,
            kept=self._kept,
            clock=self._services.clock,
        )
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.completed.connect(self._intake_completed)
        window.open()
        return window

    def _intake_completed(self, result: IntakeResult) -> None:
        client = result.client
        self.status_message.emit(
            self.tr("Intake done: {0} ({1}) waits in {2} for a supervisor to assign it").format(
                client.display_name, client.number, result.program.name
            )
        )
        self._select_after_refresh = client.id
        self.refresh()
        self.record_opened.emit(client)

    def _open_instead(self, dialog: ClientDialog, client_id: int) -> None:
        """The person is already registered: their record replaces the new-client form
        (which stays, with its typing, if the record cannot be opened)."""

        def opened(client: ClientRecord) -> None:
            dialog.discard()  # the person said it is this client: nothing new to keep
            self.record_opened.emit(client)

        self._runner.submit(
            self._services.clients.open, self._actor, client_id, on_success=opened, owner=self
        )

    def selected_client_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.client_id_at(row) for row in rows]

    def print_packets(self) -> None:
        """Intake and consent packets for every selected client, in one PDF."""
        client_ids = self.selected_client_ids()
        if not client_ids:
            self.status_message.emit(self.tr("Select the clients to print packets for."))
            return
        name = self.tr("Intake packets, {0} clients.pdf").format(len(client_ids))
        self.printer.print_form(FormKind.INTAKE_PACKET, client_ids, name)

    def open_current(self) -> None:
        self._open_client(self.table.currentIndex())

    def _open_client(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        self._runner.submit(
            self._services.clients.open,
            self._actor,
            self.model.client_id_at(index.row()),
            on_success=self.record_opened.emit,
            owner=self,
        )

    def client_saved(self, client: ClientRecord) -> None:
        """A record changed elsewhere (its own window): show it in the list."""
        self._client_saved(client)

    def _client_saved(self, client: ClientRecord) -> None:
        self.status_message.emit(
            self.tr("Saved {0} ({1})").format(client.display_name, client.number)
        )
        self._select_after_refresh = client.id
        self.refresh()
