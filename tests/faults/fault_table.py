"""The fault table: each fault, how many saves ran through it, and what came of them.

    python -m tests.faults.fault_table [--runs 40]

Signs case notes through a proxy that cuts every connection at a random moment
of each call, or slows each chunk, on a scratch office on the local
PostgreSQL; then counts what the server holds. Prints a table; not a test.
"""

from __future__ import annotations

import argparse

from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from tests.benchmarks.scratch_office import scratch_office
from tests.conftest import (
    postgres_problem,
)
from tests.faults.scenarios import sign_through

FAULTS = ("cut", "delay")


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
            for fault in FAULTS:
                o = sign_through(url, superuser, worker, case_id, fault=fault, runs=runs)
                label = {"cut": "connection cut mid-call", "delay": "slow line (50 ms/chunk)"}[
                    fault
                ]
                print(
                    f"{label:28} {o.runs:5} {o.lost:5} {o.half_saved:5} "
                    f"{o.saved_though_refused:20} {'yes' if o.recovered else 'NO':>8}  "
                    f"{o.shown or '(none: all saved)'}"
                )


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    problem = postgres_problem()
    if problem is not None:
        raise SystemExit(f"PostgreSQL is needed: {problem}")
    run(args.runs)


if __name__ == "__main__":
    cli()
