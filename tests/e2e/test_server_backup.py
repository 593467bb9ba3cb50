"""`db backup` and `db restore` on a shared PostgreSQL server: pg_dump's custom
format, restored into an empty database after the roles `db init` makes."""

from __future__ import annotations

import psycopg
import pytest

from domain.clients.record import ClientForm
from domain.common.policy import Role
from storage.staff.postgres_sign_in import PostgresAuthenticator
from tests.conftest import TEST_PASSWORD, _libpq, unique_role_name
from tests.e2e.test_command_line import run_main

pytestmark = pytest.mark.postgres


def admin_url(url) -> str:
    return url.render_as_string(hide_password=False)


def casedesk_tables(url) -> int:
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'casedesk'"
        ).fetchone()[0]


def test_a_server_backup_restores_into_a_new_database_where_staff_sign_in(
    tmp_path, postgres_office, postgres_scratch
):
    office = postgres_office
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    supervisor.services.clients.register(
        supervisor.actor, ClientForm(first_name="Marisol", last_name="Restrepo")
    )
    archive = tmp_path / "office.dump"

    backed_up = run_main(
        "db", "backup", "--admin-url", admin_url(office.url), "--to", str(archive),
        data_dir=tmp_path,
    )  # fmt: skip
    target = postgres_scratch.create()
    restored = run_main(
        "db", "restore", "--admin-url", admin_url(target), str(archive), data_dir=tmp_path
    )  # fmt: skip

    assert backed_up.returncode == 0, backed_up.stderr
    assert f"Backed up to {archive}" in backed_up.stdout
    assert archive.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert restored.returncode == 0, restored.stderr
    assert f"postgresql://{target.host}:{target.port}/{target.database}" in restored.stdout
    auth = PostgresAuthenticator(target.set(username=None, password=None))
    try:
        again = auth.sign_in(supervisor.actor.username, TEST_PASSWORD, "WS-AFTER")
        found = again.services.clients.search(again.actor, "Restrepo")
        admin = auth.sign_in(office.admin.actor.username, TEST_PASSWORD, "ADMIN-AFTER")
    finally:
        auth.close()
    assert [client.last_name for client in found] == ["Restrepo"]
    assert admin.actor.role is Role.ADMIN
    with psycopg.connect(_libpq(target), autocommit=True) as conn:
        restores = conn.execute(
            "SELECT actor, detail FROM casedesk.audit_events WHERE action = 'backup.restored'"
        ).fetchall()
        # The restored schema is the owner's, as `db init` leaves it.
        owners = conn.execute(
            "SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'casedesk'"
        ).fetchall()
    assert len(restores) == 1 and restores[0][0].startswith("(command line: ")
    assert owners == [("casedesk_owner",)]
    with office.superuser() as su:
        made = su.execute("SELECT detail FROM audit_events WHERE action = 'backup.made'").fetchall()
    assert len(made) == 1 and made[0][0].startswith("pg_dump;file=")


def test_a_restore_goes_only_into_an_empty_database(tmp_path, postgres_office):
    office = postgres_office
    archive = tmp_path / "office.dump"
    url = admin_url(office.url)
    assert (
        run_main(
            "db", "backup", "--admin-url", url, "--to", str(archive), data_dir=tmp_path
        ).returncode
        == 0
    )

    result = run_main("db", "restore", "--admin-url", url, str(archive), data_dir=tmp_path)

    assert result.returncode == 1
    assert "is not empty" in result.stderr


def test_a_restore_refuses_a_backup_from_a_newer_casedesk(
    tmp_path, postgres_office, postgres_scratch
):
    office = postgres_office
    with office.superuser() as su:
        su.execute("UPDATE alembic_version SET version_num = '9999_future'")
    archive = tmp_path / "future.dump"
    url = admin_url(office.url)
    assert (
        run_main(
            "db", "backup", "--admin-url", url, "--to", str(archive), data_dir=tmp_path
        ).returncode
        == 0
    )
    target = postgres_scratch.create()

    result = run_main(
        "db", "restore", "--admin-url", admin_url(target), str(archive), data_dir=tmp_path
    )

    assert result.returncode == 2
    assert "newer version of CaseDesk (schema 9999_future" in result.stderr
    assert casedesk_tables(target) == 0


def test_without_pg_dump_the_message_names_the_package(tmp_path, postgres_office, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))
    url = admin_url(postgres_office.url)

    result = run_main(
        "db", "backup", "--admin-url", url, "--to", str(tmp_path / "x.dump"), data_dir=tmp_path
    )

    assert result.returncode == 1
    assert "pg_dump is not on this computer's PATH" in result.stderr
    assert "postgresql-client" in result.stderr and "Command Line Tools" in result.stderr


def test_a_scheduled_backup_can_run_as_a_role_that_only_reads(tmp_path, postgres_office):
    """What the README suggests for a scheduled task: a login that reads every row
    (pg_read_all_data, BYPASSRLS) and is neither a superuser nor the owner."""
    office = postgres_office
    reader = unique_role_name("bk")
    with office.superuser() as su:
        su.execute(f"CREATE ROLE {reader} LOGIN BYPASSRLS IN ROLE pg_read_all_data")
        su.execute(f"GRANT CONNECT ON DATABASE {office.url.database} TO {reader}")
    archive = tmp_path / "nightly.dump"

    result = run_main(
        "db", "backup", "--admin-url", admin_url(office.url.set(username=reader)),
        "--to", str(archive), data_dir=tmp_path,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "the audit trail does not record this" in result.stdout
    assert archive.stat().st_size > 0
