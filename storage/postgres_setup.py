"""Preparing a shared PostgreSQL database: group roles, the schema, migrations run
as the schema owner, and the office's first administrator (``db init``).

Run by the office's IT person as a superuser, or as a role with CREATEROLE and
CREATEDB that owns the (empty) database. Every step is idempotent, so running
``db init`` or ``db upgrade`` again finishes what an interrupted run started.

Group roles are cluster-wide: one CaseDesk database per PostgreSQL cluster.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import URL, Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from domain.audit.events import AuditAction
from domain.common.clock import Clock, utc_now
from domain.common.policy import Role
from domain.staff.accounts import StaffFields, StaffForm, validate_staff_form
from domain.staff.passwords import check_new_password
from storage.audit.tables import audit_events
from storage.common.engine import APP_NAME, normalize_url
from storage.schema import SchemaState, schema_state, upgrade
from storage.staff import scram
from storage.staff.repository import SqlStaffRepository

SCHEMA = "casedesk"
OWNER = "casedesk_owner"
STAFF = "casedesk_staff"
GROUP_FOR_ROLE = {role: f"casedesk_{role.value}" for role in Role}
# The sign-in gate: a login role that may only report failed sign-ins (see
# report_failed_sign_in in migration 0003). Its password is published on
# purpose: whatever every workstation holds is no secret.
SIGNIN_ROLE = "casedesk_signin"
SIGNIN_PASSWORD = "casedesk-signin"
NOLOGIN_GROUPS = (OWNER, STAFF, *GROUP_FOR_ROLE.values())


class SetupError(Exception):
    """The database cannot be prepared; the message says what to do."""


@dataclass
class SetupReport:
    notes: list[str] = field(default_factory=list)


def with_options(url: URL, **settings: str) -> URL:
    """``url`` with server settings (``-c name=value``) added to libpq's options."""
    extra = " ".join(f"-c {name}={value}" for name, value in settings.items())
    current = url.query.get("options", "")
    if isinstance(current, tuple):
        current = " ".join(current)
    return url.update_query_dict({"options": f"{current} {extra}".strip()})


def _engine(url: URL, **settings: str) -> Engine:
    url = normalize_url(url)
    return create_engine(
        with_options(url, **settings) if settings else url,
        poolclass=NullPool,
        # Verifiers are bound parameters: keep them out of error messages and logs.
        hide_parameters=True,
        connect_args={"connect_timeout": 10, "application_name": f"{APP_NAME} setup"},
    )


def schema_engine(url: URL) -> Engine:
    """For reading the schema revision as whoever ``url`` names."""
    return _engine(url, search_path=SCHEMA)


def owner_engine(url: URL) -> Engine:
    """Sessions that act as casedesk_owner (the IT person must be able to SET ROLE)."""
    return _engine(url, role=OWNER, search_path=SCHEMA)


def password_needed(url: URL) -> bool:
    """True when the server asks for a password that neither the URL, PGPASSWORD
    nor a pgpass file supplies (so the command can ask the IT person for it)."""
    engine = _engine(url)
    try:
        with engine.connect():
            return False
    except OperationalError as error:
        pgconn = getattr(error.orig, "pgconn", None)
        if pgconn is not None and pgconn.needs_password and not pgconn.used_password:
            return True
        raise
    finally:
        engine.dispose()


def workstation_url(url: URL) -> URL:
    """The URL workstations use: server, database and TLS settings, no user or password."""
    parsed = normalize_url(url)
    return URL.create(
        "postgresql",
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )


def _role_exists(conn: Connection, name: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    return found.first() is not None


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _try(conn: Connection, statements: list[str], report: SetupReport, note: str) -> bool:
    """Run optional steps; when the server refuses them, keep going and say why."""
    savepoint = conn.begin_nested()
    try:
        for sql in statements:
            conn.exec_driver_sql(sql)
    except DBAPIError as error:  # the server's refusal, reported to the IT person
        savepoint.rollback()
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        report.notes.append(f"{note} ({reason})")
        return False
    savepoint.commit()
    return True


def _create_role(conn: Connection, name: str, attributes: str) -> None:
    if _role_exists(conn, name):
        return
    savepoint = conn.begin_nested()
    try:
        conn.exec_driver_sql(f"CREATE ROLE {_quote(conn, name)} {attributes}")
    except DBAPIError:
        savepoint.rollback()
        if not _role_exists(conn, name):  # not a race with a concurrent setup
            raise
    else:
        savepoint.commit()


def prepare_database(conn: Connection) -> SetupReport:
    """Group roles, memberships, database privileges and the schema (idempotent)."""
    report = SetupReport()
    me = conn.execute(
        text(
            "SELECT rolsuper, rolcreaterole, server_version_num "
            "FROM pg_roles, (SELECT current_setting('server_version_num')::int "
            "AS server_version_num) v WHERE rolname = current_user"
        )
    ).one()
    if not (me.rolsuper or me.rolcreaterole):
        raise SetupError(
            "Connect as a superuser, or as a role with CREATEROLE that owns the database: "
            "CaseDesk creates its group roles and a login role per staff member."
        )
    q = lambda name: _quote(conn, name)  # noqa: E731
    for name in (*NOLOGIN_GROUPS, SIGNIN_ROLE):
        _create_role(conn, name, "NOLOGIN")
    _make_harmless(conn, me.rolsuper)
    # The owner creates and alters staff login roles inside its SECURITY
    # DEFINER functions; nothing else runs as it.
    conn.exec_driver_sql(f"ALTER ROLE {q(OWNER)} CREATEROLE")
    verifier = scram.verifier(SIGNIN_PASSWORD)
    conn.exec_driver_sql(
        f"ALTER ROLE {q(SIGNIN_ROLE)} LOGIN NOINHERIT CONNECTION LIMIT 20 PASSWORD '{verifier}'"
    )
    # PostgreSQL 16+: a CREATEROLE role may grant only roles it holds with
    # ADMIN OPTION; INHERIT/SET FALSE keep the owner from acting as the groups.
    # (Tested here on PostgreSQL 15 only, where CREATEROLE needs none of this.)
    if me.server_version_num >= 160000:
        for name in (STAFF, *GROUP_FOR_ROLE.values()):
            conn.exec_driver_sql(
                f"GRANT {q(name)} TO {q(OWNER)} WITH ADMIN OPTION, INHERIT FALSE, SET FALSE"
            )
    _try(
        conn,
        [f"GRANT pg_signal_backend TO {q(OWNER)}"],
        report,
        "Deactivating a staff account cannot end their open connections until a superuser "
        f"runs: GRANT pg_signal_backend TO {OWNER}",
    )
    if not me.rolsuper:
        # db init and db upgrade run the migrations as the owner (SET ROLE).
        conn.exec_driver_sql(f"GRANT {q(OWNER)} TO CURRENT_USER")
    database = q(conn.execute(text("SELECT current_database()")).scalar_one())
    _try(
        conn,
        [
            f"REVOKE ALL ON DATABASE {database} FROM PUBLIC",
            f"GRANT CONNECT ON DATABASE {database} TO {q(STAFF)}, {q(SIGNIN_ROLE)}",
        ],
        report,
        "Only the database's owner can limit who connects to it",
    )
    # Functions the owner creates later are not executable by everyone.
    conn.exec_driver_sql(
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {q(OWNER)} REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC"
    )
    _refuse_old_public_schema(conn)
    conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {q(SCHEMA)} AUTHORIZATION {q(OWNER)}")
    conn.exec_driver_sql(f"ALTER SCHEMA {q(SCHEMA)} OWNER TO {q(OWNER)}")
    conn.exec_driver_sql(f"REVOKE ALL ON SCHEMA {q(SCHEMA)} FROM PUBLIC")
    return report


def _make_harmless(conn: Connection, as_superuser: bool) -> None:
    """Nobody signs in as a group, and no CaseDesk role is a superuser or bypasses
    row-level security, whatever was done to them before."""
    rows = conn.execute(
        text(
            "SELECT rolname, rolsuper OR rolbypassrls AS mighty, rolcanlogin FROM pg_roles "
            "WHERE rolname = ANY(:names)"
        ),
        {"names": [*NOLOGIN_GROUPS, SIGNIN_ROLE]},
    ).all()
    for row in rows:
        if row.mighty:
            if not as_superuser:
                raise SetupError(
                    f"The role {row.rolname} is a superuser or bypasses row-level security; "
                    "a superuser must run this to correct it."
                )
            conn.exec_driver_sql(f"ALTER ROLE {_quote(conn, row.rolname)} NOSUPERUSER NOBYPASSRLS")
        if row.rolcanlogin and row.rolname != SIGNIN_ROLE:
            conn.exec_driver_sql(f"ALTER ROLE {_quote(conn, row.rolname)} NOLOGIN")


def _refuse_old_public_schema(conn: Connection) -> None:
    """Earlier builds migrated into ``public`` as the IT person: say how to move it."""
    old = conn.execute(text("SELECT to_regclass('public.alembic_version') IS NOT NULL")).scalar()
    new = conn.execute(text(f"SELECT to_regclass('{SCHEMA}.alembic_version') IS NOT NULL")).scalar()
    if old and not new:
        raise SetupError(
            "This database holds CaseDesk tables in the 'public' schema from an earlier "
            f"version. Move them into schema '{SCHEMA}' owned by {OWNER} (ALTER TABLE ... "
            f"SET SCHEMA {SCHEMA}; ALTER TABLE ... OWNER TO {OWNER}), then run this again."
        )


def prepare_and_upgrade(url: URL) -> tuple[SchemaState, SchemaState, SetupReport]:
    """``db upgrade`` on PostgreSQL: prepare roles and schema, then migrate as the owner."""
    setup = _engine(url)
    try:
        with setup.begin() as conn:
            report = prepare_database(conn)
    finally:
        setup.dispose()
    owner = owner_engine(url)
    try:
        before = schema_state(owner)
        upgrade(owner)
        return before, schema_state(owner), report
    finally:
        owner.dispose()


@dataclass(frozen=True)
class FirstAdmin:
    username: str
    display_name: str
    password: str


def validate_first_admin(admin: FirstAdmin) -> StaffFields:
    """The same rules as any account; raises ``ValidationError``."""
    fields = validate_staff_form(StaffForm(admin.username, admin.display_name, Role.ADMIN.value))
    check_new_password(
        admin.password, admin.password, username=fields.username, display_name=fields.display_name
    )
    return fields


def create_first_admin(
    conn: Connection, admin: FirstAdmin, *, clock: Clock = utc_now, by: str = "db init"
) -> bool:
    """The office's first administrator as a staff row and a login role.

    ``conn`` acts as casedesk_owner, so the owner creates (and on PostgreSQL 16+
    holds ADMIN OPTION on) the new login like every later one. Returns False
    when that staff account exists already.
    """
    fields = validate_first_admin(admin)
    staff = SqlStaffRepository(conn)
    if staff.find(fields.username) is not None:
        return False
    if _role_exists(conn, fields.username):
        raise SetupError(
            f"A PostgreSQL role named {fields.username!r} already exists on this server; "
            "choose another username for CaseDesk's first administrator."
        )
    now = clock()
    member = staff.add(fields, password_hash=None, must_change_password=False, by=by, at=now)
    conn.execute(
        text(f"SELECT {SCHEMA}.create_login(:username, :verifier)"),
        {"username": member.username, "verifier": scram.verifier(admin.password)},
    )
    conn.execute(
        audit_events.insert().values(
            occurred_at=now,
            actor=conn.execute(text("SELECT session_user")).scalar_one(),
            workstation="db init",
            action=str(AuditAction.STAFF_CREATED),
            entity_type="staff",
            entity_id=member.id,
            detail="role=admin;first administrator",
        )
    )
    return True


@dataclass(frozen=True)
class InitResult:
    workstation_url: URL
    admin_created: bool
    before: SchemaState
    after: SchemaState
    notes: list[str]


def init_database(
    url: URL, admin: FirstAdmin, *, progress: Callable[[str], None] = lambda _line: None
) -> InitResult:
    """``db init``: everything a new office database needs, in idempotent steps."""
    validate_first_admin(admin)  # before anything on the server changes
    progress("Preparing roles and the casedesk schema...")
    before, after, report = prepare_and_upgrade(url)
    progress(f"Schema at {after.current} (was {before.current or 'empty'}).")
    owner = owner_engine(url)
    try:
        with owner.begin() as conn:
            created = create_first_admin(conn, admin)
    finally:
        owner.dispose()
    return InitResult(workstation_url(url), created, before, after, report.notes)
