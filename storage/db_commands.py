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
from storage.command_line import program_name
from storage.common.engine import create_database_engine, describe_url, normalize_url
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
    except (SchemaMismatch, SetupError, DBAPIError) as error:
        print(start_failure(error, url), file=sys.stderr)
    return 1


def start_failure(error: SchemaMismatch | SetupError | DBAPIError, url: URL) -> str:
    """What to tell the person when CaseDesk cannot start on this database."""
    if isinstance(error, OperationalError):
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
            upgrade(engine)
            after = schema_state(engine)
        print(f"Schema upgraded from {before.current or 'empty'} to {after.current}.")
        return 0
    if shared:
        engine = schema_engine(url)  # CaseDesk's tables live in schema casedesk
    state = schema_state(engine)
    print(f"Schema: {state.current or 'none'} (this version needs {state.head}): {state.status}")
    if state.status is SchemaStatus.CURRENT:
        return 0
    if state.status is SchemaStatus.AHEAD:
        print("This database was written by a newer CaseDesk; install that version.")
        return 2
    print(f"Run: {upgrade_command(args, url)}")
    if state.status is SchemaStatus.EMPTY and shared:
        print(
            f"A new shared database is prepared with its first administrator by: {program_name()} "
            "db init --admin-url URL --admin-username NAME --admin-display-name NAME"
        )
    return 1


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
    except OperationalError:
        print(f"CaseDesk cannot reach the database {describe_url(url)}.", file=sys.stderr)
        return 1
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
