"""Each figure of the outcome report on the small office (small_office.py), whose
right answers are worked out there by hand, on SQLite and on PostgreSQL (where the
caseworkers' reports run under their own logins, behind row-level security)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.audit.events import AuditFilter
from domain.common.errors import PermissionDenied, ValidationError
from domain.outcome_reports.period import ReportForm
from domain.outcome_reports.service import ReportFormat
from tests.storage.outcome_reports.small_office import PERIOD


def report(session, program: int | None = None, period=PERIOD):
    return session.services.outcome_reports.report(
        session.actor, ReportForm(*period, program_id=program)
    )


def by_code(counts) -> dict[str, int]:
    return {c.code: c.count for c in counts if c.count}


def test_clients_served_and_new_intakes(scene):
    office = report(scene.supervisor)
    assert office.scope.is_office
    # One and Four and Six are new, Two returns (K3 after K2), Three continues (K4).
    assert (office.clients.served, office.clients.new) == (5, 3)
    assert (office.clients.returning, office.clients.continuing) == (1, 1)
    housing = report(scene.supervisor, scene.office.people.housing).clients
    assert (housing.served, housing.new, housing.returning, housing.continuing) == (4, 2, 1, 1)
    ana = report(scene.ana).clients
    assert (ana.served, ana.new, ana.returning, ana.continuing) == (2, 1, 1, 0)
    ben = report(scene.ben).clients
    assert (ben.served, ben.new, ben.returning, ben.continuing) == (2, 1, 0, 1)


def test_cases_opened_and_closed_by_reason_and_destination(scene):
    flow = report(scene.supervisor).cases
    assert (flow.opened, flow.closed) == (4, 2)  # K8 closed the day before the period
    assert by_code(flow.by_reason) == {"goals_met": 1, "lost_contact": 1}
    assert [(c.code, c.label, c.count) for c in flow.by_destination] == [
        ("410", "Rental by client, no ongoing housing subsidy", 1),
        ("", "", 1),  # K5 closed before CaseDesk asked
    ]
    assert by_code(flow.destination_groups()) == {"Permanent housing situations": 1, "": 1}
    housing = report(scene.supervisor, scene.office.people.housing).cases
    assert (housing.opened, housing.closed, by_code(housing.by_reason)) == (3, 1, {"goals_met": 1})
    ana = report(scene.ana).cases
    assert (ana.opened, ana.closed, by_code(ana.by_reason)) == (2, 1, {"goals_met": 1})
    assert by_code(ana.by_destination) == {"410": 1}


def test_assessment_change_first_against_latest(scene):
    change = {d.domain.value: d for d in report(scene.supervisor).assessments}
    # Three's food was scored at her first assessment, not at her latest.
    assert set(change) == {"housing", "income"}
    housing = change["housing"]
    # One 2 -> 4, Two 3 -> 2 (K2's earlier 1 is another episode), Three 2 -> 3.
    assert (housing.clients, housing.improved, housing.worsened, housing.unchanged) == (3, 2, 1, 0)
    assert housing.mean_first == pytest.approx(7 / 3)
    assert housing.mean_latest == pytest.approx(3.0)
    assert housing.mean_change == pytest.approx(2 / 3)
    assert housing.share(housing.improved) == pytest.approx(2 / 3)
    income = change["income"]
    assert (income.clients, income.unchanged, income.mean_change) == (1, 1, 0)
    ana = {d.domain.value: d for d in report(scene.ana).assessments}
    assert (ana["housing"].clients, ana["housing"].improved, ana["housing"].worsened) == (2, 1, 1)
    assert ana["housing"].mean_first == pytest.approx(2.5)
    ben = {d.domain.value: d for d in report(scene.ben).assessments}
    assert set(ben) == {"housing"} and ben["housing"].improved == 1


def test_plan_goals_by_status_from_the_newest_plan(scene):
    goals = report(scene.supervisor).goals
    total = goals.total
    assert (total.achieved, total.not_achieved, total.not_started) == (2, 1, 1)
    assert (total.in_progress, total.discontinued, total.total) == (0, 1, 5)
    domains = {g.domain.value: g for g in goals.by_domain}
    assert (domains["housing"].achieved, domains["housing"].discontinued) == (2, 1)
    assert domains["employment"].not_achieved == 1
    assert domains["income"].not_started == 1
    ana = report(scene.ana).goals.total
    assert (ana.achieved, ana.not_achieved, ana.not_started, ana.total) == (2, 1, 1, 4)
    ben = report(scene.ben).goals.total
    assert (ben.discontinued, ben.total) == (1, 1)


def test_referrals_by_status_outcome_and_time_to_answer(scene):
    figures = report(scene.supervisor).referrals
    assert figures.sent == 5  # the one of December 2025 is not counted
    assert by_code(figures.by_status) == {
        "completed": 2,
        "acknowledged": 1,
        "declined": 1,
        "sent": 1,
    }
    assert by_code(figures.by_outcome) == {
        "completed": 2,
        "declined": 1,
        "acknowledged": 1,
        "unanswered": 1,
    }
    pantry, housing = figures.by_resource
    assert pantry.resource_name == "Valley Food Pantry"
    # answered after 2, 4 and 1 days; completed after 20 and 10
    assert (pantry.referrals, pantry.answered, pantry.completed) == (3, 3, 2)
    assert (pantry.median_days_to_answer, pantry.median_days_to_completion) == (2, 15)
    assert (housing.referrals, housing.answered, housing.completed) == (2, 1, 0)
    assert (housing.median_days_to_answer, housing.median_days_to_completion) == (19, None)
    ana = {r.resource_name: r for r in report(scene.ana).referrals.by_resource}
    assert (ana["Valley Food Pantry"].median_days_to_answer, ana["Metro Housing"].referrals) == (
        3,
        1,
    )


def test_documentation_lag_median_and_90th_percentile(scene):
    lag = report(scene.supervisor).documentation
    rows = {row.name: row for row in lag.rows}
    ana, ben, sam = rows["Ana Alvarez"], rows["Ben Brooks"], rows["Sam Supervisor"]
    # signed 0, 2 and 5 days after the contact
    assert (ana.signed, ana.median_days, ana.late, ana.unsigned) == (3, 2, 1, 1)
    assert ana.p90_days == pytest.approx(4.4)
    assert (ben.signed, ben.median_days, ben.late) == (2, 5.5, 1)
    assert ben.p90_days == pytest.approx(9.1)
    assert (sam.signed, sam.median_days, sam.p90_days, sam.late) == (1, 0, 0, 0)
    # everyone: 0, 0, 1, 2, 5, 10
    assert (lag.total.signed, lag.total.median_days, lag.total.late) == (6, 1.5, 2)
    assert lag.total.p90_days == pytest.approx(7.5)
    # Ana's own report: her notes only (not Sam's on her case).
    mine = report(scene.ana).documentation
    assert [row.name for row in mine.rows] == ["Ana Alvarez"]
    assert (mine.total.signed, mine.total.median_days, mine.total.unsigned) == (3, 2, 1)


def test_caseload_size_per_caseworker_over_time(scene):
    series = report(scene.supervisor).caseloads
    assert series.days == (
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
        date(2026, 6, 30),
    )
    lines = {line.name: line.counts for line in series.lines}
    # K4 was Ana's from March 10 to April 20; K3 closed on May 31, K5 on June 15.
    assert lines == {"Ana Alvarez": (0, 1, 3, 2, 1, 1), "Ben Brooks": (1, 1, 0, 2, 2, 1)}
    housing = report(scene.supervisor, scene.office.people.housing).caseloads
    assert {line.name: line.counts for line in housing.lines}["Ben Brooks"] == (1, 1, 0, 1, 1, 1)
    # Ana sees the cases she holds now; K4 is Ben's again.
    assert {line.name: line.counts for line in report(scene.ana).caseloads.lines} == {
        "Ana Alvarez": (0, 1, 2, 2, 1, 1)
    }
    short = report(scene.supervisor, period=("06/01/2026", "06/30/2026")).caseloads
    assert short.days == tuple(date(2026, 6, day) for day in (2, 9, 16, 23, 30))


def test_consents_expiring_in_the_next_30_days(scene):
    ids = scene.office.consents
    expiring = report(scene.supervisor).consents
    assert (expiring.from_on, expiring.until) == (date(2026, 11, 23), date(2026, 12, 23))
    assert [c.consent_id for c in expiring.consents] == [
        ids["six services"],
        ids["one release"],
        ids["three release"],
    ]
    first = expiring.consents[1]
    assert (first.client_name, first.recipient, first.caseworker_name) == (
        "Olivia One",
        "Valley Food Pantry",
        "Ana Alvarez",
    )
    assert [c.consent_id for c in report(scene.ana).consents.consents] == [ids["one release"]]
    assert [c.consent_id for c in report(scene.ben).consents.consents] == [ids["three release"]]


def test_a_caseworker_sees_only_her_caseload(scene):
    """Nothing of Ben's reaches Ana's report: no client, note, referral or consent."""
    ana = report(scene.ana)
    assert ana.scope.staff_id == scene.ana.actor.staff_id
    assert ana.scope.label == "Caseload of Ana Alvarez"
    assert "Ben Brooks" not in {row.name for row in ana.documentation.rows}
    assert "Ben Brooks" not in {line.name for line in ana.caseloads.lines}
    assert {c.client_name for c in ana.consents.consents} == {"Olivia One"}
    assert sum(r.referrals for r in ana.referrals.by_resource) == 3


def test_only_supervisors_and_caseworkers_see_reports(scene):
    for session in (scene.admin, scene.frontdesk):
        with pytest.raises(PermissionDenied, match="supervisors and caseworkers"):
            report(session)


def test_viewing_and_saving_a_report_is_audited(scene):
    made = report(scene.ana, scene.office.people.housing)
    scene.ana.services.outcome_reports.record_output(
        scene.ana.actor, made.period, ReportFormat.XLSX
    )
    trail = scene.supervisor.services.audit.query(
        scene.supervisor.actor, AuditFilter(actor=scene.ana.actor.username)
    )
    reports = [e for e in trail if e.entity_type == "report"]
    housing = scene.office.people.housing
    expected = (
        f"report=outcomes;from=2026-01-01;to=2026-06-30;program={housing};"
        f"scope=caseload:{scene.ana.actor.staff_id}"
    )
    assert sorted((e.action, e.detail) for e in reports) == [
        ("report.saved", expected + ";format=xlsx;how=saved"),
        ("report.viewed", expected),
    ]


def test_the_period_and_program_are_checked_field_by_field(scene):
    with pytest.raises(ValidationError) as refused:
        report(scene.supervisor, 999_999, ("", "13/45/2026"))
    assert set(refused.value.errors) == {"from_on", "to_on", "program_id"}
    assert "first day" in refused.value.errors["from_on"]
    with pytest.raises(ValidationError) as refused:
        report(scene.supervisor, period=("06/30/2026", "01/01/2026"))
    assert refused.value.errors == {
        "to_on": "The period ends before it starts: the last day comes after the first."
    }


def test_a_period_with_nothing_in_it_reports_zeros(scene):
    empty = report(scene.supervisor, period=("01/01/2020", "12/31/2020"))
    assert empty.clients.served == 0 and (empty.cases.opened, empty.cases.closed) == (0, 0)
    assert empty.assessments == () and empty.goals.total.total == 0
    assert empty.referrals.sent == 0 and empty.referrals.by_resource == ()
    assert empty.documentation.rows == ()
    total = empty.documentation.total
    assert (total.signed, total.median_days, total.late, total.unsigned) == (0, None, 0, 0)
    assert empty.caseloads.lines == ()
    assert len(empty.consents.consents) == 3  # the next 30 days, whatever the period
