"""What every settings section does when its save fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtWidgets import QPushButton, QWidget

from domain.common.errors import ConflictError
from domain.settings.office_settings import OfficeSettings
from gui.common.conflict_resolution import ConflictResolution
from gui.common.form_fields import FormFields
from gui.common.runner import BackgroundRunner
from gui.settings.status_line import StatusLine


class ComparedSection(Protocol):
    """What a section gives the compare dialog: its form as opened and as typed."""

    what: str  # "the letterhead", as the dialog names it
    opened_form: Any

    def form(self) -> Any: ...
    def form_of(self, settings: OfficeSettings) -> Any: ...
    def save_over(self, settings: OfficeSettings, form: Any) -> None: ...
    def caption(self, name: str) -> str: ...
    def shown(self, name: str, value: Any) -> str: ...


class SaveFailure:
    """The save's on_error: a field's problem goes beside the field. A stale save
    (someone saved first) is said beside the button and opens the compare dialog:
    what this section holds against what is stored now; the details picked are saved
    over the new version. Until then, and after Cancel, every character typed stays."""

    def __init__(
        self,
        section: QWidget,
        runner: BackgroundRunner,
        read: Callable[[], OfficeSettings],
        fields: FormFields,
        line: StatusLine,
        button: QPushButton,
    ):
        self._section, self._read = section, read
        self._fields, self._line, self._button = fields, line, button
        self.conflict = ConflictResolution(section, runner, section.caption, section.shown)

    def __call__(self, error: BaseException) -> None:
        self._button.setEnabled(True)
        if not isinstance(error, ConflictError):
            self._fields.present(error)
            return
        section: ComparedSection = self._section  # type: ignore[assignment]
        self._fields.clear_messages()
        self._line.conflict(error)
        self.conflict.start(
            error,
            what=section.what,
            read=self._read,
            form_of=section.form_of,
            original=section.opened_form,
            mine=section.form(),
            save=section.save_over,
        )
