"""`export hmis`: HUD's HMIS CSV (FY2026) from a command prompt, for scripts.

It signs in as a person, a supervisor or an administrator, and exports as them,
audited under their account: the username and password are asked on the console
(the password without echo), or read as two lines when the input is not a
terminal (a script's pipe). On the demo database it signs in as the demo's
supervisor without asking. It prints the data-quality check's counts (never a
client's name), then what was written.

Exit codes: 0 written; 1 refused (sign-in, role, a program not set up, a date);
3 the database cannot be reached or read.
"""

from __future__ import annotations

import contextlib
import getpass
import platform
import sys
from argparse import Namespace
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import URL
from sqlalchemy.exc import DBAPIError

from domain.common.clock import local_date, utc_now
from domain.common.errors import (
    CaseDeskError,
    DatabaseUnavailable,
    PermissionDenied,
    SignInFailed,
    ValidationError,
)
from domain.common.field_rules import format_date
from domain.common.policy import Permission
from domain.hmis_export.options import ExportForm
from domain.hmis_export.quality import QualityReport
from domain.hmis_export.service import ExportSummary
from domain.hmis_export.target import whole_file
from storage.common.engine import create_database_engine
from storage.db_commands import CANNOT_CONNECT, start_failure, upgrade_command
from storage.postgres_setup import SetupError
from storage.schema import SchemaMismatch, ensure_current
from storage.staff.postgres_sign_in import PostgresAuthenticator

WRITTEN, REFUSED = 0, 1


@dataclass(frozen=True)
class DemoSignIn:
    """The demo's supervisor, and how to fill a new demo database first."""

    username: str
    password: str
    prepare: Callable[[object, str], None]


def ask_credentials(stdin=None, stderr=None) -> tuple[str, str]:
    stdin, stderr = stdin or sys.stdin, stderr or sys.stderr
    if stdin.isatty():
        print("Sign in as a supervisor or an administrator.", file=stderr)
        username = input("CaseDesk username: ")
        return username.strip(), getpass.getpass("Password: ")
    return stdin.readline().strip(), stdin.readline().rstrip("\r\n")


def _authenticator(args: Namespace, url: URL, build_embedded, demo: DemoSignIn | None, where):
    if url.get_backend_name() == "sqlite":
        engine = create_database_engine(url)
        ensure_current(engine, may_upgrade=True, upgrade_command=upgrade_command(args, url))
        authenticator = build_embedded(engine)
        if demo is not None and authenticator.needs_first_admin():
            print("Preparing the demo database…", file=sys.stderr)
            demo.prepare(authenticator, where)
        return authenticator
    return PostgresAuthenticator(url)


def _programs(services, actor, names: list[str] | None) -> tuple[int, ...] | str:
    """The programs asked for by name (or number), else every program set up for
    HMIS; a message when there is nothing to export."""
    projects = services.hmis_export.projects(actor)
    if not names:
        ready = tuple(p.program.id for p in projects if not p.missing and p.program.active)
        if ready:
            return ready
        unset = "; ".join(f"{p.program.name} lacks {', '.join(p.missing_labels)}" for p in projects)
        return (
            "No program is set up for HMIS yet"
            + (f" ({unset})" if unset else "")
            + ". An administrator sets each program's HMIS tab (Programs, Change…)."
        )
    chosen = []
    for name in names:
        found = [
            p.program.id
            for p in projects
            if p.program.name.casefold() == name.strip().casefold() or str(p.program.id) == name
        ]
        if not found:
            known = ", ".join(p.program.name for p in projects) or "none"
            return f"There is no program {name!r} (programs: {known})."
        chosen.extend(found)
    return tuple(chosen)


def print_quality(report: QualityReport, out=None) -> None:
    out = out or sys.stdout
    print(
        f"Data quality, {format_date(report.start)} to {format_date(report.end)}: "
        f"{report.clients} clients, {report.enrollments} enrollments, {report.leavers} exits",
        file=out,
    )
    print(
        f"  {'element':<44} {'of':>7} {'DK/PNA':>7} {'missing':>7} {'issues':>7} {'rate':>6}",
        file=out,
    )
    for e in report.elements:
        print(
            f"  {e.label:<44} {e.applicable:>7} {e.doesnt_know:>7} {e.missing:>7} "
            f"{e.issues:>7} {e.error_rate:>6.1%}",
            file=out,
        )


def print_written(summary: ExportSummary, path: Path, out=None) -> None:
    out = out or sys.stdout
    rows = ", ".join(
        f"{name.removesuffix('.csv')} {count}" for name, count in summary.rows.items() if count
    )
    print(f"Wrote {path} ({len(summary.rows)} files, export {summary.export_id}): {rows}", file=out)


def run_export(args: Namespace, url: URL, build_embedded, demo: DemoSignIn | None = None) -> int:
    workstation = platform.node() or "unknown workstation"
    path = Path(args.out)
    if path.suffix.lower() != ".zip":
        print(f"{path}: name the file .zip (HUD's files go in one zip).", file=sys.stderr)
        return REFUSED
    if not path.parent.is_dir():
        print(f"{path.parent} is not a folder: create it first.", file=sys.stderr)
        return REFUSED
    try:
        authenticator = _authenticator(args, url, build_embedded, demo, workstation)
    except (SchemaMismatch, SetupError, DBAPIError) as error:
        print(start_failure(error, url), file=sys.stderr)
        return CANNOT_CONNECT
    try:
        return _signed_in_export(args, authenticator, demo, workstation, path)
    except DatabaseUnavailable as error:
        print(error, file=sys.stderr)
        return CANNOT_CONNECT
    finally:
        close = getattr(authenticator, "close", None)
        if close is not None:
            close()


def _signed_in_export(args, authenticator, demo, workstation: str, path: Path) -> int:
    username, password = (demo.username, demo.password) if demo else ask_credentials()
    try:
        session = authenticator.sign_in(username, password, workstation)
    except SignInFailed as error:
        print(error, file=sys.stderr)
        return REFUSED
    password = ""
    actor, services = session.actor, session.services
    try:
        if not actor.may(Permission.HMIS_EXPORT):
            # The service refuses (and audits the refusal) too.
            services.hmis_export.projects(actor)
        programs = _programs(services, actor, args.program)
        if isinstance(programs, str):
            print(programs, file=sys.stderr)
            return REFUSED
        today = local_date(utc_now())
        form = ExportForm(
            args.start or format_date(date(today.year, 1, 1)),
            args.end or format_date(today),
            programs,
            args.pii,
        )
        print_quality(services.hmis_export.check(actor, form))
        with whole_file(path) as target:
            summary = services.hmis_export.export(actor, form, target)
        print_written(summary, path)
        return WRITTEN
    except ValidationError as error:
        for message in error.errors.values():
            print(message, file=sys.stderr)
        return REFUSED
    except DatabaseUnavailable as error:
        print(error, file=sys.stderr)
        return CANNOT_CONNECT
    except PermissionDenied as error:
        print(error, file=sys.stderr)
        return REFUSED
    except CaseDeskError as error:
        print(error, file=sys.stderr)
        return REFUSED
    finally:
        with contextlib.suppress(CaseDeskError):
            authenticator.sign_out(actor)
