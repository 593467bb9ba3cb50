"""Consents in SQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select

from domain.consents import Consent, ConsentKind, ConsentMethod, ConsentValues
from storage.tables import consents
from storage.timestamps import as_utc


class SqlConsentRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def add(
        self, client_id: int, case_id: int | None, values: ConsentValues, *, by: str, at: datetime
    ) -> int:
        at = as_utc(at)
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
                version=1,
                created_at=at,
                created_by=by,
                updated_at=at,
                updated_by=by,
            )
            .returning(consents.c.id)
        ).scalar_one()

    def for_client(self, client_id: int) -> list[Consent]:
        """Newest first."""
        rows = self._conn.execute(
            select(consents)
            .where(consents.c.client_id == client_id)
            .order_by(consents.c.signed_on.desc(), consents.c.id.desc())
        )
        return [
            Consent(
                kind=ConsentKind(row.kind),
                method=ConsentMethod(row.method),
                signed_on=row.signed_on,
                effective_on=row.effective_on,
                expires_on=row.expires_on,
                recipient=row.recipient,
                purpose=row.purpose,
                information=row.information,
                id=row.id,
                version=row.version,
                client_id=row.client_id,
                case_id=row.case_id,
                recorded_by=row.created_by,
                recorded_at=as_utc(row.created_at),
                revoked_on=row.revoked_on,
                revoked_by=row.revoked_by,
            )
            for row in rows
        ]
