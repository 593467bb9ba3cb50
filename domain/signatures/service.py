"""Signing a recorded consent on screen: the client and, perhaps, the staff witness.

Each signer's strokes and printed name are checked (signature.check); the
consent's content is fixed by its fingerprint, stored with every signature.
Once signed a consent never changes (on PostgreSQL the database enforces it).
"""

from __future__ import annotations

from domain.common.actor import Actor
from domain.common.errors import NotFound, ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission
from domain.signatures.signature import Signature
from domain.signatures.signing import Signer, checked_signers, keep_consent_signatures


class SignatureService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def sign_consent(self, actor: Actor, consent_id: int, signers: list[Signer]) -> list[Signature]:
        """``signers``: (signer kind, strokes, printed name); the client's is needed."""
        cleaned = checked_signers(signers, what="the consent")
        now = self._clock()
        with self._uow_factory() as uow:
            consent = uow.consents.get(consent_id)
            client_id = consent.client_id if consent else 0
            actor, _client = self._guard.reach_client(uow, actor, Permission.CLIENT_EDIT, client_id)
            if consent is None:
                raise NotFound("That consent does not exist.")
            if consent.signed_on_screen:
                raise ValidationError({"client.pad": "This consent is signed already."})
            keep_consent_signatures(uow, self._guard, actor, consent, cleaned, now)
            uow.commit()
            return uow.signatures.for_consent(consent_id)

    def for_consent(self, actor: Actor, consent_id: int) -> list[Signature]:
        with self._uow_factory() as uow:
            consent = uow.consents.get(consent_id)
            client_id = consent.client_id if consent else 0
            self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            return uow.signatures.for_consent(consent_id)
