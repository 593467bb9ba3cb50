"""Referrals: a client sent to a resource of the directory for a need, and the loop
closed on it: acknowledged, accepted or declined, service started, completed, or
no response at all.

A referral that shares the client's information with the resource's
organisation passes the consent gate when it is made; a "client self-referral"
shares nothing (the client contacts the resource themselves).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from domain.assessments.assessment import LifeDomain
from domain.cases.case import case_number
from domain.cases.tasks import TaskSource, TaskValues
from domain.common.errors import ValidationError
from domain.common.field_rules import (
    FieldProblem,
    format_date,
    parse_date,
    reject_invisible_characters,
)
from domain.consents.consent import InformationKind
from domain.referrals.resources import Resource
from domain.settings.agency import AgencyDetails

LONGEST_REASON = 1000
LONGEST_NOTE = 500
LONGEST_OUTCOME = 1000
# A referral dated further back than this is more likely a typing slip.
OLDEST_SENT_DAYS = 365


class ReferralMethod(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    WARM_HANDOFF = "warm_handoff"

    @property
    def label(self) -> str:
        return {
            ReferralMethod.PHONE: "Phone",
            ReferralMethod.EMAIL: "Email",
            ReferralMethod.LETTER: "Letter",
            ReferralMethod.WARM_HANDOFF: "Warm hand-off",
        }[self]


class ReferralStatus(StrEnum):
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SERVICE_STARTED = "service_started"
    COMPLETED = "completed"
    NO_RESPONSE = "no_response"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_open(self) -> bool:
        return self not in (ReferralStatus.DECLINED, ReferralStatus.COMPLETED)


S = ReferralStatus
# Where each status may go next. "No response" is not the end: a late answer
# still counts. Declined and completed close the loop.
NEXT: dict[ReferralStatus, tuple[ReferralStatus, ...]] = {
    S.SENT: (S.ACKNOWLEDGED, S.ACCEPTED, S.DECLINED, S.NO_RESPONSE),
    S.ACKNOWLEDGED: (S.ACCEPTED, S.DECLINED, S.NO_RESPONSE),
    S.ACCEPTED: (S.SERVICE_STARTED, S.DECLINED, S.NO_RESPONSE),
    S.SERVICE_STARTED: (S.COMPLETED,),
    S.NO_RESPONSE: (S.ACKNOWLEDGED, S.ACCEPTED, S.DECLINED),
    S.DECLINED: (),
    S.COMPLETED: (),
}


@dataclass(frozen=True)
class ReferralForm:
    resource_id: int | None = None
    need: str = ""  # a LifeDomain code, or blank
    goal_id: int | None = None  # a service-plan goal, when plans exist
    reason: str = ""
    sent_on: str = ""  # MM/DD/YYYY or YYYY-MM-DD; blank: today
    method: str = ReferralMethod.PHONE.value
    self_referral: bool = False


@dataclass(frozen=True)
class ReferralValues:
    resource_id: int
    need: LifeDomain | None
    goal_id: int | None
    reason: str
    sent_on: date
    method: ReferralMethod
    self_referral: bool


@dataclass(frozen=True)
class StatusForm:
    status: str = ""
    note: str = ""  # why declined, what was said
    outcome: str = ""  # at the end: what came of it
    on: str = ""  # the day it happened; blank: today


@dataclass(frozen=True)
class StatusChange:
    status: ReferralStatus
    on: date
    note: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Referral:
    id: int
    version: int
    case_id: int
    client_id: int
    client_name: str
    resource_id: int
    resource_name: str
    organisation: str
    need: LifeDomain | None
    goal_id: int | None
    reason: str
    sent_on: date
    method: ReferralMethod
    self_referral: bool
    # The release it was shared under (None: a self-referral or a supervisor's override).
    consent_id: int | None
    overridden: bool
    status: ReferralStatus
    status_on: date
    outcome: str
    referred_by_id: int | None
    referred_by_name: str
    caseworker_id: int | None  # the case's caseworker now
    caseworker_name: str

    @property
    def case_number(self) -> str:
        return case_number(self.case_id)

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    def age_days(self, today: date) -> int:
        return (today - self.sent_on).days

    def days_in_status(self, today: date) -> int:
        return (today - self.status_on).days

    @property
    def shares_information(self) -> bool:
        return not self.self_referral


def _text(raw: str, longest: int, field: str, errors: dict[str, str]) -> str:
    try:
        reject_invisible_characters(raw)
    except FieldProblem as problem:
        errors[field] = str(problem)
        return ""
    text = "\n".join(" ".join(line.split()) for line in raw.replace("\r\n", "\n").split("\n"))
    text = text.strip()
    if len(text) > longest:
        errors[field] = f"Use at most {longest} characters (this has {len(text)})."
    return text


def _day(raw: str, field: str, today: date, earliest: date, errors: dict[str, str]) -> date:
    try:
        day = parse_date(raw)
    except FieldProblem as problem:
        errors[field] = str(problem)
        return today
    if day is None:
        return today
    if day > today:
        errors[field] = "This cannot be in the future."
    elif day < earliest:
        errors[field] = f"This cannot be before {format_date(earliest)}."
    return day


def validate_referral(form: ReferralForm, *, today: date) -> ReferralValues:
    errors: dict[str, str] = {}
    if form.resource_id is None:
        errors["resource_id"] = "Choose the resource the client is referred to."
    need = None
    if form.need:
        try:
            need = LifeDomain(form.need)
        except ValueError:
            errors["need"] = "Choose a need from the list."
    reason = _text(form.reason, LONGEST_REASON, "reason", errors)
    if not reason and "reason" not in errors:
        errors["reason"] = "Say why the client is referred: what they need from this resource."
    sent_on = _day(form.sent_on, "sent_on", today, today - timedelta(days=OLDEST_SENT_DAYS), errors)
    method = ReferralMethod.PHONE
    try:
        method = ReferralMethod(form.method)
    except ValueError:
        errors["method"] = "Choose how the referral was made."
    if errors:
        raise ValidationError(errors)
    return ReferralValues(
        form.resource_id, need, form.goal_id, reason, sent_on, method, form.self_referral
    )


@dataclass(frozen=True)
class StatusValues:
    status: ReferralStatus
    on: date
    note: str
    outcome: str


def validate_status_change(referral: Referral, form: StatusForm, *, today: date) -> StatusValues:
    """The next step of the loop, or why it cannot be taken."""
    try:
        new = ReferralStatus(form.status)
    except ValueError:
        raise ValidationError({"status": "Choose the referral's new status."}) from None
    allowed = NEXT[referral.status]
    if new not in allowed:
        if not allowed:
            message = (
                f"This referral is {referral.status.label.lower()}: its loop is closed "
                "and its status no longer changes."
            )
        else:
            options = ", ".join(s.label.lower() for s in allowed)
            message = (
                f"A referral that is {referral.status.label.lower()} cannot become "
                f"{new.label.lower()}; it can become {options}."
            )
        raise ValidationError({"status": message})
    errors: dict[str, str] = {}
    note = _text(form.note, LONGEST_NOTE, "note", errors)
    outcome = _text(form.outcome, LONGEST_OUTCOME, "outcome", errors)
    on = _day(form.on, "on", today, referral.status_on, errors)
    if new is S.DECLINED and not note and "note" not in errors:
        errors["note"] = "Say why the resource (or the client) declined."
    if new is S.COMPLETED and not outcome and "outcome" not in errors:
        errors["outcome"] = "Record the outcome: what the client received."
    if errors:
        raise ValidationError(errors)
    if new is S.DECLINED and not outcome:
        outcome = note
    return StatusValues(new, on, note, outcome)


@dataclass(frozen=True)
class AwaitingResponse:
    """A referral sent and not answered, as the follow-up reminder needs it."""

    referral_id: int
    case_id: int
    assigned_staff_id: int
    resource_name: str
    sent_on: date


def follow_up_reminder(waiting: AwaitingResponse, follow_up_days: int) -> TaskValues:
    return TaskValues(
        title=f"Follow up the referral to {waiting.resource_name}"[:200],
        due_on=waiting.sent_on + timedelta(days=follow_up_days),
        case_id=waiting.case_id,
        assignee_id=waiting.assigned_staff_id,
        note=f"Sent {format_date(waiting.sent_on)}; no response in {follow_up_days} days.",
        source=TaskSource.REFERRAL_FOLLOW_UP,
        source_key=f"referral:{waiting.referral_id}",
    )


@dataclass(frozen=True)
class ReferralLetter:
    """What the referral letter prints: only what the release allows of the client."""

    referral: Referral
    resource: Resource
    client_name: str
    client_number: str
    # Each shown only when the release covers it (None otherwise).
    contact_lines: tuple[str, ...] | None
    date_of_birth: date | None
    language: str | None
    need_summary: str | None  # from the assessment, only when ASSESSMENT is released
    information: tuple[InformationKind, ...]
    caseworker_name: str
    caseworker_phone: str
    agency: AgencyDetails
    overridden: bool
