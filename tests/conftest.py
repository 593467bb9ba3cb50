"""Fixtures shared by every test: throwaway databases on SQLite and PostgreSQL.

Storage tests run once per database. PostgreSQL tests need a server
(CASEDESK_TEST_POSTGRES_URL, default postgres@127.0.0.1:5432/test): with CI=true
an unreachable server fails the run; elsewhere those tests skip, and the run
ends with a warning that says so.

PostgreSQL databases are prepared as `db init` prepares them (group roles, the
casedesk schema, migrations run as casedesk_owner). Login roles are server-wide,
so the ones tests create are named with TEST_ROLE_PREFIX (this run's pid) and
dropped when the run ends; the NOLOGIN casedesk_* group roles stay, shared.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

# Qt must find no display: tests run headless everywhere.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import psycopg
import pytest
from argon2 import PasswordHasher
from sqlalchemy import URL, Engine, make_url

import main
from domain.audit.kinds import written_by
from domain.common.actor import Actor
from domain.common.guard import Guard
from domain.common.policy import Role
from domain.services import Services
from domain.staff.accounts import StaffForm
from domain.staff.embedded_sign_in import EmbeddedAuthenticator
from domain.staff.password_hashing import PasswordHashing
from domain.staff.session import FirstAdminForm, Session
from storage import postgres_setup
from storage.common.engine import create_database_engine, sqlite_url
from storage.schema import head_revision, upgrade
from storage.staff.postgres_sign_in import PostgresAuthenticator
from tests import file_keyring

# Every test account's password (it passes the password rules).
TEST_PASSWORD = "lantern-meadow-quartz-91"
# argon2id at its cheapest, so hundreds of test sign-ins take no time; the real
# parameters are argon2-cffi's defaults, measured by benchmarks/login_time.py.
FAST_HASHING = PasswordHashing(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))

POSTGRES_URL_VARIABLE = "CASEDESK_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
_scratch_numbers = itertools.count()
# Login roles are server-wide: every one a test creates starts with this.
TEST_ROLE_PREFIX = f"t{os.getpid()}x"
_skipped_for_postgres: list[str] = []


def postgres_admin_url() -> URL:
    return make_url(os.environ.get(POSTGRES_URL_VARIABLE, DEFAULT_POSTGRES_URL))


def _libpq(url: URL) -> str:
    """A libpq connection string (key=value: URL query strings mangle spaces in options)."""
    params = {
        "host": url.host,
        "port": url.port,
        "dbname": url.database,
        "user": url.username,
        "password": url.password,
        **url.query,
    }
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in params.items() if v is not None})


@cache
def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used for tests, or None when it can."""
    try:
        with psycopg.connect(_libpq(postgres_admin_url()), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    return None


def require_postgres(request: pytest.FixtureRequest) -> None:
    problem = postgres_problem()
    if problem is None:
        return
    where = postgres_admin_url().render_as_string(hide_password=True)
    if os.environ.get("CI") == "true":
        pytest.fail(
            f"CI=true and PostgreSQL at {where} is unreachable ({problem}); "
            "PostgreSQL tests must run in CI.",
            pytrace=False,
        )
    _skipped_for_postgres.append(request.node.nodeid)
    pytest.skip(f"PostgreSQL unreachable at {where}: {problem}")


def pytest_terminal_summary(terminalreporter) -> None:
    if _skipped_for_postgres:
        terminalreporter.section("PostgreSQL NOT TESTED", sep="!", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(_skipped_for_postgres)} PostgreSQL tests were skipped because no server "
            f"was reachable ({postgres_problem()}). Set {POSTGRES_URL_VARIABLE} to test them.",
            red=True,
        )


def pytest_configure(config) -> None:
    # Never touch the real per-user data folder of whoever runs the tests.
    config.casedesk_data_dir = tempfile.mkdtemp(prefix="casedesk-tests-")
    os.environ["CASEDESK_DATA_DIR"] = config.casedesk_data_dir


def pytest_unconfigure(config) -> None:
    folder = getattr(config, "casedesk_data_dir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def unique_role_name(stem: str) -> str:
    """A login-role (and staff) name unique to this run, e.g. t4242xcw7."""
    return f"{TEST_ROLE_PREFIX}{stem}{next(_scratch_numbers)}"[:32]


class PostgresScratch:
    """Creates databases on the test server and drops them again."""

    def __init__(self) -> None:
        self.admin = postgres_admin_url()
        self._created: list[str] = []

    def create(self, *, template: str | None = None) -> URL:
        name = f"casedesk_test_{os.getpid()}_{next(_scratch_numbers)}"
        clause = f" TEMPLATE {template}" if template else ""
        with psycopg.connect(_libpq(self.admin), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}{clause}")
            self._created.append(name)
            if template:
                # A copy keeps the schema but not the database's own privileges.
                url = _libpq(self.admin.set(database=name))
                with psycopg.connect(url, autocommit=True) as copy:
                    copy.execute(f"REVOKE ALL ON DATABASE {name} FROM PUBLIC")
                    copy.execute(
                        f"GRANT CONNECT ON DATABASE {name} TO {postgres_setup.STAFF}, "
                        f"{postgres_setup.SIGNIN_ROLE}"
                    )
        return self.admin.set(drivername="postgresql+psycopg", database=name)

    def drop(self, url: URL) -> None:
        with psycopg.connect(_libpq(self.admin), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {url.database} WITH (FORCE)")
        self._created.remove(url.database)

    def drop_all(self) -> None:
        for name in list(self._created):
            self.drop(self.admin.set(database=name))

    def drop_test_roles(self) -> None:
        with psycopg.connect(_libpq(self.admin), autocommit=True) as conn:
            names = conn.execute(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (TEST_ROLE_PREFIX,)
            ).fetchall()
            for (name,) in names:
                conn.execute(psycopg.sql.SQL("DROP ROLE {}").format(psycopg.sql.Identifier(name)))


@pytest.fixture(scope="session")
def postgres_scratch() -> Iterator[PostgresScratch]:
    scratch = PostgresScratch()
    yield scratch
    if postgres_problem() is None:
        scratch.drop_all()
        scratch.drop_test_roles()


def prepare_like_db_init(url: URL) -> None:
    """Group roles, the casedesk schema and its privileges, as `db init` makes them."""
    engine = create_database_engine(url)
    try:
        with engine.begin() as connection:
            postgres_setup.prepare_database(connection)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_template(postgres_scratch: PostgresScratch) -> str | None:
    """A database prepared and migrated once per run like `db init`; tests copy it (fast)."""
    if postgres_problem() is not None:
        return None
    return migrated_template(postgres_scratch)


def migrated_template(scratch: PostgresScratch) -> str:
    """A new database of ``scratch``, prepared and migrated as `db init` does it."""
    url = scratch.create()
    prepare_like_db_init(url)
    engine = postgres_setup.owner_engine(url)
    upgrade(engine)
    engine.dispose()
    return url.database


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "casedesk.sqlite3"
    engine = create_database_engine(sqlite_url(path))
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def postgres_server(request) -> None:
    """For tests of PostgreSQL alone: skip (or fail in CI) without a server."""
    require_postgres(request)


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgresql":
        require_postgres(request)
    return request.param


@pytest.fixture
def empty_database_url(backend, tmp_path, postgres_scratch, postgres_template) -> Iterator[URL]:
    """A brand-new database with no tables, on each backend.

    On PostgreSQL the roles and the empty casedesk schema are there, and the URL
    acts as casedesk_owner in that schema: as `db upgrade` migrates.
    """
    if backend == "sqlite":
        yield sqlite_url(tmp_path / "empty.sqlite3")
        return
    url = postgres_scratch.create()
    prepare_like_db_init(url)
    yield postgres_setup.with_options(
        url, role=postgres_setup.OWNER, search_path=postgres_setup.SCHEMA
    )
    postgres_scratch.drop(url)


@pytest.fixture(scope="session")
def postgres_workbench(postgres_scratch, postgres_template) -> URL | None:
    """One migrated database that tests share, emptied before each of them.

    Emptying takes a few milliseconds where copying the template takes a
    second on a busy machine; the schema, grants and policies are the template's.
    """
    if postgres_template is None:
        return None
    return postgres_scratch.create(template=postgres_template)


def empty_the_workbench(url: URL) -> None:
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        # A test that failed half-way may have left a session behind.
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT format('%%I.%%I', schemaname, tablename) FROM pg_tables "
                # The signing key (migration 0015) and the audit kinds each role
                # writes (0016) are schema, not data.
                "WHERE schemaname = %s AND tablename NOT IN "
                "('alembic_version', 'signature_keys', 'audit_kinds')",
                (postgres_setup.SCHEMA,),
            )
        ]
        # Replica mode skips triggers, the audit trail's refusal to be truncated
        # among them: only the test harness, as superuser, may do this.
        conn.execute("SET session_replication_role = replica")
        conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        conn.execute("SET session_replication_role = origin")
        conn.execute(
            f"UPDATE {postgres_setup.SCHEMA}.alembic_version SET version_num = %s",
            (head_revision(),),
        )


@pytest.fixture
def database_url(backend, tmp_path, postgres_workbench, sqlite_template):
    """An empty database at the current schema, on each backend."""
    if backend == "sqlite":
        path = tmp_path / "casedesk.sqlite3"
        shutil.copyfile(sqlite_template, path)
        yield sqlite_url(path)
        return
    empty_the_workbench(postgres_workbench)
    # The IT person's view (a superuser) of the casedesk schema.
    yield postgres_setup.with_options(postgres_workbench, search_path=postgres_setup.SCHEMA)


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    engine = create_database_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path, sqlite_template) -> Iterator[Engine]:
    """The embedded database alone, for tests that need no second backend (GUI)."""
    path = tmp_path / "casedesk.sqlite3"
    shutil.copyfile(sqlite_template, path)
    engine = create_database_engine(sqlite_url(path))
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def audit_kinds_follow_the_role(monkeypatch):
    """Every audit event a service writes, in any test, must be of a kind its
    role writes (domain/audit/kinds.py): a shared server refuses any other."""
    event = Guard.event

    def checked(self, actor, action, *args, **kwargs):
        assert action in written_by(Role(actor.role)), (
            f"a {actor.role} writes {action}: add it to domain/audit/kinds.py "
            "and to audit_kinds in a migration"
        )
        return event(self, actor, action, *args, **kwargs)

    monkeypatch.setattr(Guard, "event", checked)


@pytest.fixture(autouse=True)
def keyring_in_a_file(tmp_path_factory, monkeypatch) -> Path:
    """Keys (those of local drafts) go to a file of this test's, never to the
    computer's own keyring; a subprocess the test starts uses the same file."""
    path = tmp_path_factory.mktemp("keyring") / "keyring.json"
    monkeypatch.setenv(file_keyring.VARIABLE, str(path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.file_keyring.FileKeyring")
    keyring.set_keyring(file_keyring.FileKeyring(path))
    return path


class FixedClock:
    """A clock tests can read and move."""

    def __init__(self, now: datetime | None = None):
        self.now = now or datetime(2026, 11, 23, 14, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def auth(engine, clock) -> EmbeddedAuthenticator:
    return main.build_embedded(engine, clock=clock, hashing=FAST_HASHING)


@pytest.fixture
def services(auth) -> Services:
    return auth.services


@pytest.fixture
def admin(auth) -> Actor:
    """The office's first administrator."""
    form = FirstAdminForm("admin", "Office Administrator", TEST_PASSWORD, TEST_PASSWORD)
    return auth.create_first_admin(form, "ADMIN-PC").actor


@pytest.fixture
def make_staff(services, admin):
    """Creates a staff account and returns it as an acting person."""

    def make(
        role: Role,
        username: str | None = None,
        display_name: str = "Test Person",
        workstation: str = "WS-01",
    ) -> Actor:
        username = username or f"{role.value[:4]}{next(_scratch_numbers)}"
        staff = services.staff.create(
            admin, StaffForm(username, display_name, role.value), TEST_PASSWORD, TEST_PASSWORD
        )
        return Actor(staff.id, staff.username, staff.display_name, staff.role, workstation)

    return make


@pytest.fixture
def actor(make_staff) -> Actor:
    """A front-desk worker: registers and edits any client, reads no notes."""
    return make_staff(Role.FRONTDESK, "mrivera", "Maria Rivera", "FRONTDESK-01")


@dataclass
class PostgresOffice:
    """A scratch office database prepared like `db init`, and people signed in to it
    as their own PostgreSQL login roles."""

    url: URL
    auth: PostgresAuthenticator
    admin: Session

    def hire(self, role: Role, display_name: str = "Test Person", stem: str = "") -> Session:
        """An account the administrator creates through the app, signed in."""
        username = unique_role_name(stem or role.value[:2])
        self.admin.services.staff.create(
            self.admin.actor,
            StaffForm(username, display_name, role.value),
            TEST_PASSWORD,
            TEST_PASSWORD,
        )
        return self.auth.sign_in(username, TEST_PASSWORD, f"WS-{role.value}")

    def connect_as(self, username: str, password: str = TEST_PASSWORD) -> psycopg.Connection:
        """What anyone holding these credentials gets in psql."""
        url = self.url.set(username=username, password=password)
        return psycopg.connect(_libpq(url), autocommit=True)

    def superuser(self) -> psycopg.Connection:
        url = postgres_setup.with_options(self.url, search_path=postgres_setup.SCHEMA)
        return psycopg.connect(_libpq(url), autocommit=True)


class EmbeddedOffice:
    """The SQLite counterpart of PostgresOffice: one set of services, CaseDesk checks
    the passwords."""

    def __init__(self, engine, clock):
        self.auth = main.build_embedded(engine, clock=clock, hashing=FAST_HASHING)
        form = FirstAdminForm("admin", "Office Administrator", TEST_PASSWORD, TEST_PASSWORD)
        self.admin = self.auth.create_first_admin(form, "ADMIN-PC")

    def hire(self, role: Role, display_name: str = "Test Person") -> Session:
        username = unique_role_name(role.value[:2])
        self.admin.services.staff.create(
            self.admin.actor,
            StaffForm(username, display_name, role.value),
            TEST_PASSWORD,
            TEST_PASSWORD,
        )
        return self.auth.sign_in(username, TEST_PASSWORD, f"WS-{role.value}")


def open_office(scratch: PostgresScratch, template: str, clock) -> Iterator[PostgresOffice]:
    """A copy of ``template`` with its first administrator signed in; dropped after."""
    url = scratch.create(template=template)
    owner = postgres_setup.owner_engine(url)
    first = postgres_setup.FirstAdmin(unique_role_name("ad"), "Office Administrator", TEST_PASSWORD)
    with owner.begin() as connection:
        postgres_setup.create_first_admin(connection, first, clock=clock)
    owner.dispose()
    auth = PostgresAuthenticator(url, clock=clock)
    yield PostgresOffice(url, auth, auth.sign_in(first.username, TEST_PASSWORD, "ADMIN-PC"))
    auth.close()
    scratch.drop(url)


@pytest.fixture
def postgres_office(postgres_server, postgres_scratch, postgres_template, clock):
    yield from open_office(postgres_scratch, postgres_template, clock)
