"""The unit of work: one transaction holding every feature's repository.

Repositories never commit; the unit of work commits only when told to and rolls
back when its block is left without a commit."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from domain.assessments.repository import AssessmentRepository
from domain.audit.repository import AuditLog
from domain.cases.repository import (
    CaseloadQueries,
    CaseRepository,
    ProgramRepository,
    TaskRepository,
)
from domain.clients.repository import ClientRepository, HouseholdRepository, MergeRepository
from domain.consents.repository import ConsentRepository
from domain.notes.repository import NoteRepository
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
    caseloads: CaseloadQueries
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
