"""Benchmark: search-as-you-type at 100,000 clients, on SQLite and on PostgreSQL.

    python -m tests.benchmarks.search_speed [--clients 100000] [--queries 200]
                                            [--only sqlite|postgresql] [--explain]

Issue 4's target: p95 under 50 ms through ``ClientService.search``, and within
2x of the same statement run as plain SQL.

Fictional clients are validated and indexed by the domain exactly as
registration does it (``validate_client_form``, ``search_words``,
``match_keys``), then bulk-loaded in one transaction. A fixed, seeded mix of
what people type (name prefixes of 2 to 6 letters in any script, two-word
prefixes, dates of birth, phone fragments from the start and the middle, client
numbers, SSN last four) is timed through the service and as the bare statement
the repository builds, executed with the database driver on a plain connection:
no permission check, no unit of work. ``possible_duplicates`` is timed too.

On PostgreSQL everything runs as signed-in staff, each on their own login role,
so row-level security is part of the cost: a front-desk worker (every client)
and a caseworker with a caseload of about 300. The plain statement runs as the
same login role. The scratch database and the roles it created are dropped at
the end, also after an error. Nothing is cached between runs.

Prints figures; it is not a test. Takes a couple of minutes on two cores.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum
from functools import cache
from itertools import islice, repeat
from pathlib import Path

from faker import Faker
from sqlalchemy import Connection, Dialect, Engine, Table, insert, text

import main
from domain.clients._index import match_keys, search_words
from domain.clients._name_matching import fold
from domain.clients.duplicates import PersonKeys, blocking_keys
from domain.clients.record import ClientFields, ClientForm, validate_client_form
from domain.clients.search import read_query
from domain.clients.service import MAX_CANDIDATES, MAX_SEARCH_RESULTS, ClientService
from domain.common.actor import Actor
from domain.common.errors import ValidationError
from domain.common.field_rules import format_date
from domain.common.policy import Role
from domain.staff.accounts import StaffForm
from domain.staff.session import FirstAdminForm
from storage import postgres_setup
from storage.cases.tables import cases
from storage.clients.repository import SqlClientRepository
from storage.clients.tables import (
    client_match_keys,
    client_race_ethnicity,
    client_search_words,
    clients,
)
from storage.common.engine import create_database_engine, sqlite_url
from storage.schema import upgrade
from storage.staff.postgres_sign_in import PostgresAuthenticator
from storage.staff.tables import staff
from tests.benchmarks.login_time import percentile

# The test suite's helpers: scratch databases, db init's preparation, and staff
# signed in as their own login roles (named after this process, dropped after).
from tests.conftest import (
    TEST_PASSWORD,
    PostgresOffice,
    PostgresScratch,
    postgres_problem,
    prepare_like_db_init,
    unique_role_name,
)

SEED = 2026
PASSWORD = "lantern-meadow-quartz-91"
TARGET_P95_MS = 50.0
TARGET_RATIO = 2.0
CASELOAD = 300
OTHER_CASEWORKERS = 40  # the rest of the office's caseloads, for realistic cases rows
BATCH = 20_000
WARM_UP = 10  # queries per kind, not measured

# The demo office's mix (demo/office.py): mostly English and Spanish names,
# with Vietnamese, Cyrillic, Arabic, Chinese, Korean and Greek ones.
LOCALE_WEIGHTS = {
    "en_US": 60,
    "es_MX": 20,
    "vi_VN": 5,
    "ru_RU": 4,
    "ar_AA": 4,
    "zh_CN": 3,
    "ko_KR": 2,
    "el_GR": 2,
}
NAMES_PER_WEIGHT = 60  # Faker draws per locale and weight point: en_US gets 3,600 of each
LOCALES = list(LOCALE_WEIGHTS)
LOCALE_CHANCES = list(LOCALE_WEIGHTS.values())


# --- generating clients -------------------------------------------------------

CHUNK = 5_000  # clients per worker task; client ids are chunk * CHUNK + n + 1
CLIENT_COLUMNS = (
    "id",
    "version",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    # the columns ClientFields names one to one, as the repository writes them
    *(name for name in ClientFields.__dataclass_fields__ if name != "race_ethnicity"),
)
_FIELDS = CLIENT_COLUMNS[6:]


@dataclass(frozen=True)
class Person:
    """What the typed queries are drawn from."""

    id: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    phone_digits: str | None
    ssn_last4: str | None


@dataclass
class Dataset:
    """Clients validated and indexed by the domain, as rows ready to insert."""

    clients: list[tuple] = field(default_factory=list)
    words: list[tuple[int, str]] = field(default_factory=list)
    keys: list[tuple[int, str]] = field(default_factory=list)
    race: list[tuple[int, int]] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    refused: int = 0
    seconds: float = 0.0


@cache
def _name_pools(seed: int) -> dict[str, tuple[list[str], list[str]]]:
    """First and last names Faker draws for each locale (with its own weights)."""
    pools = {}
    for number, (locale, weight) in enumerate(LOCALE_WEIGHTS.items()):
        fake = Faker(locale)
        fake.seed_instance(seed + number)
        size = weight * NAMES_PER_WEIGHT
        pools[locale] = (
            [fake.first_name() for _ in range(size)],
            [fake.last_name() for _ in range(size)],
        )
    return pools


def _form(rng: random.Random, pools, today: date) -> ClientForm:
    firsts, lasts = pools[rng.choices(LOCALES, LOCALE_CHANCES)[0]]
    born = today - timedelta(days=rng.randint(30, 90 * 365))
    phone = ""
    if rng.random() > 0.15:
        phone = f"(555) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"
    ssn = ""
    chance = rng.random()
    if chance < 0.7:
        area = rng.randint(1, 899)
        area = 667 if area == 666 else area
        ssn = f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
    elif chance < 0.8:
        ssn = f"{rng.randint(1, 9999):04d}"  # the last four only
    return ClientForm(
        first_name=rng.choice(firsts),
        last_name=rng.choice(lasts),
        preferred_name=rng.choice(firsts) if rng.random() < 0.05 else "",
        date_of_birth="" if rng.random() < 0.05 else born.isoformat(),
        phone=phone,
        ssn=ssn,
        race_ethnicity=frozenset(rng.sample(range(1, 8), rng.choice((1, 1, 2)))),
    )


def _plain(value):
    """HUD codes arrive as IntEnums; the drivers get plain ints."""
    return int(value) if isinstance(value, IntEnum) else value


def _generate_chunk(seed: int, number: int, count: int, at: datetime) -> Dataset:
    """One worker's share: forms validated and indexed as ClientService.register does."""
    pools = _name_pools(seed)
    rng = random.Random(seed * 1_000 + number)
    today = at.date()
    chunk = Dataset()
    for n in range(count):
        client_id = number * CHUNK + n + 1
        try:
            values = validate_client_form(_form(rng, pools, today), today=today)
        except ValidationError:
            chunk.refused += 1  # a generated value our rules refuse: left out
            continue
        stamps = (client_id, 1, at, "benchmark", at, "benchmark")
        chunk.clients.append(stamps + tuple(_plain(getattr(values, f)) for f in _FIELDS))
        chunk.words += [(client_id, word) for word in sorted(search_words(values))]
        chunk.keys += [(client_id, key) for key in sorted(match_keys(values))]
        chunk.race += [(client_id, int(code)) for code in sorted(values.race_ethnicity)]
        chunk.people.append(
            Person(
                client_id,
                values.first_name,
                values.last_name,
                values.date_of_birth,
                values.phone_digits,
                values.ssn_last4,
            )
        )
    return chunk


def generate(count: int, seed: int) -> Dataset:
    start = time.perf_counter()
    at = datetime.now(UTC)
    numbers = range((count + CHUNK - 1) // CHUNK)
    sizes = [min(CHUNK, count - number * CHUNK) for number in numbers]
    data = Dataset()
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for chunk in pool.map(
            _generate_chunk, repeat(seed), numbers, sizes, repeat(at), chunksize=1
        ):
            data.clients += chunk.clients
            data.words += chunk.words
            data.keys += chunk.keys
            data.race += chunk.race
            data.people += chunk.people
            data.refused += chunk.refused
    data.seconds = time.perf_counter() - start
    return data


# --- loading --------------------------------------------------------------------


def _insert_many(connection: Connection, table: Table, columns: Sequence[str], rows) -> int:
    """executemany on the driver, in batches, values bound as SQLAlchemy binds them."""
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    processors = [table.c[name].type.bind_processor(connection.dialect) for name in columns]
    if any(processors):
        rows = (
            tuple(p(v) if p and v is not None else v for p, v in zip(processors, row, strict=True))
            for row in rows
        )
    iterator = iter(rows)
    inserted = 0
    while batch := list(islice(iterator, BATCH)):
        connection.exec_driver_sql(sql, batch)
        inserted += len(batch)
    return inserted


def load(connection: Connection, data: Dataset, caseworker_id: int, seed: int) -> int:
    """Clients, their search words, match keys and races, and the office's cases
    (``CASELOAD`` of them the caseworker's), in one transaction; returns rows."""
    rows = _insert_many(connection, clients, CLIENT_COLUMNS, data.clients)
    rows += _insert_many(connection, client_search_words, ("client_id", "word"), data.words)
    rows += _insert_many(connection, client_match_keys, ("client_id", "key"), data.keys)
    rows += _insert_many(connection, client_race_ethnicity, ("client_id", "code"), data.race)
    at = datetime.now(UTC)
    stamps = {"version": 1, "created_at": at, "created_by": "benchmark"}
    stamps |= {"updated_at": at, "updated_by": "benchmark"}
    others = [
        connection.execute(
            insert(staff)
            .values(
                username=f"bench_cw{n}",
                display_name=f"Other Caseworker {n}",
                role="caseworker",
                must_change_password=False,
                **stamps,
            )
            .returning(staff.c.id)
        ).scalar_one()
        for n in range(OTHER_CASEWORKERS)
    ]
    rng = random.Random(seed + 1)
    ids = [person.id for person in data.people]
    mine = set(rng.sample(ids, min(CASELOAD, len(ids))))
    case_rows = []
    for client_id in ids:
        if client_id in mine:
            assigned = caseworker_id
        elif rng.random() < 0.7:
            assigned = rng.choice(others)
        else:
            continue  # no case yet, or never needed one
        closed = rng.random() < 0.4
        opened = at.date() - timedelta(days=rng.randint(1, 2000))
        status, closed_on = ("closed", at.date()) if closed else ("open", None)
        case_rows.append((client_id, status, assigned, opened, closed_on, *stamps.values()))
    case_columns = ("client_id", "status", "assigned_staff_id", "opened_on", "closed_on")
    rows += _insert_many(connection, cases, (*case_columns, *stamps), case_rows)
    return rows


# --- what people type -----------------------------------------------------------

KINDS = (
    "name, 2 letters",
    "name, 3 letters",
    "name, 4 letters",
    "name, 5 letters",
    "name, 6 letters",
    "two words",
    "date of birth",
    "phone, from start",
    "phone, middle",
    "client number",
    "SSN last four",
)
DUPLICATES = "possible duplicates"


def _latin(name: str) -> bool:
    """Latin letters, accents included (Vietnamese, Spanish); not Cyrillic, Han..."""
    return all(ord(character) < 0x250 for character in name)


def _typed_for(kind: str, rng: random.Random, row: Person) -> str | ClientForm | None:
    """What someone looking for ``row`` might type, or None if ``row`` has no such part."""
    if kind.startswith("name"):
        letters = int(kind.split(", ")[1][0])
        name = rng.choice((row.first_name, row.last_name))
        if not _latin(name) and rng.random() < 0.5 and len(name) >= letters:
            return name[:letters]  # typed in the name's own script
        word = fold(name).split()[0] if fold(name) else ""
        if len(word) >= letters:
            typed = word[:letters]
            return typed.capitalize() if rng.random() < 0.3 else typed
    elif kind == "two words":
        first, last = fold(row.first_name).split(), fold(row.last_name).split()
        if first and last:
            return f"{first[0][: rng.randint(2, 4)]} {last[0][: rng.randint(2, 4)]}"
    elif kind == "date of birth":
        if row.date_of_birth:
            return format_date(row.date_of_birth)
    elif kind.startswith("phone"):
        digits = row.phone_digits
        if digits:
            length = rng.randint(3, 7)
            begin = 0 if kind.endswith("start") else rng.randint(3, len(digits) - length)
            run = digits[begin : begin + length]
            if begin == 0 and length > 3 and rng.random() < 0.5:
                return f"{run[:3]}-{run[3:]}"
            return run
    elif kind == "client number":
        number = f"C{row.id:06d}"
        return number if rng.random() < 0.7 else f"c{row.id}"
    elif kind == "SSN last four":
        if row.ssn_last4:
            return row.ssn_last4
    elif kind == DUPLICATES:
        if row.date_of_birth:
            return ClientForm(
                first_name=row.first_name,
                last_name=row.last_name,
                date_of_birth=format_date(row.date_of_birth),
            )
    else:
        raise ValueError(kind)
    return None


def _typed(kind: str, rng: random.Random, people: list[Person]) -> tuple[str | ClientForm, int]:
    while True:
        row = rng.choice(people)
        typed = _typed_for(kind, rng, row)
        if typed is not None:
            return typed, row.id


Work = list[tuple[str, str | ClientForm, int]]  # kind, what was typed, whose record


def workload(people: list[Person], queries: int, seed: int) -> Work:
    """A warm-up of every kind, then ``queries`` of each kind, shuffled together."""
    rng = random.Random(seed + 2)
    kinds = (*KINDS, DUPLICATES)
    warm = [("warm-up", *_typed(k, rng, people)) for _ in range(WARM_UP) for k in kinds]
    measured = [(k, *_typed(k, rng, people)) for k in kinds for _ in range(queries)]
    rng.shuffle(measured)
    return warm + measured


# --- plain SQL ----------------------------------------------------------------------


class _Recorder:
    """A Connection for the repository that keeps the statements it runs.

    Only a statement whose one row the repository reads (how common a prefix
    is: it decides the next statement) is run; the search itself need not be.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self.dialect = connection.dialect
        self.statements: list = []

    def execute(self, statement, parameters=None):
        self.statements.append((statement, parameters))
        return _NotRun(lambda: self._connection.execute(statement, parameters).one())


class _NotRun(list):
    def __init__(self, run: Callable[[], object]) -> None:
        super().__init__()
        self.one = run


@dataclass(frozen=True)
class PlainStatement:
    sql: str
    params: dict | tuple


def _compiled(statement, parameters: dict | None, dialect: Dialect) -> PlainStatement:
    compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params(parameters)
    if dialect.name == "sqlite":  # as SQLAlchemy binds them there
        params = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
    if dialect.positional:
        return PlainStatement(compiled.string, tuple(params[k] for k in compiled.positiontup))
    return PlainStatement(compiled.string, params)


def plain_statements(
    typed: str | ClientForm, engine: Engine, caseload_of: int | None
) -> list[PlainStatement]:
    """The statements ``SqlClientRepository`` runs for what was typed, compiled once."""
    with engine.connect() as connection:
        recorder = _Recorder(connection)
        repository = SqlClientRepository(recorder)  # type: ignore[arg-type]
        if isinstance(typed, ClientForm):
            born = datetime.strptime(typed.date_of_birth, "%m/%d/%Y").date()
            keys = blocking_keys(PersonKeys(typed.first_name, typed.last_name, born, None))
            repository.match_candidates(keys, limit=MAX_CANDIDATES, caseload_of=caseload_of)
        else:
            query = read_query(typed)
            repository.search(query, limit=MAX_SEARCH_RESULTS, caseload_of=caseload_of)
    return [_compiled(*statement, engine.dialect) for statement in recorder.statements]


# --- measuring ------------------------------------------------------------------------


@dataclass
class Searcher:
    label: str
    actor: Actor
    service: ClientService
    caseload_of: int | None
    recorder: Engine  # on which to record the repository's statements, as the same person
    plain: Callable[[list[PlainStatement]], int]  # runs them, returns the rows found


@dataclass
class Timings:
    service: list[float] = field(default_factory=list)
    plain: list[float] = field(default_factory=list)
    found: list[int] = field(default_factory=list)
    own: int = 0  # times the record looked for was among those found
    slowest: tuple[float, str | ClientForm] = (0.0, "")


def measure(person: Searcher, work: Work) -> dict[str, Timings]:
    results: dict[str, Timings] = {}
    for number, (kind, typed, whose) in enumerate(work):
        statements = plain_statements(typed, person.recorder, person.caseload_of)
        if isinstance(typed, ClientForm):
            call = lambda typed=typed: [  # noqa: E731
                candidate.client.id
                for candidate in person.service.possible_duplicates(person.actor, typed)
            ]
        else:
            call = lambda typed=typed: [  # noqa: E731
                client.id for client in person.service.search(person.actor, typed)
            ]
        # Alternate which goes first, so neither always finds the cache warm.
        order = ("service", "plain") if number % 2 else ("plain", "service")
        spent = {}
        for way in order:
            start = time.perf_counter()
            found = call() if way == "service" else person.plain(statements)
            spent[way] = time.perf_counter() - start
            if way == "service":
                service_found = found
        if kind == "warm-up":
            continue
        timings = results.setdefault(kind, Timings())
        timings.service.append(spent["service"])
        timings.plain.append(spent["plain"])
        timings.found.append(len(service_found))
        timings.own += whose in service_found
        if spent["service"] > timings.slowest[0]:
            timings.slowest = (spent["service"], typed)
    return results


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f}"


def report(database: str, person: Searcher, results: dict[str, Timings]) -> list[str]:
    """Prints one table; returns what missed the targets."""
    fixed = fixed_cost(person)
    print(f"\n{database}: {person.label}")
    print(
        f"{'what was typed':<20} {'n':>4} {'found':>5} | {'service: median':>15} {'p95':>7} "
        f"{'max':>7} | {'plain SQL: median':>17} {'p95':>7} {'max':>7} | "
        f"{'ratio':>6} {'p95':>5} {'extra':>6}"
    )
    missed = []
    where = f"{database.split(',')[0]}, {person.label}"
    for kind in (*KINDS, DUPLICATES):
        t = results.get(kind)
        if t is None:
            continue
        s_med, s_p95 = statistics.median(t.service), percentile(t.service, 0.95)
        p_med, p_p95 = statistics.median(t.plain), percentile(t.plain, 0.95)
        ratio_med, ratio_p95 = s_med / p_med, s_p95 / p_p95
        flag = ""
        if s_p95 * 1000 > TARGET_P95_MS:
            flag += "  p95 > 50 ms"
            missed.append(f"{where}: {kind}: p95 {s_p95 * 1000:.1f} ms")
        if ratio_med > TARGET_RATIO:
            flag += "  ratio > 2x"
            missed.append(f"{where}: {kind}: ratio {ratio_med:.1f}x")
        print(
            f"{kind:<20} {len(t.service):>4} {statistics.mean(t.found):>5.1f} | "
            f"{_ms(s_med):>15} {_ms(s_p95)} {_ms(max(t.service))} | "
            f"{_ms(p_med):>17} {_ms(p_p95)} {_ms(max(t.plain))} | "
            f"{ratio_med:>5.1f}x {ratio_p95:>4.1f}x {_ms(s_med - p_med)}{flag}"
        )
    duplicates = results.get(DUPLICATES)
    if duplicates and person.caseload_of is None:
        print(
            f"possible duplicates, typed as an existing client's exact name and date of birth: "
            f"that client was offered in {duplicates.own} of {len(duplicates.found)} checks"
        )
    print(
        f"(ms; ratio = service / plain SQL, median and p95; extra = service - plain, median. "
        f"Fixed cost of a service call, an empty box: unit of work and the guard's account "
        f"check, no search: median {statistics.median(fixed) * 1000:.2f} ms, "
        f"p95 {percentile(fixed, 0.95) * 1000:.2f} ms)"
    )
    return missed


def fixed_cost(person: Searcher, calls: int = 200) -> list[float]:
    """What every service call costs before any search: the box left empty."""
    spent = []
    for _ in range(calls):
        start = time.perf_counter()
        person.service.search(person.actor, "")
        spent.append(time.perf_counter() - start)
    return spent


def _explain_slowest(
    results: dict[str, Timings],
    person: Searcher,
    explain: Callable[[PlainStatement], list[str]],
) -> None:
    for kind, timings in results.items():
        seconds, typed = timings.slowest
        print(f"\n-- {person.label}, {kind}: slowest {seconds * 1000:.1f} ms for {typed!r}")
        for statement in plain_statements(typed, person.recorder, person.caseload_of):
            print(statement.sql)
            for line in explain(statement):
                print(f"   {line}")


# --- SQLite -----------------------------------------------------------------------------


def run_sqlite(data: Dataset, queries: int, seed: int, explain: bool) -> list[str]:
    missed = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "search-bench.sqlite3"
        engine = create_database_engine(sqlite_url(path))
        try:
            upgrade(engine)
            auth = main.build_embedded(engine)
            admin = auth.create_first_admin(
                FirstAdminForm("admin", "Bench Admin", PASSWORD, PASSWORD), "BENCH"
            ).actor
            people = {}
            for role, username, name in (
                (Role.FRONTDESK, "frontdesk", "Front Desk"),
                (Role.CASEWORKER, "caseworker", "Case Worker"),
            ):
                member = auth.services.staff.create(
                    admin, StaffForm(username, name, role.value), PASSWORD, PASSWORD
                )
                people[role] = Actor(member.id, member.username, name, member.role, "BENCH")
            start = time.perf_counter()
            loader = create_database_engine(sqlite_url(path))
            try:
                with loader.begin() as connection:
                    # A bigger page cache for the load only; the app's connections
                    # (and so the measurements) keep SQLite's default.
                    connection.exec_driver_sql("PRAGMA cache_size = -262144")
                    rows = load(connection, data, people[Role.CASEWORKER].staff_id, seed)
            finally:
                loader.dispose()
            print(f"SQLite: {rows:,} rows inserted in {time.perf_counter() - start:.1f} s")

            plain_db = sqlite3.connect(path, isolation_level=None)
            try:

                def plain(statements: list[PlainStatement]) -> int:
                    for statement in statements:
                        found = plain_db.execute(statement.sql, statement.params).fetchall()
                    return len(found)

                def plan(statement: PlainStatement) -> list[str]:
                    found = plain_db.execute(
                        "EXPLAIN QUERY PLAN " + statement.sql, statement.params
                    ).fetchall()
                    return [f"{row[0]:>3} {row[1]:>3} {row[3]}" for row in found]

                work = workload(data.people, queries, seed)
                for role, label in (
                    (Role.FRONTDESK, "front desk, every client"),
                    (Role.CASEWORKER, f"caseworker, caseload of {CASELOAD}"),
                ):
                    actor = people[role]
                    person = Searcher(
                        label,
                        actor,
                        auth.services.clients,
                        None if role is Role.FRONTDESK else actor.staff_id,
                        engine,
                        plain,
                    )
                    results = measure(person, work)
                    database = f"SQLite {sqlite3.sqlite_version}, {len(data.people):,} clients"
                    missed += report(database, person, results)
                    if explain:
                        _explain_slowest(results, person, plan)
            finally:
                plain_db.close()
        finally:
            engine.dispose()
    return missed


# --- PostgreSQL -----------------------------------------------------------------------


def run_postgres(data: Dataset, queries: int, seed: int, explain: bool) -> list[str]:
    problem = postgres_problem()
    if problem is not None:
        print(f"\nPostgreSQL skipped: {problem}")
        return ["PostgreSQL not measured"]
    scratch = PostgresScratch()
    auth = None
    missed = []
    try:
        url = scratch.create()
        prepare_like_db_init(url)
        owner = postgres_setup.owner_engine(url)
        try:
            upgrade(owner)
            first = postgres_setup.FirstAdmin(
                unique_role_name("ad"), "Office Administrator", TEST_PASSWORD
            )
            with owner.begin() as connection:
                postgres_setup.create_first_admin(connection, first)
        finally:
            owner.dispose()
        auth = PostgresAuthenticator(url)
        office = PostgresOffice(url, auth, auth.sign_in(first.username, TEST_PASSWORD, "ADMIN"))
        frontdesk = office.hire(Role.FRONTDESK, "Front Desk", "fd")
        caseworker = office.hire(Role.CASEWORKER, "Case Worker", "cw")

        # The IT person's view, loading as a data import would: rows only, no
        # per-row audit triggers (session_replication_role needs a superuser).
        it = create_database_engine(
            postgres_setup.with_options(url, search_path=postgres_setup.SCHEMA)
        )
        try:
            start = time.perf_counter()
            with it.begin() as connection:
                connection.execute(text("SET LOCAL session_replication_role = replica"))
                rows = load(connection, data, caseworker.actor.staff_id, seed)
                connection.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence('clients', 'id'), max(id)) "
                        "FROM clients"
                    )
                )
            loaded = time.perf_counter() - start
            with it.connect() as connection:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                start = time.perf_counter()
                # What autovacuum does soon after a load like this.
                connection.execute(text("VACUUM (ANALYZE)"))
                version = connection.execute(text("SHOW server_version")).scalar_one()
                version = version.split()[0]
            print(
                f"PostgreSQL {version}: {rows:,} rows inserted in {loaded:.1f} s, "
                f"VACUUM ANALYZE {time.perf_counter() - start:.1f} s"
            )
        finally:
            it.dispose()

        work = workload(data.people, queries, seed)
        for session, label in (
            (frontdesk, "front desk, every client"),
            (caseworker, f"caseworker, caseload of {CASELOAD}"),
        ):
            plain_db = office.connect_as(session.actor.username)
            recorder = create_database_engine(
                postgres_setup.with_options(
                    url.set(username=session.actor.username, password=TEST_PASSWORD),
                    search_path=postgres_setup.SCHEMA,
                )
            )
            try:
                plain_db.execute(f"SET search_path = {postgres_setup.SCHEMA}")

                def plain(statements: list[PlainStatement], plain_db=plain_db) -> int:
                    for statement in statements:
                        found = plain_db.execute(statement.sql, statement.params).fetchall()
                    return len(found)

                def plan(statement: PlainStatement, plain_db=plain_db) -> list[str]:
                    found = plain_db.execute(
                        "EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, statement.params
                    ).fetchall()
                    return [row[0] for row in found]

                person = Searcher(
                    label,
                    session.actor,
                    session.services.clients,
                    None if session.actor.role is Role.FRONTDESK else session.actor.staff_id,
                    recorder,
                    plain,
                )
                results = measure(person, work)
                database = (
                    f"PostgreSQL {version}, {len(data.people):,} clients, each person signed "
                    "in as their own login role (row-level security)"
                )
                missed += report(database, person, results)
                if explain:
                    _explain_slowest(results, person, plan)
            finally:
                recorder.dispose()
                plain_db.close()
    finally:
        if auth is not None:
            auth.close()
        scratch.drop_all()
        scratch.drop_test_roles()
    return missed


def run(count: int, queries: int, only: str | None, seed: int, explain: bool) -> int:
    data = generate(count, seed)
    print(
        f"Generated {len(data.people):,} clients ({data.refused} refused by validation), "
        f"{len(data.words):,} search words, {len(data.keys):,} match keys in {data.seconds:.1f} s "
        f"on {os.cpu_count()} cores"
    )
    missed = []
    if only in (None, "sqlite"):
        missed += run_sqlite(data, queries, seed, explain)
    if only in (None, "postgresql"):
        missed += run_postgres(data, queries, seed, explain)
    print()
    if missed:
        print("Missed the targets (p95 < 50 ms, service within 2x of plain SQL):")
        for line in missed:
            print(f"  {line}")
        return 1
    print("Every kind of query met the targets (p95 < 50 ms, within 2x of plain SQL).")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200, help="measured per kind")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--explain", action="store_true", help="show the plan of each kind's slowest query"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    status = run(args.clients, args.queries, args.only, args.seed, args.explain)
    print(f"Total {time.perf_counter() - started:.0f} s")
    raise SystemExit(status)
