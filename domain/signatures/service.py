"""Signing a consent on screen: the client and, perhaps, the staff witness.

Each signer's strokes and printed name are checked (signature.check); the
consent's content is fixed by its fingerprint, stored with every signature.
Once signed a consent never changes (on PostgreSQL the database enforces it).
"""

from __future__ import annotations

from domain.audit.events import AuditAction
from domain.common.actor import Actor
from domain.common.errors import NotFound, ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission
from domain.signatures.signature import (
    Signature,
    SignatureError,
    Strokes,
    check,
    consent_content,
    content_fingerprint,
)


class SignatureService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def sign_consent(
        self, actor: Actor, consent_id: int, signers: list[tuple[str, Strokes, str]]
    ) -> list[Signature]:
        """``signers``: (signer kind, strokes, printed name); the client's is needed."""
        errors: dict[str, str] = {}
        cleaned: list[tuple[str, Strokes, str]] = []
        for kind, strokes, name in signers:
            try:
                cleaned.append((kind, strokes, check(strokes, name, kind)))
            except SignatureError as error:
                errors[f"{kind}.{error.field}"] = error.message
        if not errors and "client" not in {kind for kind, _s, _n in cleaned}:
            errors["client.pad"] = "The client signs the consent."
        if errors:
            raise ValidationError(errors)
        now = self._clock()
        with self._uow_factory() as uow:
            consent = uow.consents.get(consent_id)
            client_id = consent.client_id if consent else 0
            actor, _client = self._guard.reach_client(uow, actor, Permission.CLIENT_EDIT, client_id)
            if consent is None:
                raise NotFound("That consent does not exist.")
            if uow.signatures.for_consent(consent_id):
                raise ValidationError({"client.pad": "This consent is signed already."})
            fingerprint = content_fingerprint(consent_content(consent))
            for kind, strokes, name in cleaned:
                uow.signatures.add(
                    Signature(kind, name, strokes, fingerprint, consent_id=consent_id),
                    by=actor.username,
                    at=now,
                )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.CONSENT_SIGNED,
                    "client",
                    consent.client_id,
                    f"consent={consent_id};signers={len(cleaned)}",
                )
            )
            uow.commit()
            return uow.signatures.for_consent(consent_id)

    def for_consent(self, actor: Actor, consent_id: int) -> list[Signature]:
        with self._uow_factory() as uow:
            consent = uow.consents.get(consent_id)
            client_id = consent.client_id if consent else 0
            self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            return uow.signatures.for_consent(consent_id)
