"""The use cases the application offers, bundled for the composition root to hand out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.assessment_service import AssessmentService
from domain.audit_service import AuditService
from domain.case_service import CaseService
from domain.caseload_service import CaseloadService
from domain.client_service import ClientService
from domain.clock import Clock, local_date
from domain.consent_service import ConsentService
from domain.guard import Guard
from domain.households import HouseholdService
from domain.intake import IntakeService
from domain.merges import MergeService
from domain.note_service import NoteService
from domain.plan_service import PlanService
from domain.print_service import PrintService
from domain.program_service import ProgramService
from domain.record_service import RecordService
from domain.referral_service import ReferralService
from domain.resource_service import ResourceService
from domain.settings_service import SettingsService
from domain.staff_service import StaffService
from domain.task_service import TaskService
from domain.timeline_service import TimelineService


@dataclass(frozen=True)
class Services:
    clients: ClientService
    cases: CaseService
    staff: StaffService
    audit: AuditService
    settings: SettingsService
    households: HouseholdService
    merges: MergeService
    programs: ProgramService
    intake: IntakeService
    records: RecordService
    caseloads: CaseloadService
    tasks: TaskService
    assessments: AssessmentService
    plans: PlanService
    notes: NoteService
    printing: PrintService
    consents: ConsentService
    resources: ResourceService
    referrals: ReferralService
    timeline: TimelineService
    clock: Clock

    def today(self) -> date:
        """The office's calendar day by the clock the use cases judge dates with."""
        return local_date(self.clock())

    @classmethod
    def build(cls, guard: Guard) -> Services:
        clients = ClientService(guard)
        households = HouseholdService(guard)
        consents = ConsentService(guard)
        return cls(
            clients=clients,
            cases=CaseService(guard),
            staff=StaffService(guard),
            audit=AuditService(guard),
            settings=SettingsService(guard),
            households=households,
            merges=MergeService(guard),
            programs=ProgramService(guard),
            intake=IntakeService(guard, clients, households),
            records=RecordService(guard),
            caseloads=CaseloadService(guard),
            tasks=TaskService(guard),
            assessments=AssessmentService(guard),
            printing=PrintService(guard, consents),
            consents=consents,
            plans=PlanService(guard),
            notes=NoteService(guard),
            resources=ResourceService(guard),
            referrals=ReferralService(guard, consents),
            timeline=TimelineService(guard),
            clock=guard.clock,
        )
