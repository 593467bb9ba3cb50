"""The command line CaseDesk understands, and which database it names. Cheap to
import (the standard library and platformdirs only), so that `--help` answers at once.

Where the database is, first found wins: the command line (--database-url, or
--demo), the CASEDESK_DATABASE_URL environment variable, the machine-wide config
file an IT person or the installer writes (%ProgramData%\\CaseDesk\\casedesk.ini),
and else the embedded SQLite file in the person's own data folder.
"""

from __future__ import annotations

import argparse
import configparser
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from storage.common.locations import APP_NAME, data_folder

DATABASE_URL_VARIABLE = "CASEDESK_DATABASE_URL"
# Points at another machine config file (tests; an IT person trying one out).
MACHINE_CONFIG_VARIABLE = "CASEDESK_MACHINE_CONFIG"
MACHINE_CONFIG_FILE = "casedesk.ini"


class ConfigProblem(Exception):
    """The machine config file cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class DatabaseChoice:
    url: str | None  # None: the embedded file (the demo's with ``demo``)
    source: str  # where it came from, in words
    demo: bool = False


def machine_config_path() -> Path:
    """%ProgramData%\\CaseDesk\\casedesk.ini on Windows (/etc/xdg/CaseDesk on Linux)."""
    override = os.environ.get(MACHINE_CONFIG_VARIABLE)
    if override:
        return Path(override)
    return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / MACHINE_CONFIG_FILE


def check_server_url(url: str, where: str) -> str:
    """A shared server's URL as a machine config may hold it; ``where`` names the file
    or option in the message, which never repeats what may be a password."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        has_password = parts.password is not None
        host = parts.hostname
    except ValueError:
        raise ConfigProblem(f"{where}: the database url is not a URL.") from None
    if has_password:
        # A file every account on the computer can read must hold no secret.
        raise ConfigProblem(
            f"{where}: a password in the database url is refused. Leave it out: each "
            "person types their own when signing in to CaseDesk."
        )
    if not parts.scheme.startswith("postgresql") or not host:
        raise ConfigProblem(
            f"{where}: {url!r} is not a PostgreSQL server's URL; write it as "
            "postgresql://SERVER/casedesk"
        )
    return url


def machine_database_url(path: Path) -> str | None:
    """The [database] url of the machine config file; None when there is none."""
    if not path.is_file():
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8-sig")  # Notepad may add a byte-order mark
    except (configparser.Error, UnicodeDecodeError, OSError) as error:
        raise ConfigProblem(f"CaseDesk cannot read {path}: {error}") from None
    url = parser.get("database", "url", fallback="").strip()
    return check_server_url(url, str(path)) if url else None


def write_machine_config(url: str | None, path: Path) -> None:
    """Presets (or, with None, clears) the shared server for every account of this
    computer. Needs the right to write %ProgramData%\\CaseDesk: an administrator's."""
    if url is not None:
        url = check_server_url(url, str(path))
    parser = configparser.ConfigParser(interpolation=None)
    if path.is_file():
        parser.read(path, encoding="utf-8-sig")
    if url is None:
        if parser.has_section("database"):
            parser.remove_option("database", "url")
    else:
        if not parser.has_section("database"):
            parser.add_section("database")
        parser.set("database", "url", url)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as stream:
            stream.write("# CaseDesk's settings for every account of this computer.\n")
            parser.write(stream)
    except PermissionError:
        raise ConfigProblem(
            f"Writing {path} needs administrator rights: run the command prompt as "
            "an administrator."
        ) from None


def run_machine_config(args: argparse.Namespace) -> int:
    """`casedesk machine-config`: show, preset or clear the shared server."""
    path = machine_config_path()
    try:
        if args.preset_url is not None or args.clear:
            write_machine_config(None if args.clear else args.preset_url, path)
            print(f"Wrote {path}")
        url = machine_database_url(path)
    except ConfigProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"Shared server for every account: {url or 'none (each uses the embedded file)'}")
    return 0


def choose_database(args: argparse.Namespace) -> DatabaseChoice:
    if args.demo:
        return DatabaseChoice(None, "--demo", demo=True)
    if args.database_url:
        return DatabaseChoice(args.database_url, "--database-url")
    if os.environ.get(DATABASE_URL_VARIABLE):
        return DatabaseChoice(os.environ[DATABASE_URL_VARIABLE], DATABASE_URL_VARIABLE)
    path = machine_config_path()
    url = machine_database_url(path)
    if url:
        return DatabaseChoice(url, str(path))
    return DatabaseChoice(None, "the embedded default")


def program_name() -> str:
    """How the person started CaseDesk, for the commands CaseDesk tells them to run:
    `casedesk` when installed, `python main.py` from a checkout."""
    return "python main.py" if Path(sys.argv[0]).name == "main.py" else "casedesk"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="casedesk",
        description="CaseDesk: case management for social-service agency offices. With no "
        "command it opens the application window.",
        epilog="The database: --database-url, else the CASEDESK_DATABASE_URL environment "
        f"variable, else the url in {machine_config_path()} ([database] url = ...), else a "
        f"SQLite file in your per-user data folder ({data_folder()}). A shared PostgreSQL "
        "server is named by a URL such as postgresql://casedesk-server/casedesk; leave the "
        "password out of the URL.",
    )
    parser.add_argument("--version", action="store_true", help="print CaseDesk's version")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--database-url",
        metavar="URL",
        help="PostgreSQL server to use (see below for the default)",
    )
    where.add_argument(
        "--demo", action="store_true", help="open a separate demo database of fictional clients"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    db = commands.add_parser(
        "db", help="database administration: 'db status|upgrade|init|backup|restore'"
    )
    db.add_argument(
        "action",
        choices=("status", "upgrade", "init", "backup", "restore"),
        help="status: show the schema revision (exit 0 when current); "
        "upgrade: apply the migrations this version brings; "
        "init: prepare an empty shared PostgreSQL database (roles, schema, first administrator); "
        "backup: copy the database and check the copy (a shared server: pg_dump, with --to); "
        "restore FILE: put a backup back (embedded: the replaced file is kept beside it; a "
        "shared server: into an empty database)",
    )
    db.add_argument("path", nargs="?", metavar="FILE", help="restore: the backup to put back")
    db.add_argument(
        "--to",
        metavar="PATH",
        help="backup: the file or folder to write (default: the backup folder set in "
        "Settings, else the data folder's backups)",
    )
    db.add_argument(
        "--admin-url",
        metavar="URL",
        help="PostgreSQL URL of a superuser (or a role with CREATEROLE and CREATEDB owning the "
        "database) for init and upgrade; leave the password out and let libpq ask or read pgpass",
    )
    db.add_argument("--admin-username", metavar="NAME", help="init: the first admin's username")
    db.add_argument("--admin-display-name", metavar="NAME", help="init: the first admin's name")
    export = commands.add_parser(
        "export",
        help="export data: 'export hmis --out FILE.zip' writes HUD's HMIS CSV (FY2026) "
        "after asking a supervisor's or administrator's username and password",
    )
    export.add_argument("what", choices=("hmis",), help="hmis: HUD's HMIS CSV, FY2026, one zip")
    export.add_argument("--out", metavar="FILE.zip", required=True, help="the zip to write")
    export.add_argument(
        "--from", dest="start", metavar="DATE", help="first day (default: January 1 this year)"
    )
    export.add_argument("--to", dest="end", metavar="DATE", help="last day (default: today)")
    export.add_argument(
        "--program",
        action="append",
        metavar="NAME",
        help="a program to export (repeat for several; default: every program set up for HMIS)",
    )
    export.add_argument(
        "--pii",
        choices=("full", "hashed", "excluded"),
        default="full",
        help="names, SSNs and dates of birth: as recorded (default), hashed by HUD's "
        "SHA-256 rules, or left out",
    )
    machine = commands.add_parser(
        "machine-config",
        help=f"show or preset the shared server for every account ({machine_config_path()})",
    )
    preset = machine.add_mutually_exclusive_group()
    preset.add_argument(
        "--database-url",
        dest="preset_url",
        metavar="URL",
        help="preset this server (no password in the URL)",
    )
    preset.add_argument("--clear", action="store_true", help="remove the preset")
    args, rest = parser.parse_known_args(argv)
    # argparse gives an optional positional its turn with the one before it, so the
    # FILE of `db restore --admin-url URL FILE` comes back unclaimed: claim it here.
    if args.command == "db" and args.path is None and len(rest) == 1 and rest[0][:1] != "-":
        args.path, rest = rest[0], []
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    return args
