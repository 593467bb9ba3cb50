"""Before a migration changes the embedded file, a checked copy of it is made;
without one, the file is not migrated."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.backups.audit_rows import AT_START_UP
from storage.backups.backup_files import SqliteBackups
from storage.common.engine import create_database_engine, sqlite_url
from storage.schema import SchemaMismatch, schema_state, upgrade


@pytest.fixture
def old_file(tmp_path):
    """An office's file at schema 0019, with a setting saved."""
    path = tmp_path / "office" / "casedesk.sqlite3"
    engine = create_database_engine(sqlite_url(path))
    upgrade(engine, "0019")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO settings (key, value, version, updated_at, updated_by) "
                "VALUES ('agency_name', 'Northside Family Services', 1, '2026-01-05', 'admin')"
            )
        )
    yield path, engine
    engine.dispose()


def test_an_upgrade_first_copies_the_file_as_it_was(old_file):
    path, engine = old_file

    upgrade(engine)

    [copy] = SqliteBackups(path).copies(str(path.parent / "backups"))
    assert copy.kind == "before-upgrade"
    assert copy.schema_revision == "0019"
    assert copy.row_counts["settings"] == 1
    connection = sqlite3.connect(copy.location)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0019",)
    connection.close()
    with engine.connect() as connection:
        actor, detail = connection.execute(
            text("SELECT actor, detail FROM audit_events WHERE action = 'backup.made'")
        ).one()
    assert actor == AT_START_UP
    assert detail.startswith(f"before-upgrade;file={copy.location};schema=0019")


def test_an_unreachable_backup_folder_sends_the_copy_to_the_data_folder(old_file, tmp_path):
    path, engine = old_file
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO settings (key, value, version, updated_at, updated_by) "
                "VALUES ('backup_folder', :folder, 1, '2026-01-05', 'admin')"
            ),
            {"folder": str(tmp_path / "usb-stick-left-at-home")},
        )

    upgrade(engine)

    assert len(SqliteBackups(path).copies(str(path.parent / "backups"))) == 1


def test_without_a_good_copy_the_file_is_not_upgraded(old_file):
    path, engine = old_file
    (path.parent / "backups").write_text("a file where the folder should be")

    with pytest.raises(SchemaMismatch, match="could not first make a good copy"):
        upgrade(engine)

    assert schema_state(engine).current == "0019"
    assert not list(Path(path.parent).glob("*.partial"))
