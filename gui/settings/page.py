"""Office settings an administrator changes: when an idle screen locks, and the
agency's letterhead on printed forms."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.policy import Permission
from domain.services import Services
from domain.settings.office_settings import IDLE_LOCK_MINUTES, IDLE_LOCK_RANGE, OfficeSettings
from domain.settings.section_forms import IdleLockForm, idle_lock_form
from gui.attachments.settings_section import AttachmentSettings
from gui.backups.settings_section import BackupSettings
from gui.common.form_fields import FormFields
from gui.common.runner import BackgroundRunner
from gui.settings.agency_section import AgencySettings
from gui.settings.referral_section import ReferralSettings
from gui.settings.save_failure import SaveFailure
from gui.settings.status_line import StatusLine


class SettingsPage(QWidget):
    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        copier: BackgroundRunner | None = None,
    ):
        """``copier``: where backup copies run (see gui/backups)."""
        super().__init__(parent)
        self._runner = runner
        self._service = services.settings
        self._actor = actor
        self._version = 0  # of the minutes shown; the save carries it
        may_change = actor.may(Permission.SETTINGS_MANAGE)

        heading = QLabel(self.tr("Screen lock"), self)
        heading.setObjectName("heading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        low, high = IDLE_LOCK_RANGE
        explanation = QLabel(
            self.tr(
                "CaseDesk hides client information and asks for the password again when "
                "a workstation is left alone for this many minutes ({0} to {1})."
            ).format(low, high),
            self,
        )
        explanation.setWordWrap(True)

        self.fields = FormFields(self)
        self.minutes = self.fields.add_line_edit(
            IDLE_LOCK_MINUTES, self.tr("&Lock after (minutes)"), max_length=3
        )
        # Narrow for a number; not Expanding, or its column (and message) would be as narrow.
        self.minutes.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.minutes.setMaximumWidth(90)
        self.minutes.setReadOnly(not may_change)
        self.minutes.returnPressed.connect(self.save)
        self.minutes.textEdited.connect(lambda _text: self.confirmation.clear())

        self.save_button = QPushButton(self.tr("&Save"), self)
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(may_change)
        self.save_button.clicked.connect(self.save)
        # Says what was saved, so the person knows it took effect.
        self.confirmation = StatusLine("confirmation", self)
        self.what = self.tr("the screen-lock time")
        self.opened_form = IdleLockForm()
        self._failed = SaveFailure(
            self,
            runner,
            partial(self._service.read, self._actor),
            self.fields,
            self.confirmation,
            self.save_button,
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.confirmation, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addLayout(self.fields.layout)
        layout.addLayout(buttons)
        self.agency = AgencySettings(runner, self._service, actor, self)
        layout.addWidget(self.agency)
        self.referral = ReferralSettings(runner, self._service, actor, self)
        layout.addWidget(self.referral)
        self.attachments = AttachmentSettings(runner, services.attachments, actor, self)
        layout.addWidget(self.attachments)
        self.backups: BackupSettings | None = None
        if services.backups.available and may_change:
            self.backups = BackupSettings(runner, services.backups, actor, self, copier=copier)
            layout.addWidget(self.backups)
        if not may_change:
            layout.addWidget(QLabel(self.tr("Only an administrator can change settings."), self))
        layout.addStretch(1)
        self.setFocusProxy(self.minutes)

        self._runner.submit(self._service.read, actor, on_success=self._show, owner=self)

    def _show(self, settings: OfficeSettings) -> None:
        self._show_minutes(settings)
        self.agency.show_settings(settings)
        self.referral.show_settings(settings)

    def _show_minutes(self, settings: OfficeSettings) -> None:
        self.opened_form = idle_lock_form(settings)
        self.minutes.setText(self.opened_form.idle_lock_minutes)
        self._version = settings.version(IDLE_LOCK_MINUTES)

    # --- after a stale save: this section's side of the compare dialog ------------

    def form(self) -> IdleLockForm:
        return IdleLockForm(self.minutes.text())

    form_of = staticmethod(idle_lock_form)

    def save_over(self, settings: OfficeSettings, form: IdleLockForm) -> None:
        self.opened_form = idle_lock_form(settings)
        self._version = settings.version(IDLE_LOCK_MINUTES)
        self.minutes.setText(form.idle_lock_minutes)
        self.save()

    def caption(self, name: str) -> str:
        return self.fields.captions.get(name, name)

    def shown(self, name: str, value: str) -> str:
        return self.tr("{0} minutes").format(value) if value.strip() else ""

    def save(self) -> None:
        if not self._actor.may(Permission.SETTINGS_MANAGE):
            return
        self.save_button.setEnabled(False)
        self.confirmation.clear()
        self._runner.submit(
            self._service.set_idle_lock_minutes,
            self._actor,
            self.minutes.text(),
            self._version,
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, settings: OfficeSettings) -> None:
        self.save_button.setEnabled(True)
        self.fields.clear_messages()
        # This section only: the others may hold edits not saved yet.
        self._show_minutes(settings)
        minutes = settings.idle_lock_minutes
        self.confirmation.saved(
            self.tr("Saved: an idle workstation now locks after 1 minute.")
            if minutes == 1
            else self.tr("Saved: an idle workstation now locks after {0} minutes.").format(minutes)
        )
