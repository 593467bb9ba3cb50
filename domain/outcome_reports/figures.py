"""The figures of an outcome report, as storage counts them (in SQL) and every
screen, chart, PDF and spreadsheet shows them.

What each counts, for a period and a program, over the cases in scope (the
office's, or those assigned to one caseworker):

- clients served: clients with a case open on any day of the period; "new" when
  their first case (in scope) opened in the period, "returning" when a case
  opened in the period followed an earlier one, "continuing" otherwise;
- cases opened (opened in the period) and closed (closed in it), by close reason
  and by destination at exit;
- assessment change: each client's first assessment (on the cases in scope)
  against their latest, where the latest was recorded in the period, domain by
  domain where both scored it (a follow-up starts from the last scores, so a
  domain left out is left out of both);
- plan goals: the goals of each served case's newest plan version, by status;
- referrals sent in the period, by status and by where the loop stands, and per
  resource the median days from sending to the first answer and to completion;
- documentation lag: signed notes whose contact fell in the period, days from the
  contact to the signature (the office's calendar day), median and 90th percentile
  per author, and how many were signed more than LATE_NOTE_DAYS days after;
- caseloads: each caseworker's open cases on each chart day, by the assignment
  history (who had the case that day);
- consents (not revoked, not renewed) expiring in the CONSENT_WINDOW_DAYS from
  today, on clients with an active case in scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.assessments.assessment import LifeDomain
from domain.consents.consent import ConsentKind
from domain.hmis_export.codes import DESTINATION_GROUPS
from domain.outcome_reports.period import ReportPeriod, ReportScope
from domain.settings.agency import AgencyDetails

LATE_NOTE_DAYS = 3

# Where a referral's loop stands, by its status: code -> (words, statuses).
REFERRAL_OUTCOMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "completed": ("Loop closed: service received", ("completed",)),
    "declined": ("Loop closed: declined", ("declined",)),
    "under_way": ("Accepted, service under way", ("accepted", "service_started")),
    "acknowledged": ("Acknowledged, no decision yet", ("acknowledged",)),
    "unanswered": ("No answer yet", ("sent", "no_response")),
}
# The statuses that answer a referral: the resource said something.
ANSWERED = ("acknowledged", "accepted", "declined", "service_started", "completed")


@dataclass(frozen=True)
class Count:
    """One line of a breakdown: a code (a close reason, a status), its words, how many."""

    code: str
    label: str
    count: int


@dataclass(frozen=True)
class ClientsServed:
    served: int
    new: int
    returning: int
    continuing: int


@dataclass(frozen=True)
class CaseFlow:
    opened: int
    closed: int
    by_reason: tuple[Count, ...]
    # HMIS 3.12, HUD's code as text ("" for a case closed before CaseDesk asked), most first.
    by_destination: tuple[Count, ...]

    def destination_groups(self) -> tuple[Count, ...]:
        """The destinations in HUD's groups (permanent housing, temporary, institutional,
        homeless, other), and those not recorded."""
        by_code = {c.code: c.count for c in self.by_destination}
        groups = tuple(
            Count(name, name, sum(by_code.get(str(code), 0) for code in codes))
            for name, codes in DESTINATION_GROUPS
        )
        return (*groups, Count("", "", by_code.get("", 0)))


@dataclass(frozen=True)
class DomainChange:
    """First against latest score of one life domain, over the clients assessed twice
    who were scored in it both times."""

    domain: LifeDomain
    clients: int
    mean_first: float
    mean_latest: float
    improved: int
    worsened: int
    unchanged: int

    @property
    def mean_change(self) -> float:
        return self.mean_latest - self.mean_first

    def share(self, count: int) -> float:
        return count / self.clients if self.clients else 0.0


@dataclass(frozen=True)
class GoalCounts:
    """A served case's goals in one life domain (or in all: ``domain`` None), by status."""

    domain: LifeDomain | None
    achieved: int
    not_achieved: int
    in_progress: int
    not_started: int
    discontinued: int

    @property
    def total(self) -> int:
        return (
            self.achieved
            + self.not_achieved
            + self.in_progress
            + self.not_started
            + self.discontinued
        )


@dataclass(frozen=True)
class GoalOutcomes:
    by_domain: tuple[GoalCounts, ...]  # domains with any goal, in LifeDomain order
    total: GoalCounts


@dataclass(frozen=True)
class ResourceTimes:
    """One resource's referrals of the period and how quickly it answered."""

    resource_id: int
    resource_name: str
    referrals: int
    answered: int
    median_days_to_answer: float | None
    completed: int
    median_days_to_completion: float | None


@dataclass(frozen=True)
class ReferralFigures:
    sent: int
    by_status: tuple[Count, ...]  # every status, in the loop's order
    by_outcome: tuple[Count, ...]  # where each loop stands
    by_resource: tuple[ResourceTimes, ...]  # busiest first


@dataclass(frozen=True)
class LagRow:
    """One author's signed notes of the period (or everyone's: ``staff_id`` None)."""

    staff_id: int | None
    name: str
    signed: int
    median_days: float | None
    p90_days: float | None
    late: int  # signed more than LATE_NOTE_DAYS days after the contact
    unsigned: int  # drafts about a contact in the period, not signed yet


@dataclass(frozen=True)
class DocumentationLag:
    rows: tuple[LagRow, ...]  # by name
    total: LagRow


@dataclass(frozen=True)
class CaseloadLine:
    staff_id: int
    name: str
    counts: tuple[int, ...]  # open cases on each of the series' days


@dataclass(frozen=True)
class CaseloadSeries:
    days: tuple[date, ...]
    lines: tuple[CaseloadLine, ...]  # by name

    def median_per_day(self) -> tuple[float, ...]:
        """The middle caseload on each day, over the caseworkers with any case then."""
        medians = []
        for column in range(len(self.days)):
            loads = sorted(line.counts[column] for line in self.lines if line.counts[column])
            if not loads:
                medians.append(0.0)
                continue
            middle = len(loads) // 2
            medians.append(
                float(loads[middle]) if len(loads) % 2 else (loads[middle - 1] + loads[middle]) / 2
            )
        return tuple(medians)


@dataclass(frozen=True)
class ExpiringConsent:
    consent_id: int
    client_id: int
    client_name: str
    kind: ConsentKind
    recipient: str
    expires_on: date
    caseworker_name: str


@dataclass(frozen=True)
class ConsentsExpiring:
    from_on: date
    until: date
    consents: tuple[ExpiringConsent, ...]  # soonest first


@dataclass(frozen=True)
class OutcomeReport:
    period: ReportPeriod
    scope: ReportScope
    made_at: datetime
    today: date
    clients: ClientsServed
    cases: CaseFlow
    assessments: tuple[DomainChange, ...]
    goals: GoalOutcomes
    referrals: ReferralFigures
    documentation: DocumentationLag
    caseloads: CaseloadSeries
    consents: ConsentsExpiring
    agency: AgencyDetails  # the letterhead the PDF prints with
