"""The way through a working day: set up or sign in, change a reset password, work,
lock when idle, sign out and back in. Owns whichever window is current."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QProgressDialog, QScrollArea, QWidget

from domain.backups.service import BackupService
from domain.common.policy import Permission
from domain.notes.repository import DraftKeeper
from domain.settings.office_settings import OfficeSettings
from domain.staff.session import Authenticator, Session
from gui.backups.sign_in_check import SignInBackupCheck
from gui.common.error_presenter import present_error
from gui.common.runner import BackgroundRunner
from gui.main_window import MainWindow
from gui.staff.sign_in_dialogs import ChangePasswordDialog, FirstAdminDialog, SignInDialog


class AppController(QObject):
    finished = Signal()

    def __init__(
        self,
        authenticator: Authenticator,
        runner: BackgroundRunner,
        database_label: str,
        workstation: str,
        *,
        sign_in_hint: str = "",
        parent: QObject | None = None,
        drafts: DraftKeeper | None = None,
    ):
        super().__init__(parent)
        self._drafts = drafts
        self._auth = authenticator
        self._runner = runner
        self._label = database_label
        self._workstation = workstation
        self._hint = sign_in_hint
        self.current: QWidget | None = None
        # Copies of the embedded file run here, never in the way of the person's work.
        self._copier = BackgroundRunner(self)
        self._backups: BackupService | None = None
        self.backup_check: SignInBackupCheck | None = None
        self._backup_section = None  # the Settings page's, for an administrator

    def start(self, prepare: Callable[[], object] | None = None) -> None:
        if prepare is None:
            self._runner.submit(
                self._auth.needs_first_admin, on_success=self._first_screen, on_error=self._fatal
            )
            return
        progress = QProgressDialog(self.tr("Preparing the demo office…"), "", 0, 0)
        progress.setWindowTitle(self.tr("CaseDesk"))
        progress.setCancelButton(None)  # a half-made demo office is no use
        progress.setMinimumDuration(0)
        self._show(progress)
        self._runner.submit(prepare, on_success=lambda _done: self.start(), on_error=self._fatal)

    def _first_screen(self, needs_first_admin: bool) -> None:
        if needs_first_admin:
            dialog = FirstAdminDialog(self._runner, self._auth, self._workstation)
            dialog.signed_in.connect(self._signed_in)
            dialog.rejected.connect(self.finished)
            self._show(dialog)
        else:
            self.show_sign_in()

    def show_sign_in(self, reason: str = "") -> None:
        dialog = SignInDialog(self._runner, self._auth, self._workstation, self._label, self._hint)
        dialog.signed_in.connect(self._signed_in)
        dialog.rejected.connect(self.finished)
        if reason:
            dialog.show_problem(reason)
        self._show(dialog)

    def _signed_in(self, session: Session) -> None:
        if not session.must_change_password:
            self._open_main(session)
            return
        dialog = ChangePasswordDialog(self._runner, self._auth, session.actor, forced=True)
        dialog.changed.connect(lambda: self._open_main(session))
        dialog.rejected.connect(lambda: self._sign_out_before_work(session))
        self._show(dialog)

    def _sign_out_before_work(self, session: Session) -> None:
        self._runner.submit(self._auth.sign_out, session.actor)
        self.show_sign_in()

    def _open_main(self, session: Session) -> None:
        self._runner.submit(
            session.services.settings.read,
            session.actor,
            on_success=lambda settings: self._show_main(session, settings),
            on_error=self._fatal,
        )

    def _show_main(self, session: Session, settings: OfficeSettings) -> None:
        window = MainWindow(
            session,
            self._auth,
            self._runner,
            self._label,
            settings.idle_lock_minutes,
            drafts=self._drafts,
        )
        self._add_admin_pages(window, session)
        window.session_closed.connect(self.show_sign_in)
        window.quit_requested.connect(self.finished)
        self._show(window)
        # The first sign-in of the day copies the database, behind the open window.
        self._backups = session.services.backups
        self.backup_check = SignInBackupCheck(
            self._copier, session.services.backups, session.actor, window
        )
        section = self._backup_section
        if section is not None:
            # Today's copy may land after the Settings page first read the folder.
            self.backup_check.finished.connect(lambda _result: section.refresh())
        self.backup_check.start()

    def _add_admin_pages(self, window: MainWindow, session: Session) -> None:
        actor, services = session.actor, session.services
        self._backup_section = None
        if actor.may(Permission.STAFF_MANAGE):
            from gui.staff.page import StaffPage

            window.add_page(StaffPage(self._runner, services, actor), self.tr("&Staff accounts"))
        if actor.may(Permission.PROGRAM_MANAGE):
            from gui.cases.programs_page import ProgramsPage

            window.add_page(ProgramsPage(self._runner, services, actor), self.tr("&Programs"))
        if actor.may(Permission.HMIS_EXPORT):
            from gui.hmis_export.page import HmisExportPage

            hmis = HmisExportPage(self._runner, services, actor)
            hmis.client_opened.connect(window.open_client)
            window.add_page(hmis, self.tr("HMIS e&xport"))
        if actor.may(Permission.AUDIT_READ):
            from gui.audit.page import AuditPage

            window.add_page(AuditPage(self._runner, services, actor), self.tr("&Audit trail"))
        if actor.may(Permission.SETTINGS_MANAGE):
            from gui.settings.page import SettingsPage

            page = SettingsPage(self._runner, services, actor, copier=self._copier)
            self._backup_section = page.backups
            # Taller than a small window with its Backups section: it scrolls.
            scroller = QScrollArea()
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            scroller.setWidget(page)
            window.add_page(scroller, self.tr("S&ettings"))

    def shutdown(self) -> None:
        """CaseDesk is closing: a copy under way stops (the next sign-in makes one)."""
        if self._backups is not None:
            self._backups.stop()
        self._copier.shutdown()

    def _show(self, widget: QWidget) -> None:
        previous, self.current = self.current, widget
        widget.show()
        widget.raise_()
        widget.activateWindow()
        if previous is not None and previous is not widget:
            previous.deleteLater()

    def _fatal(self, error: BaseException) -> None:
        present_error(self.current, error)
        if self.current is None:
            self.finished.emit()
