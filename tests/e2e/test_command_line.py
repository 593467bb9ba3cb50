"""main.py as an administrator runs it: help, and the database commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args: str, data_dir: Path, env_url: str | None = None):
    env = {**os.environ, "CASEDESK_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("CASEDESK_DATABASE_URL", None)
    if env_url:
        env["CASEDESK_DATABASE_URL"] = env_url
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_explains_every_way_to_start(tmp_path):
    result = run_main("--help", data_dir=tmp_path)
    assert result.returncode == 0
    for words in ("--demo", "--database-url", "CASEDESK_DATABASE_URL", "db", "status", "upgrade"):
        assert words in result.stdout


def test_db_status_and_upgrade_on_the_embedded_database(tmp_path):
    before = run_main("db", "status", data_dir=tmp_path)
    assert before.returncode == 1
    assert "empty" in before.stdout
    assert "python main.py db upgrade" in before.stdout

    upgraded = run_main("db", "upgrade", data_dir=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert (tmp_path / "casedesk.sqlite3").exists()

    after = run_main("db", "status", data_dir=tmp_path)
    assert after.returncode == 0
    assert "current" in after.stdout


def test_the_demo_database_is_a_separate_file(tmp_path):
    result = run_main("--demo", "db", "upgrade", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "casedesk-demo.sqlite3").exists()
    assert not (tmp_path / "casedesk.sqlite3").exists()


@pytest.mark.postgres
def test_db_commands_on_a_postgresql_server_never_print_the_password(
    tmp_path, postgres_server, postgres_scratch
):
    url = postgres_scratch.create()
    secret_url = url.set(password="s3cret-pa55word").render_as_string(hide_password=False)
    # The scratch server trusts local connections, so the password is never checked;
    # what matters is that no output repeats it.
    before = run_main("db", "status", data_dir=tmp_path, env_url=secret_url)
    assert before.returncode == 1
    assert "db upgrade" in before.stdout

    upgraded = run_main("--database-url", secret_url, "db", "upgrade", data_dir=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    after = run_main("db", "status", data_dir=tmp_path, env_url=secret_url)
    assert after.returncode == 0
    assert "current" in after.stdout
    for output in (before, upgraded, after):
        assert "s3cret-pa55word" not in output.stdout + output.stderr


def test_an_unreachable_server_is_explained_not_dumped(tmp_path):
    result = run_main(
        "--database-url",
        "postgresql://nobody:hunter2@127.0.0.1:9/none",
        "db",
        "status",
        data_dir=tmp_path,
    )
    assert result.returncode == 1
    assert "cannot reach the database" in result.stderr
    assert "Traceback" not in result.stderr
    assert "hunter2" not in result.stdout + result.stderr
