"""The consent gate: a client's information goes to a recipient only under a
release of information for that recipient that is in effect today.

Recipients are matched by name without regard to case, spacing or punctuation,
so "St. Vincent Food Pantry" and "st vincent food pantry" are the same one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.common.field_rules import format_date
from domain.consents.consent import Consent, ConsentKind

_NOT_WORD = re.compile(r"[\W_]+")


def recipient_key(name: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", name.casefold()).split())


class ReleaseState(StrEnum):
    VALID = "in effect"
    NONE = "no release"
    NOT_YET = "not yet in effect"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class ReleaseCheck:
    recipient: str
    state: ReleaseState
    consent: Consent | None = None

    @property
    def allowed(self) -> bool:
        return self.state is ReleaseState.VALID

    @property
    def message(self) -> str:
        who, consent = self.recipient, self.consent
        if self.state is ReleaseState.VALID:
            until = (
                f"until {format_date(consent.expires_on)}"
                if consent.expires_on
                else f"until {consent.expiry_event}"
            )
            return f"The client's release of information for {who} is in effect {until}."
        if self.state is ReleaseState.NONE:
            return (
                f"There is no release of information for {who}. Record the client's "
                "signed release before sharing their information."
            )
        if self.state is ReleaseState.REVOKED:
            return (
                f"The client revoked the release of information for {who} on "
                f"{format_date(consent.revoked_on)}. Nothing may be shared with them."
            )
        if self.state is ReleaseState.EXPIRED:
            return (
                f"The release of information for {who} expired on "
                f"{format_date(consent.expires_on)}. Record a new release before sharing."
            )
        return (
            f"The release of information for {who} takes effect on "
            f"{format_date(consent.effective_on)}; nothing may be shared before then."
        )


def check_release(consents: list[Consent], recipient: str, today: date) -> ReleaseCheck:
    """The release in effect for this recipient; failing that, why none is (the
    latest signed one for them tells)."""
    key = recipient_key(recipient)
    theirs = sorted(
        (
            c
            for c in consents
            if c.kind is ConsentKind.RELEASE and recipient_key(c.recipient) == key
        ),
        key=lambda c: (c.signed_on, c.id),
        reverse=True,
    )
    for consent in theirs:
        if consent.status_on(today) == "in effect":
            return ReleaseCheck(recipient, ReleaseState.VALID, consent)
    if not theirs:
        return ReleaseCheck(recipient, ReleaseState.NONE)
    latest = theirs[0]
    state = {
        "revoked": ReleaseState.REVOKED,
        "expired": ReleaseState.EXPIRED,
        "not yet in effect": ReleaseState.NOT_YET,
    }[latest.status_on(today)]
    return ReleaseCheck(recipient, state, latest)
