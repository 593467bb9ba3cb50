"""What every settings section does when its save fails."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QWidget

from domain.common.errors import ConflictError
from domain.settings.office_settings import OfficeSettings
from gui.common.form_fields import FormFields
from gui.common.runner import BackgroundRunner
from gui.settings.status_line import StatusLine


class SaveFailure:
    """The save's on_error: a field's problem goes beside the field; a stale save
    (someone saved first) is said beside the button while the section reloads what
    is stored now, and with it the version its next save carries."""

    def __init__(
        self,
        section: QWidget,
        runner: BackgroundRunner,
        read: Callable[[], OfficeSettings],
        show: Callable[[OfficeSettings], None],
        fields: FormFields,
        line: StatusLine,
        button: QPushButton,
    ):
        self._section, self._runner, self._read, self._show = section, runner, read, show
        self._fields, self._line, self._button = fields, line, button

    def __call__(self, error: BaseException) -> None:
        if not isinstance(error, ConflictError):
            self._button.setEnabled(True)
            self._fields.present(error)
            return
        self._fields.clear_messages()
        self._line.conflict(error)
        self._runner.submit(
            self._read, on_success=self._reloaded, on_error=self, owner=self._section
        )

    def _reloaded(self, settings: OfficeSettings) -> None:
        self._show(settings)
        self._button.setEnabled(True)
