"""A shared server's backups: pg_dump's custom format, and pg_restore into an
empty database prepared as `db init` prepares one.

pg_dump and pg_restore come with PostgreSQL's client tools, not with CaseDesk:
they must match the server's major version or be newer. Passwords reach them
through the PGPASSWORD environment variable of the child process only, never
its command line. Both run as a superuser (or a role with BYPASSRLS): row-level
security, forced on CaseDesk's tables, would hide rows from anyone else, and a
backup with rows missing is worse than none.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from sqlalchemy import URL, Engine, create_engine, text
from sqlalchemy.pool import NullPool

from storage.common.engine import normalize_url
from storage.postgres_setup import SCHEMA, prepare_database
from storage.schema import head_revision, script_directory

CLIENT_TOOLS = (
    "install the PostgreSQL client tools (postgresql-client on Debian/Ubuntu, the "
    "PostgreSQL installer's Command Line Tools on Windows), of the server's major "
    "version or newer, and make sure the folder holding them is on PATH"
)
# pg_restore --list names the schema's own entry so; db init makes the schema.
_SCHEMA_ENTRY = re.compile(rf"^\d+; \d+ \d+ SCHEMA - {SCHEMA} ")
_TABLE_DATA = re.compile(rf"^\d+; \d+ \d+ TABLE DATA {SCHEMA} ")


class PgToolMissing(Exception):
    """pg_dump or pg_restore is not on PATH; the message names the package."""


class ServerBackupFailed(Exception):
    """The dump or the restore did not complete; nothing half-done is left as good.
    ``newer_schema``: the archive comes from a newer CaseDesk."""

    def __init__(self, message: str, *, newer_schema: bool = False):
        super().__init__(message)
        self.newer_schema = newer_schema


@dataclass(frozen=True)
class DumpReport:
    archive: Path
    size_bytes: int
    tables: int  # tables whose rows the archive holds


@dataclass(frozen=True)
class ServerRestoreReport:
    schema_revision: str
    tables: int
    staff: int
    # Staff accounts whose login role this server lacks (restored onto a new server).
    missing_logins: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise PgToolMissing(f"{name} is not on this computer's PATH: {CLIENT_TOOLS}.")
    return found


def _libpq_target(url: URL) -> tuple[str, dict[str, str]]:
    """A connection string without the password, and the child's environment."""
    params: dict[str, object] = {
        "host": url.host,
        "port": url.port,
        "dbname": url.database,
        "user": url.username,
    }
    for key, value in url.query.items():
        params[key] = " ".join(value) if isinstance(value, tuple) else value
    conninfo = psycopg.conninfo.make_conninfo(
        **{key: str(value) for key, value in params.items() if value is not None}
    )
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = url.password
    return conninfo, env


def _run(arguments: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        arguments,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )


def _said(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line.strip() for line in (result.stderr or result.stdout).splitlines() if line]
    return " ".join(lines[:3]) or f"exit code {result.returncode}"


def _engine(url: URL) -> Engine:
    return create_engine(normalize_url(url), poolclass=NullPool, hide_parameters=True)


def _require_all_rows(engine: Engine, what: str) -> None:
    with engine.connect() as connection:
        mighty = connection.execute(
            text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
        ).scalar()
    if not mighty:
        raise ServerBackupFailed(
            f"{what} must run as a superuser (or a role with BYPASSRLS): row-level security "
            "hides rows from anyone else. Use such a role in --admin-url."
        )


def _archive_list(archive: Path, env: dict[str, str]) -> list[str]:
    listed = _run([tool("pg_restore"), "--list", str(archive)], env)
    if listed.returncode != 0:
        raise ServerBackupFailed(
            f"{archive} is not a backup made by `db backup` (pg_dump's custom format): "
            f"{_said(listed)}"
        )
    return listed.stdout.splitlines()


def dump_database(url: URL, archive: Path) -> DumpReport:
    """pg_dump --format=custom of the whole database into ``archive``, written as
    ``<archive>.partial`` and renamed once pg_restore can read its contents."""
    pg_dump = tool("pg_dump")
    tool("pg_restore")
    engine = _engine(url)
    try:
        _require_all_rows(engine, "db backup")
        with engine.connect() as connection:
            if (
                connection.execute(text(f"SELECT to_regclass('{SCHEMA}.alembic_version')")).scalar()
                is None
            ):
                raise ServerBackupFailed(f"{url.database} holds no CaseDesk schema to back up.")
    finally:
        engine.dispose()
    conninfo, env = _libpq_target(url)
    partial = archive.with_name(archive.name + ".partial")
    try:
        done = _run(
            [
                pg_dump,
                "--format=custom",
                f"--file={partial}",
                "--no-password",
                f"--dbname={conninfo}",
            ],
            env,
        )
        if done.returncode != 0:
            raise ServerBackupFailed(f"pg_dump did not finish: {_said(done)}")
        tables = sum(1 for line in _archive_list(partial, env) if _TABLE_DATA.match(line))
        os.replace(partial, archive)
    finally:
        partial.unlink(missing_ok=True)
    return DumpReport(archive, archive.stat().st_size, tables)


def archive_revision(archive: Path, env: dict[str, str] | None = None) -> str | None:
    """The schema revision the archive's alembic_version holds; None when it has none."""
    shown = _run(
        [
            tool("pg_restore"),
            "--data-only",
            f"--schema={SCHEMA}",
            "--table=alembic_version",
            "--file=-",
            str(archive),
        ],
        env or dict(os.environ),
    )
    if shown.returncode != 0:
        return None
    lines = shown.stdout.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("COPY ") and number + 1 < len(lines) and lines[number + 1] != "\\.":
            return lines[number + 1].strip()
    return None


def _check_empty(engine: Engine, database: str) -> None:
    with engine.connect() as connection:
        objects = connection.execute(
            text(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = :schema"
            ),
            {"schema": SCHEMA},
        ).scalar()
        old = connection.execute(text("SELECT to_regclass('public.alembic_version')")).scalar()
    if objects or old is not None:
        raise ServerBackupFailed(
            f"The database {database} is not empty. Restore into a new, empty database "
            f"(createdb {database}_restored), check it, then point the workstations at it."
        )


def restore_archive(url: URL, archive: Path) -> ServerRestoreReport:
    """pg_restore of ``archive`` into the empty database ``url`` names, in one
    transaction, after the roles, privileges and schema `db init` makes."""
    if not archive.is_file():
        raise ServerBackupFailed(f"There is no file {archive}.")
    conninfo, env = _libpq_target(url)
    entries = _archive_list(archive, env)
    revision = archive_revision(archive, env)
    if revision is None:
        raise ServerBackupFailed(f"{archive} holds no CaseDesk database (no schema revision).")
    if revision not in {script.revision for script in script_directory().walk_revisions()}:
        raise ServerBackupFailed(
            f"{archive} was written by a newer version of CaseDesk (schema {revision}; this "
            f"version knows schemas up to {head_revision()}). Restore it with that version.",
            newer_schema=True,
        )
    engine = _engine(url)
    try:
        _require_all_rows(engine, "db restore")
        _check_empty(engine, url.database or "")
        with engine.begin() as connection:
            notes = prepare_database(connection).notes
        with tempfile.TemporaryDirectory(prefix="casedesk-restore-") as scratch:
            chosen = Path(scratch) / "contents.list"
            chosen.write_text(
                "\n".join(line for line in entries if not _SCHEMA_ENTRY.match(line)) + "\n",
                encoding="utf-8",
            )
            done = _run(
                [
                    tool("pg_restore"),
                    "--single-transaction",
                    "--exit-on-error",
                    "--no-password",
                    f"--use-list={chosen}",
                    f"--dbname={conninfo}",
                    str(archive),
                ],
                env,
            )
        if done.returncode != 0:
            raise ServerBackupFailed(f"pg_restore stopped and restored nothing: {_said(done)}")
        with engine.connect() as connection:
            tables = connection.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = :schema"),
                {"schema": SCHEMA},
            ).scalar()
            staff = connection.execute(text(f"SELECT count(*) FROM {SCHEMA}.staff")).scalar()
            missing = list(
                connection.execute(
                    text(
                        f"SELECT username FROM {SCHEMA}.staff s WHERE NOT EXISTS "
                        "(SELECT 1 FROM pg_roles r WHERE r.rolname = s.username) "
                        "ORDER BY username"
                    )
                ).scalars()
            )
    finally:
        engine.dispose()
    return ServerRestoreReport(revision, tables or 0, staff or 0, missing, list(notes))
