"""What staff accounts and sign-in need from storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.common.policy import Role
from domain.staff.accounts import StaffFields, StaffMember
from domain.staff.throttle import FailureOutcome


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


class LoginAccounts(Protocol):
    """Where sign-in credentials live: argon2id hashes in the staff table on the
    embedded database, PostgreSQL login roles on a shared server."""

    def create(self, staff: StaffMember, password: str) -> None: ...

    def set_password(self, staff: StaffMember, password: str) -> None: ...

    def set_role(self, staff: StaffMember, role: Role) -> None: ...

    def set_active(self, staff: StaffMember, active: bool) -> None: ...
