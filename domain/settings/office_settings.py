"""Office settings an administrator changes, with their defaults and rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, clean_phone, clean_text
from domain.settings.agency import AgencyDetails

IDLE_LOCK_MINUTES = "idle_lock_minutes"
AGENCY_NAME = "agency_name"
AGENCY_ADDRESS = "agency_address"  # lines joined by newlines
AGENCY_PHONE = "agency_phone"
# Days a referral may wait for the resource's answer before a follow-up task appears.
REFERRAL_FOLLOW_UP_DAYS = "referral_follow_up_days"
DEFAULT_REFERRAL_FOLLOW_UP_DAYS = 10
REFERRAL_FOLLOW_UP_RANGE = (1, 90)
# What forms print until an administrator names the agency: plainly a gap to fill.
UNNAMED_AGENCY = "(Agency name: set it in Settings)"
# Consent forms name the agency in their legal text, and a release must name who
# discloses (42 CFR 2.31): neither goes out with the placeholder. Where, and who.
WHERE_TO_NAME_THE_AGENCY = (
    "An administrator sets it on the Settings tab, under “Letterhead on printed "
    "forms” (Agency name)."
)
RELEASE_NEEDS_AGENCY_NAME = (
    "A release of information must name the agency that discloses the client's "
    f"information, and the agency's name is not set yet. {WHERE_TO_NAME_THE_AGENCY}"
)
FORM_NEEDS_AGENCY_NAME = (
    "Consent forms name the agency in their legal text, and the agency's name is not set "
    f"yet. {WHERE_TO_NAME_THE_AGENCY}"
)
MAX_ADDRESS_LINES = 3
DEFAULT_IDLE_LOCK_MINUTES = 15
IDLE_LOCK_RANGE = (1, 240)
# The letterhead's keys, saved together: one stale key refuses the whole save.
AGENCY_KEYS = (AGENCY_NAME, AGENCY_ADDRESS, AGENCY_PHONE)
# What a conflict message calls each setting.
SETTING_NAMES = {
    IDLE_LOCK_MINUTES: "The screen-lock time",
    REFERRAL_FOLLOW_UP_DAYS: "The referral follow-up time",
    # domain/attachments/size_limit.py keeps it (the key is named here for the message).
    "attachment_max_mb": "The attachment size limit",
    **dict.fromkeys(AGENCY_KEYS, "The agency's letterhead"),
}


@dataclass(frozen=True)
class OfficeSettings:
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES
    agency: AgencyDetails = field(default_factory=lambda: AgencyDetails(UNNAMED_AGENCY))
    referral_follow_up_days: int = DEFAULT_REFERRAL_FOLLOW_UP_DAYS
    # Each stored setting's version, for the next save to carry; a setting never
    # saved (still at its default) has none.
    versions: Mapping[str, int] = field(default_factory=dict, hash=False)

    @classmethod
    def from_stored(
        cls, stored: dict[str, str], versions: Mapping[str, int] | None = None
    ) -> OfficeSettings:
        try:
            minutes = int(stored.get(IDLE_LOCK_MINUTES, DEFAULT_IDLE_LOCK_MINUTES))
        except ValueError:
            minutes = DEFAULT_IDLE_LOCK_MINUTES
        low, high = IDLE_LOCK_RANGE
        agency = AgencyDetails(
            stored.get(AGENCY_NAME) or UNNAMED_AGENCY,
            tuple(line for line in stored.get(AGENCY_ADDRESS, "").split("\n") if line),
            stored.get(AGENCY_PHONE, ""),
        )
        try:
            days = int(stored.get(REFERRAL_FOLLOW_UP_DAYS, DEFAULT_REFERRAL_FOLLOW_UP_DAYS))
        except ValueError:
            days = DEFAULT_REFERRAL_FOLLOW_UP_DAYS
        first, last = REFERRAL_FOLLOW_UP_RANGE
        return cls(
            idle_lock_minutes=min(max(minutes, low), high),
            agency=agency,
            referral_follow_up_days=min(max(days, first), last),
            versions=dict(versions or {}),
        )

    def version(self, key: str) -> int:
        """The version a save of ``key`` carries: 0 for a setting never saved."""
        return self.versions.get(key, 0)

    @property
    def agency_versions(self) -> dict[str, int]:
        return {key: self.version(key) for key in AGENCY_KEYS}


def agency_is_named(agency: AgencyDetails) -> bool:
    """Whether an administrator has named the agency (forms print the placeholder until then)."""
    return agency.name != UNNAMED_AGENCY


@dataclass(frozen=True)
class AgencyForm:
    name: str = ""
    address: str = ""  # as typed: one line per address line
    phone: str = ""


def validate_agency_form(form: AgencyForm) -> dict[str, str]:
    """The settings to store, by key; the form's problems by field."""
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    try:
        name = clean_text(form.name, longest=150)
        if not name:
            errors["agency_name"] = "Give the agency's name as it should print on forms."
        values[AGENCY_NAME] = name or ""
    except FieldProblem as problem:
        errors["agency_name"] = str(problem)
    lines = [line for line in form.address.splitlines() if line.strip()]
    if len(lines) > MAX_ADDRESS_LINES:
        errors["agency_address"] = f"Use at most {MAX_ADDRESS_LINES} lines."
    try:
        values[AGENCY_ADDRESS] = "\n".join(clean_text(line, longest=100) or "" for line in lines)
    except FieldProblem as problem:
        errors.setdefault("agency_address", str(problem))
    try:
        phone = clean_phone(form.phone)
        values[AGENCY_PHONE] = phone[0] if phone else ""
    except FieldProblem as problem:
        errors["agency_phone"] = str(problem)
    if errors:
        raise ValidationError(errors)
    return values


def parse_idle_lock_minutes(raw: str) -> int:
    low, high = IDLE_LOCK_RANGE
    text = raw.strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValidationError(
            {IDLE_LOCK_MINUTES: f"Enter a whole number of minutes from {low} to {high}."}
        )
    return int(text)


def parse_referral_follow_up_days(raw: str) -> int:
    low, high = REFERRAL_FOLLOW_UP_RANGE
    text = raw.strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValidationError(
            {REFERRAL_FOLLOW_UP_DAYS: f"Enter a whole number of days from {low} to {high}."}
        )
    return int(text)
