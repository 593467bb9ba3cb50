"""Benchmark: the fixed cost of one service call on PostgreSQL, under a caseworker's login.

    python -m tests.benchmarks.call_overhead [--rounds 500]

Times small service calls that do little work of their own (re-reading a client
the caseworker keeps, her My day, the office settings) against the bare SQL
round trip on a connection of the same login, so what is printed beyond the
SQL is CaseDesk's own cost per call: the transaction, checking the account,
the pool. Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from storage import postgres_setup
from tests.benchmarks.login_time import percentile
from tests.benchmarks.scratch_office import scratch_office
from tests.conftest import (
    postgres_problem,
)


def timed(call: Callable[[], object], rounds: int) -> tuple[float, float]:
    for _ in range(min(20, rounds)):
        call()  # warm the pool and the plans
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        samples.append(1000 * (time.perf_counter() - start))
    return statistics.median(samples), percentile(samples, 0.95)


def run(rounds: int) -> None:
    with scratch_office() as office:
        program = office.admin.services.programs.create(
            office.admin.actor, ProgramForm("Family support", "", "90")
        )
        supervisor = office.hire(Role.SUPERVISOR, "Dana Lee", "sv")
        worker = office.hire(Role.CASEWORKER, "Siobhán O'Connor", "cw")
        client = supervisor.services.clients.register(
            supervisor.actor, ClientForm(first_name="Oluwaseun", last_name="Adeyemi")
        )
        supervisor.services.cases.open_case(
            supervisor.actor, client.id, worker.actor.staff_id, program_id=program.id
        )
        s, me = worker.services, worker.actor
        with office.connect_as(me.username) as psql:
            psql.execute(f"SET search_path = {postgres_setup.SCHEMA}")
            rows = [
                ("bare SQL round trip (same login)", lambda: psql.execute("SELECT 1").fetchone()),
                (
                    "bare SQL: the client row",
                    lambda: psql.execute(
                        "SELECT * FROM clients WHERE id = %s", (client.id,)
                    ).fetchone(),
                ),
                ("clients.reread (own client)", lambda: s.clients.reread(me, client.id)),
                ("settings.read", lambda: s.settings.read(me)),
                ("caseloads.my_day", lambda: s.caseloads.my_day(me)),
            ]
            print(f"PostgreSQL, a caseworker's own login, {rounds} rounds each (ms)")
            print(f"{'call':40} {'p50':>7} {'p95':>7}")
            for name, call in rows:
                p50, p95 = timed(call, rounds)
                print(f"{name:40} {p50:7.2f} {p95:7.2f}")


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=500)
    args = parser.parse_args()
    problem = postgres_problem()
    if problem is not None:
        raise SystemExit(f"PostgreSQL is needed: {problem}")
    run(args.rounds)


if __name__ == "__main__":
    cli()
