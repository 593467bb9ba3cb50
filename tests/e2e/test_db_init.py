"""`main.py db init` as the office's IT person runs it on an empty PostgreSQL database."""

from __future__ import annotations

import psycopg
import pytest

from domain.common.policy import Role
from storage.staff.postgres_sign_in import PostgresAuthenticator
from tests.conftest import TEST_PASSWORD, _libpq, unique_role_name
from tests.e2e.test_command_line import run_main

pytestmark = pytest.mark.postgres


def test_db_init_prepares_the_database_and_its_first_administrator(
    tmp_path, postgres_server, postgres_scratch, monkeypatch
):
    url = postgres_scratch.create()
    admin_url = url.render_as_string(hide_password=False)
    username = unique_role_name("it")
    args = (
        "db", "init", "--admin-url", admin_url,
        "--admin-username", username, "--admin-display-name", "Office Administrator",
    )  # fmt: skip
    monkeypatch.setenv("CASEDESK_INIT_ADMIN_PASSWORD", TEST_PASSWORD)

    first = run_main(*args, data_dir=tmp_path)
    again = run_main(*args, data_dir=tmp_path)

    assert first.returncode == 0, first.stderr
    assert f"Created the administrator {username}" in first.stdout
    workstations = f"postgresql://{url.host}:{url.port}/{url.database}"
    assert workstations in first.stdout.splitlines()[-1]
    assert again.returncode == 0, again.stderr
    assert "exists already" in again.stdout
    for output in (first, again):
        assert TEST_PASSWORD not in output.stdout + output.stderr

    session = PostgresAuthenticator(workstations).sign_in(username, TEST_PASSWORD, "IT-PC")
    assert session.actor.role is Role.ADMIN and not session.must_change_password

    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        owners = conn.execute(
            "SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'casedesk' "
            "UNION SELECT DISTINCT pg_get_userbyid(p.proowner) FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'casedesk' "
            "UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'casedesk'"
        ).fetchall()
        owner = conn.execute(
            "SELECT rolcanlogin, rolcreaterole FROM pg_roles WHERE rolname = 'casedesk_owner'"
        ).fetchone()
    assert owners == [("casedesk_owner",)]  # every object; nobody logs in as it
    assert owner == (False, True)


def test_db_init_refuses_a_weak_password_and_changes_nothing(
    tmp_path, postgres_server, postgres_scratch, monkeypatch
):
    url = postgres_scratch.create()
    monkeypatch.setenv("CASEDESK_INIT_ADMIN_PASSWORD", "password1234")
    result = run_main(
        "db", "init", "--admin-url", url.render_as_string(hide_password=False),
        "--admin-username", unique_role_name("it"), "--admin-display-name", "Office Admin",
        data_dir=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert "common" in result.stderr.lower()
    assert "password1234" not in result.stdout + result.stderr
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        schema = conn.execute("SELECT to_regnamespace('casedesk')").fetchone()
    assert schema == (None,)
