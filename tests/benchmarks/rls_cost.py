"""Benchmark: what row-level security costs a caseworker, by how many cases she ever had.

    python -m tests.benchmarks.rls_cost [--rounds 200] [--explain]

Two caseworkers on one PostgreSQL office of 20,000 clients and 200,000 notes:
Amara keeps 60 open cases; Bogdan keeps 60 open cases and 1,500 closed ones
(ten notes on each case of both). Each, under their own login, runs the same
reads through the services: a search for one of their clients by name, the
client's notes, and opening the record; and the same statements as raw SQL.
The policy should cost the same for both. ``--explain`` prints EXPLAIN
(ANALYZE, BUFFERS) of the notes read as Bogdan. Prints figures; not a test.
"""

from __future__ import annotations

import argparse
import statistics
import time

from sqlalchemy import text

from domain.common.policy import Role
from storage import postgres_setup
from storage.common.engine import create_database_engine
from tests.benchmarks.login_time import percentile
from tests.benchmarks.scratch_office import scratch_office
from tests.conftest import (
    postgres_problem,
)

CLIENTS = 20_000
NOTES_PER_CASE = 10
STAMP = "now(), 'bench', now(), 'bench'"


def load(connection, amara: int, bogdan: int, other: int) -> None:
    run = lambda sql: connection.execute(text(sql))  # noqa: E731 - a local shorthand
    run("SET LOCAL session_replication_role = replica")  # a data import: no triggers
    run(
        "INSERT INTO clients (id, first_name, last_name, version, created_at, created_by, "
        f"updated_at, updated_by) SELECT n, 'Given' || n, 'Family' || n, 1, {STAMP} "
        f"FROM generate_series(1, {CLIENTS}) n"
    )
    run(
        "INSERT INTO client_search_words (client_id, word) "
        f"SELECT n, 'family' || n FROM generate_series(1, {CLIENTS}) n"
    )
    # Amara: clients 1-60 open. Bogdan: 61-120 open, 121-1620 closed. The rest: others'.
    run(
        "INSERT INTO cases (id, client_id, status, assigned_staff_id, opened_on, closed_on, "
        "version, created_at, created_by, updated_at, updated_by) "
        "SELECT n, n, CASE WHEN n BETWEEN 121 AND 1620 THEN 'closed' ELSE 'open' END, "
        f"CASE WHEN n <= 60 THEN {amara} WHEN n <= 1620 THEN {bogdan} ELSE {other} END, "
        "current_date - 400, CASE WHEN n BETWEEN 121 AND 1620 THEN current_date - 30 END, "
        f"1, {STAMP} FROM generate_series(1, {CLIENTS}) n"
    )
    run(
        "INSERT INTO case_notes (case_id, author_staff_id, contact_on, narrative, "
        "contact_type, version, created_at, updated_at) "
        "SELECT c.id, c.assigned_staff_id, current_date - k, 'Called about the rent.', "
        f"'phone', 1, now(), now() FROM cases c, generate_series(1, {NOTES_PER_CASE}) k"
    )
    for table in ("clients", "cases"):
        run(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")


def timed(call, rounds: int) -> tuple[float, float]:
    for _ in range(10):
        call()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        samples.append(1000 * (time.perf_counter() - start))
    return statistics.median(samples), percentile(samples, 0.95)


NOTES_SQL = (
    "SELECT n.id, n.narrative FROM case_notes n JOIN cases c ON c.id = n.case_id "
    "WHERE c.client_id = %s ORDER BY n.contact_on DESC, n.id DESC"
)
SEARCH_SQL = (
    "SELECT c.id FROM clients c JOIN client_search_words w ON w.client_id = c.id "
    "WHERE w.word >= %s AND w.word < %s ORDER BY c.last_name, c.first_name, c.id LIMIT 50"
)


def run(rounds: int, explain: bool) -> None:
    with scratch_office() as office:
        url = office.url
        amara = office.hire(Role.CASEWORKER, "Amara Okafor", "cwa")
        bogdan = office.hire(Role.CASEWORKER, "Bogdan Kowalczyk", "cwb")
        other = office.hire(Role.CASEWORKER, "Mei Tanaka", "cwo")
        it = create_database_engine(
            postgres_setup.with_options(url, search_path=postgres_setup.SCHEMA)
        )
        try:
            with it.begin() as connection:
                load(connection, amara.actor.staff_id, bogdan.actor.staff_id, other.actor.staff_id)
            with it.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                    text("VACUUM (ANALYZE)")
                )
        finally:
            it.dispose()
        print(
            f"{CLIENTS:,} clients, {CLIENTS * NOTES_PER_CASE:,} notes; "
            f"{rounds} rounds each, ms (p50 / p95)"
        )
        print(f"{'':34} {'Amara (60 open)':>20} {'Bogdan (+1,500 closed)':>24}")
        people = ((amara, 30), (bogdan, 90))  # each reads one of their open clients
        results: dict[str, list[str]] = {}
        for person, client_id in people:
            s, me = person.services, person.actor
            with office.connect_as(me.username) as psql:
                psql.execute(f"SET search_path = {postgres_setup.SCHEMA}")
                word = f"family{client_id}"
                checks = {
                    "search (service)": lambda s=s, me=me, w=word: s.clients.search(me, w),
                    "search (raw SQL)": lambda p=psql, w=word: p.execute(
                        SEARCH_SQL, (w, w + "~")
                    ).fetchall(),
                    "notes of a client (service)": lambda s=s, me=me, c=client_id: (
                        s.notes.for_client(me, c)
                    ),
                    "notes of a client (raw SQL)": lambda p=psql, c=client_id: p.execute(
                        NOTES_SQL, (c,)
                    ).fetchall(),
                    "open the record (service)": lambda s=s, me=me, c=client_id: s.clients.open(
                        me, c
                    ),
                }
                for name, call in checks.items():
                    p50, p95 = timed(call, rounds)
                    results.setdefault(name, []).append(f"{p50:6.2f} / {p95:6.2f}")
                if explain and person is bogdan:
                    plan = psql.execute(
                        "EXPLAIN (ANALYZE, BUFFERS) " + NOTES_SQL, (client_id,)
                    ).fetchall()
                    explained = "\n".join(row[0] for row in plan)
        for name, cells in results.items():
            print(f"{name:34} {cells[0]:>20} {cells[1]:>24}")
        if explain:
            print("\nEXPLAIN (ANALYZE, BUFFERS) of the notes read, as Bogdan:\n" + explained)


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    problem = postgres_problem()
    if problem is not None:
        raise SystemExit(f"PostgreSQL is needed: {problem}")
    run(args.rounds, args.explain)


if __name__ == "__main__":
    cli()
