"""The unit of work: one transaction holding every feature's repository.

Repositories never commit; the unit of work commits only when told to and rolls
back when its block is left without a commit."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from domain.assessments.repository import AssessmentRepository
from domain.attachments.repository import AttachmentRepository
from domain.audit.repository import AuditLog
from domain.cases.repository import (
    CaseloadQueries,
    CaseRepository,
    ProgramRepository,
    TaskRepository,
)
from domain.clients.repository import ClientRepository, HouseholdRepository, MergeRepository
from domain.consents.repository import ConsentRepository
from domain.hmis_export.repository import HmisExportSource
from domain.notes.repository import NoteRepository
from domain.outcome_reports.repository import OutcomeQueries
from domain.plans.repository import PlanRepository
from domain.referrals.repository import ReferralRepository, ResourceRepository
from domain.settings.repository import SettingsRepository
from domain.staff.repository import LoginAccounts, StaffRepository


class UnitOfWork(Protocol):
    clients: ClientRepository
    staff: StaffRepository
    cases: CaseRepository
    logins: LoginAccounts
    settings: SettingsRepository
    households: HouseholdRepository
    merges: MergeRepository
    programs: ProgramRepository
    assessments: AssessmentRepository
    consents: ConsentRepository
    tasks: TaskRepository
    plans: PlanRepository
    notes: NoteRepository
    resources: ResourceRepository
    referrals: ReferralRepository
    attachments: AttachmentRepository
    caseloads: CaseloadQueries
    hmis_export: HmisExportSource
    outcome_reports: OutcomeQueries
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

    def allow_long_statements(self) -> None:
        """This transaction's statements may run longer than an interactive call's
        limit (an export of the whole audit trail); a no-op where there is none."""
        ...
