"""main.py as an administrator runs it: help, and the database commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args: str, data_dir: Path, env_url: str | None = None):
    env = {
        **os.environ,
        "CASEDESK_DATA_DIR": str(data_dir),
        "QT_QPA_PLATFORM": "offscreen",
        # This computer's own machine config stays out of it (the file may not exist).
        "CASEDESK_MACHINE_CONFIG": str(data_dir / "machine" / "casedesk.ini"),
    }
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
    assert result.returncode == 3  # cannot reach, not "needs an upgrade"
    assert "cannot reach the database" in result.stderr
    assert "Traceback" not in result.stderr
    assert "hunter2" not in result.stdout + result.stderr


def write_machine_config(data_dir: Path, text: str) -> Path:
    path = data_dir / "machine" / "casedesk.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8-sig")  # as Notepad saves it
    return path


def test_the_embedded_database_is_named_by_its_path(tmp_path):
    result = run_main("db", "status", data_dir=tmp_path)
    assert f"Database: {tmp_path / 'casedesk.sqlite3'}" in result.stdout


def test_the_machine_config_names_the_server_when_nothing_else_does(tmp_path):
    write_machine_config(tmp_path, "[database]\nurl = postgresql://127.0.0.1:9/office\n")
    result = run_main("db", "status", data_dir=tmp_path)
    assert result.returncode == 3
    assert "127.0.0.1:9/office" in result.stderr and "cannot reach" in result.stderr


def test_command_line_beats_environment_beats_machine_config(tmp_path):
    write_machine_config(tmp_path, "[database]\nurl = postgresql://127.0.0.1:9/machine\n")
    from_env = run_main(
        "db", "status", data_dir=tmp_path, env_url="postgresql://127.0.0.1:9/environment"
    )
    assert "/environment" in from_env.stderr and "/machine" not in from_env.stderr
    from_args = run_main(
        "--database-url",
        "postgresql://127.0.0.1:9/argument",
        "db",
        "status",
        data_dir=tmp_path,
        env_url="postgresql://127.0.0.1:9/environment",
    )
    assert "/argument" in from_args.stderr and "/environment" not in from_args.stderr
    demo = run_main("--demo", "db", "status", data_dir=tmp_path, env_url="postgresql://x/y")
    assert str(tmp_path / "casedesk-demo.sqlite3") in demo.stdout


def test_a_password_in_the_machine_config_is_refused(tmp_path):
    path = write_machine_config(
        tmp_path, "[database]\nurl = postgresql://jo:hunter2@127.0.0.1:9/office\n"
    )
    result = run_main("db", "status", data_dir=tmp_path)
    assert result.returncode == 3  # could not even ask; 1 would say "needs an upgrade"
    assert str(path) in result.stderr and "a password in the database url" in result.stderr
    assert "hunter2" not in result.stdout + result.stderr


def test_machine_config_presets_shows_and_clears_the_shared_server(tmp_path):
    """What the installer's /DATABASE_URL runs, and what an IT person types later."""
    preset = run_main(
        "machine-config",
        "--database-url",
        "postgresql://srv.office.lan/casedesk",
        data_dir=tmp_path,
    )
    assert preset.returncode == 0, preset.stderr
    assert "postgresql://srv.office.lan/casedesk" in preset.stdout
    status = run_main("db", "status", data_dir=tmp_path)
    assert "srv.office.lan/casedesk" in status.stdout + status.stderr
    cleared = run_main("machine-config", "--clear", data_dir=tmp_path)
    assert cleared.returncode == 0 and "none" in cleared.stdout
    status = run_main("db", "status", data_dir=tmp_path)
    assert f"Database: {tmp_path / 'casedesk.sqlite3'}" in status.stdout


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql://jo:hunter2@srv/casedesk", "a password in the database url"),
        ("mysql://jo:hunter2@srv/casedesk", "a password in the database url"),
        ("sqlite:///C:/data/casedesk.sqlite3", "not a PostgreSQL server's URL"),
        ("postgresql:///casedesk", "not a PostgreSQL server's URL"),
    ],
)
def test_machine_config_refuses_a_url_it_could_not_keep(tmp_path, url, said):
    result = run_main("machine-config", "--database-url", url, data_dir=tmp_path)
    assert result.returncode == 1
    assert said in result.stderr and "hunter2" not in result.stdout + result.stderr
    assert not (tmp_path / "machine" / "casedesk.ini").exists()  # nothing half-written
