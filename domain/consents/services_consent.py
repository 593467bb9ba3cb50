"""Whether the client's consent to services holds for a case: services go on
only with it, so wherever they go on (notes, plans, referrals, My day, the face
sheet) a missing, lapsed or withdrawn one is said plainly.

A consent to services covers the case it was recorded on, or, recorded on no
case, every case of the client; it ends on its expiry date, when the client
withdraws it, or when its case closes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.common.field_rules import format_date
from domain.consents.consent import Consent, ConsentKind


class ServicesConsentState(StrEnum):
    IN_EFFECT = "in effect"
    NONE = "none"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NOT_YET = "not yet in effect"


@dataclass(frozen=True)
class ServicesConsentCheck:
    state: ServicesConsentState
    consent: Consent | None = None  # the one in effect, else the latest that lapsed

    @property
    def holds(self) -> bool:
        return self.state is ServicesConsentState.IN_EFFECT

    @property
    def flag(self) -> str:
        """A few words for a flag or a list: "" while the consent holds."""
        consent = self.consent
        if self.state is ServicesConsentState.NONE:
            return "No consent to services"
        if self.state is ServicesConsentState.EXPIRED:
            return f"Consent to services expired {format_date(consent.expires_on)}"
        if self.state is ServicesConsentState.REVOKED:
            return f"Consent to services withdrawn {format_date(consent.revoked_on)}"
        if self.state is ServicesConsentState.NOT_YET:
            return f"Consent to services from {format_date(consent.effective_on)}"
        return ""

    @property
    def message(self) -> str:
        """What a caseworker must know before going on with services: "" while it holds."""
        consent = self.consent
        if self.state is ServicesConsentState.NONE:
            return (
                "There is no consent to services on record for this client. Record the "
                "client's consent (Consents tab) before going on with services."
            )
        if self.state is ServicesConsentState.EXPIRED:
            return (
                f"The client's consent to services expired on {format_date(consent.expires_on)}. "
                "Record a renewed consent (Consents tab) before going on with services."
            )
        if self.state is ServicesConsentState.REVOKED:
            return (
                "The client withdrew their consent to services on "
                f"{format_date(consent.revoked_on)}: services stop from that day. Record a new "
                "consent if the client agrees again."
            )
        if self.state is ServicesConsentState.NOT_YET:
            return (
                "The client's consent to services takes effect on "
                f"{format_date(consent.effective_on)}."
            )
        return ""


_STATES = {
    "expired": ServicesConsentState.EXPIRED,
    "revoked": ServicesConsentState.REVOKED,
    "not yet in effect": ServicesConsentState.NOT_YET,
}


def check_services_consent(
    consents: Iterable[Consent], case_id: int, today: date
) -> ServicesConsentCheck:
    """The client's consent to services for ``case_id`` today (``consents``: the client's)."""
    covering = sorted(
        (c for c in consents if c.kind is ConsentKind.SERVICES and c.case_id in (None, case_id)),
        key=lambda c: (c.signed_on, c.id),
        reverse=True,
    )
    for consent in covering:
        if consent.status_on(today) == "in effect":
            return ServicesConsentCheck(ServicesConsentState.IN_EFFECT, consent)
    if not covering:
        return ServicesConsentCheck(ServicesConsentState.NONE)
    latest = covering[0]
    return ServicesConsentCheck(_STATES[latest.status_on(today)], latest)
