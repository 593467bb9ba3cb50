"""What the outcome reports need from storage: each figure counted by the database
(a few statements each, whatever the number of clients and notes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from domain.outcome_reports.figures import (
    CaseFlow,
    CaseloadSeries,
    ClientsServed,
    ConsentsExpiring,
    DocumentationLag,
    DomainChange,
    GoalOutcomes,
    ReferralFigures,
)


@dataclass(frozen=True)
class ReportQuery:
    """The cases a report counts and the days it counts them on."""

    start: date
    end: date
    program_id: int | None  # None: every program
    staff_id: int | None  # None: the whole office; else the cases assigned to them
    # The office's offset from UTC, in minutes: turns a signature's moment into the
    # calendar day it was made on.
    utc_offset_minutes: int = 0


class OutcomeQueries(Protocol):
    def clients_served(self, query: ReportQuery) -> ClientsServed: ...

    def case_flow(self, query: ReportQuery) -> CaseFlow: ...

    def assessment_change(self, query: ReportQuery) -> tuple[DomainChange, ...]: ...

    def goal_outcomes(self, query: ReportQuery) -> GoalOutcomes: ...

    def referrals(self, query: ReportQuery) -> ReferralFigures: ...

    def documentation_lag(self, query: ReportQuery) -> DocumentationLag: ...

    def caseloads(self, query: ReportQuery, days: tuple[date, ...]) -> CaseloadSeries: ...

    def consents_expiring(self, query: ReportQuery, today: date, until: date) -> ConsentsExpiring:
        """Consents expiring from ``today`` to ``until``; the query's period is not used."""
        ...
