"""Consents: to services, release of information, photo and media.

This slice records consent to services at intake; releases of information use
the same record (recipient, purpose, kinds of information, expiry, revocation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from domain.errors import ValidationError
from domain.field_rules import FieldProblem, parse_date

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


class ConsentMethod(StrEnum):
    PAPER = "paper"
    VERBAL = "verbal"

    @property
    def label(self) -> str:
        return {
            ConsentMethod.PAPER: "Signed on paper",
            ConsentMethod.VERBAL: "Given verbally, witnessed by staff",
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
    information: str = ""


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
