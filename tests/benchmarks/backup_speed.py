"""Benchmark: backing up and restoring the embedded database, and what a copy
costs someone saving at the same time.

    python -m tests.benchmarks.backup_speed [--large-rows 1000000] [--scale]
        [--scale-clients 100000] [--scale-notes 1000000] [--scale-audit 4000000]

The demo office (250 clients, built by demo/office.py through the use cases),
then a larger file: the demo office with ``--large-rows`` audit events added in
bulk (audit rows are the bulk of a busy office's file; the copy's cost follows
the file's size, not which table holds the pages). With ``--scale``, then a
large agency's file: the scale benchmark's office (tests/benchmarks/scale.py:
100,000 clients, 107,000 cases, 1,000,000 signed notes, 4,000,000 audit rows),
generated and loaded in bulk as it loads it. For each: the copy with its
check (integrity_check and every table's row count), the restore (check, copy
beside, check again, swap), the file's size; and, while the copy runs, a front
desk registering a client every 50 ms: the slowest save, and the longest a
10 ms ticker thread (standing in for the window's event loop) was kept waiting.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import main
from demo.office import seed_demo_office
from domain.audit.events import AuditAction
from domain.backups.copies import BackupKind
from domain.clients.record import ClientForm
from domain.common.policy import Role
from storage.backups.backup_files import SqliteBackups
from storage.backups.restore_file import restore_database
from storage.backups.sqlite_copy import check_copy, copy_snapshot
from storage.common.engine import create_database_engine, sqlite_url
from storage.schema import upgrade
from tests.conftest import FAST_HASHING

NAMES = "abcdefghijklmnopqrstuvwxyz"


def letters(n: int) -> str:
    word = ""
    while True:
        n, rest = divmod(n, 26)
        word += NAMES[rest]
        if n == 0:
            return word.capitalize()


def add_audit_rows(database: Path, rows: int) -> float:
    import sqlite3

    started = time.perf_counter()
    connection = sqlite3.connect(database)
    stamp = datetime(2025, 1, 1, tzinfo=UTC).isoformat(sep=" ")
    batch = 50_000
    for first in range(0, rows, batch):
        connection.executemany(
            "INSERT INTO audit_events (occurred_at, actor, workstation, action, entity_type, "
            "entity_id, detail) VALUES (?, 'mrivera', 'CASEWORK-07', ?, 'client', ?, ?)",
            (
                (stamp, str(AuditAction.CLIENT_VIEWED), n % 100_000, f"opened from search {n}")
                for n in range(first, min(rows, first + batch))
            ),
        )
        connection.commit()
    connection.close()
    return time.perf_counter() - started


class Typist:
    """A front desk saving a new client every 50 ms, and a 10 ms ticker."""

    def __init__(self, services, desk):
        self._services, self._desk = services, desk
        self._stop = threading.Event()
        self.saves: list[tuple[float, float]] = []  # (finished at, took)
        self.gaps: list[tuple[float, float]] = []
        self._threads = [threading.Thread(target=self._save), threading.Thread(target=self._tick)]

    def _save(self) -> None:
        n = 0
        while not self._stop.is_set():
            n += 1
            started = time.perf_counter()
            form = ClientForm(first_name="Typing", last_name=f"Bench{letters(n)}")
            self._services.clients.register(self._desk, form)
            finished = time.perf_counter()
            self.saves.append((finished, finished - started))
            time.sleep(0.05)

    def _tick(self) -> None:
        last = time.perf_counter()
        while not self._stop.is_set():
            time.sleep(0.01)
            now = time.perf_counter()
            self.gaps.append((now, now - last - 0.01))
            last = now

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        time.sleep(0.3)
        return self

    def __exit__(self, *_exc):
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def during(self, samples, start: float, end: float) -> list[float]:
        return [took for when, took in samples if start <= when <= end] or [0.0]


def measure(name: str, database: Path, services, desk, scratch: Path) -> None:
    store = SqliteBackups(database)
    with Typist(services, desk) as typist:
        started = time.perf_counter()
        copy = store.make_copy(str(scratch / "backups"), BackupKind.MANUAL, datetime.now(UTC))
        ended = time.perf_counter()
        time.sleep(0.2)
    saves = typist.during(typist.saves, started, ended)
    idle = [took for when, took in typist.saves if when < started] or [0.0]
    gaps = typist.during(typist.gaps, started, ended)
    target = scratch / f"restored-{name}.sqlite3"
    restore_started = time.perf_counter()
    restore_database(Path(copy.location), target, datetime.now(UTC))
    restored = time.perf_counter() - restore_started
    print(
        f"{name}: file {database.stat().st_size / (1 << 20):.1f} MB, {copy.rows:,} rows in "
        f"{len(copy.row_counts)} tables"
    )
    size = copy.size_bytes / (1 << 20)
    print(f"  backup with its check: {ended - started:.2f} s, copy {size:.1f} MB")
    alone = scratch / f"alone-{name}.sqlite3"
    copy_started = time.perf_counter()
    copy_snapshot(database, alone)
    check_started = time.perf_counter()
    check_copy(alone)
    print(
        f"    of which the copy {check_started - copy_started:.2f} s, "
        f"the check {time.perf_counter() - check_started:.2f} s (measured again, no one saving)"
    )
    print(f"  restore (check, copy beside, check, swap): {restored:.2f} s")
    print(
        f"  saves while copying: {len(saves)}, slowest {max(saves) * 1000:.0f} ms "
        f"(median idle {statistics.median(idle) * 1000:.0f} ms); longest ticker stall "
        f"{max(gaps) * 1000:.0f} ms"
    )


def scale_office(database: Path, clients: int, notes: int, audit: int, seed: int = 2026):
    """The scale benchmark's office in ``database``; its services and a front desk."""
    from domain.cases.programs import ProgramForm
    from domain.common.actor import Actor
    from domain.staff.accounts import StaffForm
    from domain.staff.session import FirstAdminForm
    from tests.benchmarks.scale_loading import load_sqlite
    from tests.benchmarks.scale_office import PROGRAMS, Logins, Member, audit_rows, build
    from tests.benchmarks.search_speed import generate
    from tests.conftest import TEST_PASSWORD

    started = time.perf_counter()
    data = generate(clients, seed)
    engine = create_database_engine(sqlite_url(database))
    upgrade(engine)
    auth = main.build_embedded(engine, hashing=FAST_HASHING)
    form = FirstAdminForm("admin", "Office Administrator", TEST_PASSWORD, TEST_PASSWORD)
    admin = auth.create_first_admin(form, "WS-01").actor
    s = auth.services

    def hire(role: Role, username: str, name: str) -> Actor:
        made = s.staff.create(
            admin, StaffForm(username, name, role.value), TEST_PASSWORD, TEST_PASSWORD
        )
        return Actor(made.id, made.username, name, role, "WS-01")

    people = [
        admin,
        hire(Role.SUPERVISOR, "dlee", "Dana Lee"),
        hire(Role.CASEWORKER, "jchen", "Jamie Chen"),
        hire(Role.FRONTDESK, "tbrooks", "Tomás Brooks"),
    ]
    logins = Logins(
        *(Member(a.staff_id, a.username, a.display_name, a.role.value, "WS-01") for a in people)
    )
    programs = [s.programs.create(admin, ProgramForm(n, "", str(d))).id for n, d in PROGRAMS]
    first_id = max(a.staff_id for a in people) + 1
    office = build(data, logins, first_id, programs, notes, seed)
    loader = create_database_engine(sqlite_url(database))
    try:
        with loader.begin() as connection:
            connection.exec_driver_sql("PRAGMA cache_size = -262144")
            load_sqlite(connection, office, audit_rows(office, audit, seed))
        with loader.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
    finally:
        loader.dispose()
    print(
        f"scale office built in {time.perf_counter() - started:.0f} s: {len(data.people):,} "
        f"clients, {len(office.cases):,} cases, {len(office.notes):,} signed notes, "
        f"{audit:,} audit rows"
    )
    return engine, auth.services, people[3]


def run_scale(clients: int, notes: int, audit: int) -> None:
    with tempfile.TemporaryDirectory(prefix="casedesk-backup-scale-") as folder:
        scratch = Path(folder)
        database = scratch / "casedesk-scale.sqlite3"
        engine, services, front = scale_office(database, clients, notes, audit)
        try:
            measure(
                f"scale office ({clients:,} clients, {notes:,} notes, {audit:,} audit rows)",
                database,
                services,
                front,
                scratch,
            )
        finally:
            engine.dispose()


def run(large_rows: int) -> None:
    with tempfile.TemporaryDirectory(prefix="casedesk-backup-bench-") as folder:
        scratch = Path(folder)
        database = scratch / "casedesk-demo.sqlite3"
        engine = create_database_engine(sqlite_url(database))
        upgrade(engine)
        auth = main.build_embedded(engine, hashing=FAST_HASHING)
        started = time.perf_counter()
        seed_demo_office(auth, "BENCH")
        print(f"demo office built in {time.perf_counter() - started:.1f} s")
        desk = next(
            s
            for s in auth.services.staff.list_staff(
                auth.sign_in("admin", "purple-otter-tuesday", "B").actor
            )
            if s.role is Role.FRONTDESK
        )
        front = auth.sign_in(desk.username, "purple-otter-tuesday", "BENCH").actor
        measure("demo office", database, auth.services, front, scratch)
        if large_rows:
            took = add_audit_rows(database, large_rows)
            print(f"added {large_rows:,} audit rows in {took:.1f} s")
            measure(
                f"demo office + {large_rows:,} audit rows", database, auth.services, front, scratch
            )
        engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--scale", action="store_true", help="then the scale benchmark's office (a few minutes)"
    )
    parser.add_argument("--scale-only", action="store_true", help="that office alone")
    parser.add_argument("--scale-clients", type=int, default=100_000)
    parser.add_argument("--scale-notes", type=int, default=1_000_000)
    parser.add_argument("--scale-audit", type=int, default=4_000_000)
    args = parser.parse_args()
    if not args.scale_only:
        run(args.large_rows)
    if args.scale or args.scale_only:
        run_scale(args.scale_clients, args.scale_notes, args.scale_audit)
