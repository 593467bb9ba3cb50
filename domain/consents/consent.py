"""Consents: to services, release of information, photo and media.

A release of information (ROI) carries what 42 CFR 2.31 asks of a written
consent: who discloses, to whom, why, which kinds of information, from when and
until which date or event, and the client's signature and date; the right to
revoke is printed on the form. A consent never changes once recorded: it is
revoked (with the date and how the revocation reached the agency) or lapses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, clean_text, parse_date

# A signature older than this at intake is more likely a typing slip than a fact.
OLDEST_SIGNATURE_DAYS = 90


class ConsentKind(StrEnum):
    SERVICES = "services"
    RELEASE = "release"
    MEDIA = "media"

    @property
    def label(self) -> str:
        return {
            ConsentKind.SERVICES: "Consent to services",
            ConsentKind.RELEASE: "Release of information",
            ConsentKind.MEDIA: "Photo and media consent",
        }[self]


class InformationKind(StrEnum):
    """What a release may cover; the form lists each with a box to tick."""

    CONTACT = "contact"
    DEMOGRAPHICS = "demographics"
    ASSESSMENT = "assessment"
    PLAN = "plan"
    NOTES = "notes"
    HEALTH = "health"
    SUBSTANCE_USE = "substance_use"
    INCOME = "income"
    HOUSING = "housing"

    @property
    def label(self) -> str:
        return {
            InformationKind.CONTACT: "Name and contact details",
            InformationKind.DEMOGRAPHICS: "Date of birth and demographics",
            InformationKind.ASSESSMENT: "Needs assessment",
            InformationKind.PLAN: "Service plan and progress",
            InformationKind.NOTES: "Case notes",
            InformationKind.HEALTH: "Health and mental health information",
            InformationKind.SUBSTANCE_USE: "Substance use treatment records (42 CFR Part 2)",
            InformationKind.INCOME: "Income and benefits",
            InformationKind.HOUSING: "Housing history",
        }[self]


class ConsentMethod(StrEnum):
    PAPER = "paper"
    VERBAL = "verbal"
    SCREEN = "screen"  # signed on a pad in CaseDesk as it is recorded

    @property
    def label(self) -> str:
        return {
            ConsentMethod.PAPER: "Signed on paper",
            ConsentMethod.VERBAL: "Given verbally, witnessed by staff",
            ConsentMethod.SCREEN: "Signed on screen",
        }[self]


@dataclass(frozen=True)
class ServiceConsentForm:
    given: bool = False
    method: str = ConsentMethod.PAPER.value
    signed_on: str = ""
    expires_on: str = ""  # blank: until the case closes or the client revokes it


@dataclass(frozen=True)
class ConsentValues:
    kind: ConsentKind
    method: ConsentMethod
    signed_on: date
    effective_on: date
    expires_on: date | None
    recipient: str = ""
    purpose: str = ""
    information: str = ""  # InformationKind codes, comma-separated
    discloser: str = ""
    expiry_event: str = ""

    @property
    def information_kinds(self) -> tuple[InformationKind, ...]:
        return tuple(InformationKind(code) for code in self.information.split(",") if code)


@dataclass(frozen=True)
class Consent(ConsentValues):
    id: int = 0
    version: int = 1
    client_id: int = 0
    case_id: int | None = None
    recorded_by: str = ""
    recorded_at: datetime | None = None
    revoked_on: date | None = None
    revoked_by: str | None = None
    revocation_note: str = ""
    signed_on_screen: bool = False  # its signatures are kept (signing again is refused)

    def status_on(self, day: date) -> str:
        if self.revoked_on is not None and self.revoked_on <= day:
            return "revoked"
        if self.expires_on is not None and self.expires_on < day:
            return "expired"
        if self.effective_on > day:
            return "not yet in effect"
        return "in effect"


def validate_service_consent(form: ServiceConsentForm, *, today: date) -> ConsentValues:
    errors: dict[str, str] = {}
    if not form.given:
        errors["given"] = (
            "Services start only with the client's consent: record it, or stop the intake here."
        )
    try:
        method = ConsentMethod(form.method)
    except ValueError:
        errors["method"] = "Choose how the client consented."
        method = ConsentMethod.PAPER
    if method is ConsentMethod.SCREEN:
        errors["method"] = (
            "At intake, record a consent signed on paper or given verbally; it can be "
            "signed on screen from the Consents tab once the client is registered."
        )
    signed_on = today
    try:
        typed = parse_date(form.signed_on)
        if typed is not None:
            signed_on = typed
        if signed_on > today:
            errors["signed_on"] = "A consent cannot be signed in the future."
        elif signed_on < today - timedelta(days=OLDEST_SIGNATURE_DAYS):
            errors["signed_on"] = (
                f"This is more than {OLDEST_SIGNATURE_DAYS} days ago; check the date."
            )
    except FieldProblem as problem:
        errors["signed_on"] = str(problem)
    expires_on = None
    try:
        expires_on = parse_date(form.expires_on)
        if expires_on is not None and expires_on <= max(signed_on, today):
            errors["expires_on"] = "An expiry date must be after today (or leave it blank)."
    except FieldProblem as problem:
        errors["expires_on"] = str(problem)
    if errors:
        raise ValidationError(errors)
    return ConsentValues(ConsentKind.SERVICES, method, signed_on, signed_on, expires_on)


@dataclass(frozen=True)
class ConsentForm:
    """A consent recorded on the client's Consents tab, any kind; text as typed."""

    kind: str = ConsentKind.RELEASE.value
    method: str = ConsentMethod.PAPER.value
    signed_on: str = ""
    effective_on: str = ""  # blank: from the day it is signed
    expires_on: str = ""
    expiry_event: str = ""  # a release ends on a date or at an event
    recipient: str = ""
    purpose: str = ""
    information: tuple[str, ...] = ()


@dataclass(frozen=True)
class RevocationForm:
    revoked_on: str = ""  # blank: today
    note: str = ""  # how it reached the agency: "letter received", "told me by phone"


def _signed_on(raw: str, today: date, errors: dict[str, str]) -> date:
    try:
        signed_on = parse_date(raw)
    except FieldProblem as problem:
        errors["signed_on"] = str(problem)
        return today
    if signed_on is None:
        errors["signed_on"] = "Enter the date the client signed or gave consent."
        return today
    if signed_on > today:
        errors["signed_on"] = "A consent cannot be signed in the future."
    elif signed_on < today - timedelta(days=OLDEST_SIGNATURE_DAYS):
        errors["signed_on"] = f"This is more than {OLDEST_SIGNATURE_DAYS} days ago; check the date."
    return signed_on


def _text(raw: str, name: str, longest: int, errors: dict[str, str], missing: str = "") -> str:
    try:
        text = clean_text(raw, longest=longest) or ""
    except FieldProblem as problem:
        errors[name] = str(problem)
        return ""
    if not text and missing:
        errors[name] = missing
    return text


def validate_consent(form: ConsentForm, *, today: date) -> ConsentValues:
    """Every problem at once; a release must name who receives what, why, and until when."""
    errors: dict[str, str] = {}
    try:
        kind = ConsentKind(form.kind)
    except ValueError:
        errors["kind"] = "Choose which consent this is."
        kind = ConsentKind.RELEASE
    try:
        method = ConsentMethod(form.method)
    except ValueError:
        errors["method"] = "Choose how the client consented."
        method = ConsentMethod.PAPER
    signed_on = _signed_on(form.signed_on, today, errors)
    if method is ConsentMethod.SCREEN and "signed_on" not in errors and signed_on != today:
        errors["signed_on"] = "A consent signed on screen is signed today, as it is recorded."
    effective_on = signed_on
    try:
        effective_on = parse_date(form.effective_on) or signed_on
        if effective_on < signed_on:
            errors["effective_on"] = "A consent cannot take effect before it is signed."
    except FieldProblem as problem:
        errors["effective_on"] = str(problem)
    expires_on = None
    try:
        expires_on = parse_date(form.expires_on)
        if expires_on is not None and expires_on <= max(effective_on, today):
            errors["expires_on"] = "An expiry date must be after today and after it takes effect."
    except FieldProblem as problem:
        errors["expires_on"] = str(problem)
    expiry_event = _text(form.expiry_event, "expiry_event", 200, errors)
    recipient = purpose = information = ""
    if kind is ConsentKind.RELEASE:
        recipient = _text(
            form.recipient, "recipient", 200, errors, "Name who receives the information."
        )
        purpose = _text(form.purpose, "purpose", 500, errors, "Say why the information is shared.")
        kinds = []
        for code in form.information:
            try:
                kinds.append(InformationKind(code))
            except ValueError:
                errors["information"] = "Choose the kinds of information from the list."
        if not kinds and "information" not in errors:
            errors["information"] = "Tick at least one kind of information to release."
        information = ",".join(k.value for k in InformationKind if k in kinds)
        if expires_on is None and not expiry_event and "expires_on" not in errors:
            errors["expires_on"] = "A release ends on a date or at an event: give one of them."
        if expires_on is not None and expiry_event:
            errors["expiry_event"] = "Give an expiry date or an event, not both."
    elif kind is ConsentKind.MEDIA:
        purpose = _text(
            form.purpose, "purpose", 500, errors, "Say where photos or recordings may be used."
        )
    if errors:
        raise ValidationError(errors)
    return ConsentValues(
        kind,
        method,
        signed_on,
        effective_on,
        expires_on,
        recipient=recipient,
        purpose=purpose,
        information=information,
        expiry_event=expiry_event,
    )


def validate_revocation(form: RevocationForm, consent: Consent, *, today: date) -> tuple[date, str]:
    errors: dict[str, str] = {}
    if consent.revoked_on is not None:
        errors["revoked_on"] = f"This consent was already revoked on {consent.revoked_on:%m/%d/%Y}."
    revoked_on = today
    try:
        revoked_on = parse_date(form.revoked_on) or today
        if revoked_on > today:
            errors["revoked_on"] = "A revocation cannot be dated in the future."
        elif revoked_on < consent.signed_on:
            errors["revoked_on"] = "A consent cannot be revoked before it was signed."
    except FieldProblem as problem:
        errors["revoked_on"] = str(problem)
    note = _text(form.note, "note", 300, errors, "Say how the revocation reached the agency.")
    if errors:
        raise ValidationError(errors)
    return revoked_on, note
