"""CaseDesk's composition root: read the configuration, build the engine and the
services, then start the window or run a database command.

    python main.py                      the app on the embedded SQLite database
    python main.py --demo               the app on a separate database of fictional clients
    python main.py --database-url URL   the app on a shared PostgreSQL server
    python main.py db status            where the database schema stands
    python main.py db upgrade           bring the database schema up to this version
    python main.py db init --admin-url URL --admin-username NAME --admin-display-name NAME
                                        prepare a shared PostgreSQL database and its first admin
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import platform
import sys
from functools import partial
from logging.handlers import RotatingFileHandler

from sqlalchemy import URL, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from demo.office import seed_demo_office
from domain.common.clock import Clock, utc_now
from domain.common.errors import ValidationError
from domain.common.guard import Guard
from domain.services import Services
from domain.staff.embedded_sign_in import EmbeddedAuthenticator
from domain.staff.password_hashing import PasswordHashing
from domain.staff.session import Authenticator
from storage.common.engine import (
    create_database_engine,
    data_folder,
    default_sqlite_url,
    describe_url,
    normalize_url,
)
from storage.common.unit_of_work import SqlUnitOfWork
from storage.notes.draft_files import DraftFiles
from storage.postgres_setup import (
    FirstAdmin,
    SetupError,
    init_database,
    password_needed,
    prepare_and_upgrade,
    schema_engine,
)
from storage.schema import SchemaMismatch, SchemaStatus, ensure_current, schema_state, upgrade
from storage.staff.embedded_logins import EmbeddedLoginAccounts
from storage.staff.postgres_sign_in import PostgresAuthenticator

DATABASE_URL_VARIABLE = "CASEDESK_DATABASE_URL"
# For unattended `db init` only; interactive runs ask without echo.
INIT_PASSWORD_VARIABLE = "CASEDESK_INIT_ADMIN_PASSWORD"
DEMO_CLIENTS = 250

log = logging.getLogger("casedesk")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="casedesk",
        description=(
            "CaseDesk: case management for social-service agency offices. With no "
            "command it opens the application window."
        ),
        epilog=(
            "Without --database-url (or the CASEDESK_DATABASE_URL environment variable) "
            "CaseDesk keeps its data in a SQLite file in your per-user data folder "
            f"({data_folder()}). A shared PostgreSQL server is named by a URL such as "
            "postgresql://casedesk-server/casedesk; leave the password out of the URL."
        ),
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--database-url",
        metavar="URL",
        default=os.environ.get(DATABASE_URL_VARIABLE),
        help="PostgreSQL server to use (default: $CASEDESK_DATABASE_URL, else the embedded file)",
    )
    where.add_argument(
        "--demo",
        action="store_true",
        help="open a separate demo database filled with fictional clients",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    db = commands.add_parser(
        "db", help="database administration: 'db status', 'db upgrade' or 'db init'"
    )
    db.add_argument(
        "action",
        choices=("status", "upgrade", "init"),
        help="status: show the schema revision (exit 0 when current); "
        "upgrade: apply the migrations this version brings; "
        "init: prepare an empty shared PostgreSQL database (roles, schema, first administrator)",
    )
    db.add_argument(
        "--admin-url",
        metavar="URL",
        help="PostgreSQL URL of a superuser (or a role with CREATEROLE and CREATEDB owning the "
        "database) for init and upgrade; leave the password out and let libpq ask or read "
        "pgpass",
    )
    db.add_argument(
        "--admin-username", metavar="NAME", help="init: the first administrator's username"
    )
    db.add_argument(
        "--admin-display-name", metavar="NAME", help="init: the first administrator's full name"
    )
    return parser.parse_args(argv)


def database_url(args: argparse.Namespace) -> URL:
    if args.database_url:
        return normalize_url(args.database_url)
    return default_sqlite_url(demo=args.demo)


def build_embedded(
    engine: Engine, clock: Clock = utc_now, hashing: PasswordHashing | None = None
) -> EmbeddedAuthenticator:
    """Services and sign-in on a database whose staff passwords CaseDesk checks itself."""
    hashing = hashing or PasswordHashing()

    def unit_of_work() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, lambda _conn, staff: EmbeddedLoginAccounts(staff, hashing))

    guard = Guard(unit_of_work, clock)
    return EmbeddedAuthenticator(guard, Services.build(guard), hashing)


def workstation_name() -> str:
    """The computer's name, as the audit trail records it."""
    return platform.node() or "unknown workstation"


def local_drafts(*, demo: bool = False) -> DraftFiles:
    """Copies of unsigned notes on this computer: <data folder>/drafts/<username>/."""
    return DraftFiles(data_folder() / ("drafts-demo" if demo else "drafts"))


def build_authenticator(engine: Engine, url: URL) -> Authenticator:
    if url.get_backend_name() == "sqlite":
        return build_embedded(engine)
    # Each person signs in as their own PostgreSQL login role; the schema is
    # checked then, since nothing can connect before someone signs in.
    return PostgresAuthenticator(url)


def configure_logging() -> None:
    folder = data_folder() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        folder / "casedesk.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def upgrade_command(args: argparse.Namespace, url: URL) -> str:
    if args.demo:
        return "python main.py --demo db upgrade"
    if url.get_backend_name() == "sqlite":
        return "python main.py db upgrade"
    return f'python main.py --database-url "{describe_url(url)}" db upgrade'


def run_db_command(args: argparse.Namespace, engine: Engine, url: URL) -> int:
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
    if state.status is SchemaStatus.EMPTY and url.get_backend_name() == "postgresql":
        print(
            "A new shared database is prepared with its first administrator by: python main.py "
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


def run_db_init(args: argparse.Namespace) -> int:
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
        # The server's own words (no SQL, no parameters): what the IT person must fix.
        print(str(error.orig).strip().splitlines()[0], file=sys.stderr)
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


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configure_logging()
    if args.command == "db" and args.action == "init":
        return run_db_init(args)
    url = database_url(args)
    if args.command == "db" and args.admin_url:
        url = normalize_url(args.admin_url)
    embedded = url.get_backend_name() == "sqlite"
    try:
        if args.command == "db":
            if not embedded:
                url = with_admin_password(url)
            engine = create_database_engine(url)
            return run_db_command(args, engine, url)
        engine = create_database_engine(url)
        if embedded:
            ensure_current(engine, may_upgrade=True, upgrade_command=upgrade_command(args, url))
        authenticator = build_authenticator(engine, url)
        prepare = None
        if args.demo and authenticator.needs_first_admin():
            # A few seconds of work: the window shows progress while it runs.
            prepare = partial(seed_demo_office, authenticator, workstation_name(), DEMO_CLIENTS)
    except (SchemaMismatch, SetupError, DBAPIError) as error:
        if isinstance(error, SchemaMismatch | SetupError):
            message = str(error)
        elif isinstance(error, OperationalError):
            message = (
                f"CaseDesk cannot reach the database {describe_url(url)}. Check that the "
                "server is running and reachable from this computer."
            )
        else:
            # The server's refusal (e.g. "permission denied to create role"), no SQL.
            message = str(error.orig).strip().splitlines()[0]
        log.error("Start-up failed: %s", message)
        if args.command == "db":
            print(message, file=sys.stderr)
        else:
            from gui.app import show_start_failure

            show_start_failure("CaseDesk cannot start", message)
        return 1

    from gui.app import run_app  # Qt loads only when a window is wanted

    label = "demo database" if args.demo else describe_url(url)
    log.info("Starting on %s", label)
    return run_app(
        authenticator,
        label,
        workstation_name(),
        demo=args.demo,
        prepare=prepare,
        drafts=local_drafts(demo=args.demo),
    )


if __name__ == "__main__":
    sys.exit(main())
