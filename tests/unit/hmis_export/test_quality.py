"""The data-quality check's counting, on rows made by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from domain.hmis_export.quality import QualityCheck, Shortfall
from domain.hmis_export.rows import ClientRow, EnrollmentRow

NOW = datetime(2026, 11, 23, tzinfo=UTC)
CLIENT = ClientRow(
    1,
    "Ana",
    None,
    "Diaz",
    None,
    None,
    1,
    "123456789",
    1,
    date(1980, 3, 4),
    1,
    0,
    frozenset({5}),
    0,
    0,
    NOW,
    NOW,
    "dlee",
)
CASE = EnrollmentRow(10, 1, 7, date(2026, 3, 1), None, 1, None, None, None, None, NOW, NOW, "dlee")


def checked(clients, cases, *, coc="OH-505", names=True):
    check = QualityCheck(date(2026, 1, 1), date(2026, 11, 23), {7: coc}, names=names)
    for case in cases:
        check.enrollment(case)
    for client in clients:
        check.client(client)
    return {e.key: e for e in check.elements()}


def test_a_complete_record_has_nothing_to_fix_but_the_prior_living_situation():
    elements = checked([CLIENT], [CASE])
    assert {k for k, e in elements.items() if e.total} == {"living"}
    assert elements["living"].problems == ()  # nothing to fix in the record: not asked


def test_issues_hud_s_report_counts():
    child_veteran = replace(CLIENT, date_of_birth=date(2012, 1, 1), veteran_status=1)
    late_birth = replace(CLIENT, id=2, date_of_birth=date(2026, 5, 1))
    old = replace(CLIENT, id=3, date_of_birth=date(1901, 1, 1))
    cases = [
        CASE,
        replace(CASE, id=11, opened_on=date(2026, 4, 1)),  # overlaps case 10
        replace(CASE, id=12, client_id=2),
        replace(CASE, id=13, client_id=3, closed_on=date(2026, 6, 1), exit_destination=435),
    ]
    elements = checked([child_veteran, late_birth, old], cases)
    assert [p.detail for p in elements["veteran"].problems] == ["A veteran under 18 at entry"]
    assert sorted(p.client_id for p in elements["dob"].problems) == [2, 3]
    assert [(p.client_id, p.case_id) for p in elements["start"].problems] == [(1, 11)]
    [leaver] = elements["destination"].problems
    assert (leaver.case_id, leaver.shortfall) == (13, Shortfall.ISSUE)
    assert elements["destination"].applicable == 1


def test_without_names_only_counts_are_kept():
    nameless = replace(CLIENT, name_quality=99, first_name=None, last_name=None)
    elements = checked([nameless], [CASE], coc=None, names=False)
    assert (elements["name"].missing, elements["name"].problems) == (1, ())
    assert elements["coc"].missing == 1
