"""The report's inputs, checked field by field, and the days its caseload chart counts."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from domain.common.errors import ValidationError
from domain.outcome_reports.period import (
    ReportForm,
    ReportPeriod,
    ReportScope,
    caseload_points,
    preset_periods,
    validate_report_form,
)
from domain.outcome_reports.tables import Kind, cell_text, rounded

TODAY = date(2026, 11, 23)
PROGRAMS = {7: "Housing help", 9: "Food security (closed)"}


def problems(form: ReportForm) -> dict[str, str]:
    with pytest.raises(ValidationError) as refused:
        validate_report_form(form, today=TODAY, programs=PROGRAMS)
    return refused.value.errors


def test_a_period_and_a_program_pass():
    period = validate_report_form(
        ReportForm("01/01/2026", "2026-06-30", 9), today=TODAY, programs=PROGRAMS
    )
    assert (period.start, period.end, period.days) == (date(2026, 1, 1), date(2026, 6, 30), 181)
    assert period.program_label == "Food security (closed)"
    assert period.label == "01/01/2026 to 06/30/2026"
    every = validate_report_form(ReportForm("1/1/2026", "12/31/2026"), today=TODAY, programs={})
    assert every.program_label == "All programs" and every.end == date(2026, 12, 31)


def test_each_field_says_what_is_wrong():
    assert problems(ReportForm("", "", 3)) == {
        "from_on": "Enter the first day of the period.",
        "to_on": "Enter the last day of the period.",
        "program_id": "Choose a program from the list, or all programs.",
    }
    assert "not a leap year" in problems(ReportForm("02/29/2026", "03/01/2026"))["from_on"]
    assert problems(ReportForm("12/01/2026", "12/31/2026")) == {
        "from_on": "The period cannot start after today (11/23/2026)."
    }
    assert problems(ReportForm("06/30/2026", "06/01/2026")) == {
        "to_on": "The period ends before it starts: the last day comes after the first."
    }
    assert problems(ReportForm("01/01/2020", "01/02/2025")) == {
        "to_on": "A report covers at most five years: choose a later first day."
    }


def test_the_audit_keeps_what_for_when_and_whose():
    period = ReportPeriod(date(2026, 1, 1), date(2026, 6, 30), 7, "Housing help")
    assert period.audit_detail(ReportScope(42, "Caseload of Ana")) == (
        "report=outcomes;from=2026-01-01;to=2026-06-30;program=7;scope=caseload:42"
    )


def test_ready_made_periods_end_today_while_they_run():
    presets = preset_periods(TODAY)
    assert presets["This year"] == (date(2026, 1, 1), TODAY)
    assert presets["Last year"] == (date(2025, 1, 1), date(2025, 12, 31))
    assert presets["Last 12 months"] == (date(2025, 11, 24), TODAY)
    assert presets["Last quarter"] == (date(2026, 7, 1), date(2026, 9, 30))
    assert presets["Last month"] == (date(2026, 10, 1), date(2026, 10, 31))
    assert preset_periods(date(2028, 2, 29))["Last 12 months"][0] == date(2027, 3, 1)


def test_caseloads_are_counted_at_each_month_end_or_each_week():
    year = ReportPeriod(date(2026, 1, 1), date(2026, 12, 31), None, "")
    points = caseload_points(year, TODAY)
    assert points[0] == date(2026, 1, 31) and points[-1] == TODAY  # none after today
    assert len(points) == 11
    quarter = ReportPeriod(date(2026, 7, 1), date(2026, 9, 30), None, "")
    weeks = caseload_points(quarter, TODAY)
    assert weeks[-1] == date(2026, 9, 30) and weeks[0] == date(2026, 7, 1)
    assert {(b - a).days for a, b in itertools.pairwise(weeks)} == {7}
    assert caseload_points(ReportPeriod(date(2027, 1, 1), date(2027, 1, 5), None, ""), TODAY) == ()


def test_cells_read_as_shown_and_files_keep_what_is_shown():
    assert cell_text(1234, Kind.COUNT) == "1,234"
    assert cell_text(4.4, Kind.DAYS) == "4.4"
    assert cell_text(2 / 3, Kind.CHANGE) == "+0.67"
    assert cell_text(33.333, Kind.PERCENT) == "33.3%"
    assert cell_text(None, Kind.DAYS) == "–"
    assert cell_text(date(2026, 12, 1), Kind.DATE) == "12/01/2026"
    assert rounded(33.3333, Kind.PERCENT) == 33.3
    assert rounded(2 / 3, Kind.SCORE) == 0.67
    assert rounded(7, Kind.COUNT) == 7
