"""Which consents of a caseload need someone to act: those running out soon,
those past their date that nobody renewed, and cases going on without a
consent to services.

A lapsed consent stays on the list until someone acts on it: records a newer
consent of the same kind (for a release, to the same recipient), revokes it,
or closes the case. Dropping it on its expiry date would hide exactly the
consents that need attention most.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from domain.cases.caseload import CONSENT_SOON_DAYS, CaseRow, ConsentDue, ExpiringConsent
from domain.consents.consent import Consent, ConsentKind
from domain.consents.gate import recipient_key
from domain.consents.services_consent import ServicesConsentState, check_services_consent


def _same_kind(consent: Consent, other: Consent) -> bool:
    if other.kind is not consent.kind or other.client_id != consent.client_id:
        return False
    if consent.kind is ConsentKind.RELEASE:
        return recipient_key(other.recipient) == recipient_key(consent.recipient)
    return True


def renewed(consent: Consent, consents: Iterable[Consent]) -> bool:
    """Whether a consent of the same kind (and recipient) was recorded after this one."""
    mark = (consent.signed_on, consent.id)
    return any(_same_kind(consent, c) and (c.signed_on, c.id) > mark for c in consents)


def _covers(consent: Consent, case: CaseRow) -> bool:
    return consent.client_id == case.client_id and consent.case_id in (None, case.id)


def consents_to_act_on(
    cases: Sequence[CaseRow], consents: Sequence[Consent], today: date
) -> list[ExpiringConsent]:
    """For these active cases and their clients' consents: what My day lists, the
    missing and lapsed first, then what runs out soonest."""
    until = today + timedelta(days=CONSENT_SOON_DAYS)
    by_client: dict[int, list[Consent]] = {}
    for consent in consents:
        by_client.setdefault(consent.client_id, []).append(consent)
    found: dict[int | tuple[int, int], ExpiringConsent] = {}
    for case in cases:
        theirs = by_client.get(case.client_id, [])
        for consent in theirs:
            if (
                consent.id in found
                or consent.revoked_on is not None
                or consent.expires_on is None
                or consent.expires_on > until
                or not _covers(consent, case)
                or renewed(consent, theirs)
            ):
                continue
            found[consent.id] = _row(case, consent)
        check = check_services_consent(theirs, case.id, today)
        if check.state is ServicesConsentState.NONE:
            found[(case.id, 0)] = ExpiringConsent(
                consent_id=None,
                client_id=case.client_id,
                client_name=case.client_name,
                case_id=case.id,
                kind=ConsentKind.SERVICES.value,
                expires_on=None,
            )
        elif check.state is ServicesConsentState.REVOKED and check.consent.id not in found:
            found[check.consent.id] = _row(case, check.consent)
    urgency = list(ConsentDue)
    return sorted(
        found.values(),
        key=lambda row: (
            urgency.index(row.due(today)),
            row.revoked_on or row.expires_on or date.min,
            row.client_name,
            row.consent_id or 0,
        ),
    )


def _row(case: CaseRow, consent: Consent) -> ExpiringConsent:
    return ExpiringConsent(
        consent_id=consent.id,
        client_id=case.client_id,
        client_name=case.client_name,
        case_id=case.id,
        kind=consent.kind.value,
        expires_on=consent.expires_on,
        recipient=consent.recipient,
        revoked_on=consent.revoked_on,
    )
