"""The main window of a signed-in session: a tab per area the person's role may use,
locked behind the lock screen when idle."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QTabWidget, QWidget

from domain.common.errors import SessionEnded, SignInFailed
from domain.common.policy import Permission
from domain.notes.repository import DraftKeeper
from domain.printing.service import FormKind
from domain.staff.session import Authenticator, Session
from gui.cases.caseload_board import CaseloadBoardPage
from gui.cases.my_day_page import MyDayPage
from gui.clients.page import ClientsPage
from gui.clients.record_window import ClientWindow
from gui.clients.search_popup import SearchPopup
from gui.common.busy_indicator import BusyIndicator
from gui.common.error_presenter import present_error
from gui.common.form_printer import FormPrinter
from gui.common.kept_work import remind_of_kept_work
from gui.common.live_updates import LiveUpdates, state_text
from gui.common.runner import BackgroundRunner
from gui.notes.draft_offer import DraftReturner
from gui.outcome_reports.page import ReportsPage
from gui.referrals.overview_page import ReferralOverviewPage
from gui.referrals.resources_page import ResourcesPage
from gui.staff.idle_watcher import IdleWatcher
from gui.staff.lock_screen import LockScreen

# Which tables' changes each page shows (the live-update tables of migration 0020).
LIVE_MY_DAY = (
    "tasks",
    "cases",
    "case_assignments",
    "consents",
    "referrals",
    "case_notes",
    "service_plans",
    "clients",
)
LIVE_BOARD = ("cases", "case_assignments", "tasks", "staff", "programs")
LIVE_REFERRALS = ("referrals", "referral_status_changes", "resources")


class MainWindow(QMainWindow):
    # The session is over (signed out, or the account deactivated); the reason, if any.
    session_closed = Signal(str)
    # The person closed the window: quit CaseDesk.
    quit_requested = Signal()

    def __init__(
        self,
        session: Session,
        authenticator: Authenticator,
        runner: BackgroundRunner,
        database_label: str,
        idle_minutes: int = 15,
        parent: QWidget | None = None,
        drafts: DraftKeeper | None = None,
    ):
        super().__init__(parent)
        self.session = session
        self.drafts = drafts
        self._actor = session.actor
        self._auth = authenticator
        self._runner = runner
        self._closing_session = False
        self._hidden_while_locked: list[QWidget] = []
        self._runner.failed.connect(self._present)
        self._runner.session_ended.connect(self._account_deactivated)
        actor = session.actor
        self.setWindowTitle(
            self.tr("CaseDesk — {0} ({1})").format(actor.display_name, actor.role.label)
        )
        self.resize(1100, 680)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.clients: ClientsPage | None = None
        if actor.may(Permission.CLIENT_LIST):
            self.clients = ClientsPage(runner, session.services, actor, self, kept=drafts)
            self.clients.record_opened.connect(self._show_client)
            self.clients.status_message.connect(
                lambda text: self.statusBar().showMessage(text, 5000)
            )
            self.tabs.addTab(self.clients, self.tr("&Clients"))
        self.my_day: MyDayPage | None = None
        if actor.may(Permission.CASE_WORK):
            self.my_day = MyDayPage(runner, session.services, actor, self, drafts)
            self.my_day.client_opened.connect(self.open_client)
            self.my_day.status_message.connect(
                lambda text: self.statusBar().showMessage(text, 5000)
            )
            self.tabs.addTab(self.my_day, self.tr("&My day"))
            if not actor.may(Permission.CASE_ASSIGN):
                self.tabs.setCurrentWidget(self.my_day)  # a caseworker's first screen
        self.board: CaseloadBoardPage | None = None
        if actor.may(Permission.CASE_ASSIGN):
            self.board = CaseloadBoardPage(runner, session.services, actor, self)
            self.tabs.addTab(self.board, self.tr("Caseload &board"))
        self.referrals: ReferralOverviewPage | None = None
        if actor.may(Permission.CASE_WORK):
            self.referrals = ReferralOverviewPage(runner, session.services, actor, self)
            self.referrals.client_opened.connect(self.open_client)
            self.tabs.addTab(self.referrals, self.tr("&Referrals"))
        self.reports: ReportsPage | None = None
        if actor.may(Permission.REPORT_VIEW):
            self.reports = ReportsPage(runner, session.services, actor, self)
            self.tabs.addTab(self.reports, self.tr("Re&ports"))
        # The directory is everyone's: front desk and administrators hand out resources too.
        self.resources = ResourcesPage(runner, session.services, actor, self)
        self.resources.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.tabs.addTab(self.resources, self.tr("Reso&urces"))
        self.lock_screen = LockScreen(actor.display_name, self)
        self.lock_screen.unlock_requested.connect(self._unlock)
        self.lock_screen.sign_out_requested.connect(self.sign_out)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)

        self.lock_action = QAction(self.tr("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L))
        self.lock_action.triggered.connect(self.lock)
        self.change_password_action = QAction(self.tr("Change &password…"), self)
        self.change_password_action.triggered.connect(self.change_password)
        self.sign_out_action = QAction(self.tr("Sign &out"), self)
        self.sign_out_action.triggered.connect(self.sign_out)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        session_menu = self.menuBar().addMenu(self.tr("&Session"))
        for action in (self.lock_action, self.change_password_action, self.sign_out_action):
            session_menu.addAction(action)
        session_menu.addSeparator()
        session_menu.addAction(self.quit_action)
        if self.clients is not None:
            self.find_action = QAction(self.tr("&Find a client…"), self)
            self.find_action.setShortcuts(
                [QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_K), QKeySequence.StandardKey.Find]
            )
            self.find_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            self.find_action.triggered.connect(self.find_client)
            self.addAction(self.find_action)
            clients_menu = self.menuBar().addMenu(self.tr("C&lients"))
            clients_menu.addAction(self.find_action)
            clients_menu.addAction(self.clients.new_intake_action)
            clients_menu.addAction(self.clients.new_client_action)
            clients_menu.addAction(self.clients.refresh_action)

        if actor.may(Permission.FORM_PRINT):
            self.printer = FormPrinter(runner, session.services, actor, self)
            forms_menu = self.menuBar().addMenu(self.tr("F&orms"))
            for form in (
                FormKind.BLANK_INTAKE,
                FormKind.BLANK_SERVICES_CONSENT,
                FormKind.BLANK_RELEASE,
                FormKind.BLANK_SERVICE_PLAN,
                FormKind.BLANK_CASE_NOTE,
            ):
                action = forms_menu.addAction(self.tr(form.label) + "…")
                action.triggered.connect(
                    lambda _checked=False, form=form: self.printer.print_form(
                        form, [], self.tr(form.label) + ".pdf"
                    )
                )

        self.statusBar().showMessage(
            self.tr("Signed in as {0} · {1}").format(actor.display_name, database_label)
        )
        self._runner.busy_changed.connect(self._show_busy)
        # A slow server: what this window (or one without its own) waits for, and Cancel.
        self.busy_indicator = BusyIndicator(runner, self, catch_all=True, one_line=True)
        self.statusBar().addPermanentWidget(self.busy_indicator)
        # Changes made at other desks: the pages and open records re-read them.
        self.live = LiveUpdates(session.changes, self)
        self.live_status = QLabel(self.tr(state_text(self.live.state)), self)
        self.live_status.setObjectName("live_status")
        self.statusBar().addPermanentWidget(self.live_status)
        self.live.state_changed.connect(
            lambda state: self.live_status.setText(self.tr(state_text(state)))
        )
        self.live.changed.connect(self.changes_arrived)
        QTimer.singleShot(0, self, self.live.start)
        self.idle = IdleWatcher(idle_minutes, self)
        self.idle.idle.connect(self.lock)
        # Unsigned notes from last time (a crash, a closed window) are offered back.
        self.draft_returner: DraftReturner | None = None
        if actor.may(Permission.NOTE_WRITE):
            self.draft_returner = DraftReturner(runner, session.services, actor, drafts, self)
            QTimer.singleShot(0, self, self.draft_returner.check)
        # Other editors' unsaved work kept here: said once; each form puts its own back.
        QTimer.singleShot(0, self, lambda: remind_of_kept_work(drafts, actor, self))

    def find_client(self) -> None:
        """Ctrl+K from anywhere in the session."""
        if self.locked:
            return
        popup = SearchPopup(self._runner, self.session.services.clients, self._actor, self)
        popup.open_client_requested.connect(self.open_client)
        popup.open()

    def open_client(self, client_id: int) -> None:
        """Read the record (an audited view) and show it in its own window."""
        self._runner.submit(
            self.session.services.clients.open,
            self._actor,
            client_id,
            on_success=self._show_client,
            owner=self,
        )

    def _show_client(self, client) -> None:
        window = ClientWindow(
            self._runner, self.session.services, self._actor, client, self, self.drafts
        )
        if self.clients is not None:
            window.changed.connect(self.clients.client_saved)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # the window owns nothing else
        window.show()

    def add_page(self, page: QWidget, title: str) -> None:
        self.tabs.addTab(page, title)

    @property
    def locked(self) -> bool:
        return self.stack.currentWidget() is self.lock_screen

    def _show_busy(self, busy: bool) -> None:
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _present(self, error: BaseException) -> None:
        if not isinstance(error, SessionEnded):  # handled by _account_deactivated
            present_error(self, error)

    # --- idle lock -------------------------------------------------------------

    def lock(self) -> None:
        """Hide every client detail, open dialogs included, until the password is re-entered."""
        if self.locked or self._closing_session:
            return
        self.idle.stop()
        # Dialogs and client record windows alike: every window of this session.
        self._hidden_while_locked = [
            window
            for window in self.findChildren(QWidget)
            if window.isWindow() and window.isVisible()
        ]
        for window in self._hidden_while_locked:
            window.hide()  # hidden, not closed: what was typed in it is kept
        self.stack.setCurrentWidget(self.lock_screen)
        self.menuBar().setEnabled(False)
        self.lock_screen.reset()
        self._runner.submit(self._auth.lock, self._actor, owner=self)

    def _unlock(self, password: str) -> None:
        self._runner.submit(
            self._auth.unlock,
            self._actor,
            password,
            on_success=lambda _none: self._unlocked(),
            on_error=self._unlock_failed,
            owner=self,
        )

    def _unlocked(self) -> None:
        self.stack.setCurrentWidget(self.tabs)
        self.menuBar().setEnabled(True)
        for dialog in self._hidden_while_locked:
            if shiboken6.isValid(dialog):
                dialog.show()
        self._hidden_while_locked = []
        self.idle.restart()

    def _unlock_failed(self, error: BaseException) -> None:
        if isinstance(error, SignInFailed):
            self.lock_screen.reset()
            self.lock_screen.show_message(str(error))
        elif not isinstance(error, SessionEnded):
            self.lock_screen.reset()
            present_error(self, error)

    # --- ending the session ----------------------------------------------------

    def change_password(self) -> None:
        from gui.staff.sign_in_dialogs import ChangePasswordDialog

        dialog = ChangePasswordDialog(
            self._runner, self._auth, self._actor, forced=False, parent=self
        )
        dialog.changed.connect(
            lambda: self.statusBar().showMessage(self.tr("Your password was changed."), 5000)
        )
        dialog.open()

    def sign_out(self) -> None:
        self._runner.submit(self._auth.sign_out, self._actor)
        self._end_session("")

    def _account_deactivated(self) -> None:
        self._end_session(str(SessionEnded()))

    def _end_session(self, reason: str) -> None:
        if self._closing_session:
            return
        self._closing_session = True
        self.live.stop()
        self.idle.detach()
        for window in self.findChildren(QWidget):
            if window.isWindow():
                window.close()
        self.session_closed.emit(reason)
        self.close()

    def changes_arrived(self, batch) -> None:
        """Each page re-reads once per batch, if the batch touches what it shows."""
        if batch.touches("staff"):
            self.session.services.staff.changed_elsewhere()  # roles, deactivations
        for page, tables in (
            (self.my_day, LIVE_MY_DAY),
            (self.board, LIVE_BOARD),
            (self.referrals, LIVE_REFERRALS),
            (self.clients, ("clients",)),
            (self.resources.finder, ("resources",)),
        ):
            if page is not None and batch.touches(*tables):
                getattr(page, "refresh_live", page.refresh)()
        for window in self.findChildren(ClientWindow):
            window.changes_arrived(batch)
        for popup in self.findChildren(SearchPopup):
            popup.finder.changes_arrived(batch)

    def closeEvent(self, event) -> None:
        self.live.stop()
        self.idle.detach()
        if not self._closing_session:
            self._closing_session = True
            self._runner.submit(self._auth.sign_out, self._actor)
            self.quit_requested.emit()
        super().closeEvent(event)
