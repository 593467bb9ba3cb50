"""`db status` exit codes a script can trust: 1 means "needs an upgrade" and
nothing else; a server out of reach, or one that refuses the sign-in, is 3, with
a message that says what to change."""

from __future__ import annotations

import re

import pytest

from storage.db_commands import CANNOT_CONNECT, CURRENT, NEEDS_UPGRADE, NEWER_CASEDESK
from tests.conftest import unique_role_name
from tests.e2e.test_command_line import ROOT, run_main


def workstation_url(url) -> str:
    """What `db init` prints for workstations: server and database, no user."""
    return f"postgresql://{url.host}:{url.port or 5432}/{url.database}"


def test_the_readme_table_gives_every_exit_code_of_db_status():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (row,) = [
        line for line in readme.splitlines() if line.startswith("| `python main.py db status`")
    ]
    said = dict((int(code), words) for code, words in re.findall(r"(\d) when ([^,|]+)", row))
    assert said[CURRENT] == "current"
    assert said[NEEDS_UPGRADE].startswith("it needs an upgrade")
    assert said[NEWER_CASEDESK].startswith("a newer CaseDesk")
    assert said[CANNOT_CONNECT].startswith("it cannot reach the server")


def test_a_server_out_of_reach_is_not_an_upgrade(tmp_path):
    result = run_main(
        "--database-url", "postgresql://127.0.0.1:9/casedesk", "db", "status", data_dir=tmp_path
    )
    assert result.returncode == CANNOT_CONNECT
    assert "cannot reach the database" in result.stderr and "Connection refused" in result.stderr
    assert "sign in" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.postgres
@pytest.mark.parametrize("action", ["status", "upgrade"])
def test_the_workstation_url_signs_in_as_this_computers_user(
    tmp_path, postgres_server, postgres_scratch, monkeypatch, action
):
    url = postgres_scratch.create()
    # libpq takes PGUSER, else the operating system's user name: here one with no login.
    nobody = unique_role_name("osuser")
    monkeypatch.setenv("PGUSER", nobody)

    result = run_main("--database-url", workstation_url(url), "db", action, data_dir=tmp_path)

    assert result.returncode == CANNOT_CONNECT
    said = result.stderr
    assert "cannot sign in to the database" in said and f'role "{nobody}" does not exist' in said
    assert "The URL names no user" in said and "--admin-url" in said
    assert "cannot reach" not in said and "Traceback" not in said


@pytest.mark.postgres
def test_with_an_admin_url_the_same_status_is_answered(
    tmp_path, postgres_server, postgres_scratch, monkeypatch
):
    url = postgres_scratch.create()
    monkeypatch.setenv("PGUSER", unique_role_name("osuser"))
    admin_url = url.set(drivername="postgresql").render_as_string(hide_password=False)

    result = run_main(
        "--database-url", workstation_url(url), "db", "status", "--admin-url", admin_url,
        data_dir=tmp_path,
    )  # fmt: skip

    assert result.returncode == NEEDS_UPGRADE, result.stderr  # a new, empty database
    assert "empty" in result.stdout


@pytest.mark.postgres
def test_a_missing_database_is_named(tmp_path, postgres_server, postgres_scratch):
    url = postgres_scratch.admin.set(drivername="postgresql", database="no_such_casedesk")

    result = run_main(
        "--database-url",
        url.render_as_string(hide_password=False),
        "db",
        "status",
        data_dir=tmp_path,
    )

    assert result.returncode == CANNOT_CONNECT
    assert 'database "no_such_casedesk" does not exist' in result.stderr
    assert "The URL names no user" not in result.stderr  # it names one
