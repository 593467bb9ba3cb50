"""A signed-in person's unit of work on the shared server, where PostgreSQL's own
grants and row-level security stand behind the domain's policy.

The database may refuse before the domain does (a client record that row-level
security hides, a table a role has no grant on). Those refusals reach the
person as ``PermissionDenied`` and are audited, as the Guard's are; a login the
server no longer admits (deactivated, password reset) ends the session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from domain.audit.events import AuditAction, AuditEvent
from domain.clients.record import ClientRecord
from domain.common.clock import Clock
from domain.common.errors import DatabaseUnavailable, PermissionDenied, SessionEnded
from domain.common.policy import Permission, Role, allows, refusal_message
from storage.audit.log import SqlAuditLog
from storage.clients.repository import SqlClientRepository
from storage.common.unit_of_work import LoginsFactory, SqlUnitOfWork
from storage.staff.postgres_logins import sqlstate

INSUFFICIENT_PRIVILEGE = "42501"

log = logging.getLogger(__name__)


class RefusedByDatabase(PermissionDenied):
    def __init__(self, permission: Permission | None, entity_type: str, entity_id: int | None):
        self.permission = permission
        self.entity_type = entity_type
        self.entity_id = entity_id
        super().__init__(
            refusal_message(permission)
            if permission
            else "The database does not allow your role to do this."
        )


class CaseloadClientRepository(SqlClientRepository):
    """Client reads that tell "hidden from you" apart from "does not exist"."""

    def get(self, client_id: int) -> ClientRecord | None:
        try:
            record = super().get(client_id)
        except DBAPIError as error:
            if sqlstate(error) != INSUFFICIENT_PRIVILEGE:
                raise
            # A role without any grant on clients (an administrator).
            raise RefusedByDatabase(Permission.CLIENT_OPEN, "client", client_id) from None
        if record is None and not self._reaches_every_client():
            # Row-level security hid it (or it does not exist: a caseworker
            # learns nothing either way).
            raise RefusedByDatabase(Permission.CLIENT_ANY, "client", client_id)
        return record

    def _reaches_every_client(self) -> bool:
        role = self._conn.execute(
            text("SELECT role FROM staff WHERE username = session_user")
        ).scalar_one_or_none()
        return role is not None and allows(Role(role), Permission.CLIENT_ANY)


class PostgresUnitOfWork(SqlUnitOfWork):
    def __init__(
        self,
        engine: Engine,
        logins: LoginsFactory,
        *,
        username: str,
        workstation: str,
        clock: Clock,
        login_refused: Callable[[], bool],
    ):
        super().__init__(engine, logins)
        self._username = username
        self._workstation = workstation
        self._clock = clock
        self._login_refused = login_refused

    def __enter__(self) -> Self:
        try:
            super().__enter__()
        except DatabaseUnavailable as error:
            self._end_session_if_refused(error)
            raise
        assert self._connection is not None
        self.clients = CaseloadClientRepository(self._connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            super().__exit__(exc_type, exc, tb)
        except DatabaseUnavailable as error:
            self._end_session_if_refused(error)
            raise
        if isinstance(exc, RefusedByDatabase):
            self._audit(exc)
        elif isinstance(exc, DBAPIError) and sqlstate(exc) == INSUFFICIENT_PRIVILEGE:
            refusal = RefusedByDatabase(None, "", None)
            self._audit(refusal)
            raise refusal from exc

    def _end_session_if_refused(self, error: DatabaseUnavailable) -> None:
        if self._login_refused():
            raise SessionEnded() from error

    def _audit(self, refusal: RefusedByDatabase) -> None:
        """In a transaction of its own: the refused one was rolled back."""
        try:
            with self._engine.begin() as connection:
                SqlAuditLog(connection).record(
                    AuditEvent(
                        occurred_at=self._clock(),
                        actor=self._username,
                        workstation=self._workstation,
                        action=AuditAction.ACCESS_REFUSED,
                        entity_type=refusal.entity_type,
                        entity_id=refusal.entity_id,
                        detail=str(refusal.permission or "database"),
                    )
                )
        except DBAPIError:
            log.warning("A refusal by the database could not be written to the audit trail.")
