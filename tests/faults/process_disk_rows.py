"""The fault table's rows for processes and disks (tests/faults/fault_table.py):
PostgreSQL crashed and started again, CaseDesk killed mid-save on SQLite and on
PostgreSQL, the embedded office's disk full and read-only.

Made here outside pytest, so this sets up what the suite's fixtures would: a
keyring file of its own (never the computer's), a migrated SQLite template, a
scratch office on the local PostgreSQL, and a scratch cluster to crash (root
and Debian's pg_createcluster needed; said in the row when missing).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import keyring

from storage.common.engine import create_database_engine, sqlite_url
from storage.notes.draft_files import DraftFiles
from storage.schema import upgrade
from tests import file_keyring
from tests.benchmarks.scratch_office import scratch_office
from tests.conftest import FAST_HASHING, postgres_problem
from tests.faults import disk_scenarios, process_scenarios
from tests.faults.process_scenarios import KillOutcome
from tests.faults.scenarios import Outcome
from tests.storage.staff.scram_cluster import ClusterUnavailable


def table_row(label: str, o: Outcome) -> str:
    """One line, in the columns of the network rows above it."""
    shown = o.shown or "(none: all saved)"
    if isinstance(o, KillOutcome) and o.killed_during:
        during = ", ".join(f"{step} {n}" for step, n in o.killed_during.most_common())
        shown = f"{shown}; killed during: {during}"
    return (
        f"{label:28} {o.runs:5} {o.lost:5} {o.half_saved:5} "
        f"{o.saved_though_refused:20} {'yes' if o.recovered else 'NO':>8}  {shown}"
    )


def _not_run(fault: str, why: str) -> Outcome:
    outcome = Outcome(fault, recovered=True)
    outcome.messages[f"NOT RUN: {why}"] += 1
    return outcome


def _sum(fault: str, outcomes: list[Outcome]) -> Outcome:
    total = Outcome(fault, recovered=all(o.recovered for o in outcomes))
    for o in outcomes:
        total.runs += o.runs
        total.lost += o.lost
        total.half_saved += o.half_saved
        total.saved_though_refused += o.saved_though_refused
        total.messages.update(o.messages)
    return total


def rows(runs: int) -> Iterator[tuple[str, Outcome]]:
    with tempfile.TemporaryDirectory(prefix="casedesk-fault-rows-") as folder:
        scratch = Path(folder)
        ring = scratch / "keyring.json"
        os.environ[file_keyring.VARIABLE] = str(ring)  # the killed desks use it too
        os.environ["PYTHON_KEYRING_BACKEND"] = "tests.file_keyring.FileKeyring"
        keyring.set_keyring(file_keyring.FileKeyring(ring))
        template = scratch / "template.sqlite3"
        engine = create_database_engine(sqlite_url(template))
        upgrade(engine)
        engine.dispose()
        yield "PG crash (immediate stop)", _server_stopped(scratch, max(1, runs // 20))
        kills = max(2, runs // 4)
        sqlite = scratch / "sqlite-desk"
        sqlite.mkdir()
        desk = process_scenarios.sqlite_desk(sqlite, template, FAST_HASHING)
        yield "SIGKILL mid-save, SQLite", process_scenarios.killed_mid_loop(desk, runs=kills)
        if postgres_problem() is None:
            with scratch_office() as office:
                desk = process_scenarios.postgres_desk(office, scratch)
                outcome = process_scenarios.killed_mid_loop(desk, runs=kills)
            yield "SIGKILL mid-save, PostgreSQL", outcome
        times = max(1, runs // 20)
        full, read_only, method = [], [], "?"
        for _ in range(times):
            for scenario, outcomes in (
                (disk_scenarios.disk_full, full),
                (disk_scenarios.disk_read_only, read_only),
            ):
                with disk_scenarios.scratch_disk() as disk:  # a new office on a new disk
                    method = disk.method
                    if scenario is disk_scenarios.disk_full and not disk.can_fill:
                        continue
                    office = disk_scenarios.office_on(disk, template, FAST_HASHING)
                    try:
                        outcomes.append(scenario(office))
                    finally:
                        office.engine.dispose()
        yield (
            f"disk full ({method})",
            _sum("disk full", full) if full else _not_run("disk full", "nothing may be mounted"),
        )
        yield f"read-only disk ({method})", _sum("read-only", read_only)


def _server_stopped(scratch: Path, cycles: int) -> Outcome:
    if postgres_problem() is not None:
        return _not_run("server stopped", f"no PostgreSQL ({postgres_problem()})")
    with ExitStack() as stack:
        try:
            cluster = stack.enter_context(process_scenarios.crash_cluster())
        except ClusterUnavailable as error:
            return _not_run("server stopped", f"no scratch cluster ({error})")
        office = stack.enter_context(process_scenarios.office_on(cluster))
        worker, case_id = process_scenarios.open_case(office)
        drafts = DraftFiles(scratch / "crash-drafts")
        return process_scenarios.server_stopped(
            office, cluster, worker, case_id, drafts, runs=cycles
        )
