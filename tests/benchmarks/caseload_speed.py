"""Benchmark: the caseload board and a caseworker's "My day" at 60 caseworkers and
20,000 cases, on SQLite and on PostgreSQL.

    python -m tests.benchmarks.caseload_speed [--cases 20000] [--caseworkers 60]
                                              [--rounds 100] [--only sqlite|postgresql]

Issue 5's target: median and p95 under 100 ms each, through the service layer
(``CaseloadService.board``, ``CaseloadService.my_day``; ``caseload`` and an
idempotent ``TaskService.ensure_reminders`` are timed too).

The office is loaded in bulk with SQL (clients, cases in every status, their
assignment history, consents, tasks, some recently changed by someone else),
then measured through the services. On PostgreSQL the supervisor and the
caseworker are signed in as their own login roles, so row-level security is
part of the cost; the scratch database and its roles are dropped at the end.

Prints figures; it is not a test. Takes about a minute on two cores.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, insert, text

from domain.cases.programs import ProgramForm
from domain.common.actor import Actor
from domain.common.policy import Role
from domain.services import Services
from storage import postgres_setup
from storage.cases.tables import case_assignments, cases, tasks
from storage.clients.tables import clients
from storage.common.engine import create_database_engine, sqlite_url
from storage.consents.tables import consents
from storage.schema import upgrade
from storage.staff.tables import staff
from tests.benchmarks.embedded_office import embedded_office
from tests.benchmarks.login_time import percentile
from tests.benchmarks.scratch_office import scratch_office
from tests.benchmarks.search_speed import _insert_many
from tests.benchmarks.timing import timed
from tests.conftest import (
    postgres_problem,
)

SEED = 2026
TARGET_MS = 100.0
WARM_UP = 5
UNASSIGNED = 0.02  # share of cases waiting in the queue
PROGRAMS = (("Rapid rehousing", 30), ("Family support", 90), ("Employment", 60))
FIRST_NAMES = ("Amara", "José", "Наталья", "Linh", "Fatima", "Wei", "Maria", "Samuel", "Aisha")
LAST_NAMES = ("Okafor", "García", "Петрова", "Nguyen", "Haddad", "Chen", "Rivera", "Brooks")


@dataclass(frozen=True)
class Office:
    services: Services
    supervisor: Actor
    caseworker: Actor  # the one whose "My day" is opened
    caseworker_ids: list[int]
    program_ids: list[int]


def load(connection: Connection, office: Office, case_count: int, seed: int) -> int:
    """Clients, cases, history, consents and tasks, in bulk; returns rows inserted."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    today = now.date()
    stamps = (1, now, "benchmark", now, "benchmark")
    stamp_names = ("version", "created_at", "created_by", "updated_at", "updated_by")
    client_rows, case_rows, history, consent_rows, task_rows = [], [], [], [], []
    task_id = 0
    for n in range(1, case_count + 1):
        client_rows.append((n, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), *stamps))
        opened = today - timedelta(days=rng.randint(0, 3 * 365))
        roll = rng.random()
        worker = None if roll < UNASSIGNED else rng.choice(office.caseworker_ids)
        if worker is None:
            status, closed_on = "intake", None
        elif roll < 0.35:
            status, closed_on = "closed", min(today, opened + timedelta(days=rng.randint(30, 400)))
        elif roll < 0.40:
            status, closed_on = "on_hold", None
        else:
            status, closed_on = "open", None
        assigned_on = None
        if worker is not None:
            assigned_on = min(today, opened + timedelta(days=rng.randint(0, 400)))
            history.append((n, worker, None, "", now, "benchmark"))
        # A tenth of the cases were changed in the last few days by someone else.
        changed = now - timedelta(days=rng.randint(0, 6)) if rng.random() < 0.1 else now
        case_rows.append(
            (
                n,
                n,
                rng.choice(office.program_ids),
                status,
                worker,
                opened,
                closed_on,
                assigned_on,
                1,
                now,
                "benchmark",
                changed,
                "other.person" if changed != now else "benchmark",
            )
        )
        expires = today + timedelta(days=rng.randint(-200, 400)) if rng.random() < 0.5 else None
        consent_rows.append((n, n, "services", "paper", opened, opened, expires, *stamps))
        if status in ("open", "on_hold"):
            for _ in range(rng.randint(0, 4)):
                task_id += 1
                due = today + timedelta(days=rng.randint(-30, 60))
                done = now if rng.random() < 0.5 else None
                task_rows.append((f"Follow-up {task_id}", due, worker, n, "manual", done, *stamps))
    rows = _insert_many(
        connection, clients, ("id", "first_name", "last_name", *stamp_names), client_rows
    )
    case_columns = (
        "id",
        "client_id",
        "program_id",
        "status",
        "assigned_staff_id",
        "opened_on",
        "closed_on",
        "assigned_on",
        *stamp_names,
    )
    rows += _insert_many(connection, cases, case_columns, case_rows)
    rows += _insert_many(
        connection,
        case_assignments,
        ("case_id", "staff_id", "previous_staff_id", "note", "created_at", "created_by"),
        history,
    )
    consent_columns = (
        "client_id",
        "case_id",
        "kind",
        "method",
        "signed_on",
        "effective_on",
        "expires_on",
        *stamp_names,
    )
    rows += _insert_many(connection, consents, consent_columns, consent_rows)
    task_columns = ("title", "due_on", "assignee_staff_id", "case_id", "source", "done_at")
    rows += _insert_many(connection, tasks, (*task_columns, *stamp_names), task_rows)
    return rows


def caseworker_rows(connection: Connection, count: int) -> list[int]:
    """The rest of the office's caseworkers, as plain staff rows (no logins needed)."""
    now = datetime.now(UTC)
    return [
        connection.execute(
            insert(staff)
            .values(
                username=f"bench_cw{n}",
                display_name=f"Caseworker {n:02d}",
                role="caseworker",
                must_change_password=False,
                version=1,
                created_at=now,
                created_by="benchmark",
                updated_at=now,
                updated_by="benchmark",
            )
            .returning(staff.c.id)
        ).scalar_one()
        for n in range(count)
    ]


def measure(database: str, office: Office, rounds: int) -> list[str]:
    s, boss, me = office.services, office.supervisor, office.caseworker
    board = s.caseloads.board(boss)
    day = s.caseloads.my_day(me)
    s.tasks.ensure_reminders(me)  # the first call creates them; the timed ones find them
    print(
        f"\n{database}: board of {len(board.caseworkers)} caseworkers "
        f"({sum(w.open_cases for w in board.caseworkers):,} active cases), "
        f"{len(board.unassigned)} waiting; My day of {len(day.cases)} cases, "
        f"{len(day.tasks_due)} tasks due, {len(day.reviews_due)} reviews due, "
        f"{len(day.consents_expiring)} consents expiring, {len(day.recent_changes)} changes"
    )
    print(f"{'what':<34} {'n':>4} | {'median':>8} {'p95':>8} {'max':>8}  (ms)")
    missed = []
    for label, call in (
        ("caseload board (supervisor)", lambda: s.caseloads.board(boss)),
        ("My day (caseworker)", lambda: s.caseloads.my_day(me)),
        ("a caseload (supervisor's pick)", lambda: s.caseloads.caseload(boss, me.staff_id)),
        ("ensure_reminders, none new", lambda: s.tasks.ensure_reminders(me)),
    ):
        spent = timed(call, rounds, WARM_UP)
        median, p95 = statistics.median(spent) * 1000, percentile(spent, 0.95) * 1000
        flag = ""
        if label.startswith(("caseload board", "My day")) and p95 > TARGET_MS:
            flag = f"  p95 > {TARGET_MS:.0f} ms"
            missed.append(f"{database.split(',')[0]}: {label}: p95 {p95:.1f} ms")
        print(
            f"{label:<34} {len(spent):>4} | {median:8.2f} {p95:8.2f} {max(spent) * 1000:8.2f}{flag}"
        )
    return missed


def run_sqlite(case_count: int, workers: int, rounds: int, seed: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_database_engine(sqlite_url(Path(folder) / "bench.sqlite3"))
        try:
            upgrade(engine)
            office = embedded_office(engine)
            s, admin = office.services, office.admin
            supervisor, caseworker = office.supervisor, office.caseworker
            programs = [
                s.programs.create(admin, ProgramForm(name, "", str(days))).id
                for name, days in PROGRAMS
            ]
            start = time.perf_counter()
            with engine.begin() as connection:
                others = caseworker_rows(connection, workers - 1)
                office = Office(s, supervisor, caseworker, [caseworker.staff_id, *others], programs)
                rows = load(connection, office, case_count, seed)
            with engine.connect() as connection:
                connection.execute(text("ANALYZE"))
            print(f"SQLite: {rows:,} rows loaded in {time.perf_counter() - start:.1f} s")
            return measure(f"SQLite, {case_count:,} cases", office, rounds)
        finally:
            engine.dispose()


def run_postgres(case_count: int, workers: int, rounds: int, seed: int) -> list[str]:
    problem = postgres_problem()
    if problem is not None:
        print(f"\nPostgreSQL skipped: {problem}")
        return ["PostgreSQL not measured"]
    with scratch_office() as pg:
        url = pg.url
        supervisor = pg.hire(Role.SUPERVISOR, "Dana Lee", "sv")
        caseworker = pg.hire(Role.CASEWORKER, "Jamie Chen", "cw")
        programs = [
            pg.admin.services.programs.create(pg.admin.actor, ProgramForm(name, "", str(d))).id
            for name, d in PROGRAMS
        ]
        # The IT person loads rows as a data import would: no per-row triggers.
        it = create_database_engine(
            postgres_setup.with_options(url, search_path=postgres_setup.SCHEMA)
        )
        try:
            start = time.perf_counter()
            with it.begin() as connection:
                connection.execute(text("SET LOCAL session_replication_role = replica"))
                others = caseworker_rows(connection, workers - 1)
                ids = [caseworker.actor.staff_id, *others]
                # Each person calls through their own session's services.
                routed = _EachTheirOwn([supervisor, caseworker])
                office = Office(routed, supervisor.actor, caseworker.actor, ids, programs)
                rows = load(connection, office, case_count, seed)
                for table in ("clients", "cases"):
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) "
                            f"FROM {table}"
                        )
                    )
            with it.connect() as connection:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.execute(text("VACUUM (ANALYZE)"))
                version = connection.execute(text("SHOW server_version")).scalar_one().split()[0]
            loaded = time.perf_counter() - start
            print(f"\nPostgreSQL {version}: {rows:,} rows loaded in {loaded:.1f} s")
        finally:
            it.dispose()
        database = f"PostgreSQL {version}, {case_count:,} cases, each person as their own login"
        return measure(database, office, rounds)


class _EachTheirOwn:
    """Services that route each call to the signed-in person it is made for."""

    def __init__(self, sessions) -> None:
        self._by_staff = {session.actor.staff_id: session.services for session in sessions}

    def __getattr__(self, name):
        return _Routed(self._by_staff, name)


class _Routed:
    def __init__(self, by_staff, service: str) -> None:
        self._by_staff, self._service = by_staff, service

    def __getattr__(self, method):
        def call(actor, *args, **kwargs):
            service = getattr(self._by_staff[actor.staff_id], self._service)
            return getattr(service, method)(actor, *args, **kwargs)

        return call


def run(case_count: int, workers: int, rounds: int, only: str | None, seed: int) -> int:
    missed = []
    if only in (None, "sqlite"):
        missed += run_sqlite(case_count, workers, rounds, seed)
    if only in (None, "postgresql"):
        missed += run_postgres(case_count, workers, rounds, seed)
    print()
    if missed:
        print(f"Missed the target (p95 < {TARGET_MS:.0f} ms):")
        for line in missed:
            print(f"  {line}")
        return 1
    print(f"The board and My day met the target (p95 < {TARGET_MS:.0f} ms) on every database.")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--caseworkers", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=100, help="measured calls per kind")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    started = time.perf_counter()
    status = run(args.cases, args.caseworkers, args.rounds, args.only, args.seed)
    print(f"Total {time.perf_counter() - started:.0f} s")
    raise SystemExit(status)
