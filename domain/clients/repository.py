"""What the clients feature needs from storage: clients, households, merges."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.clients.duplicates import PersonKeys
from domain.clients.merge_record import MergeRecord
from domain.clients.record import ClientFields, ClientRecord, ClientSummary
from domain.clients.search import SearchQuery


class ClientRepository(Protocol):
    def add(
        self,
        values: ClientFields,
        *,
        words: set[str],
        keys: set[str],
        by: str,
        at: datetime,
        request_id: str | None = None,
    ) -> ClientRecord:
        """Store the record with its search words and duplicate-detection keys;
        ``request_id`` with it, once (domain/common/saving.py)."""
        ...

    def get(self, client_id: int) -> ClientRecord | None: ...

    def for_request(self, request_id: str) -> ClientRecord | None:
        """The client a save with this request id registered, if any (and if
        readable)."""
        ...

    def update(
        self,
        client_id: int,
        expected_version: int,
        values: ClientFields,
        *,
        words: set[str],
        keys: set[str],
        by: str,
        at: datetime,
    ) -> ClientRecord:
        """Save over ``expected_version``; raise ``ConflictError`` if it is stale."""
        ...

    def full_ssn(self, client_id: int) -> str | None: ...

    def staff_names(self, usernames: list[str]) -> dict[str, str]:
        """Display names by username, for "changed by" notes."""
        ...

    def merged_into(self, client_id: int) -> list[ClientRecord]:
        """The records merged into this one and not undone."""
        ...

    def set_household(
        self,
        client_id: int,
        household_id: int | None,
        relationship: int | None,
        *,
        by: str,
        at: datetime,
    ) -> None: ...

    def set_merged_into(
        self, client_id: int, survivor_id: int | None, *, by: str, at: datetime
    ) -> None: ...

    def search(
        self, query: SearchQuery, *, limit: int, caseload_of: int | None = None
    ) -> list[ClientSummary]: ...

    def match_candidates(
        self, keys: set[str], *, limit: int, caseload_of: int | None = None
    ) -> list[tuple[ClientSummary, PersonKeys]]:
        """Clients sharing any duplicate-detection key, for the domain to score."""
        ...

    def list_page(
        self, *, offset: int, limit: int, caseload_of: int | None = None
    ) -> list[ClientSummary]:
        """Clients ordered by last name, first name, id; with ``caseload_of``, only
        the clients of cases assigned to that staff member."""
        ...

    def count(self, *, caseload_of: int | None = None) -> int: ...


class HouseholdRepository(Protocol):
    def create(self, *, by: str, at: datetime) -> int: ...

    def members(self, household_id: int) -> list[tuple[ClientSummary, int | None]]: ...

    def size(self, household_id: int) -> int: ...


class MergeRepository(Protocol):
    def linked_counts(self, client_id: int) -> dict[str, int]:
        """How many rows of each kind that moves with the person (merge_plan.MOVED_KINDS)."""
        ...

    def move_linked(
        self, from_client: int, to_client: int, *, by: str, at: datetime
    ) -> dict[str, tuple[int, ...]]: ...

    def move_back(
        self, moved: dict[str, tuple[int, ...]], to_client: int, *, by: str, at: datetime
    ) -> None: ...

    def add(
        self,
        survivor_id: int,
        merged_id: int,
        reason: str,
        moved: dict[str, tuple[int, ...]],
        *,
        taken_before: dict[str, dict],
        household_before: tuple[int | None, int | None] | None,
        by: str,
        at: datetime,
    ) -> MergeRecord: ...

    def get(self, merge_id: int) -> MergeRecord | None: ...

    def for_client(self, client_id: int) -> list[MergeRecord]: ...

    def mark_undone(self, merge_id: int, *, by: str, at: datetime) -> None: ...
