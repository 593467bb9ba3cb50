"""Credentials on the embedded database: argon2id hashes in the staff table."""

from __future__ import annotations

from domain.common.policy import Role
from domain.staff.accounts import StaffMember
from domain.staff.password_hashing import PasswordHashing
from storage.staff.repository import SqlStaffRepository


class EmbeddedLoginAccounts:
    def __init__(self, staff: SqlStaffRepository, hashing: PasswordHashing):
        self._staff = staff
        self._hashing = hashing

    def create(self, staff: StaffMember, password: str) -> None:
        self._staff.set_password_hash(staff.id, self._hashing.hash(password))

    def set_password(self, staff: StaffMember, password: str) -> None:
        self._staff.set_password_hash(staff.id, self._hashing.hash(password))

    def set_role(self, staff: StaffMember, role: Role) -> None:
        """The role lives in the staff row alone; nothing else to change."""

    def set_active(self, staff: StaffMember, active: bool) -> None:
        """Sign-in and every service call read the staff row's active flag."""
