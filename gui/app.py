"""Starting the Qt application: the sign-in flow, or a message when it cannot start."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QMessageBox

from domain.notes.repository import DraftKeeper
from domain.staff.session import Authenticator
from gui.app_controller import AppController
from gui.common.app_icon import app_icon
from gui.common.runner import BackgroundRunner


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("CaseDesk")
    app.setOrganizationName("CaseDesk")
    app.setWindowIcon(app_icon())
    # Between signing out and the sign-in dialog no window is open; CaseDesk
    # quits when the person says so, not when the last window closes.
    app.setQuitOnLastWindowClosed(False)
    return app


def run_app(
    authenticator: Authenticator,
    database_label: str,
    workstation: str,
    *,
    sign_in_hint: str = "",
    prepare: Callable[[], object] | None = None,
    drafts: DraftKeeper | None = None,
) -> int:
    """``prepare`` runs first, off the UI thread, with a progress window (the demo office)."""
    app = application()
    runner = BackgroundRunner(app)
    controller = AppController(
        authenticator, runner, database_label, workstation, sign_in_hint=sign_in_hint, drafts=drafts
    )
    controller.finished.connect(app.quit)
    controller.start(prepare)
    code = app.exec()
    controller.shutdown()
    runner.shutdown()
    return code


def show_start_failure(title: str, text: str) -> None:
    """People start CaseDesk from a shortcut, with no console to read: say it in a window."""
    application()
    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    box.exec()
