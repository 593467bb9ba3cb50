"""The use cases the application offers, bundled for the composition root to hand out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.assessments.service import AssessmentService
from domain.attachments.service import AttachmentService
from domain.audit.service import AuditService
from domain.backups.repository import BackupStore
from domain.backups.service import BackupService
from domain.cases.caseload_service import CaseloadService
from domain.cases.program_service import ProgramService
from domain.cases.service import CaseService
from domain.cases.task_service import TaskService
from domain.clients.households import HouseholdService
from domain.clients.intake import IntakeService
from domain.clients.merges import MergeService
from domain.clients.record_service import RecordService
from domain.clients.service import ClientService
from domain.common.clock import Clock, local_date
from domain.common.guard import Guard
from domain.consents.service import ConsentService
from domain.hmis_export.service import HmisExportService
from domain.notes.service import NoteService
from domain.outcome_reports.service import OutcomeReportService
from domain.plans.service import PlanService
from domain.printing.service import PrintService
from domain.referrals.resource_service import ResourceService
from domain.referrals.service import ReferralService
from domain.settings.service import SettingsService
from domain.signatures.service import SignatureService
from domain.staff.service import StaffService
from domain.timeline.service import TimelineService


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
    backups: BackupService
    hmis_export: HmisExportService
    outcome_reports: OutcomeReportService
    attachments: AttachmentService
    signatures: SignatureService
    clock: Clock

    def today(self) -> date:
        """The office's calendar day by the clock the use cases judge dates with."""
        return local_date(self.clock())

    @classmethod
    def build(cls, guard: Guard, backups: BackupStore | None = None) -> Services:
        """``backups``: the embedded file's copies (None on a shared server)."""
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
            backups=BackupService(guard, backups),
            hmis_export=HmisExportService(guard),
            outcome_reports=OutcomeReportService(guard),
            attachments=AttachmentService(guard),
            signatures=SignatureService(guard),
            clock=guard.clock,
        )
