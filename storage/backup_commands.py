"""`db backup` and `db restore`, for the embedded file and for a shared server.

Exit codes: 0 done; 1 refused or failed (the message says why, and nothing was
changed); 2 the backup was written by a newer CaseDesk; 3 the server could not
be reached or refused the sign-in (as for the other db commands).
"""

from __future__ import annotations

import sys
import time
from argparse import Namespace
from datetime import datetime
from pathlib import Path

from sqlalchemy import URL
from sqlalchemy.exc import DBAPIError, OperationalError

from domain.audit.events import AuditAction
from domain.backups.copies import BackupCopy, BackupFailed, BackupFolderUnreachable, BackupKind
from domain.backups.retention import copies_to_remove
from domain.common.clock import utc_now
from storage.backups.audit_rows import command_line_actor, record_event
from storage.backups.backup_files import STAMP, SqliteBackups
from storage.backups.before_upgrade import chosen_folder
from storage.backups.postgres_dump import (
    PgToolMissing,
    ServerBackupFailed,
    dump_database,
    restore_archive,
)
from storage.backups.restore_file import RestoreRefused, restore_database
from storage.command_line import program_name
from storage.common.engine import create_database_engine, describe_url, normalize_url
from storage.db_commands import connect_failure, server_words, with_admin_password
from storage.postgres_setup import owner_engine, workstation_url
from storage.schema import SchemaStatus, head_revision, schema_state

DONE, REFUSED, NEWER_CASEDESK, CANNOT_CONNECT = 0, 1, 2, 3


def _say(message: str) -> int:
    print(message, file=sys.stderr)
    return REFUSED


def _size(size_bytes: int) -> str:
    return f"{size_bytes / (1 << 20):.1f} MB"


def run_backup_command(args: Namespace, url: URL) -> int:
    if args.admin_url:
        url = normalize_url(args.admin_url)
    print(f"Database: {describe_url(url)}")
    if url.get_backend_name() == "sqlite":
        return (
            _embedded_backup(args, url) if args.action == "backup" else _embedded_restore(args, url)
        )
    try:
        url = with_admin_password(url)
        if args.action == "backup":
            return _server_backup(args, url)
        return _server_restore(args, url)
    except OperationalError as error:
        print(connect_failure(error, url, admin_url_given=bool(args.admin_url)), file=sys.stderr)
        return CANNOT_CONNECT
    except PgToolMissing as error:
        return _say(str(error))
    except ServerBackupFailed as error:
        _say(str(error))
        return NEWER_CASEDESK if error.newer_schema else REFUSED
    except DBAPIError as error:
        return _say(server_words(error))


# --- the embedded file ---------------------------------------------------------


def _copy_detail(copy: BackupCopy) -> str:
    return (
        f"{copy.kind};file={copy.location};tables={len(copy.row_counts)};rows={copy.rows};"
        f"bytes={copy.size_bytes};checked=ok"
    )


def _embedded_backup(args: Namespace, url: URL) -> int:
    database = Path(url.database or "")
    if not database.is_file():
        return _say(f"There is no database at {database} yet: nothing to back up.")
    engine = create_database_engine(url)
    try:
        if schema_state(engine).status is SchemaStatus.EMPTY:
            return _say(f"{database} holds no CaseDesk data yet: nothing to back up.")
        store = SqliteBackups(database)
        folder = chosen_folder(engine) or store.default_folder()
        started = time.perf_counter()
        try:
            if args.to and not Path(args.to).is_dir():
                copy = store.copy_to(Path(args.to), utc_now())
                removed: list[BackupCopy] = []
            else:
                folder = args.to or folder
                copy = store.make_copy(folder, BackupKind.MANUAL, utc_now())
                removed = copies_to_remove(store.copies(folder)) if not args.to else []
                for old in removed:
                    store.remove(old)
        except (BackupFolderUnreachable, BackupFailed) as error:
            record_event(
                engine,
                AuditAction.BACKUP_FAILED,
                f"{BackupKind.MANUAL};{error}",
                actor=command_line_actor(),
            )
            return _say(str(error))
        seconds = time.perf_counter() - started
        record_event(
            engine, AuditAction.BACKUP_MADE, _copy_detail(copy), actor=command_line_actor()
        )
    finally:
        engine.dispose()
    print(
        f"Backed up to {copy.location} in {seconds:.1f} s: {_size(copy.size_bytes)}, "
        f"{len(copy.row_counts)} tables, {copy.rows} rows."
    )
    print("Checked: SQLite's integrity check passed, and every table holds the rows it held.")
    if removed:
        print(
            f"Removed {len(removed)} older copies from {folder} (CaseDesk keeps 7 daily, 4 weekly "
            "and every copy made before an upgrade)."
        )
    return DONE


def _embedded_restore(args: Namespace, url: URL) -> int:
    if not args.path:
        return _say(f"Name the backup to restore: {program_name()} db restore FILE")
    database = Path(url.database or "")
    started = time.perf_counter()
    try:
        # No engine is open on the database until the files are swapped.
        result = restore_database(Path(args.path), database, utc_now())
    except RestoreRefused as error:
        _say(str(error))
        return NEWER_CASEDESK if error.newer_schema else REFUSED
    seconds = time.perf_counter() - started
    engine = create_database_engine(url)
    try:
        record_event(
            engine,
            AuditAction.DATABASE_RESTORED,
            f"from={Path(args.path).resolve()};schema={result.schema_revision};"
            f"rows={sum(result.row_counts.values())};replaced={result.kept or 'none'}",
            actor=command_line_actor(),
        )
    finally:
        engine.dispose()
    print(
        f"Restored {args.path} in {seconds:.1f} s: {len(result.row_counts)} tables, "
        f"{sum(result.row_counts.values())} rows, checked."
    )
    if result.kept is not None:
        print(f"The database it replaced is kept as {result.kept}")
    if result.schema_revision != head_revision():
        print(
            f"It is at schema {result.schema_revision}; CaseDesk upgrades it to "
            f"{head_revision()} when it next starts (after copying it first)."
        )
    return DONE


# --- a shared server -----------------------------------------------------------


def _record_on_server(url: URL, action: AuditAction, detail: str) -> None:
    """In the audit trail, as the schema owner. A backup role that may read
    everything but is no member of casedesk_owner has made its copy all the same:
    say so rather than fail."""
    owner = owner_engine(url)
    try:
        record_event(owner, action, detail, actor=command_line_actor())
    except DBAPIError as error:
        print(
            f"Note: the audit trail does not record this ({server_words(error)}); only a "
            "member of casedesk_owner may write it."
        )
    finally:
        owner.dispose()


def _server_backup(args: Namespace, url: URL) -> int:
    if not args.to:
        return _say(
            "On a shared server, name the file pg_dump writes: "
            f"{program_name()} db backup --admin-url URL --to FILE"
        )
    target = Path(args.to)
    if target.is_dir():
        target = target / f"{url.database}-{datetime.now():{STAMP}}.dump"
    if target.exists():
        return _say(f"{target} exists already: name a new file, or a folder.")
    started = time.perf_counter()
    report = dump_database(url, target)
    seconds = time.perf_counter() - started
    _record_on_server(
        url,
        AuditAction.BACKUP_MADE,
        f"pg_dump;file={report.archive.resolve()};tables={report.tables};"
        f"bytes={report.size_bytes};listed=ok",
    )
    print(
        f"Backed up to {report.archive} in {seconds:.1f} s: {_size(report.size_bytes)}, the rows "
        f"of {report.tables} tables (pg_dump's custom format; pg_restore reads it back)."
    )
    print("Keep it off this server, on an encrypted drive: it holds every client's record.")
    return DONE


def _server_restore(args: Namespace, url: URL) -> int:
    if not args.path:
        return _say(f"Name the backup to restore: {program_name()} db restore --admin-url URL FILE")
    archive = Path(args.path)
    started = time.perf_counter()
    report = restore_archive(url, archive)
    seconds = time.perf_counter() - started
    _record_on_server(
        url,
        AuditAction.DATABASE_RESTORED,
        f"from={archive.resolve()};schema={report.schema_revision};tables={report.tables}",
    )
    for note in report.notes:
        print(f"Note: {note}")
    print(
        f"Restored {archive} into {url.database} in {seconds:.1f} s: {report.tables} tables, "
        f"{report.staff} staff accounts."
    )
    if report.missing_logins:
        print(
            "These staff accounts have no login on this server, so they cannot sign in: "
            f"{', '.join(report.missing_logins)}. Logins belong to the PostgreSQL server, not "
            "to a database: load the roles file kept with the backups (pg_dumpall "
            "--roles-only, see the README) on this server first."
        )
    if report.schema_revision != head_revision():
        print(
            f"It is at schema {report.schema_revision}; bring it to {head_revision()} with: "
            f"{program_name()} db upgrade --admin-url URL"
        )
    print("Workstations use this database URL (each person signs in as themselves):")
    print(f"    {describe_url(workstation_url(url))}")
    return DONE
