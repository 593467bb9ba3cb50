"""Recording and revoking consents, and the gate every disclosure passes.

Whoever may change a client record records the client's consents; a
revocation is recorded the same way, with its date and how it reached the
agency. Sharing with a recipient (a form printed for them, a referral) needs a
release in effect for that recipient; a supervisor may override with a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from domain.audit.events import AuditAction
from domain.cases.case import CaseStatus
from domain.common.actor import Actor
from domain.common.clock import local_date
from domain.common.errors import ConsentRequired, NotFound, ValidationError
from domain.common.field_rules import FieldProblem, clean_text
from domain.common.guard import Guard
from domain.common.policy import Permission, allows
from domain.common.saving import SaveRequest, once_more_if_lost
from domain.common.unit_of_work import UnitOfWork
from domain.consents.consent import (
    Consent,
    ConsentForm,
    ConsentKind,
    ConsentMethod,
    RevocationForm,
    validate_consent,
    validate_revocation,
)
from domain.consents.gate import ReleaseCheck, check_release
from domain.consents.services_consent import ServicesConsentCheck, check_services_consent
from domain.settings.office_settings import (
    RELEASE_NEEDS_AGENCY_NAME,
    OfficeSettings,
    agency_is_named,
)
from domain.signatures.signing import Signer, keep_consent_signatures, signers_or_errors

SHORTEST_OVERRIDE_REASON = 10
_NO_DISCLOSER = f"{RELEASE_NEEDS_AGENCY_NAME} Then record the release."


def _reason(raw: str) -> str:
    try:
        reason = clean_text(raw, longest=300) or ""
    except FieldProblem as problem:
        raise ValidationError({"override_reason": str(problem)}) from None
    if len(reason) < SHORTEST_OVERRIDE_REASON:
        raise ValidationError(
            {"override_reason": "Say why the information must be shared without a release."}
        )
    return reason


class ConsentService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def record(
        self,
        actor: Actor,
        client_id: int,
        form: ConsentForm,
        request_id: str | None = None,
        signers: Sequence[Signer] = (),
    ) -> Consent:
        """``request_id``: the form's id for this consent, kept until it is confirmed;
        recording again with it answers with the consent it made
        (domain/common/saving.py). Signed on screen, ``signers`` (the client, perhaps
        the staff witness) are stored with the consent, in the same transaction."""
        now = self._clock()
        request = SaveRequest.of(request_id)
        return once_more_if_lost(
            lambda again: self._record(
                actor, client_id, form, request.attempt(again), now, signers
            ),
            repeatable=request.given,
        )

    def _record(
        self,
        actor: Actor,
        client_id: int,
        form: ConsentForm,
        request: SaveRequest,
        now: datetime,
        signers: Sequence[Signer],
    ) -> Consent:
        with self._uow_factory() as uow:
            actor, _client = self._guard.reach_client(uow, actor, Permission.CLIENT_EDIT, client_id)
            if request.maybe_made:
                made = uow.consents.for_request(request.id)
                if made is not None:
                    if made.client_id != client_id:
                        raise ValueError("This request id recorded another client's consent.")
                    return made
            agency = OfficeSettings.from_stored(uow.settings.all()).agency
            named = agency_is_named(agency)
            # 42 CFR 2.31: a release names who discloses; the placeholder names nobody.
            unnamed = {} if named or form.kind != ConsentKind.RELEASE else {"kind": _NO_DISCLOSER}
            on_screen = form.method == ConsentMethod.SCREEN.value
            cleaned, signer_errors = (
                signers_or_errors(signers, what="the consent") if on_screen else ([], {})
            )
            try:
                values = validate_consent(form, today=local_date(now))
            except ValidationError as invalid:
                raise ValidationError({**invalid.errors, **unnamed, **signer_errors}) from None
            if unnamed or signer_errors:
                raise ValidationError({**unnamed, **signer_errors})
            # The agency's name as it is today: what the client signed stays on record.
            values = replace(values, discloser=agency.name if named else "")
            active = [c for c in uow.cases.for_client(client_id) if c.status != CaseStatus.CLOSED]
            case_id = active[0].id if active else None
            consent_id = uow.consents.add(
                client_id, case_id, values, by=actor.username, at=now, request_id=request.id
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.CONSENT_RECORDED,
                    "client",
                    client_id,
                    f"kind={values.kind};consent={consent_id}",
                )
            )
            if cleaned:
                made = uow.consents.get(consent_id)
                keep_consent_signatures(uow, self._guard, actor, made, cleaned, now)
            uow.commit()
            return uow.consents.get(consent_id)

    def revoke(
        self, actor: Actor, consent_id: int, expected_version: int, form: RevocationForm
    ) -> Consent:
        now = self._clock()
        with self._uow_factory() as uow:
            consent = uow.consents.get(consent_id)
            # A caseworker cannot tell a consent of another caseload from a missing one.
            client_id = consent.client_id if consent else 0
            actor, _client = self._guard.reach_client(uow, actor, Permission.CLIENT_EDIT, client_id)
            if consent is None:
                raise NotFound("That consent does not exist.")
            revoked_on, note = validate_revocation(form, consent, today=local_date(now))
            changed = uow.consents.revoke(
                consent_id, expected_version, revoked_on, note, by=actor.username, at=now
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.CONSENT_REVOKED,
                    "client",
                    consent.client_id,
                    f"kind={consent.kind};consent={consent_id}",
                )
            )
            uow.commit()
            return changed

    def check_release(self, actor: Actor, client_id: int, recipient: str) -> ReleaseCheck:
        """Whether this client's information may go to ``recipient`` today, and why not."""
        with self._uow_factory() as uow:
            self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            today = local_date(self._clock())
            return check_release(uow.consents.for_client(client_id), recipient, today)

    def services_check(self, actor: Actor, case_id: int) -> ServicesConsentCheck:
        """Whether the client's consent to services holds for this case today: notes,
        plans and referrals warn when it does not."""
        with self._uow_factory() as uow:
            _actor, case = self._guard.reach_case(uow, actor, Permission.CLIENT_OPEN, case_id)
            today = local_date(self._clock())
            return check_services_consent(uow.consents.for_client(case.client_id), case_id, today)

    def release_in(
        self,
        uow: UnitOfWork,
        actor: Actor,
        client_id: int,
        recipient: str,
        what: str,
        override_reason: str = "",
    ) -> ReleaseCheck:
        """The gate, inside the caller's transaction: returns when sharing ``what``
        with ``recipient`` is allowed (and audits it), raises ConsentRequired when
        it is not. The caller has already checked access to the client."""
        today = local_date(self._clock())
        check = check_release(uow.consents.for_client(client_id), recipient, today)
        to = f"to={recipient};what={what}"
        if not check.allowed:
            if not override_reason.strip():
                raise ConsentRequired(
                    check.message,
                    overridable=allows(actor.role, Permission.CONSENT_OVERRIDE),
                )
            if not allows(actor.role, Permission.CONSENT_OVERRIDE):
                self._guard.refuse(actor, Permission.CONSENT_OVERRIDE, "client", client_id)
            # The recipient and the supervisor's reason are what this entry is for.
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.CONSENT_OVERRIDDEN,
                    "client",
                    client_id,
                    f"{to};release={check.state};reason={_reason(override_reason)}",
                )
            )
        release = f";consent={check.consent.id}" if check.allowed else ""
        uow.audit.record(
            self._guard.event(
                actor, AuditAction.INFORMATION_RELEASED, "client", client_id, f"{to}{release}"
            )
        )
        return check
