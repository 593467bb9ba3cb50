"""Benchmark: live updates with 20 listening desks on one PostgreSQL server.

    python -m tests.benchmarks.live_updates [--desks 20] [--changes 500] [--idle-seconds 60]

Twenty supervisors sign in as their own login roles; each desk runs the real
path a window does: its listening connection (storage/live/postgres_feed.py),
the GUI's 200 ms batching (gui/common/live_updates.py) on a Qt event loop, and
a re-read of the changed client through its services. One more desk commits
``--changes`` client edits, one at a time. Printed: commit-to-view-updated
latency (p50, p95; goal p95 < 500 ms), and the listening process's CPU while
all desks sit idle (goal: near 0). The scratch database and roles are dropped.

Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from domain.clients.record import ClientForm
from domain.common.policy import Role
from gui.common.live_updates import LiveUpdates
from tests.benchmarks.login_time import percentile
from tests.benchmarks.scratch_office import scratch_office
from tests.conftest import (
    postgres_problem,
)

# The desks' people (names only: each gets a login of its own).
NAMES = (
    "Dana Lee",
    "María García",
    "Jamie Chen",
    "Siobhán O'Connor",
    "Oluwaseun Adeyemi",
    "Nguyễn Thị Hoa",
    "Priya Raghunathan",
    "Mohammed Al-Rashid",
    "Zoë Müller",
    "Kenji Watanabe",
)


def pump(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def run(desks: int, changes: int, idle_seconds: float) -> None:
    _app = QCoreApplication.instance() or QCoreApplication([])  # the loop the views run on
    with scratch_office() as office:
        writer = office.hire(Role.FRONTDESK, "Taylor Brooks", "fd")
        client = writer.services.clients.register(
            writer.actor, ClientForm(first_name="Nguyễn", last_name="Văn An")
        )
        committed: dict[int, float] = {}  # client version -> when its commit returned
        updated: list[float] = []
        listeners = []
        for n in range(desks):
            desk = office.hire(Role.SUPERVISOR, NAMES[n % len(NAMES)], "sv")
            live = LiveUpdates(desk.changes)

            def refreshed(batch, desk=desk) -> None:
                record = desk.services.clients.reread(desk.actor, client.id)  # the view re-reads
                now = time.time()
                for change in batch.changes:
                    if change.table == "clients" and change.version in committed:
                        updated.append(now - committed[change.version])
                del record

            live.changed.connect(refreshed)
            live.start()
            listeners.append(live)
        pump(2.0)  # every desk listening
        print(f"{desks} desks listening on PostgreSQL; {changes} changes committed one by one")

        def commit_all() -> None:
            # Another desk's work, off this event loop: the loop stays free for the views.
            current = writer.services.clients.open(writer.actor, client.id)
            for n in range(changes):
                form = ClientForm(**{**vars(current.as_form()), "city": f"Springfield {n}"})
                current = writer.services.clients.change(
                    writer.actor, client.id, current.version, form
                )
                committed[current.version] = time.time()

        committer = threading.Thread(target=commit_all)
        started = time.monotonic()
        committer.start()
        while committer.is_alive():
            pump(0.05)
        took = time.monotonic() - started
        print(f"{changes} commits took {took:.1f} s ({1000 * took / changes:.1f} ms each)")
        pump(2.0)  # the last batches arrive
        expected = desks * changes
        print(
            f"views updated: {len(updated)} change deliveries of {expected} "
            "(changes inside one 200 ms batch count once per change)"
        )
        if updated:
            ms = [1000 * s for s in updated]
            print(
                f"commit to view updated: p50 {statistics.median(ms):.0f} ms, "
                f"p95 {percentile(ms, 0.95):.0f} ms, max {max(ms):.0f} ms (goal p95 < 500 ms)"
            )

        cpu_before, wall_before = time.process_time(), time.monotonic()
        pump(idle_seconds)
        cpu = time.process_time() - cpu_before
        wall = time.monotonic() - wall_before
        print(
            f"idle: {cpu:.2f} s CPU over {wall:.0f} s for all {desks} desks in this process "
            f"({100 * cpu / wall:.2f} % of one core; {100 * cpu / wall / desks:.3f} % per desk)"
        )
        for live in listeners:
            live.stop()


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--changes", type=int, default=500)
    parser.add_argument("--idle-seconds", type=float, default=60)
    args = parser.parse_args()
    problem = postgres_problem()
    if problem is not None:
        raise SystemExit(f"PostgreSQL is needed: {problem}")
    run(args.desks, args.changes, args.idle_seconds)


if __name__ == "__main__":
    cli()
