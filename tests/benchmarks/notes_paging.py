"""Benchmark: one client with 2,000 signed notes, read a page at a time, on SQLite
and on PostgreSQL.

    python -m tests.benchmarks.notes_paging [--notes 2000] [--addenda 100]
                                            [--rounds 50] [--only sqlite|postgresql]

Issue 18's figures through the service layer, as the client's caseworker (on
PostgreSQL her own login, so row-level security and the server's proofs are part
of the cost): the Notes tab's first page and a page further down (what scrolling
reads), the timeline's first page and a later one, and a timeline search for a
note on page 40. Beside each, the SQL those calls ran on the notes (their
SELECTs on case_notes, case_note_goals and case_note_addenda, and any SET LOCAL,
caught as they went out) replayed on a plain driver cursor as the same person:
what the service adds is the rest.
Reading all 2,000 notes at once (what the Notes tab did before paging) is timed
for comparison.

The notes go in with SQL (tests/storage/notes/many_notes.py), signed as the app
signs them; the scratch databases and roles are dropped at the end. Prints
figures; it is not a test.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, event, text

from domain.clients.record import ClientForm
from domain.common.actor import Actor
from domain.common.policy import Role
from domain.notes.paging import PAGE_SIZE
from domain.services import Services
from storage import postgres_setup
from storage.common.engine import create_database_engine, sqlite_url
from storage.schema import upgrade
from tests.benchmarks.embedded_office import embedded_office
from tests.benchmarks.login_time import percentile
from tests.benchmarks.scratch_office import scratch_office
from tests.benchmarks.timing import timed
from tests.conftest import (
    TEST_PASSWORD,
    postgres_problem,
)
from tests.storage.notes.many_notes import add_signed_notes, plain_words

WARM_UP = 5
FINCH_PAGE = 40
FINCH = "Met the zebra finch breeder about the rent."


@dataclass
class Record:
    services: Services
    caseworker: Actor
    supervisor: Actor
    client_id: int
    raw: Callable[[], object]  # a plain DBAPI connection as the caseworker


class NoteSql:
    """The SELECTs on notes a call sends, caught on their way to the driver."""

    def __init__(self) -> None:
        self.caught: list[tuple[str, object]] | None = None
        event.listen(Engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, parameters, _context, _many) -> None:
        said = statement.lstrip().upper()
        notes = said.startswith("SELECT") and "case_note" in statement
        if self.caught is not None and (notes or said.startswith("SET LOCAL")):
            self.caught.append((statement, parameters))

    def of(self, call: Callable[[], object]) -> list[tuple[str, object]]:
        self.caught = []
        try:
            call()
            return self.caught
        finally:
            self.caught = None

    def close(self) -> None:
        event.remove(Engine, "before_cursor_execute", self._seen)


def replayed(raw, statements) -> Callable[[], None]:
    def replay() -> None:
        cursor = raw.cursor()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
        cursor.close()
        raw.commit()

    return replay


def measure(database: str, record: Record, rounds: int) -> None:
    s, me, client = record.services, record.caseworker, record.client_id
    pages = [s.notes.page(me, client)]
    while pages[-1].after is not None:
        pages.append(s.notes.page(me, client, pages[-1].after))
    timeline = [s.timeline.first_page(me, client)]
    while timeline[-1].cursor is not None:
        timeline.append(s.timeline.next_page(me, client, timeline[-1].cursor))
    notes = sum(len(p.notes) for p in pages)
    deep_note = pages[min(20, len(pages) - 1)].after
    assert [e.detail for e in s.timeline.search(me, client, "zebra finch")] == [FINCH]
    print(
        f"\n{database}: {notes:,} notes in {len(pages)} pages of {PAGE_SIZE}; "
        f"timeline of {timeline[0].total:,} entries in {len(timeline)} pages"
    )
    print(
        f"{'what (as the caseworker)':<40} {'n':>4} | {'p50':>7} {'p95':>7} | "
        f"{'raw p50':>7} {'raw p95':>7} | {'p95/raw':>7}  (ms)"
    )
    raw = record.raw()
    sql = NoteSql()
    try:
        for label, call in (
            ("Notes tab, first page", lambda: s.notes.page(me, client)),
            ("Notes tab, a scroll page (page 21)", lambda: s.notes.page(me, client, deep_note)),
            ("Timeline, first page", lambda: s.timeline.first_page(me, client)),
            (
                "Timeline, a scroll page",
                lambda: s.timeline.next_page(me, client, timeline[len(timeline) // 2 - 1].cursor),
            ),
            ("Timeline search, a note on page 40", lambda: s.timeline.search(me, client, "finch")),
            (
                f"for comparison: all {notes:,} notes at once",
                lambda: s.notes.for_client(me, client),
            ),
        ):
            spent = timed(call, rounds, WARM_UP)
            bare = timed(replayed(raw, sql.of(call)), rounds, WARM_UP)
            p50, p95 = statistics.median(spent) * 1000, percentile(spent, 0.95) * 1000
            r50, r95 = statistics.median(bare) * 1000, percentile(bare, 0.95) * 1000
            print(
                f"{label:<40} {len(spent):>4} | {p50:7.2f} {p95:7.2f} | "
                f"{r50:7.2f} {r95:7.2f} | {p95 / r95:7.1f}"
            )
    finally:
        sql.close()
        raw.close()


def words(count: int) -> Callable[[int], str]:
    finch = FINCH_PAGE * PAGE_SIZE - 10
    return lambda n: FINCH if n == min(finch, count - 1) else plain_words(n)


def addenda(services: Services, actor: Actor, client_id: int, count: int) -> None:
    """Corrections written over the last weeks, a few a day, to recent notes."""
    recent = services.notes.page(actor, client_id, size=count).notes
    for n, note in enumerate(recent[:count]):
        services.clock.now = datetime.now(UTC) - timedelta(days=n // 3, hours=n % 3)
        services.notes.add_addendum(actor, note.id, f"Landlord called back ({n}).")
    services.clock.now = None


class _Clock:
    """Now, unless a benchmark step sets a moment."""

    def __init__(self) -> None:
        self.now: datetime | None = None

    def __call__(self) -> datetime:
        return self.now or datetime.now(UTC)


def run_sqlite(count: int, addendum_count: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        engine = create_database_engine(sqlite_url(path))
        try:
            upgrade(engine)
            clock = _Clock()
            office = embedded_office(engine, clock=clock)
            s = office.services
            boss, me = office.supervisor, office.caseworker
            client = s.clients.register(boss, ClientForm(first_name="Amara", last_name="Okafor"))
            case_id = s.cases.open_case(boss, client.id, me.staff_id)
            start = time.perf_counter()
            with engine.begin() as connection:
                newest = datetime.now(UTC).date()
                add_signed_notes(
                    connection,
                    case_id,
                    me.staff_id,
                    me.username,
                    count,
                    newest=newest,
                    words=words(count),
                )
            addenda(s, me, client.id, addendum_count)
            with engine.connect() as connection:
                connection.execute(text("ANALYZE"))
            print(f"SQLite: {count:,} notes loaded in {time.perf_counter() - start:.1f} s")
            record = Record(s, me, boss, client.id, engine.raw_connection)
            measure("SQLite", record, rounds)
        finally:
            engine.dispose()


def run_postgres(count: int, addendum_count: int, rounds: int) -> None:
    problem = postgres_problem()
    if problem is not None:
        print(f"\nPostgreSQL skipped: {problem}")
        return
    clock = _Clock()
    with scratch_office(clock) as pg:
        url = pg.url
        boss = pg.hire(Role.SUPERVISOR, "Dana Lee", "sv")
        me = pg.hire(Role.CASEWORKER, "Jamie Chen", "cw")
        client = boss.services.clients.register(
            boss.actor, ClientForm(first_name="Amara", last_name="Okafor")
        )
        case_id = boss.services.cases.open_case(boss.actor, client.id, me.actor.staff_id)
        it = create_database_engine(
            postgres_setup.with_options(url, search_path=postgres_setup.SCHEMA)
        )
        try:
            start = time.perf_counter()
            with it.begin() as connection:  # the server signs each row as it goes in
                add_signed_notes(
                    connection,
                    case_id,
                    me.actor.staff_id,
                    me.actor.username,
                    count,
                    newest=datetime.now(UTC).date(),
                    words=words(count),
                )
            addenda(me.services, me.actor, client.id, addendum_count)
            with it.connect() as connection:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.execute(text("VACUUM (ANALYZE)"))
                version = connection.execute(text("SHOW server_version")).scalar_one().split()[0]
            print(
                f"\nPostgreSQL {version}: {count:,} notes loaded "
                f"in {time.perf_counter() - start:.1f} s"
            )
        finally:
            it.dispose()
        as_her = create_database_engine(
            postgres_setup.with_options(
                url.set(username=me.actor.username, password=TEST_PASSWORD),
                search_path=postgres_setup.SCHEMA,
            )
        )
        try:
            record = Record(me.services, me.actor, boss.actor, client.id, as_her.raw_connection)
            measure(f"PostgreSQL {version}, the caseworker as her own login", record, rounds)
        finally:
            as_her.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--addenda", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=50, help="measured calls per kind")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    started = time.perf_counter()
    if args.only in (None, "sqlite"):
        run_sqlite(args.notes, args.addenda, args.rounds)
    if args.only in (None, "postgresql"):
        run_postgres(args.notes, args.addenda, args.rounds)
    print(f"\nTotal {time.perf_counter() - started:.0f} s")
