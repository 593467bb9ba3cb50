"""The unit of work: one connection and one transaction per use case.

Leaving the ``with`` block without ``commit()`` rolls everything back.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from domain.common.errors import DatabaseUnavailable
from domain.staff.repository import LoginAccounts
from storage.assessments.repository import SqlAssessmentRepository
from storage.attachments.repository import SqlAttachmentRepository
from storage.audit.log import SqlAuditLog
from storage.cases.caseload_queries import SqlCaseloadQueries
from storage.cases.program_repository import SqlProgramRepository
from storage.cases.repository import SqlCaseRepository
from storage.cases.task_repository import SqlTaskRepository
from storage.clients.household_repository import SqlHouseholdRepository
from storage.clients.merge_repository import SqlMergeRepository
from storage.clients.repository import SqlClientRepository
from storage.common.connection_health import (
    BEFORE_COMMIT,
    COMMITTED,
    COMMITTING,
    allow_long_statements,
    server_unavailable,
)
from storage.common.sqlite_disk import disk_error
from storage.consents.repository import SqlConsentRepository
from storage.hmis_export.repository import SqlHmisExportSource
from storage.notes.repository import SqlNoteRepository
from storage.outcome_reports.queries import SqlOutcomeQueries
from storage.plans.repository import SqlPlanRepository
from storage.referrals.repository import SqlReferralRepository
from storage.referrals.resource_repository import SqlResourceRepository
from storage.settings.repository import SqlSettingsRepository
from storage.signatures.repository import SqlSignatureRepository
from storage.staff.repository import SqlStaffRepository

LoginsFactory = Callable[[Connection, SqlStaffRepository], LoginAccounts]

# sqlite3 raises OperationalError for mistakes in SQL too; only these mean the
# file cannot be used right now.
_SQLITE_UNAVAILABLE = (
    "database is locked",
    "unable to open database",
    "disk i/o error",
    "disk is full",
    "readonly database",
)


def _means_unavailable(error: BaseException | None) -> bool:
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError):
        return False
    module = type(error.orig).__module__
    if module.startswith("sqlite3"):
        return any(text in str(error.orig).lower() for text in _SQLITE_UNAVAILABLE)
    return True


def _unavailable(
    engine: Engine, error: BaseException | None, phase: str = BEFORE_COMMIT
) -> DatabaseUnavailable:
    backend = engine.dialect.name
    if backend == "sqlite":
        # A full or read-only disk is said as such (storage/common/sqlite_disk.py).
        on_disk = disk_error(getattr(error, "orig", None), engine.url.database)
        if on_disk is not None:
            return on_disk
        # A file on this computer: busy (another program, or another CaseDesk
        # window writing at the same instant) or out of reach (disk, permissions).
        return DatabaseUnavailable(
            "The database file cannot be used right now; nothing was saved. "
            "Another program may be holding it, or its disk may be unavailable; try again."
        )
    # Saved, not saved or not known: by how far the call had gone (connection_health.py).
    return server_unavailable(error, phase)


class SqlUnitOfWork:
    def __init__(self, engine: Engine, logins: LoginsFactory):
        self._engine = engine
        self._logins = logins
        self._connection: Connection | None = None
        self._phase = BEFORE_COMMIT

    def __enter__(self) -> Self:
        self._phase = BEFORE_COMMIT
        try:
            self._connection = self._engine.connect()
            self._transaction = self._connection.begin()
        except DBAPIError as error:
            if self._connection is not None:
                self._connection.close()
            if _means_unavailable(error):
                raise _unavailable(self._engine, error) from error
            raise
        self.clients = SqlClientRepository(self._connection)
        self.staff = SqlStaffRepository(self._connection)
        self.cases = SqlCaseRepository(self._connection)
        self.logins = self._logins(self._connection, self.staff)
        self.settings = SqlSettingsRepository(self._connection)
        self.households = SqlHouseholdRepository(self._connection)
        self.merges = SqlMergeRepository(self._connection)
        self.programs = SqlProgramRepository(self._connection)
        self.assessments = SqlAssessmentRepository(self._connection)
        self.consents = SqlConsentRepository(self._connection)
        self.tasks = SqlTaskRepository(self._connection)
        self.plans = SqlPlanRepository(self._connection)
        self.notes = SqlNoteRepository(self._connection)
        self.resources = SqlResourceRepository(self._connection)
        self.referrals = SqlReferralRepository(self._connection)
        self.attachments = SqlAttachmentRepository(self._connection)
        self.signatures = SqlSignatureRepository(self._connection)
        self.caseloads = SqlCaseloadQueries(self._connection)
        self.hmis_export = SqlHmisExportSource(self._connection)
        self.outcome_reports = SqlOutcomeQueries(self._connection)
        self.audit = SqlAuditLog(self._connection)
        return self

    def commit(self) -> None:
        self._phase = COMMITTING  # a lost answer from here on may hide a saved commit
        self._transaction.commit()
        self._phase = COMMITTED

    def allow_long_statements(self) -> None:
        """This transaction's statements may run long (an export): see
        storage/common/connection_health.py."""
        assert self._connection is not None
        allow_long_statements(self._connection)

    def rollback(self) -> None:
        self._transaction.rollback()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._connection is not None
        try:
            if self._transaction.is_active:
                self._transaction.rollback()
        except DBAPIError:
            pass  # the connection is gone; the server has rolled back already
        finally:
            self._connection.close()
            self._connection = None
        if _means_unavailable(exc):
            raise _unavailable(self._engine, exc, self._phase) from exc
