"""What consents need from storage."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from domain.consents.consent import Consent, ConsentValues


class ConsentRepository(Protocol):
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
        """``request_id``: stored with the consent, once (domain/common/saving.py)."""
        ...

    def get(self, consent_id: int) -> Consent | None: ...

    def for_request(self, request_id: str) -> Consent | None:
        """The consent a save with this request id made, if any."""
        ...

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
        """ConflictError if it changed (or was revoked) since ``expected_version``."""
        ...

    def for_client(self, client_id: int) -> list[Consent]:
        """Newest first."""
        ...
