"""Credentials on a shared server: each staff member is a PostgreSQL login role.

The administrator's session calls the SECURITY DEFINER functions of migration
0003; passwords leave the workstation only as SCRAM-SHA-256 verifiers.
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from domain.common.errors import ValidationError
from domain.common.policy import Role
from domain.staff.accounts import StaffMember
from domain.staff.passwords import normalize_password
from storage.postgres_setup import SCHEMA
from storage.staff import scram

DUPLICATE_OBJECT = "42710"


def sqlstate(error: BaseException) -> str | None:
    return getattr(getattr(error, "orig", None), "sqlstate", None)


class PostgresLoginAccounts:
    def __init__(self, connection: Connection):
        self._conn = connection

    def _call(self, function: str, **arguments) -> None:
        names = ", ".join(f":{name}" for name in arguments)
        self._conn.execute(text(f"SELECT {SCHEMA}.{function}({names})"), arguments)

    def create(self, staff: StaffMember, password: str) -> None:
        try:
            self._call(
                "create_login",
                username=staff.username,
                verifier=scram.verifier(normalize_password(password)),
            )
        except DBAPIError as error:
            if sqlstate(error) != DUPLICATE_OBJECT:
                raise
            # Login roles are server-wide: the IT person's own role, or another
            # database's, may already have this name.
            raise ValidationError(
                {"username": "This name is already used by another account on the server."}
            ) from None

    def set_password(self, staff: StaffMember, password: str) -> None:
        self._call(
            "set_login_password",
            username=staff.username,
            verifier=scram.verifier(normalize_password(password)),
        )

    def set_role(self, staff: StaffMember, role: Role) -> None:
        self._call("set_login_role", username=staff.username, role=Role(role).value)

    def set_active(self, staff: StaffMember, active: bool) -> None:
        """Disabling the login also ends the person's open connections."""
        self._call("set_login_active", username=staff.username, active=active)
