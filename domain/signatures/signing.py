"""Who signs, checked; and their signatures stored with the signed content's fingerprint.

Shared by the three ways a signature is drawn: a consent signed after it was
recorded, a consent recorded and signed at once, a plan agreed on screen. Each
caller stores the signatures in the transaction that changes what they sign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from domain.audit.events import AuditAction
from domain.common.actor import Actor
from domain.common.errors import ValidationError
from domain.consents.consent import Consent
from domain.plans.plan import AgreementMethod, ServicePlan
from domain.signatures.signature import (
    Signature,
    SignatureError,
    Strokes,
    check,
    consent_content,
    content_fingerprint,
)

if TYPE_CHECKING:  # the guard and the unit of work import half the domain
    from domain.common.guard import Guard
    from domain.common.unit_of_work import UnitOfWork

# (signer kind, strokes, printed name), as the dialogs hand them over.
Signer = tuple[str, Strokes, str]


def checked_signers(signers: Sequence[Signer], *, what: str) -> list[Signer]:
    """The signers with their printed names cleaned; the client must be among them.

    Errors are keyed ``<kind>.pad`` / ``<kind>.name`` to show beside each pad."""
    errors: dict[str, str] = {}
    cleaned: list[Signer] = []
    seen: set[str] = set()
    for kind, strokes, name in signers:
        try:
            cleaned.append((kind, strokes, check(strokes, name, kind)))
        except SignatureError as error:
            errors[f"{kind}.{error.field}"] = error.message
        if kind in seen:
            errors[f"{kind}.pad"] = "Each person signs once."
        seen.add(kind)
    if not errors and "client" not in seen:
        errors["client.pad"] = f"The client signs {what}."
    if errors:
        raise ValidationError(errors)
    return cleaned


def signers_or_errors(
    signers: Sequence[Signer], *, what: str
) -> tuple[list[Signer], dict[str, str]]:
    """checked_signers, its errors returned to be shown with the form's own."""
    try:
        return checked_signers(signers, what=what), {}
    except ValidationError as invalid:
        return [], invalid.errors


def store(
    uow,
    signers: Sequence[Signer],
    fingerprint: str,
    *,
    by: str,
    at: datetime,
    consent_id: int | None = None,
    plan_id: int | None = None,
    plan_version: int | None = None,
) -> None:
    for kind, strokes, name in signers:
        uow.signatures.add(
            Signature(
                kind,
                name,
                strokes,
                fingerprint,
                consent_id=consent_id,
                plan_id=plan_id,
                plan_version=plan_version,
            ),
            by=by,
            at=at,
        )


def with_signatures(uow, plan: ServicePlan) -> ServicePlan:
    """The plan with the signatures of its agreement, when it was signed on screen:
    what the Plan tab shows and the printed plan draws."""
    if plan.agreed_how is not AgreementMethod.SCREEN:
        return plan
    return replace(plan, signatures=tuple(uow.signatures.for_plan(plan.id, plan.number)))


def keep_consent_signatures(
    uow: UnitOfWork,
    guard: Guard,
    actor: Actor,
    consent: Consent,
    signers: Sequence[Signer],
    at: datetime,
) -> None:
    """The consent's signers stored with its fingerprint, and audited, in the
    caller's transaction (signed as it is recorded, or afterwards)."""
    fingerprint = content_fingerprint(consent_content(consent))
    store(uow, signers, fingerprint, by=actor.username, at=at, consent_id=consent.id)
    uow.audit.record(
        guard.event(
            actor,
            AuditAction.CONSENT_SIGNED,
            "client",
            consent.client_id,
            f"consent={consent.id};signers={len(signers)}",
        )
    )
