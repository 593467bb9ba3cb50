"""The `db` commands an office's IT person runs: status, upgrade and init.

They talk to a console, not a window: passwords are asked without echo, and
every refusal is one line that says what to fix (never SQL, never parameters).
"""

from __future__ import annotations

import getpass
import os
import sys
from argparse import Namespace

from sqlalchemy import URL, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from domain.common.errors import ValidationError
from storage.backups.audit_rows import command_line_actor
from storage.command_line import program_name
from storage.common.engine import create_database_engine, describe_url, normalize_url
from storage.common.sqlite_disk import disk_error
from storage.postgres_setup import (
    FirstAdmin,
    SetupError,
    init_database,
    password_needed,
    prepare_and_upgrade,
    schema_engine,
)
from storage.schema import SchemaMismatch, SchemaStatus, schema_state, upgrade

# For unattended `db init` only; interactive runs ask without echo.
INIT_PASSWORD_VARIABLE = "CASEDESK_INIT_ADMIN_PASSWORD"

# Exit codes, as the README's table gives them. Scripts tell "needs an upgrade"
# from "could not even ask" by these.
CURRENT, NEEDS_UPGRADE, NEWER_CASEDESK, CANNOT_CONNECT = 0, 1, 2, 3
FAILED = 1  # upgrade and init: the server refused the work itself


def upgrade_command(args: Namespace, url: URL) -> str:
    """The command that brings this database up to date, as the person would type it."""
    program = program_name()
    if args.demo:
        return f"{program} --demo db upgrade"
    if url.get_backend_name() == "sqlite":
        return f"{program} db upgrade"
    return f'{program} --database-url "{describe_url(url)}" db upgrade'


def run_db_command(args: Namespace, url: URL) -> int:
    """`db status`, `db upgrade` or `db init`; the process's exit code."""
    if args.action == "init":
        return _init(args)
    if args.admin_url:
        url = normalize_url(args.admin_url)
    try:
        if url.get_backend_name() != "sqlite":
            url = with_admin_password(url)
        return _status_or_upgrade(args, create_database_engine(url), url)
    except OperationalError as error:
        print(connect_failure(error, url, admin_url_given=bool(args.admin_url)), file=sys.stderr)
        return CANNOT_CONNECT
    except (SchemaMismatch, SetupError, DBAPIError) as error:
        print(start_failure(error, url), file=sys.stderr)
        # A status that could not read the schema must not read as "needs an upgrade".
        return CANNOT_CONNECT if args.action == "status" else FAILED


def start_failure(error: SchemaMismatch | SetupError | DBAPIError, url: URL) -> str:
    """What to tell the person when CaseDesk cannot start on this database."""
    if isinstance(error, OperationalError):
        if url.get_backend_name() == "sqlite":
            on_disk = disk_error(error.orig, url.database)
            if on_disk is not None:  # a full or read-only disk, said as such
                return f"CaseDesk cannot start on this database. {on_disk}"
            return (
                f"CaseDesk cannot open the database file {describe_url(url)}: "
                f"{server_words(error)}. Check that its folder exists and may be written, "
                "and that no other program holds the file."
            )
        return (
            f"CaseDesk cannot reach the database {describe_url(url)}. Check that the "
            "server is running and reachable from this computer."
        )
    if isinstance(error, DBAPIError):
        return server_words(error)
    return str(error)


def server_words(error: DBAPIError) -> str:
    """The server's own refusal (e.g. "permission denied to create role"), no SQL."""
    return str(error.orig).strip().splitlines()[0]


def connect_failure(error: OperationalError, url: URL, *, admin_url_given: bool) -> str:
    """Why a db command got no connection, and what to change: the server out of
    reach, or the server refusing the sign-in (often the user libpq chose)."""
    if url.get_backend_name() == "sqlite":
        return start_failure(error, url)
    pgconn = getattr(error.orig, "pgconn", None)
    said = server_words(error).rsplit("failed: ", 1)[-1]
    # libpq reports what the server answered as FATAL; a password the server
    # wanted and nobody gave is a refusal too.
    wanted_password = pgconn is not None and pgconn.needs_password and not pgconn.used_password
    if not (wanted_password or (pgconn is not None and "FATAL" in said)):
        return (
            f"CaseDesk cannot reach the database {describe_url(url)}: {said}. Check that the "
            "server is running and that this computer can reach it (name, port, firewall)."
        )
    user = url.username or _libpq_user(pgconn)
    why = (
        "the server wants a password (run this in a terminal to be asked for it, or use a "
        "pgpass file)"
        if wanted_password
        else said.removeprefix("FATAL:").strip()
    )
    message = f"CaseDesk cannot sign in to the database {describe_url(url)} as {user}: {why}."
    if url.username is None:
        source = "PGUSER" if os.environ.get("PGUSER") else "this computer's user name"
        example = f"postgresql://USER@{url.host or 'SERVER'}/{url.database or 'casedesk'}"
        message += (
            f" The URL names no user, so {source} ({user}) was used. Name the user ({example})"
        )
        message += "." if admin_url_given else ", or give an administrator's URL with --admin-url."
    return message


def _libpq_user(pgconn) -> str:
    """The user libpq signed in as when the URL named none (PGUSER, or the OS user)."""
    chosen = pgconn.user.decode(errors="replace") if pgconn.user else ""
    return chosen or os.environ.get("PGUSER") or getpass.getuser()


def _status_or_upgrade(args: Namespace, engine: Engine, url: URL) -> int:
    print(f"Database: {describe_url(url)}")
    shared = url.get_backend_name() == "postgresql"
    if args.action == "upgrade":
        if shared:
            # Roles and schema first, then the migrations as casedesk_owner.
            before, after, report = prepare_and_upgrade(url)
            for note in report.notes:
                print(f"Note: {note}")
        else:
            before = schema_state(engine)
            copy = upgrade(engine, actor=command_line_actor())
            if copy is not None:
                print(f"Copied the database as it was, and checked the copy: {copy.location}")
            after = schema_state(engine)
        print(f"Schema upgraded from {before.current or 'empty'} to {after.current}.")
        return 0
    if shared:
        engine = schema_engine(url)  # CaseDesk's tables live in schema casedesk
    state = schema_state(engine)
    print(f"Schema: {state.current or 'none'} (this version needs {state.head}): {state.status}")
    if state.status is SchemaStatus.CURRENT:
        return CURRENT
    if state.status is SchemaStatus.AHEAD:
        print("This database was written by a newer CaseDesk; install that version.")
        return NEWER_CASEDESK
    print(f"Run: {upgrade_command(args, url)}")
    if state.status is SchemaStatus.EMPTY and shared:
        print(
            f"A new shared database is prepared with its first administrator by: {program_name()} "
            "db init --admin-url URL --admin-username NAME --admin-display-name NAME"
        )
    return NEEDS_UPGRADE


def with_admin_password(url: URL) -> URL:
    """Asks (without echo) for the IT person's password when the server wants one:
    it never has to be written into a URL, a script or a file."""
    if url.password is None and sys.stdin.isatty() and password_needed(url):
        prompt = f"PostgreSQL password for {url.username or getpass.getuser()}@{url.host}: "
        return url.set(password=getpass.getpass(prompt))
    return url


def read_first_admin_password(username: str) -> str:
    """Without echo when someone types it; from the environment when unattended."""
    if sys.stdin.isatty():
        password = getpass.getpass(f"Password for {username} (at least 12 characters): ")
        if getpass.getpass("The same password again: ") != password:
            raise ValidationError({"confirmation": "The two passwords do not match."})
        return password
    password = os.environ.get(INIT_PASSWORD_VARIABLE)
    if not password:
        raise ValidationError(
            {"password": f"No terminal to ask on: set {INIT_PASSWORD_VARIABLE} for this command."}
        )
    return password


def _init(args: Namespace) -> int:
    if not (args.admin_url and args.admin_username and args.admin_display_name):
        print(
            "db init needs --admin-url, --admin-username and --admin-display-name.",
            file=sys.stderr,
        )
        return 2
    url = normalize_url(args.admin_url)
    if url.get_backend_name() != "postgresql":
        print("db init prepares a shared PostgreSQL database; SQLite needs none.", file=sys.stderr)
        return 2
    print(f"Database: {describe_url(url)}")
    try:
        url = with_admin_password(url)
        password = read_first_admin_password(args.admin_username)
        admin = FirstAdmin(args.admin_username, args.admin_display_name, password)
        result = init_database(url, admin, progress=print)
    except ValidationError as error:
        for message in error.errors.values():
            print(message, file=sys.stderr)
        return 1
    except SetupError as error:
        print(error, file=sys.stderr)
        return 1
    except OperationalError as error:
        print(connect_failure(error, url, admin_url_given=True), file=sys.stderr)
        return CANNOT_CONNECT
    except DBAPIError as error:
        print(server_words(error), file=sys.stderr)
        return 1
    for note in result.notes:
        print(f"Note: {note}")
    who = args.admin_username.strip().lower()
    if result.admin_created:
        print(f"Created the administrator {who}; they sign in to CaseDesk with that password.")
    else:
        print(f"The staff account {who} exists already; it was left as it is.")
    print("Workstations use this database URL (each person signs in as themselves):")
    print(f"    {describe_url(result.workstation_url)}")
    return 0
