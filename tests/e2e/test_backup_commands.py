"""`db backup` and `db restore` on the embedded file, as an office's IT helper runs
them (from a scheduled task, or by hand after a mistake)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import main
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.staff.accounts import StaffForm
from domain.staff.session import FirstAdminForm
from storage.common.engine import create_database_engine, sqlite_url
from storage.schema import upgrade
from tests.conftest import FAST_HASHING, TEST_PASSWORD
from tests.e2e.test_command_line import run_main


def clients_in(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT last_name FROM clients ORDER BY id")]
    finally:
        connection.close()


def audit_of(path: Path, action: str) -> list[tuple[str, str]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT actor, detail FROM audit_events WHERE action = ? ORDER BY id", (action,)
        ).fetchall()
    finally:
        connection.close()


@pytest.fixture
def office(tmp_path):
    """The data folder of an office PC whose front desk registered one client; a
    function that registers another (with CaseDesk closed again after)."""
    database = tmp_path / "casedesk.sqlite3"

    def register(last_name: str) -> None:
        engine = create_database_engine(sqlite_url(database))
        try:
            auth = main.build_embedded(engine, hashing=FAST_HASHING)
            if auth.needs_first_admin():
                form = FirstAdminForm("admin", "Office Admin", TEST_PASSWORD, TEST_PASSWORD)
                admin = auth.create_first_admin(form, "ADMIN-PC").actor
                auth.services.staff.create(
                    admin, StaffForm("tbrooks", "Tess Brooks", Role.FRONTDESK.value),
                    TEST_PASSWORD, TEST_PASSWORD,
                )  # fmt: skip
            desk = auth.sign_in("tbrooks", TEST_PASSWORD, "FRONT-01").actor
            auth.services.clients.register(desk, ClientForm(first_name="Ana", last_name=last_name))
        finally:
            engine.dispose()

    engine = create_database_engine(sqlite_url(database))
    upgrade(engine)
    engine.dispose()
    register("Kept")
    return database, register


def test_a_backup_goes_to_the_backup_folder_checked_and_audited(tmp_path, office):
    database, _register = office

    result = run_main("db", "backup", data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    [copy] = (tmp_path / "backups").glob("casedesk-*-manual.sqlite3")
    assert f"Backed up to {copy}" in result.stdout
    assert "integrity check passed" in result.stdout
    assert clients_in(copy) == ["Kept"]
    [(actor, detail)] = audit_of(database, "backup.made")
    assert actor.startswith("(command line: ")
    assert f"file={copy}" in detail


def test_a_backup_to_a_named_file_and_back(tmp_path, office):
    database, register = office
    target = tmp_path / "usb" / "friday.sqlite3"
    target.parent.mkdir()

    backed_up = run_main("db", "backup", "--to", str(target), data_dir=tmp_path)
    register("Mistake")
    restored = run_main("db", "restore", str(target), data_dir=tmp_path)

    assert backed_up.returncode == 0, backed_up.stderr
    assert restored.returncode == 0, restored.stderr
    assert clients_in(database) == ["Kept"]
    [kept] = tmp_path.glob("casedesk-replaced-*.sqlite3")
    assert f"kept as {kept}" in restored.stdout
    assert clients_in(kept) == ["Kept", "Mistake"]
    [(_actor, detail)] = audit_of(database, "backup.restored")
    assert f"from={target}" in detail and f"replaced={kept}" in detail
    again = run_main("db", "backup", "--to", str(target), data_dir=tmp_path)
    assert again.returncode == 1
    assert "exists already" in again.stderr


def test_restore_refuses_a_backup_from_a_newer_casedesk(tmp_path, office):
    database, _register = office
    target = tmp_path / "from-the-future.sqlite3"
    assert run_main("db", "backup", "--to", str(target), data_dir=tmp_path).returncode == 0
    connection = sqlite3.connect(target)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()

    result = run_main("db", "restore", str(target), data_dir=tmp_path)

    assert result.returncode == 2
    assert "newer version of CaseDesk" in result.stderr
    assert clients_in(database) == ["Kept"]
    assert not list(tmp_path.glob("casedesk-replaced-*"))


def test_restore_names_what_is_missing(tmp_path, office):
    missing = run_main("db", "restore", data_dir=tmp_path)
    nowhere = run_main("db", "restore", str(tmp_path / "nothing.sqlite3"), data_dir=tmp_path)

    assert missing.returncode == 1 and "db restore FILE" in missing.stderr
    assert nowhere.returncode == 1 and "There is no file" in nowhere.stderr


def test_nothing_to_back_up_before_the_first_start(tmp_path):
    result = run_main("db", "backup", data_dir=tmp_path)

    assert result.returncode == 1
    assert "nothing to back up" in result.stderr
