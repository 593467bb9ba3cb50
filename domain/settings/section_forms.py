"""Each section of the settings page as its form holds it: what a save that met
another administrator's save compares, field by field, with what is stored now."""

from __future__ import annotations

from dataclasses import dataclass

from domain.settings.office_settings import AgencyForm, OfficeSettings, agency_is_named


@dataclass(frozen=True)
class IdleLockForm:
    idle_lock_minutes: str = ""


@dataclass(frozen=True)
class ReferralFollowUpForm:
    referral_follow_up_days: str = ""


def idle_lock_form(settings: OfficeSettings) -> IdleLockForm:
    return IdleLockForm(str(settings.idle_lock_minutes))


def referral_follow_up_form(settings: OfficeSettings) -> ReferralFollowUpForm:
    return ReferralFollowUpForm(str(settings.referral_follow_up_days))


def agency_form(settings: OfficeSettings) -> AgencyForm:
    """The letterhead as typed; an agency not named yet is a blank name, not the placeholder."""
    agency = settings.agency
    return AgencyForm(
        agency.name if agency_is_named(agency) else "",
        "\n".join(agency.address_lines),
        agency.phone,
    )
