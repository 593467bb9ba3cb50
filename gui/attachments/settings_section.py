"""The Settings page's Attachments row: how large a file staff may attach (administrators)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from domain.attachments.size_limit import (
    ATTACHMENT_MAX_MB,
    MAX_MB_RANGE,
    SizeLimit,
    SizeLimitForm,
    size_limit_form,
)
from domain.common.actor import Actor
from domain.common.policy import Permission
from gui.common.form_fields import FormFields
from gui.common.runner import BackgroundRunner
from gui.settings.save_failure import SaveFailure
from gui.settings.status_line import StatusLine


class AttachmentSettings(QWidget):
    def __init__(self, runner: BackgroundRunner, service, actor: Actor, parent=None):
        super().__init__(parent)
        self.setObjectName("attachment_settings")
        self._runner, self._service, self._actor = runner, service, actor
        self._version = 0  # of the limit shown; the save carries it
        may_change = actor.may(Permission.SETTINGS_MANAGE)
        heading = QLabel(f"<b>{self.tr('Attachments')}</b>", self)
        low, high = MAX_MB_RANGE
        explanation = QLabel(
            self.tr(
                "The largest file staff may attach to a client's record ({0} to {1} MB). A "
                "larger file is refused before it is sent; every file is kept in the "
                "database, so each one also adds to every backup."
            ).format(low, high),
            self,
        )
        explanation.setWordWrap(True)
        self.fields = FormFields(self)
        self.megabytes = self.fields.add_line_edit(
            ATTACHMENT_MAX_MB, self.tr("Largest file (&MB)"), max_length=3
        )
        self.megabytes.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.megabytes.setMaximumWidth(90)
        self.megabytes.setReadOnly(not may_change)
        self.megabytes.returnPressed.connect(self.save)
        self.save_button = QPushButton(self.tr("Save the lim&it"), self)
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(may_change)
        self.save_button.clicked.connect(self.save)
        self.confirmation = StatusLine("attachment_confirmation", self)
        self.what = self.tr("the attachment size limit")
        self.opened_form = SizeLimitForm()
        self._failed = SaveFailure(
            self,
            runner,
            partial(self._service.size_limit, self._actor),
            self.fields,
            self.confirmation,
            self.save_button,
        )
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.confirmation, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addLayout(self.fields.layout)
        layout.addLayout(row)
        self._runner.submit(self._service.size_limit, actor, on_success=self.show_limit, owner=self)

    def show_limit(self, limit: SizeLimit) -> None:
        self.opened_form = size_limit_form(limit)
        self.megabytes.setText(self.opened_form.attachment_max_mb)
        self._version = limit.version

    # --- after a stale save: this section's side of the compare dialog ------------

    def form(self) -> SizeLimitForm:
        return SizeLimitForm(self.megabytes.text())

    form_of = staticmethod(size_limit_form)

    def save_over(self, limit: SizeLimit, form: SizeLimitForm) -> None:
        self.opened_form = size_limit_form(limit)
        self._version = limit.version
        self.megabytes.setText(form.attachment_max_mb)
        self.save()

    def caption(self, name: str) -> str:
        return self.fields.captions.get(name, name)

    def shown(self, name: str, value: str) -> str:
        return self.tr("{0} MB").format(value) if value.strip() else ""

    def save(self) -> None:
        if not self._actor.may(Permission.SETTINGS_MANAGE):
            return
        self.save_button.setEnabled(False)
        self.confirmation.clear()
        self._runner.submit(
            self._service.set_size_limit,
            self._actor,
            self.megabytes.text(),
            self._version,
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, limit: SizeLimit) -> None:
        self.save_button.setEnabled(True)
        self.fields.clear_messages()
        self.show_limit(limit)
        self.confirmation.saved(
            self.tr("Saved: attachments may be up to {0} MB each.").format(limit.megabytes)
        )
