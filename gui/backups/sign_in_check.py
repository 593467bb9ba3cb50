"""After a sign-in on the embedded database: today's copy, on the backup thread,
then for an administrator any warning (no good copy for a week, or the backup
folder out of reach). Nobody waits for it: the window is open and usable."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from domain.backups.service import BackupService, SignInBackup
from domain.common.actor import Actor
from gui.common.runner import BackgroundRunner

log = logging.getLogger(__name__)


class SignInBackupCheck(QObject):
    # What the check found (None when it could not run), for whoever watches.
    finished = Signal(object)

    def __init__(
        self,
        copier: BackgroundRunner,
        service: BackupService,
        actor: Actor,
        window: QMainWindow,
    ):
        super().__init__(window)
        self._copier, self._service, self._actor, self._window = copier, service, actor, window
        self.warning_box: QMessageBox | None = None
        self.done = False

    def start(self) -> None:
        if not self._service.available:
            return
        self._copier.submit(
            self._service.at_sign_in,
            self._actor,
            on_success=self._show,
            on_error=self._failed,
            owner=self,
        )

    def _show(self, result: SignInBackup) -> None:
        self.done = True
        if not self._window.isVisible():
            return  # signed out or closed meanwhile: the copy is made, nobody to tell
        if result.made is not None:
            self._window.statusBar().showMessage(
                self.tr("Today's backup was made and checked: {0}").format(result.made.location),
                10000,
            )
        elif result.problem:
            log.warning("Today's backup was not made: %s", result.problem)
        if result.warning:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Backups need attention"),
                result.warning,
                QMessageBox.StandardButton.Ok,
                self._window,
            )
            box.setObjectName("backup_warning_box")
            box.open()  # not modal to the work: the window stays usable
            self.warning_box = box
        self.finished.emit(result)

    def _failed(self, error: BaseException) -> None:
        # The database itself in trouble: the person's next action says so.
        log.warning("The sign-in backup check could not run: %s", error)
        self.done = True
        if self._window.isVisible():
            self.finished.emit(None)
