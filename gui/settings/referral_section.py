"""The settings page's referral row: how many days a referral may wait for the
resource's answer before CaseDesk adds a follow-up task for its caseworker."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from domain.common.actor import Actor
from domain.common.policy import Permission
from domain.settings.office_settings import (
    REFERRAL_FOLLOW_UP_DAYS,
    REFERRAL_FOLLOW_UP_RANGE,
    OfficeSettings,
)
from domain.settings.section_forms import ReferralFollowUpForm, referral_follow_up_form
from gui.common.form_fields import FormFields
from gui.common.runner import BackgroundRunner
from gui.settings.save_failure import SaveFailure
from gui.settings.status_line import StatusLine


class ReferralSettings(QWidget):
    def __init__(self, runner: BackgroundRunner, service, actor: Actor, parent=None):
        super().__init__(parent)
        self._runner, self._service, self._actor = runner, service, actor
        self._version = 0  # of the days shown; the save carries it
        may_change = actor.may(Permission.SETTINGS_MANAGE)
        heading = QLabel(self.tr("Referrals"), self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        low, high = REFERRAL_FOLLOW_UP_RANGE
        explanation = QLabel(
            self.tr(
                "When a resource has not answered a referral after this many days ({0} to "
                "{1}), the caseworker gets a follow-up task on My day."
            ).format(low, high),
            self,
        )
        explanation.setWordWrap(True)
        self.fields = FormFields(self)
        self.days = self.fields.add_line_edit(
            REFERRAL_FOLLOW_UP_DAYS, self.tr("&Follow up after (days)"), max_length=2
        )
        self.days.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.days.setMaximumWidth(90)
        self.days.setReadOnly(not may_change)
        self.days.returnPressed.connect(self.save)
        self.save_button = QPushButton(self.tr("Save follow-&up days"), self)
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(may_change)
        self.save_button.clicked.connect(self.save)
        self.confirmation = StatusLine("referral_confirmation", self)
        self.what = self.tr("the referral follow-up time")
        self.opened_form = ReferralFollowUpForm()
        self._failed = SaveFailure(
            self,
            runner,
            partial(self._service.read, self._actor),
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

    def show_settings(self, settings: OfficeSettings) -> None:
        self.opened_form = referral_follow_up_form(settings)
        self.days.setText(self.opened_form.referral_follow_up_days)
        self._version = settings.version(REFERRAL_FOLLOW_UP_DAYS)

    # --- after a stale save: this section's side of the compare dialog ------------

    def form(self) -> ReferralFollowUpForm:
        return ReferralFollowUpForm(self.days.text())

    form_of = staticmethod(referral_follow_up_form)

    def save_over(self, settings: OfficeSettings, form: ReferralFollowUpForm) -> None:
        self.opened_form = referral_follow_up_form(settings)
        self._version = settings.version(REFERRAL_FOLLOW_UP_DAYS)
        self.days.setText(form.referral_follow_up_days)
        self.save()

    def caption(self, name: str) -> str:
        return self.fields.captions.get(name, name)

    def shown(self, name: str, value: str) -> str:
        return self.tr("{0} days").format(value) if value.strip() else ""

    def save(self) -> None:
        if not self._actor.may(Permission.SETTINGS_MANAGE):
            return
        self.save_button.setEnabled(False)
        self.confirmation.clear()
        self._runner.submit(
            self._service.set_referral_follow_up_days,
            self._actor,
            self.days.text(),
            self._version,
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, settings: OfficeSettings) -> None:
        self.save_button.setEnabled(True)
        self.fields.clear_messages()
        self.show_settings(settings)
        self.confirmation.saved(
            self.tr("Saved: referrals are followed up after {0} days.").format(
                settings.referral_follow_up_days
            )
        )
