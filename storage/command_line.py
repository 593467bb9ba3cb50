"""The command line CaseDesk understands. Cheap to import (the standard library and
platformdirs only), so that `--help` answers at once."""

from __future__ import annotations

import argparse
import os

from storage.common.locations import data_folder

DATABASE_URL_VARIABLE = "CASEDESK_DATABASE_URL"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="casedesk",
        description="CaseDesk: case management for social-service agency offices. With no "
        "command it opens the application window.",
        epilog="Without --database-url (or the CASEDESK_DATABASE_URL environment variable) "
        "CaseDesk keeps its data in a SQLite file in your per-user data folder "
        f"({data_folder()}). A shared PostgreSQL server is named by a URL such as "
        "postgresql://casedesk-server/casedesk; leave the password out of the URL.",
    )
    parser.add_argument("--version", action="store_true", help="print CaseDesk's version")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--database-url",
        metavar="URL",
        default=os.environ.get(DATABASE_URL_VARIABLE),
        help="PostgreSQL server to use (default: $CASEDESK_DATABASE_URL, else the embedded file)",
    )
    where.add_argument(
        "--demo", action="store_true", help="open a separate demo database of fictional clients"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    db = commands.add_parser("db", help="database administration: 'db status|upgrade|init'")
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
        "database) for init and upgrade; leave the password out and let libpq ask or read pgpass",
    )
    db.add_argument("--admin-username", metavar="NAME", help="init: the first admin's username")
    db.add_argument("--admin-display-name", metavar="NAME", help="init: the first admin's name")
    return parser.parse_args(argv)
