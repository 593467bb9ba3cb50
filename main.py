"""CaseDesk's composition root: read the configuration, build the engine and the
services, then start the window or run a database command.

    python main.py                      the app on the embedded SQLite database
    python main.py --demo               the app on a separate database of fictional clients
    python main.py --database-url URL   the app on a shared PostgreSQL server
    python main.py db status            where the database schema stands
    python main.py db upgrade           bring the database schema up to this version
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import sys
from logging.handlers import RotatingFileHandler

from sqlalchemy import URL, Engine
from sqlalchemy.exc import OperationalError

from domain.auth_service import EmbeddedAuthenticator
from domain.clock import Clock, utc_now
from domain.demo_data import seed_demo_office
from domain.guard import Guard
from domain.password_hashing import PasswordHashing
from domain.services import Services
from domain.session import Authenticator
from storage.embedded_logins import EmbeddedLoginAccounts
from storage.engine import (
    create_database_engine,
    data_folder,
    default_sqlite_url,
    describe_url,
    normalize_url,
)
from storage.schema import SchemaMismatch, SchemaStatus, ensure_current, schema_state, upgrade
from storage.unit_of_work import SqlUnitOfWork

DATABASE_URL_VARIABLE = "CASEDESK_DATABASE_URL"
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
    db = commands.add_parser("db", help="database administration: 'db status' or 'db upgrade'")
    db.add_argument(
        "action",
        choices=("status", "upgrade"),
        help="status: show the schema revision (exit 0 when current); "
        "upgrade: apply the migrations this version brings",
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


def build_authenticator(engine: Engine, url: URL) -> Authenticator:
    if url.get_backend_name() == "sqlite":
        return build_embedded(engine)
    raise SchemaMismatch(
        "Signing in to a shared PostgreSQL server is not available in this build yet; "
        "use the embedded database."
    )


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
    if args.action == "upgrade":
        before = schema_state(engine)
        upgrade(engine)
        after = schema_state(engine)
        print(f"Schema upgraded from {before.current or 'empty'} to {after.current}.")
        return 0
    state = schema_state(engine)
    print(f"Schema: {state.current or 'none'} (this version needs {state.head}): {state.status}")
    if state.status is SchemaStatus.CURRENT:
        return 0
    if state.status is SchemaStatus.AHEAD:
        print("This database was written by a newer CaseDesk; install that version.")
        return 2
    print(f"Run: {upgrade_command(args, url)}")
    return 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configure_logging()
    url = database_url(args)
    engine = create_database_engine(url)
    embedded = url.get_backend_name() == "sqlite"
    try:
        if args.command == "db":
            return run_db_command(args, engine, url)
        ensure_current(engine, may_upgrade=embedded, upgrade_command=upgrade_command(args, url))
        authenticator = build_authenticator(engine, url)
        if args.demo and authenticator.needs_first_admin():
            seed_demo_office(authenticator, workstation_name(), DEMO_CLIENTS)
    except (SchemaMismatch, OperationalError) as error:
        message = (
            str(error)
            if isinstance(error, SchemaMismatch)
            else (
                f"CaseDesk cannot reach the database {describe_url(url)}. Check that the "
                "server is running and reachable from this computer."
            )
        )
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
    return run_app(authenticator, label, workstation_name(), demo=args.demo)


if __name__ == "__main__":
    sys.exit(main())
