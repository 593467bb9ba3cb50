"""The fault table: each fault, how many saves ran through it, and what came of them.

    python -m tests.faults.fault_table [--runs 40]

Signs case notes through a proxy that cuts every connection at a random moment
of each call, slows each chunk, goes dark mid-statement or at the COMMIT, loses
the COMMIT's answer, or takes the whole line down during the COMMIT; makes new
drafts and addenda whose COMMIT's answer is lost; on a scratch office on the
local PostgreSQL; then counts what the server holds. The network rows' message
column starts with how many calls the fault met, how many saves were stored
twice, and the slowest call. Prints a table; not a test.
"""

from __future__ import annotations

import argparse
import logging

from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from tests.benchmarks.scratch_office import scratch_office
from tests.conftest import (
    postgres_problem,
)
from tests.faults import process_disk_rows
from tests.faults.scenarios import CREATING_FAULTS, SIGNING_FAULTS, create_through, sign_through

# Faults that each cost a watchdog's wait (1.5 s) per run: fewer runs of them.
SLOW_FAULTS = ("blackhole", "commit dropped", "answer lost", "line down", "draft", "addendum")


def _network_row(label: str, o) -> str:
    return (
        f"{label:28} {o.runs:5} {o.lost:5} {o.half_saved:5} "
        f"{o.saved_though_refused:20} {'yes' if o.recovered else 'NO':>8}  "
        f"{o.counts} {o.shown or '(none: all saved)'}"
    )


def run(runs: int) -> None:
    with scratch_office() as office:
        url = office.url
        program = office.admin.services.programs.create(
            office.admin.actor, ProgramForm("Family support", "", "90")
        )
        supervisor = office.hire(Role.SUPERVISOR, "Dana Lee", "sv")
        worker = office.hire(Role.CASEWORKER, "Nguyễn Thị Hoa", "cw")
        client = supervisor.services.clients.register(
            supervisor.actor, ClientForm(first_name="Mai", last_name="Nguyễn")
        )
        case_id = supervisor.services.cases.open_case(
            supervisor.actor, client.id, worker.actor.staff_id, program_id=program.id
        )
        print(
            f"{'fault':28} {'runs':>5} {'lost':>5} {'half':>5} {'stored, told failed':>20} "
            f"{'next ok':>8}  message"
        )
        with office.superuser() as superuser:
            for fault, label in SIGNING_FAULTS.items():
                n = max(3, runs // 4) if fault in SLOW_FAULTS else runs
                o = sign_through(url, superuser, worker, case_id, fault=fault, runs=n)
                print(_network_row(label, o), flush=True)
            for what, label in CREATING_FAULTS.items():
                n = max(3, runs // 4)
                o = create_through(url, superuser, worker, case_id, what=what, runs=n)
                print(_network_row(label, o), flush=True)
    # Processes and disks: PostgreSQL crashed, CaseDesk killed mid-save, a full and a
    # read-only disk under the embedded office (tests/faults/process_disk_rows.py).
    for label, outcome in process_disk_rows.rows(runs):
        print(process_disk_rows.table_row(label, outcome), flush=True)


def cli() -> None:
    # The watchdog's warnings, one per blackholed call, would bury the table.
    logging.getLogger("storage.common.connection_health").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    problem = postgres_problem()
    if problem is not None:
        raise SystemExit(f"PostgreSQL is needed: {problem}")
    run(args.runs)


if __name__ == "__main__":
    cli()
