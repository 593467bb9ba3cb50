"""Schema revisions: where a database stands against this build, and upgrading it.

Alembic runs from code with an open connection; see storage/migrations/env.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_FOLDER = Path(__file__).resolve().parent / "migrations"


class SchemaStatus(StrEnum):
    EMPTY = "empty"
    BEHIND = "behind"
    CURRENT = "current"
    AHEAD = "ahead"


@dataclass(frozen=True)
class SchemaState:
    status: SchemaStatus
    current: str | None
    head: str


class SchemaMismatch(Exception):
    """The database is not at the revision this build of CaseDesk needs."""


# Alembic is imported where it is used: starting the window or printing the
# command line's help needs none of it.


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_FOLDER))
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return script_directory().get_current_head()


def schema_state(engine: Engine) -> SchemaState:
    from alembic.runtime.migration import MigrationContext

    scripts = script_directory()
    head = scripts.get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        status = SchemaStatus.EMPTY
    elif current == head:
        status = SchemaStatus.CURRENT
    elif current in {script.revision for script in scripts.walk_revisions()}:
        status = SchemaStatus.BEHIND
    else:
        # A revision this build has never heard of: a newer CaseDesk wrote it.
        status = SchemaStatus.AHEAD
    return SchemaState(status=status, current=current, head=head)


def upgrade(engine: Engine, revision: str = "head", *, actor: str | None = None):
    """Apply migrations in one transaction (both databases have transactional DDL).

    An embedded file with data is first copied and the copy checked
    (storage/backups/before_upgrade.py); without a good copy nothing is migrated.
    ``actor`` is who the audit trail names for that copy (default: start-up).
    Returns that copy (a ``BackupCopy``), or None when none was made.
    """
    state = schema_state(engine)
    if state.status is SchemaStatus.AHEAD:
        raise SchemaMismatch(_ahead_message(state))
    from alembic import command

    copy = None
    if engine.dialect.name == "sqlite" and state.status is SchemaStatus.BEHIND:
        copy = _copy_before_upgrade(engine, state)
    config = alembic_config()
    with engine.connect() as connection:
        sqlite = _foreign_keys_off(connection)
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite:
                    _foreign_keys_hold(connection)
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
    if copy is not None:
        from domain.audit.events import AuditAction
        from storage.backups.audit_rows import AT_START_UP, record_event

        record_event(
            engine,
            AuditAction.BACKUP_MADE,
            f"{copy.kind};file={copy.location};schema={state.current};rows={copy.rows};"
            f"bytes={copy.size_bytes};checked=ok",
            actor=actor or AT_START_UP,
        )
    return copy


def _foreign_keys_off(connection) -> bool:
    """SQLite copies a table to change it (batch mode); with foreign keys on, dropping
    the old copy of a table others refer to fails. As SQLite's own procedure for
    schema changes says: off outside the transaction, checked before it commits."""
    if connection.dialect.name != "sqlite":
        return False
    connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    return True


def _foreign_keys_hold(connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise SchemaMismatch(
            "The upgrade was undone: it would have left rows pointing at nothing in "
            + ", ".join(tables)
        )


def _copy_before_upgrade(engine: Engine, state: SchemaState):
    from domain.backups.copies import BackupFailed
    from storage.backups.before_upgrade import back_up_before_upgrade

    try:
        return back_up_before_upgrade(engine)
    except BackupFailed as error:
        raise SchemaMismatch(
            f"CaseDesk did not upgrade the database from schema {state.current} to "
            f"{state.head}, because it could not first make a good copy of it: {error}"
        ) from None


def _ahead_message(state: SchemaState) -> str:
    return (
        f"This database was upgraded by a newer version of CaseDesk (schema {state.current}). "
        f"This version needs schema {state.head} and cannot use it safely: install the "
        "newer CaseDesk on this computer."
    )


def ensure_current(engine: Engine, *, may_upgrade: bool, upgrade_command: str) -> SchemaState:
    """The start-up check: upgrade when allowed, otherwise say what to do.

    The embedded database upgrades itself; a shared server is upgraded by its
    administrator with ``upgrade_command`` so that no workstation changes the
    schema under its colleagues.
    """
    state = schema_state(engine)
    if state.status is SchemaStatus.CURRENT:
        return state
    if state.status is SchemaStatus.AHEAD:
        raise SchemaMismatch(_ahead_message(state))
    if may_upgrade:
        upgrade(engine)
        return schema_state(engine)
    where = (
        "has no CaseDesk schema yet" if state.current is None else (f"is at schema {state.current}")
    )
    raise SchemaMismatch(
        f"The database {where}; this version of CaseDesk needs schema {state.head}. "
        f"Ask your administrator to run:\n\n    {upgrade_command}"
    )
