"""Benchmark: does the screen stand still while a record of 2,000 notes opens?

    python -m tests.benchmarks.ui_stall [--notes 2000] [--rounds 10]
                                        [--only sqlite|postgresql]

Issue 18's goal: no stall of the UI thread over 50 ms. A timer due every
millisecond runs on the UI thread's event loop; the longest gap between two of
its ticks is the longest the screen stood still. Measured, as the caseworker
(on PostgreSQL her own login), the way the main window does it: the record read
on the background runner, then its window built and shown; then its Notes tab,
a scroll to the end of the list (the next page), and its Timeline tab. Also
printed: how long building the window itself held the UI thread.

The first round also pays for what a process does once (fonts, styles, the
first window); it is printed apart. Prints figures; it is not a test (the suite
has the same probe with a generous limit: tests/gui/notes/test_notes_paging.py).
Needs no display (QT_QPA_PLATFORM=offscreen is set unless another is chosen).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from domain.clients.record import ClientForm
from domain.common.actor import Actor
from domain.common.policy import Role
from domain.services import Services
from storage import postgres_setup
from storage.common.engine import create_database_engine, sqlite_url
from storage.schema import upgrade
from tests.benchmarks.embedded_office import embedded_office
from tests.benchmarks.notes_paging import words
from tests.benchmarks.scratch_office import scratch_office
from tests.conftest import postgres_problem
from tests.storage.notes.many_notes import add_signed_notes

TARGET_MS = 50.0
PHASES = ("open the record", "its Notes tab", "scroll to the next page", "its Timeline tab")


@dataclass
class Record:
    services: Services
    caseworker: Actor
    client_id: int


class StallProbe:
    """The longest wait between two ticks of a 1 ms timer on the UI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.longest = 0.0
        self._last: float | None = None
        self._timer = QTimer()
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.longest = max(self.longest, now - self._last)
        self._last = now

    def start(self) -> None:
        self.longest, self._last = 0.0, None
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.longest * 1000


def wait_until(app, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the record did not finish loading")
        app.processEvents()
        time.sleep(0.0005)


def settle(app, seconds: float) -> None:
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        app.processEvents()
        time.sleep(0.0005)


def one_round(app, runner, record: Record) -> tuple[dict[str, float], float]:
    """The longest stall of each phase (ms), and how long building the window took."""
    from gui.clients.record_window import ClientWindow

    s, me = record.services, record.caseworker
    probe = StallProbe()
    stalls: dict[str, float] = {}
    shown: list = []
    built: list[float] = []

    def show(client) -> None:
        start = time.perf_counter()
        window = ClientWindow(runner, s, me, client)
        window.resize(900, 640)
        window.show()
        built.append((time.perf_counter() - start) * 1000)
        shown.append(window)

    def phase(name: str, act: Callable[[], None], done: Callable[[], bool]) -> None:
        probe.start()
        settle(app, 0.02)
        act()
        wait_until(app, lambda: done() and not runner.busy)
        settle(app, 0.05)
        stalls[name] = probe.stop()

    phase(
        PHASES[0],
        lambda: runner.submit(s.clients.open, me, record.client_id, on_success=show),
        lambda: bool(shown),
    )
    window = shown[0]
    notes = window.notes
    phase(PHASES[1], lambda: window.tabs.setCurrentWidget(notes), lambda: notes.notes is not None)
    first = notes.model.rowCount()
    phase(PHASES[2], notes.view.scrollToBottom, lambda: notes.model.rowCount() > first)
    timeline = window.timeline
    phase(
        PHASES[3],
        lambda: window.tabs.setCurrentWidget(timeline),
        lambda: timeline.entries is not None,
    )
    window.close()
    window.deleteLater()
    settle(app, 0.05)
    return stalls, built[0]


def measure(title: str, record: Record, rounds: int) -> list[str]:
    from PySide6.QtWidgets import QApplication

    from gui.common.runner import BackgroundRunner

    app = QApplication.instance() or QApplication([])
    runner = BackgroundRunner()
    try:
        first = one_round(app, runner, record)
        later = [one_round(app, runner, record) for _ in range(rounds)]
    finally:
        runner.shutdown()
    print(f"\n{title}: the longest UI-thread stall (ms), {rounds} rounds after a first")
    print(f"{'phase':<26} {'first':>7} | {'p50':>7} {'max':>7}")
    missed = []
    for name in PHASES:
        worst = max(stalls[name] for stalls, _ in later)
        print(
            f"{name:<26} {first[0][name]:7.1f} | "
            f"{statistics.median(stalls[name] for stalls, _ in later):7.1f} {worst:7.1f}"
        )
        if worst > TARGET_MS:
            missed.append(f"{title}: {name} stalled {worst:.0f} ms")
    builds = [b for _, b in later]
    print(
        f"{'(building the window)':<26} {first[1]:7.1f} | "
        f"{statistics.median(builds):7.1f} {max(builds):7.1f}"
    )
    return missed


def _notes(connection, case_id: int, me: Actor, count: int) -> None:
    add_signed_notes(
        connection,
        case_id,
        me.staff_id,
        me.username,
        count,
        newest=datetime.now(UTC).date(),
        words=words(count),
    )


def run_sqlite(count: int, rounds: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_database_engine(sqlite_url(Path(folder) / "stall.sqlite3"))
        try:
            upgrade(engine)
            office = embedded_office(engine)
            s = office.services
            boss, me = office.supervisor, office.caseworker
            client = s.clients.register(boss, ClientForm(first_name="Amara", last_name="Okafor"))
            case_id = s.cases.open_case(boss, client.id, me.staff_id)
            with engine.begin() as connection:
                _notes(connection, case_id, me, count)
            with engine.connect() as connection:
                connection.execute(text("ANALYZE"))
            return measure(f"SQLite, {count:,} notes", Record(s, me, client.id), rounds)
        finally:
            engine.dispose()


def run_postgres(count: int, rounds: int) -> list[str]:
    problem = postgres_problem()
    if problem is not None:
        print(f"\nPostgreSQL skipped: {problem}")
        return []
    with scratch_office() as pg:
        boss = pg.hire(Role.SUPERVISOR, "Dana Lee", "sv")
        me = pg.hire(Role.CASEWORKER, "Jamie Chen", "cw")
        client = boss.services.clients.register(
            boss.actor, ClientForm(first_name="Amara", last_name="Okafor")
        )
        case_id = boss.services.cases.open_case(boss.actor, client.id, me.actor.staff_id)
        it = create_database_engine(
            postgres_setup.with_options(pg.url, search_path=postgres_setup.SCHEMA)
        )
        try:
            with it.begin() as connection:  # the server signs each row as it goes in
                _notes(connection, case_id, me.actor, count)
            with it.connect() as connection:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.execute(text("VACUUM (ANALYZE)"))
        finally:
            it.dispose()
        record = Record(me.services, me.actor, client.id)
        return measure(f"PostgreSQL, {count:,} notes, as her own login", record, rounds)


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    missed = []
    if args.only in (None, "sqlite"):
        missed += run_sqlite(args.notes, args.rounds)
    if args.only in (None, "postgresql"):
        missed += run_postgres(args.notes, args.rounds)
    print()
    for line in missed:
        print(f"Over {TARGET_MS:.0f} ms: {line}")
    if not missed:
        print(f"No stall of the UI thread over {TARGET_MS:.0f} ms.")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(cli())
