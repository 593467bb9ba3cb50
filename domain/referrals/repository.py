"""What the resource directory and referrals need from storage."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from domain.referrals.referral import (
    AwaitingResponse,
    Referral,
    ReferralValues,
    StatusChange,
    StatusValues,
)
from domain.referrals.resources import Resource, ResourceCategory, ResourceValues


class ResourceRepository(Protocol):
    def search(
        self,
        *,
        text: str = "",
        category: ResourceCategory | None = None,
        language: str = "",
        include_inactive: bool = False,
    ) -> list[Resource]: ...

    def languages(self) -> list[str]: ...

    def get(self, resource_id: int) -> Resource | None: ...

    def add(self, values: ResourceValues, *, by: str, at: datetime) -> Resource: ...

    def update(
        self,
        resource_id: int,
        expected_version: int | None,
        values: ResourceValues,
        *,
        by: str,
        at: datetime,
    ) -> Resource:
        """ConflictError if ``expected_version`` is stale (None: replace regardless)."""
        ...


class ReferralRepository(Protocol):
    def add(
        self,
        case_id: int,
        client_id: int,
        values: ReferralValues,
        *,
        consent_id: int | None,
        overridden: bool,
        referred_by: int,
        by: str,
        at: datetime,
        request_id: str | None = None,
    ) -> int:
        """The referral, "sent", with the first line of its status history;
        ``request_id`` stored with it, once (domain/common/saving.py)."""
        ...

    def get(self, referral_id: int) -> Referral | None: ...

    def for_request(self, request_id: str) -> Referral | None:
        """The referral a save with this request id made, if any."""
        ...

    def set_status(
        self,
        referral_id: int,
        expected_version: int,
        change: StatusValues,
        *,
        by: str,
        at: datetime,
    ) -> Referral:
        """The new status and a line of history; ConflictError if the version is stale."""
        ...

    def history(self, referral_id: int) -> list[StatusChange]:
        """Oldest first."""
        ...

    def for_client(self, client_id: int) -> list[Referral]: ...

    def open_referrals(self, staff_id: int | None) -> list[Referral]: ...

    def awaiting_response(
        self, sent_before: date, staff_id: int | None
    ) -> list[AwaitingResponse]: ...
