"""Consents in SQL. A consent is never edited: it is added, then perhaps revoked."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, exists, insert, select, update

from domain.common.errors import ConflictError, NotFound
from domain.consents.consent import Consent, ConsentKind, ConsentMethod, ConsentValues
from storage.common.save_requests import made_once
from storage.common.timestamps import as_utc
from storage.consents.tables import consents
from storage.signatures.tables import signatures

K = consents.c
# Whether it was signed on screen, read with it (the unique signer index answers).
SIGNED = exists().where(signatures.c.consent_id == K.id).label("signed_on_screen")


def _consents():
    return select(consents, SIGNED)


def consent_from_row(row) -> Consent:
    return Consent(
        kind=ConsentKind(row.kind),
        method=ConsentMethod(row.method),
        signed_on=row.signed_on,
        effective_on=row.effective_on,
        expires_on=row.expires_on,
        recipient=row.recipient,
        purpose=row.purpose,
        information=row.information,
        discloser=row.discloser,
        expiry_event=row.expiry_event,
        id=row.id,
        version=row.version,
        client_id=row.client_id,
        case_id=row.case_id,
        recorded_by=row.created_by,
        recorded_at=as_utc(row.created_at),
        revoked_on=row.revoked_on,
        revoked_by=row.revoked_by,
        revocation_note=row.revocation_note,
        signed_on_screen=bool(row._mapping.get("signed_on_screen", False)),
    )


class SqlConsentRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def add(
        self,
        client_id: int,
        case_id: int | None,
        values: ConsentValues,
        *,
        by: str,
        at: datetime,
        request_id: str | None = None,
    ) -> int:
        at = as_utc(at)
        with made_once():
            return self._insert(client_id, case_id, values, by=by, at=at, request_id=request_id)

    def for_request(self, request_id: str) -> Consent | None:
        row = self._conn.execute(_consents().where(K.request_id == request_id)).one_or_none()
        return None if row is None else consent_from_row(row)

    def _insert(
        self,
        client_id: int,
        case_id: int | None,
        values: ConsentValues,
        *,
        by: str,
        at: datetime,
        request_id: str | None,
    ) -> int:
        return self._conn.execute(
            insert(consents)
            .values(
                client_id=client_id,
                case_id=case_id,
                kind=values.kind.value,
                method=values.method.value,
                signed_on=values.signed_on,
                effective_on=values.effective_on,
                expires_on=values.expires_on,
                recipient=values.recipient,
                purpose=values.purpose,
                information=values.information,
                discloser=values.discloser,
                expiry_event=values.expiry_event,
                version=1,
                created_at=at,
                created_by=by,
                updated_at=at,
                updated_by=by,
                request_id=request_id,
            )
            .returning(K.id)
        ).scalar_one()

    def get(self, consent_id: int) -> Consent | None:
        row = self._conn.execute(_consents().where(K.id == consent_id)).one_or_none()
        return None if row is None else consent_from_row(row)

    def revoke(
        self,
        consent_id: int,
        expected_version: int,
        revoked_on: date,
        note: str,
        *,
        by: str,
        at: datetime,
    ) -> Consent:
        at = as_utc(at)
        changed = self._conn.execute(
            update(consents)
            .where(K.id == consent_id, K.version == expected_version, K.revoked_on.is_(None))
            .values(
                revoked_on=revoked_on,
                revoked_by=by,
                revocation_note=note,
                version=K.version + 1,
                updated_at=at,
                updated_by=by,
            )
            .returning(K.id)
        ).one_or_none()
        if changed is None:
            current = self._conn.execute(
                select(K.updated_by, K.updated_at).where(K.id == consent_id)
            ).one_or_none()
            if current is None:
                raise NotFound("That consent does not exist.")
            raise ConflictError("The consent", current.updated_by, as_utc(current.updated_at))
        return self.get(consent_id)

    def for_client(self, client_id: int) -> list[Consent]:
        """Newest first."""
        rows = self._conn.execute(
            _consents().where(K.client_id == client_id).order_by(K.signed_on.desc(), K.id.desc())
        )
        return [consent_from_row(row) for row in rows]

    def for_clients(self, client_ids: set[int]) -> list[Consent]:
        """Every consent of these clients (a caseload's), newest first."""
        if not client_ids:
            return []
        rows = self._conn.execute(
            _consents()
            .where(K.client_id.in_(sorted(client_ids)))
            .order_by(K.signed_on.desc(), K.id.desc())
        )
        return [consent_from_row(row) for row in rows]
