"""My day: a caseworker's first screen. Tasks due today and overdue (tick them off),
open cases, plan reviews due, consents to renew or record (running out, lapsed,
missing), and what others changed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.cases.caseload import MyDay
from domain.cases.tasks import Task
from domain.common.actor import Actor
from domain.common.policy import Permission
from domain.notes.note import ContactType
from domain.notes.repository import DraftKeeper
from domain.services import Services
from gui.cases.caseload_table_models import CaseRowModel
from gui.cases.my_day_models import ExpiringConsentModel, RecentChangeModel, TaskTableModel
from gui.cases.task_dialog import NewTaskDialog
from gui.common.error_presenter import present_error
from gui.common.list_view import record_list, titled
from gui.common.runner import BackgroundRunner


class MyDayPage(QWidget):
    # A client's record is wanted (a case, task or consent was opened): the client id.
    client_opened = Signal(int)
    status_message = Signal(str)

    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
        drafts: DraftKeeper | None = None,
    ):
        super().__init__(parent)
        self._runner, self._services, self._actor = runner, services, actor
        self._drafts = drafts
        self.day: MyDay | None = None
        self._reminded_on = None  # the day reminders were last made for

        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.new_task_action = QAction(self.tr("&New task…"), self)
        self.new_task_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_T))
        self.new_task_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_task_action.triggered.connect(self.new_task)
        self.addAction(self.new_task_action)
        self.refresh_action = QAction(self.tr("Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.triggered.connect(self.refresh)
        self.addAction(self.refresh_action)
        new_task_button = QPushButton(self.tr("&New task…"), self)
        new_task_button.setToolTip(self.tr("Ctrl+T"))
        new_task_button.clicked.connect(self.new_task)
        self.phone_note_action = QAction(self.tr("&Phone note…"), self)
        self.phone_note_action.setShortcut(
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_N)
        )
        self.phone_note_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.phone_note_action.triggered.connect(self.phone_note)
        self.addAction(self.phone_note_action)
        self.phone_note_button = QPushButton(self.tr("&Phone note…"), self)
        self.phone_note_button.setToolTip(self.tr("Ctrl+Shift+N: a note on the chosen case"))
        self.phone_note_button.clicked.connect(self.phone_note)
        self.phone_note_button.setVisible(actor.may(Permission.NOTE_WRITE))
        refresh_button = QPushButton(self.tr("Re&fresh"), self)
        refresh_button.clicked.connect(self.refresh)

        self.tasks = TaskTableModel(self)
        self.tasks_view = self._list(self.tasks, "task_table", 140, 230, 140)
        self.done_button = QPushButton(self.tr("&Done"), self)
        self.done_button.setToolTip(self.tr("Mark the chosen task done"))
        self.done_button.clicked.connect(self.complete_current)
        self.done_button.setEnabled(False)
        self.tasks_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.done_button.setEnabled(current.isValid())
        )
        self.cases = CaseRowModel(parent=self)
        self.cases_view = self._list(self.cases, "my_cases_table", 150, 120, 60, 90)
        self.reviews = CaseRowModel(parent=self)
        self.reviews_view = self._list(self.reviews, "reviews_table", 130, 100, 60, 80)
        self.reviews_view.hideColumn(CaseRowModel.COL_STATUS)
        self.consents = ExpiringConsentModel(self)
        self.consents_view = self._list(self.consents, "consents_table", 136, 100, 76)
        self.changes = RecentChangeModel(self)
        self.changes_view = self._list(self.changes, "changes_table", 90, 170, 110)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.phone_note_button)
        top.addWidget(new_task_button)
        top.addWidget(refresh_button)
        grid = QGridLayout()
        due = titled(
            self, self.tr("&Tasks due today and overdue"), self.tasks_view, self.done_button
        )
        grid.addWidget(due, 0, 0)
        grid.addWidget(titled(self, self.tr("My open &cases"), self.cases_view), 1, 0)
        grid.addWidget(titled(self, self.tr("Plan &reviews due"), self.reviews_view), 0, 1)
        grid.addWidget(
            titled(self, self.tr("C&onsents to renew or record"), self.consents_view), 1, 1
        )
        grid.addWidget(
            titled(self, self.tr("Recent changes by &others"), self.changes_view), 2, 0, 1, 2
        )
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        for row, stretch in ((0, 3), (1, 3), (2, 2)):
            grid.setRowStretch(row, stretch)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)

    def _list(self, model, name: str, *widths: int) -> QTableView:
        view = record_list(self, model, name)
        # The last column fills what is left; never wider than the list for it.
        view.horizontalHeader().setMinimumSectionSize(40)
        view.horizontalHeader().setDefaultSectionSize(70)
        for column, width in enumerate(widths):
            view.setColumnWidth(column, width)
        view.activated.connect(lambda index, model=model: self._open_client(model, index.row()))
        return view

    def _open_client(self, model, row: int) -> None:
        client_id = getattr(model.row_at(row), "client_id", None)
        if client_id is not None:
            self.client_opened.emit(client_id)

    # --- loading -------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Read My day again, making any reminders now due (opening it, Refresh)."""
        self._load(remind=True)

    def refresh_live(self) -> None:
        """After a change at another desk: reminders are made once each, so repeating
        them is safe but not free, and live updates come often; so only on a new day."""
        self._load(remind=self._reminded_on != self._services.today())

    def _load(self, *, remind: bool) -> None:
        tasks, caseloads, actor = self._services.tasks, self._services.caseloads, self._actor
        if remind:
            self._reminded_on = self._services.today()

        def load() -> MyDay:
            if remind:
                tasks.ensure_reminders(actor)
            return caseloads.my_day(actor)

        self._runner.submit(load, on_success=self._show, owner=self)

    def _show(self, day: MyDay) -> None:
        self.day = day
        chosen = self.tasks_view.currentIndex()
        current_task = self.tasks.row_at(chosen.row()) if chosen.isValid() else None
        self.heading.setText(self.tr("My day · {0}").format(day.today.strftime("%A, %B %d, %Y")))
        self.tasks.today = self.consents.today = day.today
        self.cases.today = self.reviews.today = day.today
        self.tasks.reset_to(day.tasks_due)
        self.cases.reset_to(day.cases)
        self.reviews.reset_to(day.reviews_due)
        self.consents.reset_to(day.consents_expiring)
        self.changes.reset_to(day.recent_changes)
        row = self.tasks.row_of(current_task.id) if current_task is not None else None
        if row is None and self.tasks.rowCount():
            row = 0
        if row is not None:
            self.tasks_view.setCurrentIndex(self.tasks.index(row, 0))
        self.done_button.setEnabled(row is not None)

    # --- tasks ---------------------------------------------------------------

    def current_task(self) -> Task | None:
        index = self.tasks_view.currentIndex()
        return self.tasks.row_at(index.row()) if index.isValid() else None

    def complete_current(self) -> None:
        task = self.current_task()
        if task is None:
            return
        self.done_button.setEnabled(False)
        self._runner.submit(
            self._services.tasks.complete,
            self._actor,
            task.id,
            task.version,
            on_success=self._completed,
            on_error=self._failed,
            owner=self,
        )

    def _completed(self, task: Task) -> None:
        self.status_message.emit(self.tr("Done: {0}").format(task.title))
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        present_error(self, error)
        self.refresh()

    def phone_note(self):
        """A phone note on the case chosen in "My open cases" (the first, if none is)."""
        from gui.notes.editor import NoteEditor

        if not self._actor.may(Permission.NOTE_WRITE) or not self.cases.rowCount():
            return None
        index = self.cases_view.currentIndex()
        case = self.cases.row_at(index.row() if index.isValid() else 0)
        editor = NoteEditor(
            self._runner,
            self._services,
            self._actor,
            self._drafts,
            case.id,
            case.client_name,
            contact_type=ContactType.PHONE,
            parent=self,
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.signed.connect(
            lambda _note: self.status_message.emit(
                self.tr("Note signed for {0}.").format(case.client_name)
            )
        )
        editor.show()
        editor.activateWindow()
        return editor

    def new_task(self) -> NewTaskDialog:
        cases = self.day.cases if self.day is not None else ()
        dialog = NewTaskDialog(self._runner, self._services.tasks, self._actor, cases, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog
