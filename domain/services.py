"""The use cases the application offers, bundled for the composition root to hand out."""

from __future__ import annotations

from dataclasses import dataclass

from domain.audit_service import AuditService
from domain.case_service import CaseService
from domain.client_service import ClientService
from domain.guard import Guard
from domain.households import HouseholdService
from domain.merges import MergeService
from domain.settings_service import SettingsService
from domain.staff_service import StaffService


@dataclass(frozen=True)
class Services:
    clients: ClientService
    cases: CaseService
    staff: StaffService
    audit: AuditService
    settings: SettingsService
    households: HouseholdService
    merges: MergeService

    @classmethod
    def build(cls, guard: Guard) -> Services:
        return cls(
            clients=ClientService(guard),
            cases=CaseService(guard),
            staff=StaffService(guard),
            audit=AuditService(guard),
            settings=SettingsService(guard),
            households=HouseholdService(guard),
            merges=MergeService(guard),
        )
