"""A copy of the embedded file before any migration changes it.

The copy goes to the administrator's backup folder; when that cannot be reached
(a USB drive left at home), to the data folder's backups/ instead: a way back
from a migration gone wrong matters more than where it lies. When no copy can
be made and checked, the upgrade does not run.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from domain.backups.copies import BackupCopy, BackupFailed, BackupFolderUnreachable, BackupKind
from domain.backups.folder_setting import BACKUP_FOLDER
from domain.common.clock import utc_now
from storage.backups.backup_files import SqliteBackups

log = logging.getLogger(__name__)


def database_file(engine: Engine) -> Path | None:
    """The embedded database's file; None for a server or an in-memory database."""
    name = engine.url.database
    if engine.dialect.name != "sqlite" or not name or name == ":memory:":
        return None
    return Path(name)


def chosen_folder(engine: Engine) -> str:
    """The administrator's backup folder as settings hold it ("" : the default).
    Read with plain SQL: the schema may be any earlier revision."""
    try:
        with engine.connect() as connection:
            value = connection.execute(
                text("SELECT value FROM settings WHERE key = :key"), {"key": BACKUP_FOLDER}
            ).scalar()
    except DBAPIError:  # a schema from before settings existed
        return ""
    return value or ""


def back_up_before_upgrade(engine: Engine) -> BackupCopy | None:
    """The copy made; None when there is no file to copy. ``BackupFailed`` otherwise."""
    path = database_file(engine)
    if path is None or not path.is_file():
        return None
    store = SqliteBackups(path)
    folders = [store.default_folder()]
    chosen = chosen_folder(engine)
    if chosen and chosen != folders[0]:
        folders.insert(0, chosen)
    problems = []
    for folder in folders:
        try:
            copy = store.make_copy(folder, BackupKind.BEFORE_UPGRADE, utc_now())
        except (BackupFolderUnreachable, BackupFailed) as error:
            log.warning("No copy before the upgrade in %s: %s", folder, error)
            problems.append(str(error))
        else:
            log.info("Copied the database before upgrading it: %s", copy.location)
            return copy
    raise BackupFailed(" ".join(problems))
