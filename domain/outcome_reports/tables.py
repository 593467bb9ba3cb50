"""The report as tables: one list of rows per figure, the same for the screen, the
PDF, the CSV file and the workbook, so that all four always agree.

Cells keep their values (whole numbers, decimals, percentages as 0-100, dates);
``cell_text`` writes one as a person reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.common.field_rules import format_date
from domain.outcome_reports.figures import LATE_NOTE_DAYS, OutcomeReport

Cell = str | int | float | date | None


class Kind(StrEnum):
    """How a column's values read."""

    TEXT = "text"
    COUNT = "count"
    DAYS = "days"  # a median or percentile of days: one decimal
    SCORE = "score"  # a mean score: two decimals
    CHANGE = "change"  # a mean change of score: two decimals, with its sign
    PERCENT = "percent"  # 0-100, one decimal
    DATE = "date"


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind = Kind.COUNT


@dataclass(frozen=True)
class ReportTable:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    # The last row sums up the others (shown bold).
    total_row: bool = False

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.title for column in self.columns)


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    about: str  # what is counted, in a sentence or two
    tables: tuple[ReportTable, ...]


def cell_text(value: Cell, kind: Kind) -> str:
    if value is None:
        return "–"
    if isinstance(value, date):
        return format_date(value)
    if kind is Kind.COUNT and isinstance(value, int):
        return f"{value:,}"
    if kind is Kind.DAYS:
        return f"{value:.1f}"
    if kind is Kind.SCORE:
        return f"{value:.2f}"
    if kind is Kind.CHANGE:
        return f"{value:+.2f}"
    if kind is Kind.PERCENT:
        return f"{value:.1f}%"
    return str(value)


PLACES = {Kind.DAYS: 1, Kind.SCORE: 2, Kind.CHANGE: 2, Kind.PERCENT: 1}


def rounded(value: Cell, kind: Kind) -> Cell:
    """The value as files keep it: decimals to the places shown (days and percentages
    to one, scores to two), so a spreadsheet says what the screen says."""
    if isinstance(value, float):
        return round(value, PLACES.get(kind, 2))
    return value


def _share(count: int, total: int) -> float:
    return 100.0 * count / total if total else 0.0


def _shares_table(
    key: str,
    title: str,
    what: str,
    unit: str,
    counts: Iterable[tuple[str, int]],
    total: int,
    total_label: str = "",
) -> ReportTable:
    """A count per label and its share of ``total``; with ``total_label``, a last row
    for the whole."""
    rows = tuple((label, count, _share(count, total)) for label, count in counts)
    if total_label:
        rows += ((total_label, total, 100.0 if total else 0.0),)
    return ReportTable(
        key,
        title,
        (Column(what, Kind.TEXT), Column(unit), Column("Share", Kind.PERCENT)),
        rows,
        total_row=bool(total_label),
    )


def sections(report: OutcomeReport) -> tuple[ReportSection, ...]:
    return (
        _clients(report),
        _cases(report),
        _assessments(report),
        _goals(report),
        _referrals(report),
        _documentation(report),
        _caseloads(report),
        _consents(report),
    )


def _clients(report: OutcomeReport) -> ReportSection:
    c = report.clients
    rows = (
        ("Clients served", c.served),
        ("New: first case opened in the period", c.new),
        ("Returning: a new case after an earlier one", c.returning),
        ("Continuing: case opened before the period", c.continuing),
    )
    table = ReportTable(
        "clients", "Clients served", (Column("Clients", Kind.TEXT), Column("Count")), rows
    )
    return ReportSection(
        "clients",
        "Clients served and new intakes",
        "Clients with a case open on any day of the period (waiting for a caseworker "
        "included). New intakes are clients whose first case opened in the period.",
        (table,),
    )


NOT_RECORDED = "Not recorded (closed before destinations were asked)"


def _cases(report: OutcomeReport) -> ReportSection:
    flow = report.cases
    counts = ReportTable(
        "cases",
        "Cases opened and closed",
        (Column("Cases", Kind.TEXT), Column("Count")),
        (("Opened in the period", flow.opened), ("Closed in the period", flow.closed)),
    )
    reasons = _shares_table(
        "close_reasons",
        "Cases closed, by reason",
        "Close reason",
        "Cases",
        ((c.label, c.count) for c in flow.by_reason),
        flow.closed,
        "All closed cases",
    )
    destinations = ReportTable(
        "destinations",
        "Cases closed, by destination at exit",
        (
            Column("Destination at exit", Kind.TEXT),
            Column("HUD code", Kind.TEXT),
            Column("Cases"),
            Column("Share", Kind.PERCENT),
        ),
        (
            *(
                (c.label or NOT_RECORDED, c.code, c.count, _share(c.count, flow.closed))
                for c in flow.by_destination
            ),
            ("All closed cases", "", flow.closed, 100.0 if flow.closed else 0.0),
        ),
        total_row=True,
    )
    groups = _shares_table(
        "destination_groups",
        "Cases closed, by kind of destination",
        "Kind of destination",
        "Cases",
        ((c.label or NOT_RECORDED, c.count) for c in flow.destination_groups()),
        flow.closed,
    )
    return ReportSection(
        "cases",
        "Cases opened and closed",
        "Cases opened in the period, and cases closed in it by the reason and the "
        "destination at exit (HMIS 3.12, HUD's codes) recorded when they closed.",
        (counts, reasons, groups, destinations),
    )


def _assessments(report: OutcomeReport) -> ReportSection:
    rows = tuple(
        (
            d.domain.label,
            d.clients,
            d.mean_first,
            d.mean_latest,
            d.mean_change,
            _share(d.improved, d.clients),
            _share(d.unchanged, d.clients),
            _share(d.worsened, d.clients),
        )
        for d in report.assessments
    )
    table = ReportTable(
        "assessments",
        "Assessment change, first against latest score",
        (
            Column("Life domain", Kind.TEXT),
            Column("Clients"),
            Column("Mean first", Kind.SCORE),
            Column("Mean latest", Kind.SCORE),
            Column("Mean change", Kind.CHANGE),
            Column("Improved", Kind.PERCENT),
            Column("Unchanged", Kind.PERCENT),
            Column("Worsened", Kind.PERCENT),
        ),
        rows,
    )
    return ReportSection(
        "assessments",
        "Assessment change",
        "Per life domain, each client's score (1 in crisis to 5 thriving) at their first "
        "assessment against their latest, for clients assessed at least twice with the "
        "latest in the period, in the domains scored both times.",
        (table,),
    )


def _goals(report: OutcomeReport) -> ReportSection:
    def row(label: str, g) -> tuple[Cell, ...]:
        return (
            label,
            g.achieved,
            g.not_achieved,
            g.in_progress,
            g.not_started,
            g.discontinued,
            g.total,
            _share(g.achieved, g.achieved + g.not_achieved),
        )

    goals = report.goals
    table = ReportTable(
        "goals",
        "Plan goals by status",
        (
            Column("Life domain", Kind.TEXT),
            Column("Achieved"),
            Column("Not achieved"),
            Column("In progress"),
            Column("Not started"),
            Column("Discontinued"),
            Column("All goals"),
            Column("Achieved of decided", Kind.PERCENT),
        ),
        (
            *tuple(row(g.domain.label, g) for g in goals.by_domain if g.domain is not None),
            row("All domains", goals.total),
        ),
        total_row=True,
    )
    return ReportSection(
        "goals",
        "Plan goals achieved and not achieved",
        "The goals of each served case's newest service plan version, by their status "
        "now. \u201cAchieved of decided\u201d leaves out goals still open or discontinued.",
        (table,),
    )


def _referrals(report: OutcomeReport) -> ReportSection:
    r = report.referrals
    statuses = _shares_table(
        "referral_statuses",
        "Referrals by status",
        "Status",
        "Referrals",
        ((c.label, c.count) for c in r.by_status),
        r.sent,
        "All referrals sent",
    )
    outcomes = _shares_table(
        "referral_outcomes",
        "Referrals by outcome",
        "Outcome",
        "Referrals",
        ((c.label, c.count) for c in r.by_outcome),
        r.sent,
    )
    resources = ReportTable(
        "referral_resources",
        "Days to an answer and to completion, per resource",
        (
            Column("Resource", Kind.TEXT),
            Column("Referrals"),
            Column("Answered"),
            Column("Median days to answer", Kind.DAYS),
            Column("Completed"),
            Column("Median days to completion", Kind.DAYS),
        ),
        tuple(
            (
                t.resource_name,
                t.referrals,
                t.answered,
                t.median_days_to_answer,
                t.completed,
                t.median_days_to_completion,
            )
            for t in r.by_resource
        ),
    )
    return ReportSection(
        "referrals",
        "Referrals",
        "Referrals sent in the period, by their status now and where each loop stands. "
        "Days are counted from sending to the resource's first answer (acknowledged, "
        "accepted or declined) and to the referral's completion.",
        (statuses, outcomes, resources),
    )


def _documentation(report: OutcomeReport) -> ReportSection:
    lag = report.documentation

    def row(line) -> tuple[Cell, ...]:
        return (
            line.name,
            line.signed,
            line.median_days,
            line.p90_days,
            line.late,
            _share(line.late, line.signed),
            line.unsigned,
        )

    table = ReportTable(
        "documentation",
        "Days from contact to signed note",
        (
            Column("Written by", Kind.TEXT),
            Column("Notes signed"),
            Column("Median days", Kind.DAYS),
            Column("90th percentile days", Kind.DAYS),
            Column(f"Signed after {LATE_NOTE_DAYS} days"),
            Column(f"Share after {LATE_NOTE_DAYS} days", Kind.PERCENT),
            Column("Drafts not signed"),
        ),
        (*tuple(row(line) for line in lag.rows), row(lag.total)),
        total_row=True,
    )
    return ReportSection(
        "documentation",
        "Documentation lag",
        "Signed notes about contacts in the period: calendar days from the contact to "
        f"the signature, and how many were signed more than {LATE_NOTE_DAYS} days after. "
        "Drafts are notes about a contact in the period that are not signed yet.",
        (table,),
    )


def _caseloads(report: OutcomeReport) -> ReportSection:
    series = report.caseloads
    table = ReportTable(
        "caseloads",
        "Open cases per caseworker",
        (Column("Caseworker", Kind.TEXT), *(Column(format_date(day)) for day in series.days)),
        tuple((line.name, *line.counts) for line in series.lines),
    )
    step = (
        "week"
        if len(series.days) > 1 and (series.days[1] - series.days[0]).days == 7
        else ("month")
    )
    return ReportSection(
        "caseloads",
        "Caseload size over time",
        f"Each caseworker's open cases at the end of each {step} of the period (and on its "
        "last day), by who had each case then.",
        (table,),
    )


def _consents(report: OutcomeReport) -> ReportSection:
    c = report.consents
    table = ReportTable(
        "consents",
        "Consents expiring",
        (
            Column("Client", Kind.TEXT),
            Column("Consent", Kind.TEXT),
            Column("Recipient", Kind.TEXT),
            Column("Expires", Kind.DATE),
            Column("Caseworker", Kind.TEXT),
        ),
        tuple(
            (e.client_name, e.kind.label, e.recipient, e.expires_on, e.caseworker_name)
            for e in c.consents
        ),
    )
    return ReportSection(
        "consents",
        "Consents expiring in the next 30 days",
        f"Consents in effect that expire from {format_date(c.from_on)} to "
        f"{format_date(c.until)} (today's view, whatever the period), on clients with an "
        "active case, unless a newer one of the same kind (and recipient) was recorded.",
        (table,),
    )


def header_lines(report: OutcomeReport) -> tuple[tuple[str, str], ...]:
    """What every copy of the report says it is."""
    return (
        ("Period", report.period.label),
        ("Program", report.period.program_label),
        ("Cases of", report.scope.label),
        (
            "Made",
            f"{format_date(report.made_at.astimezone().date())} "
            f"{report.made_at.astimezone():%H:%M}",
        ),
    )
