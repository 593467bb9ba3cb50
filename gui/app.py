"""Starting the Qt application: the main window, or a message when it cannot start."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from domain.actor import Actor
from domain.services import Services
from gui.main_window import MainWindow
from gui.runner import BackgroundRunner


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("CaseDesk")
    app.setOrganizationName("CaseDesk")
    return app


def run_main_window(services: Services, actor: Actor, database_label: str) -> int:
    app = application()
    runner = BackgroundRunner(app)
    window = MainWindow(services, actor, runner, database_label)
    window.show()
    return app.exec()


def show_start_failure(title: str, text: str) -> None:
    """People start CaseDesk from a shortcut, with no console to read: say it in a window."""
    application()
    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    box.exec()
