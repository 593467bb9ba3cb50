"""One presentation for each error type, used by every window."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from domain.common.disk_errors import DiskFull, DiskReadOnly
from domain.common.errors import (
    ConflictError,
    ConsentRequired,
    DatabaseUnavailable,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from domain.common.saving import AlreadySaved
from gui.common.runner import StoppedWaiting

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ErrorPresenter", text)


def error_title(error: BaseException) -> str:
    if isinstance(error, StoppedWaiting):
        return _tr("Stopped waiting")
    if isinstance(error, ValidationError):
        return _tr("Please check the form")
    if isinstance(error, PermissionDenied):
        return _tr("Not allowed")
    if isinstance(error, ConsentRequired):
        return _tr("Consent needed")
    if isinstance(error, ConflictError):
        return _tr("Changed by someone else")
    if isinstance(error, NotFound):
        return _tr("Not found")
    if isinstance(error, DiskFull):
        return _tr("The disk is full")
    if isinstance(error, DiskReadOnly):
        return _tr("The disk cannot be written")
    if isinstance(error, AlreadySaved):
        return _tr("Saved")  # the save landed; only the server's answer was lost
    if isinstance(error, DatabaseUnavailable):
        return _tr("Database unavailable")
    return _tr("Something went wrong")


def error_text(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        return "\n".join(error.errors.values())
    if isinstance(
        error,
        PermissionDenied
        | ConflictError
        | NotFound
        | DatabaseUnavailable
        | ConsentRequired
        | StoppedWaiting,
    ):
        return str(error)
    # Unknown errors may carry SQL or data in their text: the log file gets the
    # details, the person gets a plain sentence.
    log.error("Unexpected error", exc_info=error)
    return _tr(
        "CaseDesk hit an unexpected problem and did not finish this action. "
        "The details were written to the log file for your administrator."
    )


def present_error(parent: QWidget | None, error: BaseException) -> None:
    if isinstance(error, StoppedWaiting):
        return  # the window's busy indicator, where Cancel was pressed, says what it means
    box = QMessageBox(parent)
    if isinstance(error, AlreadySaved):
        icon = QMessageBox.Icon.Information  # nothing went wrong with the work itself
    elif isinstance(error, ValidationError | ConflictError | PermissionDenied | ConsentRequired):
        icon = QMessageBox.Icon.Warning
    else:
        icon = QMessageBox.Icon.Critical
    box.setIcon(icon)
    box.setWindowTitle(error_title(error))
    box.setText(error_text(error))
    box.open()
