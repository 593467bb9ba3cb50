"""The settings page's referral row: how many days a referral may wait for the
resource's answer before CaseDesk adds a follow-up task for its caseworker."""

from __future__ import annotations

from functools import partial

from domain.common.actor import Actor
from domain.settings.office_settings import (
    REFERRAL_FOLLOW_UP_DAYS,
    REFERRAL_FOLLOW_UP_RANGE,
    OfficeSettings,
)
from domain.settings.section_forms import ReferralFollowUpForm, referral_follow_up_form
from gui.common.runner import BackgroundRunner
from gui.settings.number_section import NumberSection


class ReferralSettings(NumberSection):
    def __init__(self, runner: BackgroundRunner, service, actor: Actor, parent=None):
        super().__init__(runner, actor, parent)
        self._service = service
        low, high = REFERRAL_FOLLOW_UP_RANGE
        self._build(
            key=REFERRAL_FOLLOW_UP_DAYS,
            heading=self.tr("Referrals"),
            explanation=self.tr(
                "When a resource has not answered a referral after this many days ({0} to "
                "{1}), the caseworker gets a follow-up task on My day."
            ).format(low, high),
            caption=self.tr("&Follow up after (days)"),
            max_length=2,
            button=self.tr("Save follow-&up days"),
            status_name="referral_confirmation",
            what=self.tr("the referral follow-up time"),
            opened_form=ReferralFollowUpForm(),
            read=partial(service.read, actor),
            store=service.set_referral_follow_up_days,
        )
        self.days = self.number

    def show_settings(self, settings: OfficeSettings) -> None:
        self.show_value(settings)

    form_of = staticmethod(referral_follow_up_form)

    def version_of(self, settings: OfficeSettings) -> int:
        return settings.version(REFERRAL_FOLLOW_UP_DAYS)

    def shown(self, name: str, value: str) -> str:
        return self.tr("{0} days").format(value) if value.strip() else ""

    def saved_message(self, settings: OfficeSettings) -> str:
        return self.tr("Saved: referrals are followed up after {0} days.").format(
            settings.referral_follow_up_days
        )
