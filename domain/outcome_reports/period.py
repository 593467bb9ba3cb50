"""What a report is asked for: a period and a program, checked field by field, and
whose cases it covers (the office, or one caseworker's caseload)."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, format_date, parse_date

# Five years and a leap day: a longer period is more likely a typing slip, and the
# caseload chart would hold more months than it can show.
LONGEST_PERIOD_DAYS = 5 * 365 + 1
# A period this short charts caseloads week by week; a longer one month by month.
WEEKLY_UP_TO_DAYS = 92
CONSENT_WINDOW_DAYS = 30


@dataclass(frozen=True)
class ReportForm:
    """What the person typed and chose on the Reports page."""

    from_on: str = ""  # MM/DD/YYYY or YYYY-MM-DD
    to_on: str = ""
    program_id: int | None = None  # None: every program


@dataclass(frozen=True)
class ReportPeriod:
    """A checked request: the days from ``start`` to ``end``, both included."""

    start: date
    end: date
    program_id: int | None
    program_name: str  # "" for every program

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{format_date(self.start)} to {format_date(self.end)}"

    @property
    def program_label(self) -> str:
        return self.program_name or "All programs"

    def audit_detail(self, scope: ReportScope) -> str:
        """What the audit trail keeps of a report: which, for when, and whose cases."""
        program = "all" if self.program_id is None else str(self.program_id)
        whose = "office" if scope.staff_id is None else f"caseload:{scope.staff_id}"
        return (
            f"report=outcomes;from={self.start.isoformat()};to={self.end.isoformat()};"
            f"program={program};scope={whose}"
        )


@dataclass(frozen=True)
class ReportScope:
    """Whose cases a report counts: the whole office (``staff_id`` None) or the cases
    assigned to one caseworker."""

    staff_id: int | None
    label: str  # "Whole office" or "Caseload of Maria Rivera"

    @property
    def is_office(self) -> bool:
        return self.staff_id is None


def _day(raw: str, field: str, missing: str, errors: dict[str, str]) -> date | None:
    try:
        day = parse_date(raw)
    except FieldProblem as problem:
        errors[field] = str(problem)
        return None
    if day is None:
        errors[field] = missing
    return day


def validate_report_form(
    form: ReportForm, *, today: date, programs: Mapping[int, str]
) -> ReportPeriod:
    """The period and program, or every problem at once, each under its own field.

    ``programs``: the office's programs by id (retired ones too: last year's report
    may be about a program since closed)."""
    errors: dict[str, str] = {}
    start = _day(form.from_on, "from_on", "Enter the first day of the period.", errors)
    end = _day(form.to_on, "to_on", "Enter the last day of the period.", errors)
    if start is not None and "from_on" not in errors and start > today:
        errors["from_on"] = f"The period cannot start after today ({format_date(today)})."
    if start is not None and end is not None:
        if end < start:
            errors["to_on"] = (
                "The period ends before it starts: the last day comes after the first."
            )
        elif (end - start).days + 1 > LONGEST_PERIOD_DAYS:
            errors["to_on"] = "A report covers at most five years: choose a later first day."
    program_name = ""
    if form.program_id is not None:
        if form.program_id not in programs:
            errors["program_id"] = "Choose a program from the list, or all programs."
        else:
            program_name = programs[form.program_id]
    if errors:
        raise ValidationError(errors)
    assert start is not None and end is not None
    return ReportPeriod(start, end, form.program_id, program_name)


# --- choosing a period --------------------------------------------------------------


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def preset_periods(today: date) -> dict[str, tuple[date, date]]:
    """The periods the page offers ready-made, by name; a period still running ends today."""
    this_quarter = _quarter_start(today)
    last_quarter = _quarter_start(this_quarter - timedelta(days=1))
    month = today.replace(day=1)
    last_month = (month - timedelta(days=1)).replace(day=1)
    return {
        "This year": (date(today.year, 1, 1), today),
        "Last year": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        "Last 12 months": (_twelve_months_before(today), today),
        "This quarter": (this_quarter, today),
        "Last quarter": (last_quarter, this_quarter - timedelta(days=1)),
        "This month": (month, today),
        "Last month": (last_month, month - timedelta(days=1)),
    }


def _twelve_months_before(today: date) -> date:
    """The day after the same day a year earlier (February 29 counts from March 1)."""
    try:
        return today.replace(year=today.year - 1) + timedelta(days=1)
    except ValueError:
        return date(today.year - 1, 3, 1)


def caseload_points(period: ReportPeriod, today: date) -> tuple[date, ...]:
    """The days the caseload chart counts each caseworker's open cases on: the end of
    each week (a short period) or month, and the period's last day; none after today."""
    last = min(period.end, today)
    if last < period.start:
        return ()
    if period.days <= WEEKLY_UP_TO_DAYS:
        points, day = [], last
        while day >= period.start:
            points.append(day)
            day -= timedelta(days=7)
        return tuple(reversed(points))
    points = []
    day = _month_end(period.start)
    while day < last:
        points.append(day)
        day = _month_end(day + timedelta(days=1))
    points.append(last)
    return tuple(points)
