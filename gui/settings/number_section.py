"""A Settings section that holds one number an administrator sets (the referral
follow-up days, the largest attachment...): its heading and explanation, the field,
a save button and what the save said. A stale save opens the compare dialog (see
save_failure.py). Each section says where its number comes from and goes to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from domain.common.actor import Actor
from domain.common.policy import Permission
from gui.common.form_fields import FormFields
from gui.common.runner import BackgroundRunner
from gui.settings.save_failure import SaveFailure
from gui.settings.status_line import StatusLine


class NumberSection(QWidget):
    """``stored`` (what the section shows: the office settings, a size limit...) is
    turned into the section's form by ``form_of``; the form's one field is named by
    the field's ``key``."""

    def __init__(self, runner: BackgroundRunner, actor: Actor, parent=None):
        super().__init__(parent)
        self._runner, self._actor = runner, actor
        self._version = 0  # of the number shown; the save carries it

    def _build(
        self,
        *,
        key: str,
        heading: str,
        explanation: str,
        caption: str,
        max_length: int,
        button: str,
        status_name: str,
        what: str,
        opened_form: Any,
        read: Callable[[], Any],
        store: Callable[[Actor, str, int], Any],
    ) -> None:
        """``read``: the stored value now (after a stale save); ``store``: the save."""
        self._key, self._store = key, store
        may_change = self._actor.may(Permission.SETTINGS_MANAGE)
        title = QLabel(heading, self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        text = QLabel(explanation, self)
        text.setWordWrap(True)
        self.fields = FormFields(self)
        self.number = self.fields.add_line_edit(key, caption, max_length=max_length)
        self.number.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.number.setMaximumWidth(90)
        self.number.setReadOnly(not may_change)
        self.number.returnPressed.connect(self.save)
        self.save_button = QPushButton(button, self)
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(may_change)
        self.save_button.clicked.connect(self.save)
        self.confirmation = StatusLine(status_name, self)
        self.what = what
        self.opened_form = opened_form
        self._failed = SaveFailure(
            self, self._runner, read, self.fields, self.confirmation, self.save_button
        )
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.confirmation, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addLayout(self.fields.layout)
        layout.addLayout(row)

    # --- what each section says -------------------------------------------------------

    def form_of(self, stored: Any) -> Any:
        raise NotImplementedError

    def version_of(self, stored: Any) -> int:
        raise NotImplementedError

    def saved_message(self, stored: Any) -> str:
        raise NotImplementedError

    def shown(self, name: str, value: str) -> str:
        raise NotImplementedError

    # --- shared -----------------------------------------------------------------------

    def show_value(self, stored: Any) -> None:
        self.opened_form = self.form_of(stored)
        self.number.setText(getattr(self.opened_form, self._key))
        self._version = self.version_of(stored)

    # after a stale save: this section's side of the compare dialog

    def form(self) -> Any:
        return type(self.opened_form)(self.number.text())

    def save_over(self, stored: Any, form: Any) -> None:
        self.opened_form = self.form_of(stored)
        self._version = self.version_of(stored)
        self.number.setText(getattr(form, self._key))
        self.save()

    def caption(self, name: str) -> str:
        return self.fields.captions.get(name, name)

    def save(self) -> None:
        if not self._actor.may(Permission.SETTINGS_MANAGE):
            return
        self.save_button.setEnabled(False)
        self.confirmation.clear()
        self._runner.submit(
            self._store,
            self._actor,
            self.number.text(),
            self._version,
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, stored: Any) -> None:
        self.save_button.setEnabled(True)
        self.fields.clear_messages()
        self.show_value(stored)
        self.confirmation.saved(self.saved_message(stored))
