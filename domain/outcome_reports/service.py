"""The outcome report as a use case: who may see which, the inputs checked, every
figure counted in one transaction, and each viewing, print and saved copy audited.

A supervisor's report covers the office; a caseworker's, the cases assigned to her
(and, for documentation, the notes she wrote on them). On a shared server the
queries run under the person's own login, so row-level security holds the same
line in the database itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum

from domain.audit.events import AuditAction
from domain.common.actor import Actor
from domain.common.clock import local_date
from domain.common.errors import ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission, allows
from domain.outcome_reports.figures import OutcomeReport
from domain.outcome_reports.period import (
    CONSENT_WINDOW_DAYS,
    ReportForm,
    ReportPeriod,
    ReportScope,
    caseload_points,
    validate_report_form,
)
from domain.outcome_reports.repository import ReportQuery
from domain.settings.office_settings import OfficeSettings

VIEWED = AuditAction.REPORT_VIEWED
OUTPUT = AuditAction.REPORT_SAVED

# The report's parts, in the order they are counted and shown.
SECTIONS = (
    "clients",
    "cases",
    "assessments",
    "goals",
    "referrals",
    "documentation",
    "caseloads",
    "consents",
)


class ReportFormat(StrEnum):
    PDF = "pdf"
    CSV = "csv"
    XLSX = "xlsx"


class ReportOutput(StrEnum):
    PRINTED = "printed"
    SAVED = "saved"


def utc_offset_minutes(moment: datetime) -> int:
    offset = moment.astimezone().utcoffset() or timedelta()
    return round(offset.total_seconds() / 60)


def report_scope(actor: Actor) -> ReportScope:
    """Whose cases the person's reports cover (the page says so before any is made)."""
    if allows(actor.role, Permission.CLIENT_ANY):
        return ReportScope(None, "Whole office")
    return ReportScope(actor.staff_id, f"Caseload of {actor.display_name}")


class ReportCancelled(Exception):
    """The person cancelled the report before it was finished; nothing was audited."""


class OutcomeReportService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def report(
        self,
        actor: Actor,
        form: ReportForm,
        *,
        progress: Callable[[str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> OutcomeReport:
        """Every figure for the period and program. ``progress(section)`` is called as
        each part is counted (for a progress bar, or a benchmark's clock);
        ``cancelled()`` is asked between parts."""
        now = self._clock()
        today = local_date(now)
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.REPORT_VIEW, entity_type="report")
            uow.allow_long_statements()  # years of an office's work, counted on the server
            programs = {p.id: p.name for p in uow.programs.list_all()}
            period = validate_report_form(form, today=today, programs=programs)
            scope = report_scope(actor)
            query = ReportQuery(
                period.start,
                period.end,
                period.program_id,
                scope.staff_id,
                utc_offset_minutes(now),
            )
            q = uow.outcome_reports
            parts = {
                "clients": lambda: q.clients_served(query),
                "cases": lambda: q.case_flow(query),
                "assessments": lambda: q.assessment_change(query),
                "goals": lambda: q.goal_outcomes(query),
                "referrals": lambda: q.referrals(query),
                "documentation": lambda: q.documentation_lag(query),
                "caseloads": lambda: q.caseloads(query, caseload_points(period, today)),
                "consents": lambda: q.consents_expiring(
                    query, today, today + timedelta(days=CONSENT_WINDOW_DAYS)
                ),
            }
            figures = {}
            for section in SECTIONS:
                if cancelled is not None and cancelled():
                    raise ReportCancelled()
                figures[section] = parts[section]()
                if progress is not None:
                    progress(section)
            agency = OfficeSettings.from_stored(uow.settings.all()).agency
            uow.audit.record(
                self._guard.event(actor, VIEWED, "report", None, period.audit_detail(scope))
            )
            uow.commit()
        return OutcomeReport(
            period=period, scope=scope, made_at=now, today=today, agency=agency, **figures
        )

    def record_output(
        self,
        actor: Actor,
        period: ReportPeriod,
        file_format: str,
        how: str = ReportOutput.SAVED,
    ) -> None:
        """A report printed, or saved as a PDF, CSV or XLSX file: one audit event."""
        try:
            kind, output = ReportFormat(file_format), ReportOutput(how)
        except ValueError:
            raise ValidationError({"format": "Choose PDF, CSV or XLSX."}) from None
        if output is ReportOutput.PRINTED and kind is not ReportFormat.PDF:
            raise ValidationError({"format": "Only the PDF report is printed."})
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.REPORT_VIEW, entity_type="report")
            detail = f"{period.audit_detail(report_scope(actor))};format={kind};how={output}"
            uow.audit.record(self._guard.event(actor, OUTPUT, "report", None, detail))
            uow.commit()
