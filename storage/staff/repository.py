"""Staff accounts in SQL. Password hashes never leave this module except by
``password_hash``, which only the embedded sign-in asks for."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, insert, select, update

from domain.common.errors import ConflictError, NotFound
from domain.common.policy import Role
from domain.staff.accounts import StaffFields, StaffMember
from domain.staff.throttle import FailureOutcome
from storage.common.timestamps import as_utc, as_utc_or_none
from storage.staff.tables import staff

_PUBLIC_COLUMNS = [
    c for c in staff.c if c.name not in ("password_hash", "created_by", "updated_at", "updated_by")
]


def _member(row) -> StaffMember:
    return StaffMember(
        id=row.id,
        version=row.version,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        active=bool(row.active),
        must_change_password=bool(row.must_change_password),
        failed_logins=row.failed_logins,
        lockouts=row.lockouts,
        locked_until=as_utc_or_none(row.locked_until),
        last_login_at=as_utc_or_none(row.last_login_at),
        created_at=as_utc(row.created_at),
    )


class SqlStaffRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def add(self, values: StaffFields, *, password_hash, must_change_password, by, at):
        at = as_utc(at)
        row = self._conn.execute(
            insert(staff)
            .values(
                username=values.username,
                display_name=values.display_name,
                role=values.role.value,
                active=True,
                password_hash=password_hash,
                must_change_password=must_change_password,
                failed_logins=0,
                lockouts=0,
                version=1,
                created_at=at,
                created_by=by,
                updated_at=at,
                updated_by=by,
            )
            .returning(*_PUBLIC_COLUMNS)
        ).one()
        return _member(row)

    def get(self, staff_id: int) -> StaffMember | None:
        row = self._conn.execute(
            select(*_PUBLIC_COLUMNS).where(staff.c.id == staff_id)
        ).one_or_none()
        return _member(row) if row else None

    def find(self, username: str) -> StaffMember | None:
        row = self._conn.execute(
            select(*_PUBLIC_COLUMNS).where(staff.c.username == username)
        ).one_or_none()
        return _member(row) if row else None

    def password_hash(self, staff_id: int) -> str | None:
        return self._conn.execute(
            select(staff.c.password_hash).where(staff.c.id == staff_id)
        ).scalar_one_or_none()

    def list_all(self) -> list[StaffMember]:
        rows = self._conn.execute(
            select(*_PUBLIC_COLUMNS).order_by(staff.c.display_name, staff.c.id)
        )
        return [_member(row) for row in rows]

    def count(self) -> int:
        return self._conn.execute(select(func.count()).select_from(staff)).scalar_one()

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
        values: dict = {"version": staff.c.version + 1, "updated_at": as_utc(at), "updated_by": by}
        if display_name is not None:
            values["display_name"] = display_name
        if role is not None:
            values["role"] = Role(role).value
        if active is not None:
            values["active"] = active
        if unlock:
            values.update(failed_logins=0, lockouts=0, locked_until=None)
        row = self._conn.execute(
            update(staff)
            .where(staff.c.id == staff_id, staff.c.version == expected_version)
            .values(**values)
            .returning(*_PUBLIC_COLUMNS)
        ).one_or_none()
        if row is not None:
            return _member(row)
        current = self._conn.execute(
            select(staff.c.username, staff.c.updated_by, staff.c.updated_at).where(
                staff.c.id == staff_id
            )
        ).one_or_none()
        if current is None:
            raise NotFound("That staff account does not exist.")
        raise ConflictError(
            f"The account {current.username}", current.updated_by, as_utc(current.updated_at)
        )

    def _set(self, staff_id: int, **values) -> None:
        self._conn.execute(update(staff).where(staff.c.id == staff_id).values(**values))

    def set_password_hash(self, staff_id: int, password_hash: str | None) -> None:
        self._set(staff_id, password_hash=password_hash)

    def set_must_change_password(self, staff_id: int, must_change: bool) -> None:
        self._set(staff_id, must_change_password=must_change)

    def record_failure(self, staff_id: int, outcome: FailureOutcome) -> None:
        self._set(
            staff_id,
            failed_logins=outcome.failed_logins,
            lockouts=outcome.lockouts,
            locked_until=as_utc_or_none(outcome.locked_until),
        )

    def record_sign_in(self, staff_id: int, at: datetime) -> None:
        self._set(
            staff_id, failed_logins=0, lockouts=0, locked_until=None, last_login_at=as_utc(at)
        )
