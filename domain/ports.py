"""What the domain needs from storage, as Protocols: repositories and a unit of work.

Repositories never commit; the unit of work commits only when told to and rolls
back when its block is left without a commit.
"""

from __future__ import annotations

from datetime import date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

from domain.audit import AuditEntry, AuditEvent, AuditFilter
from domain.client_search import SearchQuery
from domain.clients import ClientFields, ClientRecord, ClientSummary
from domain.duplicates import PersonKeys
from domain.login_throttle import FailureOutcome
from domain.policy import Role
from domain.staff import StaffFields, StaffMember

if TYPE_CHECKING:  # merges imports the guard, which imports these ports
    from domain.merges import MergeRecord


class ClientRepository(Protocol):
    def add(
        self, values: ClientFields, *, words: set[str], keys: set[str], by: str, at: datetime
    ) -> ClientRecord:
        """Store the record with its search words and duplicate-detection keys."""
        ...

    def get(self, client_id: int) -> ClientRecord | None: ...

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


class StaffRepository(Protocol):
    def add(
        self,
        values: StaffFields,
        *,
        password_hash: str | None,
        must_change_password: bool,
        by: str,
        at: datetime,
    ) -> StaffMember: ...

    def get(self, staff_id: int) -> StaffMember | None: ...

    def find(self, username: str) -> StaffMember | None: ...

    def password_hash(self, staff_id: int) -> str | None: ...

    def list_all(self) -> list[StaffMember]: ...

    def count(self) -> int: ...

    def update(
        self,
        staff_id: int,
        expected_version: int,
        *,
        by: str,
        at: datetime,
        display_name: str | None = None,
        role: str | None = None,
        active: bool | None = None,
        unlock: bool = False,
    ) -> StaffMember:
        """An administrator's change; raises ``ConflictError`` if the version is stale."""
        ...

    def set_password_hash(self, staff_id: int, password_hash: str | None) -> None: ...

    def set_must_change_password(self, staff_id: int, must_change: bool) -> None: ...

    def record_failure(self, staff_id: int, outcome: FailureOutcome) -> None: ...

    def record_sign_in(self, staff_id: int, at: datetime) -> None: ...


class CaseRepository(Protocol):
    def open_case(
        self,
        client_id: int,
        assigned_staff_id: int | None,
        *,
        opened_on: date,
        by: str,
        at: datetime,
    ) -> int: ...

    def is_on_caseload(self, client_id: int, staff_id: int) -> bool:
        """True when a case of this client is assigned to this staff member."""
        ...

    def move_cases(
        self, from_client: int, to_client: int, *, by: str, at: datetime
    ) -> list[int]: ...

    def move_cases_back(
        self, case_ids: tuple[int, ...], to_client: int, *, by: str, at: datetime
    ) -> None: ...


class HouseholdRepository(Protocol):
    def create(self, *, by: str, at: datetime) -> int: ...

    def members(self, household_id: int) -> list[tuple[ClientSummary, int | None]]: ...


class MergeRepository(Protocol):
    def add(
        self,
        survivor_id: int,
        merged_id: int,
        reason: str,
        moved_case_ids: list[int],
        *,
        by: str,
        at: datetime,
    ) -> MergeRecord: ...

    def get(self, merge_id: int) -> MergeRecord | None: ...

    def for_client(self, client_id: int) -> list[MergeRecord]: ...

    def mark_undone(self, merge_id: int, *, by: str, at: datetime) -> None: ...


class LoginAccounts(Protocol):
    """Where sign-in credentials live: argon2id hashes in the staff table on the
    embedded database, PostgreSQL login roles on a shared server."""

    def create(self, staff: StaffMember, password: str) -> None: ...

    def set_password(self, staff: StaffMember, password: str) -> None: ...

    def set_role(self, staff: StaffMember, role: Role) -> None: ...

    def set_active(self, staff: StaffMember, active: bool) -> None: ...


class SettingsRepository(Protocol):
    def all(self) -> dict[str, str]: ...

    def put(self, key: str, value: str, *, by: str, at: datetime) -> None: ...


class AuditLog(Protocol):
    def record(self, event: AuditEvent) -> None: ...

    def query(self, where: AuditFilter, *, offset: int, limit: int) -> list[AuditEntry]:
        """Newest first."""
        ...


class UnitOfWork(Protocol):
    clients: ClientRepository
    staff: StaffRepository
    cases: CaseRepository
    logins: LoginAccounts
    settings: SettingsRepository
    households: HouseholdRepository
    merges: MergeRepository
    audit: AuditLog

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...
