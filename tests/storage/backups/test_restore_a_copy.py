"""Putting a copy back: a newer schema's copy is refused, an older good one
restored, and the database it replaces kept beside it."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.backups.copies import BackupKind
from domain.clients.record import ClientForm
from domain.common.policy import Role
from storage.backups.backup_files import SqliteBackups
from storage.backups.restore_file import RestoreRefused, restore_database
from storage.common.engine import create_database_engine, sqlite_url
from storage.schema import SchemaStatus, ensure_current, head_revision, schema_state, upgrade

AT = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def clients_named(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT last_name FROM clients ORDER BY id")]
    finally:
        connection.close()


@pytest.fixture
def office(engine, services, make_staff):
    """A front desk that registered one client, and a checked copy of that day."""
    desk = make_staff(Role.FRONTDESK)
    services.clients.register(desk, ClientForm(first_name="Ana", last_name="Before"))
    database = Path(engine.url.database)
    copy = SqliteBackups(database).make_copy(
        str(database.parent / "backups"), BackupKind.MANUAL, AT
    )
    return database, Path(copy.location), desk


def test_a_good_copy_is_restored_and_the_replaced_database_kept(engine, services, office):
    database, copy, desk = office
    services.clients.register(desk, ClientForm(first_name="Bo", last_name="After"))
    engine.dispose()  # CaseDesk closed: `db restore` runs with no window open

    result = restore_database(copy, database, AT)

    assert clients_named(database) == ["Before"]
    stamp = f"{AT.astimezone():%Y-%m-%d-%H%M%S}"
    assert result.kept == database.with_name(f"casedesk-replaced-{stamp}.sqlite3")
    assert clients_named(result.kept) == ["Before", "After"]  # nothing is thrown away
    assert result.schema_revision == head_revision()
    assert not database.with_name(database.name + ".restoring").exists()
    assert not database.with_name(database.name + "-wal").exists()
    reopened = create_database_engine(sqlite_url(database))
    try:
        assert schema_state(reopened).status is SchemaStatus.CURRENT
    finally:
        reopened.dispose()


def test_a_copy_from_a_newer_casedesk_is_refused_and_nothing_changes(engine, office):
    database, copy, _desk = office
    connection = sqlite3.connect(copy)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    engine.dispose()
    before = fingerprint(database)

    with pytest.raises(RestoreRefused) as refused:
        restore_database(copy, database, AT)

    assert refused.value.newer_schema
    assert "newer version of CaseDesk (schema 9999_future" in str(refused.value)
    assert fingerprint(database) == before
    assert sorted(p.name for p in database.parent.glob("casedesk*")) == ["casedesk.sqlite3"]


def test_a_copy_from_an_older_casedesk_is_restored_and_upgraded_at_the_next_start(
    tmp_path, engine, office
):
    database, _copy, _desk = office
    old_office = tmp_path / "old" / "casedesk.sqlite3"
    old_engine = create_database_engine(sqlite_url(old_office))
    upgrade(old_engine, "0019")
    old_engine.dispose()
    old_copy = SqliteBackups(old_office).copy_to(tmp_path / "from-last-year.sqlite3", AT)
    engine.dispose()

    result = restore_database(Path(old_copy.location), database, AT)

    assert result.schema_revision == "0019"
    restored = create_database_engine(sqlite_url(database))
    try:
        assert ensure_current(restored, may_upgrade=True, upgrade_command="").status is (
            SchemaStatus.CURRENT
        )
    finally:
        restored.dispose()
    # The start-up upgrade copied the restored file first, as it does before any migration.
    before_upgrade = list((database.parent / "backups").glob("*-before-upgrade.sqlite3"))
    assert len(before_upgrade) == 1


def test_the_database_is_not_replaced_while_casedesk_has_it_open(engine, office):
    database, copy, _desk = office
    # A window of CaseDesk, still open.
    with engine.connect(), pytest.raises(RestoreRefused, match="in use: close CaseDesk"):
        restore_database(copy, database, AT)
    engine.dispose()
    assert clients_named(database) == ["Before"]
    assert not database.with_name(database.name + ".restoring").exists()
    assert sorted(p.name for p in database.parent.glob("casedesk*.sqlite3")) == ["casedesk.sqlite3"]


@pytest.mark.parametrize("damage", ["not a database", "damaged pages", "no CaseDesk schema"])
def test_a_file_that_is_no_good_copy_is_refused(tmp_path, engine, office, damage):
    database, copy, _desk = office
    engine.dispose()
    bad = tmp_path / "bad.sqlite3"
    if damage == "not a database":
        bad.write_text("name,phone\nAna,555-0100\n")
    elif damage == "damaged pages":
        data = bytearray(copy.read_bytes())
        page = 4096
        data[3 * page : 6 * page] = b"\x5a" * (3 * page)  # three pages overwritten
        bad.write_bytes(bytes(data))
    else:
        plain = sqlite3.connect(bad)
        plain.execute("CREATE TABLE clients (last_name TEXT)")
        plain.close()
    before = fingerprint(database)

    with pytest.raises(RestoreRefused):
        restore_database(bad, database, AT)

    assert fingerprint(database) == before


def test_a_copy_is_read_where_it_lies_whatever_its_folder_is_called(tmp_path, engine, office):
    """Spaces, # and ? are part of folder names on Windows shares and USB drives."""
    database, copy, _desk = office
    engine.dispose()
    odd = tmp_path / "Case Desk #2 (what?)" / "copy 100%.sqlite3"
    odd.parent.mkdir()
    odd.write_bytes(copy.read_bytes())

    result = restore_database(odd, database, AT)

    assert result.row_counts["clients"] == 1


def test_a_share_keeps_its_server_in_the_uri_path():
    from pathlib import PureWindowsPath

    from storage.backups.sqlite_copy import read_only_uri

    class Share(PureWindowsPath):  # a UNC path, resolved as Windows would leave it
        def resolve(self):
            return self

    assert read_only_uri(Share(r"\\nas\backups\Case Desk\x.sqlite3")) == (
        "file:////nas/backups/Case%20Desk/x.sqlite3?mode=ro"
    )
    assert read_only_uri(Share(r"E:\CaseDesk\x.sqlite3")) == "file:///E:/CaseDesk/x.sqlite3?mode=ro"
