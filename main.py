"""CaseDesk's composition root: read the configuration, build the engine and the
services, then start the window or run a `db` command (storage/db_commands.py).

Only the standard library loads before the arguments are read, so that `--help`
and `--version` answer at once; the rest is imported where it is used.
"""

from __future__ import annotations

import argparse
import logging
import platform
import sys
from functools import partial

from storage.command_line import parse_args

DEMO_CLIENTS = 250

log = logging.getLogger("casedesk")


def build_embedded(engine, clock=None, hashing=None):
    """Services and sign-in on a database whose staff passwords CaseDesk checks itself."""
    from domain.common.clock import utc_now
    from domain.common.guard import Guard
    from domain.services import Services
    from domain.staff.embedded_sign_in import EmbeddedAuthenticator
    from domain.staff.password_hashing import PasswordHashing
    from storage.common.unit_of_work import SqlUnitOfWork
    from storage.staff.embedded_logins import EmbeddedLoginAccounts

    hashing = hashing or PasswordHashing()

    def unit_of_work() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, lambda _conn, staff: EmbeddedLoginAccounts(staff, hashing))

    guard = Guard(unit_of_work, clock or utc_now)
    services = Services.build(guard, backups=embedded_backups(engine))
    return EmbeddedAuthenticator(guard, services, hashing, changes=lambda: embedded_changes(engine))


def embedded_backups(engine):
    """The folder of checked copies of the embedded file (storage/backups)."""
    from pathlib import Path

    from storage.backups.backup_files import SqliteBackups

    name = engine.url.database
    return SqliteBackups(Path(name)) if name and name != ":memory:" else None


def embedded_changes(engine):
    """One watcher of the embedded file per signed-in session (storage/live)."""
    from storage.live.sqlite_feed import SqliteChangeFeed

    def connect():
        raw = engine.raw_connection()
        connection = raw.driver_connection
        raw.detach()  # the watcher's own, outside the pool: data_version counts others' commits
        return connection

    return SqliteChangeFeed(connect)


def local_drafts(*, demo: bool = False):
    """Copies of unsigned notes on this computer: <data folder>/drafts/<username>/."""
    from storage.common.locations import data_folder
    from storage.notes.draft_files import DraftFiles

    return DraftFiles(data_folder() / ("drafts-demo" if demo else "drafts"))


def say_start_failure(args: argparse.Namespace, message: str) -> int:
    """People start CaseDesk from a shortcut, with no console: a window says it; the
    db commands say it on the console."""
    log.error("Start-up failed: %s", message)
    if args.command in ("db", "export"):
        from storage.db_commands import CANNOT_CONNECT

        print(message, file=sys.stderr)
        return CANNOT_CONNECT  # not 1, which says "needs an upgrade"
    from gui.app import show_start_failure

    show_start_failure("CaseDesk cannot start", message)
    return 1


def start_app(args: argparse.Namespace, url) -> int:
    from sqlalchemy.exc import DBAPIError

    from storage.common.engine import create_database_engine, describe_url
    from storage.db_commands import start_failure, upgrade_command
    from storage.postgres_setup import SetupError
    from storage.schema import SchemaMismatch, ensure_current
    from storage.staff.postgres_sign_in import PostgresAuthenticator

    workstation = platform.node() or "unknown workstation"
    try:
        engine = create_database_engine(url)
        if url.get_backend_name() == "sqlite":
            ensure_current(engine, may_upgrade=True, upgrade_command=upgrade_command(args, url))
            authenticator = build_embedded(engine)
        else:
            # Each person signs in as their own PostgreSQL login role; the schema is
            # checked then, since nothing can connect before someone signs in.
            authenticator = PostgresAuthenticator(url)
        prepare = None
        if args.demo and authenticator.needs_first_admin():
            from demo.office import seed_demo_office  # Faker loads only for a new demo

            # A few seconds of work: the window shows progress while it runs.
            prepare = partial(seed_demo_office, authenticator, workstation, DEMO_CLIENTS)
    except (SchemaMismatch, SetupError, DBAPIError) as error:
        return say_start_failure(args, start_failure(error, url))

    from demo.accounts import sign_in_hint
    from gui.app import run_app  # Qt loads only when a window is wanted

    label = "demo database" if args.demo else describe_url(url)
    log.info("Starting on %s", label)
    hint = sign_in_hint() if args.demo else ""
    drafts = local_drafts(demo=args.demo)
    return run_app(
        authenticator, label, workstation, sign_in_hint=hint, drafts=drafts, prepare=prepare
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.version:
        from importlib.metadata import version

        print(f"CaseDesk {version('casedesk')}")
        return 0
    if args.command == "machine-config":
        from storage.command_line import run_machine_config

        return run_machine_config(args)
    from storage.common.log_file import configure_logging

    configure_logging()
    from storage.command_line import ConfigProblem, choose_database
    from storage.common.engine import default_sqlite_url, normalize_url

    try:
        choice = choose_database(args)
    except ConfigProblem as problem:
        return say_start_failure(args, str(problem))
    log.info("Database chosen by %s", choice.source)
    url = normalize_url(choice.url) if choice.url else default_sqlite_url(demo=choice.demo)
    if args.command == "db":
        if args.action in ("backup", "restore"):
            from storage.backup_commands import run_backup_command

            return run_backup_command(args, url)
        from storage.db_commands import run_db_command

        return run_db_command(args, url)
    if args.command == "export":
        return export_command(args, url)
    return start_app(args, url)


def export_command(args: argparse.Namespace, url) -> int:
    """`export hmis`: on the demo database as its supervisor, else as whoever signs in."""
    from storage.hmis_export.command import DemoSignIn, run_export

    demo = None
    if args.demo:
        from demo.accounts import DEMO_PASSWORD, DEMO_STAFF
        from domain.common.policy import Role

        def prepare(authenticator, workstation: str) -> None:
            from demo.office import seed_demo_office

            seed_demo_office(authenticator, workstation, DEMO_CLIENTS)

        supervisor = next(name for name, _, role in DEMO_STAFF if role is Role.SUPERVISOR)
        demo = DemoSignIn(supervisor, DEMO_PASSWORD, prepare)
    return run_export(args, url, build_embedded, demo)


if __name__ == "__main__":
    sys.exit(main())
