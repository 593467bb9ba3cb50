"""Benchmark: the outcome reports (issue 20) for a year at 100,000 clients and
1,000,000 signed notes, on PostgreSQL, each report as the person who asks for it.

    python -m tests.benchmarks.outcome_reports_speed [--clients 100000] [--notes 1000000]
                                                     [--rounds 5] [--seed 2026]

Builds the scale benchmark's office (tests/benchmarks/scale_office.py: about 60
caseworkers, 107,000 cases over six years, notes over each case's life) and loads
it as that benchmark does (scale_loading.py, on a scratch office from
scratch_office.py), then adds what the reports also count: an assessment of the
thirteen life domains when each case opened and follow-ups every few months, a
service plan with goals (and a second version for some), a resource directory
and referrals with their status steps, each case's close reason and destination,
and assignment histories dated as they happened.

Then times ``OutcomeReportService.report`` for the last twelve months: the
supervisor's (the office), the supervisor's for one program, and the measured
caseworker's (her caseload, behind row-level security), each figure on its own
(the service reports as it finishes each), and the PDF, workbook and CSV made
from the office's report. Issue 20's goal: every report under 2 s. Prints a
table; it is not a test. About five minutes here at the full size (two cores);
``--clients 20000 --notes 100000`` takes about one.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time

import psycopg

from domain.cases.case import CloseReason
from domain.cases.programs import ProgramForm
from domain.common.field_rules import format_date
from domain.common.policy import Role
from domain.hmis_export.codes import DESTINATION
from domain.outcome_reports.period import ReportForm
from domain.outcome_reports.service import SECTIONS
from domain.staff.session import Session
from reports.outcome_reports.report_pdf import outcome_report_pdf
from reports.outcome_reports.spreadsheets import report_csv, report_xlsx
from storage.assessments.tables import LIFE_DOMAINS
from storage.referrals.tables import RESOURCE_CATEGORIES
from tests.benchmarks.scale_loading import load_postgres
from tests.benchmarks.scale_office import CASE_COLUMNS, PROGRAMS, Logins, Member, Office, build
from tests.benchmarks.scratch_office import scratch_office
from tests.benchmarks.search_speed import generate
from tests.conftest import postgres_problem

SEED = 2026
TARGET_S = 2.0
WARM_UP = 1
BY = "benchmark"
GOAL_STATUSES = (
    "achieved",
    "achieved",
    "not_achieved",
    "in_progress",
    "not_started",
    "discontinued",
)
REFERRAL_PATHS = (
    ("acknowledged", "accepted", "service_started", "completed"),
    ("accepted", "service_started", "completed"),
    ("acknowledged", "declined"),
    ("declined",),
    ("no_response",),
    ("no_response", "acknowledged", "accepted"),
    (),
)
CLOSE_REASONS = tuple(reason.value for reason in CloseReason)
DESTINATIONS = tuple(DESTINATION)


@dataclass
class Extra:
    """The rows the scale office lacks, in each table's column order below."""

    assessments: list[tuple] = field(default_factory=list)
    scores: list[tuple] = field(default_factory=list)
    plans: list[tuple] = field(default_factory=list)
    goals: list[tuple] = field(default_factory=list)
    resources: list[tuple] = field(default_factory=list)
    referrals: list[tuple] = field(default_factory=list)
    steps: list[tuple] = field(default_factory=list)


STAMPS = ("created_at", "created_by", "updated_at", "updated_by")
COLUMNS = {
    "assessments": ("id", "client_id", "case_id", "kind", "assessed_on", *STAMPS),
    "assessment_scores": ("assessment_id", "domain", "score"),
    "service_plans": ("id", "case_id", "number", "drafted_on", "agreed_on", "agreed_how", *STAMPS),
    "plan_goals": ("plan_id", "position", "description", "domain", "target_on", "status", *STAMPS),
    "resources": ("id", "organisation", "service", "categories", *STAMPS),
    "referrals": (
        "id",
        "case_id",
        "client_id",
        "resource_id",
        "reason",
        "sent_on",
        "method",
        "status",
        "status_on",
        "outcome",
        *STAMPS,
    ),
    "referral_status_changes": ("referral_id", "status", "changed_on", "created_at", "created_by"),
}


def _at(day: date) -> datetime:
    return datetime.combine(day, clock_time(15), tzinfo=UTC)


def extra_rows(office: Office, seed: int) -> Extra:
    """Assessments, plans and referrals over each case's life, deterministic for a seed."""
    rng = random.Random(seed + 50)
    rand = rng.random
    extra = Extra()
    now = office.now
    stamps = (now, BY, now, BY)
    at = {name: n for n, name in enumerate(CASE_COLUMNS)}
    for n in range(300):
        category = RESOURCE_CATEGORIES[n % len(RESOURCE_CATEGORIES)]
        extra.resources.append(
            (n + 1, f"Resource {n + 1:03d}", category.replace("_", " "), f",{category},", *stamps)
        )
    assessment_id = plan_id = referral_id = 0
    for row in office.cases:
        case_id, client_id = row[at["id"]], row[at["client_id"]]
        opened, closed = row[at["opened_on"]], row[at["closed_on"]]
        end = closed or office.today
        # An assessment as the case opened, then every 60 to 150 days while it ran.
        day, scores = opened, [1 + int(rand() * 5) for _ in LIFE_DOMAINS]
        while day <= end:
            assessment_id += 1
            kind = "initial" if day == opened else "review"
            extra.assessments.append((assessment_id, client_id, case_id, kind, day, *stamps))
            for domain, score in zip(LIFE_DOMAINS, scores, strict=True):
                if rand() < 0.85:  # not every domain scored every time
                    extra.scores.append((assessment_id, domain, score))
            scores = [
                min(5, max(1, s + (1 if rand() < 0.35 else -1 if rand() < 0.15 else 0)))
                for s in scores
            ]
            day += timedelta(days=60 + int(rand() * 90))
        if row[at["assigned_staff_id"]] is None:
            continue
        versions = 2 if rand() < 0.3 else 1
        goals = [
            (LIFE_DOMAINS[int(rand() * len(LIFE_DOMAINS))], GOAL_STATUSES[int(rand() * 6)])
            for _ in range(1 + int(rand() * 4))
        ]
        for number in range(1, versions + 1):
            plan_id += 1
            drafted = min(end, opened + timedelta(days=14 * number))
            extra.plans.append((plan_id, case_id, number, drafted, drafted, "paper", *stamps))
            for position, (domain, status) in enumerate(goals, start=1):
                extra.goals.append(
                    (
                        plan_id,
                        position,
                        f"A goal about {domain.replace('_', ' ')}",
                        domain,
                        drafted + timedelta(days=180),
                        status,
                        *stamps,
                    )
                )
        for _ in range(int(rand() * 2.2)):
            referral_id += 1
            sent = opened + timedelta(days=int(rand() * max(1, (end - opened).days)))
            path = REFERRAL_PATHS[int(rand() * len(REFERRAL_PATHS))]
            day, status = sent, "sent"
            extra.steps.append((referral_id, "sent", sent, _at(sent), BY))
            for step in path:
                day += timedelta(days=1 + int(rand() * 12))
                if day > office.today:
                    break
                status = step
                extra.steps.append((referral_id, step, day, _at(day), BY))
            resource = 1 + int(rand() ** 2 * 300)  # some resources far busier than others
            outcome = "Service received" if status == "completed" else ""
            extra.referrals.append(
                (
                    referral_id,
                    case_id,
                    client_id,
                    resource,
                    "Needs help",
                    sent,
                    "phone",
                    status,
                    day if status != "sent" else sent,
                    outcome,
                    *stamps,
                )
            )
    return extra


def _copy(cursor: psycopg.Cursor, table: str, rows: list[tuple]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load_extra(connect, extra: Extra) -> dict[str, float]:
    timings = {}
    start = time.perf_counter()
    with connect() as conn, conn.transaction(), conn.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table, rows in (
            ("resources", extra.resources),
            ("assessments", extra.assessments),
            ("assessment_scores", extra.scores),
            ("service_plans", extra.plans),
            ("plan_goals", extra.goals),
            ("referrals", extra.referrals),
            ("referral_status_changes", extra.steps),
        ):
            _copy(cursor, table, rows)
        for table in (
            "resources",
            "assessments",
            "service_plans",
            "plan_goals",
            "referrals",
            "referral_status_changes",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
        timings["assessments, plans, referrals"] = time.perf_counter() - start
        start = time.perf_counter()
        # Assignments as they happened (the scale office stamps them with today), and
        # how each closed case ended.
        cursor.execute(
            "UPDATE case_assignments a SET created_at = "
            "(coalesce(c.assigned_on, c.opened_on) + time '15:00') AT TIME ZONE 'UTC' "
            "FROM cases c WHERE c.id = a.case_id"
        )
        reasons = "ARRAY[" + ", ".join(f"'{r}'" for r in CLOSE_REASONS) + "]"
        codes = "ARRAY[" + ", ".join(str(c) for c in DESTINATIONS) + "]"
        cursor.execute(
            f"UPDATE cases SET close_reason = ({reasons})[1 + id % {len(CLOSE_REASONS)}], "
            "close_outcome = 'achieved', "
            f"exit_destination = CASE WHEN id % 5 = 0 THEN NULL "
            f"ELSE ({codes})[1 + (id * 7) % {len(DESTINATIONS)}] END "
            "WHERE status = 'closed'"
        )
        timings["histories and closings"] = time.perf_counter() - start
    start = time.perf_counter()
    with connect() as conn:
        conn.execute("VACUUM (ANALYZE)")
    timings["VACUUM (ANALYZE)"] = time.perf_counter() - start
    return timings


# --- timing ---------------------------------------------------------------------------


@dataclass
class Scenario:
    label: str
    session: Session
    form: ReportForm
    sections: dict[str, list[float]] = field(default_factory=dict)
    total: list[float] = field(default_factory=list)


def time_report(scenario: Scenario):
    s, me = scenario.session.services.outcome_reports, scenario.session.actor
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    report = s.report(
        me, scenario.form, progress=lambda key: marks.append((key, time.perf_counter()))
    )
    spent = time.perf_counter() - start
    previous = start
    timings = {}
    for key, moment in marks:
        timings[key] = moment - previous
        previous = moment
    return report, spent, timings


def measure(scenario: Scenario, rounds: int):
    report = None
    for n in range(WARM_UP + rounds):
        report, spent, timings = time_report(scenario)
        if n < WARM_UP:
            continue
        scenario.total.append(spent)
        for key, seconds in timings.items():
            scenario.sections.setdefault(key, []).append(seconds)
    return report


def print_table(scenarios: list[Scenario]) -> list[str]:
    width = 16
    print(
        f"\n{'report (s, median / slowest)':<30}"
        + "".join(f"{s.label:>{2 * width}}" for s in scenarios)
    )
    missed = []
    for key in (*SECTIONS, "whole report"):
        cells = []
        for s in scenarios:
            samples = s.total if key == "whole report" else s.sections[key]
            median, worst = statistics.median(samples), max(samples)
            flag = " !" if worst > TARGET_S else "  "
            if worst > TARGET_S and key != "whole report":
                missed.append(f"{s.label}: {key} {worst:.2f} s")
            cells.append(
                f"{median:>{width - 2}.3f} / {worst:>6.3f}{flag}"[: 2 * width].rjust(2 * width)
            )
        print(f"{key:<30}" + "".join(cells))
    return missed


def run(args) -> int:
    problem = postgres_problem()
    if problem is not None:
        print(f"PostgreSQL not reachable: {problem}")
        return 1
    data = generate(args.clients, args.seed)
    print(f"Generated {len(data.people):,} clients in {data.seconds:.1f} s")
    with scratch_office() as pg:
        admin = pg.admin
        supervisor = pg.hire(Role.SUPERVISOR, "Dana Lee", "sv")
        caseworker = pg.hire(Role.CASEWORKER, "Jamie Chen", "cw")
        frontdesk = pg.hire(Role.FRONTDESK, "Tomás Brooks", "fd")
        programs = [
            admin.services.programs.create(admin.actor, ProgramForm(name, "", str(days))).id
            for name, days in PROGRAMS
        ]

        def member(session: Session) -> Member:
            a = session.actor
            return Member(a.staff_id, a.username, a.display_name, a.role.value)

        logins = Logins(*(member(s) for s in (admin, supervisor, caseworker, frontdesk)))
        with pg.superuser() as it:
            first_id = it.execute("SELECT max(id) + 1 FROM staff").fetchone()[0]
        start = time.perf_counter()
        office = build(data, logins, first_id, programs, args.notes, args.seed)
        extra = extra_rows(office, args.seed)
        generated = time.perf_counter() - start
        timings = load_postgres(pg.superuser, office, iter(()))
        timings |= load_extra(pg.superuser, extra)
        with pg.superuser() as it:
            version = it.execute("SHOW server_version").fetchone()[0].split()[0]
        print(
            f"PostgreSQL {version}: {len(data.people):,} clients, {office.case_count:,} cases, "
            f"{len(office.notes):,} signed notes, {len(extra.assessments):,} assessments "
            f"({len(extra.scores):,} scores), {len(extra.goals):,} plan goals, "
            f"{len(extra.referrals):,} referrals; generated in {generated:.0f} s, loaded in "
            f"{sum(timings.values()):.0f} s ("
            + "; ".join(f"{what} {seconds:.1f} s" for what, seconds in timings.items())
            + ")"
        )
        today = office.today
        year = ReportForm(format_date(today - timedelta(days=364)), format_date(today))
        scenarios = [
            Scenario("supervisor, office", supervisor, year),
            Scenario(
                "supervisor, 1 program",
                supervisor,
                ReportForm(year.from_on, year.to_on, programs[0]),
            ),
            Scenario("caseworker, own", caseworker, year),
        ]
        report = None
        for scenario in scenarios:
            made = measure(scenario, args.rounds)
            report = report or made
        missed = print_table(scenarios)
        print(
            f"(the last {len(scenarios[0].total)} of {WARM_UP + args.rounds} calls each; "
            "each person as their own login role)"
        )
        print(
            f"\nThe office's report: {report.clients.served:,} clients served, "
            f"{report.cases.closed:,} cases closed, {report.documentation.total.signed:,} "
            f"notes signed, {report.referrals.sent:,} referrals, "
            f"{len(report.caseloads.lines)} caseworkers"
        )
        for label, make in (
            ("PDF", outcome_report_pdf),
            ("workbook (XLSX)", report_xlsx),
            ("CSV", report_csv),
        ):
            start = time.perf_counter()
            made = make(report)
            print(f"  {label:<16} {time.perf_counter() - start:6.2f} s, {len(made) / 1024:,.0f} KB")
    wholes = "; ".join(f"{s.label} {statistics.median(s.total):.2f} s" for s in scenarios)
    if missed:
        print(f"\nOver {TARGET_S:.0f} s: " + "; ".join(missed))
        return 1
    print(f"\nEvery figure under {TARGET_S:.0f} s. The whole report (median): {wholes}.")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--notes", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5, help="measured reports per person")
    parser.add_argument("--seed", type=int, default=SEED)
    started = time.perf_counter()
    status = run(parser.parse_args())
    print(f"Total {time.perf_counter() - started:.0f} s")
    raise SystemExit(status)
