"""Signatures in SQL: added, read, never changed (migration 0027 on PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select

from domain.signatures.signature import Signature, Strokes
from storage.common.timestamps import as_utc
from storage.signatures.tables import signatures

S = signatures.c


def _from_row(row) -> Signature:
    return Signature(
        signer_kind=row.signer_kind,
        printed_name=row.printed_name,
        strokes=Strokes.decode(row.strokes),
        fingerprint=row.fingerprint,
        consent_id=row.consent_id,
        plan_id=row.plan_id,
        plan_version=row.plan_version,
        signed_at=as_utc(row.signed_at),
        recorded_by=row.recorded_by,
        id=row.id,
    )


class SqlSignatureRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def add(self, signature: Signature, *, by: str, at: datetime) -> int:
        return self._conn.execute(
            insert(signatures)
            .values(
                consent_id=signature.consent_id,
                plan_id=signature.plan_id,
                plan_version=signature.plan_version,
                signer_kind=signature.signer_kind,
                printed_name=signature.printed_name,
                strokes=signature.strokes.encode(),
                fingerprint=signature.fingerprint,
                signed_at=as_utc(at),
                recorded_by=by,
            )
            .returning(S.id)
        ).scalar_one()

    def for_consent(self, consent_id: int) -> list[Signature]:
        rows = self._conn.execute(
            select(signatures).where(S.consent_id == consent_id).order_by(S.id)
        )
        return [_from_row(row) for row in rows]

    def for_plan(self, plan_id: int, plan_version: int) -> list[Signature]:
        rows = self._conn.execute(
            select(signatures)
            .where(S.plan_id == plan_id, S.plan_version == plan_version)
            .order_by(S.id)
        )
        return [_from_row(row) for row in rows]
