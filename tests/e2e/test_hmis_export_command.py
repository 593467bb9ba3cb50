"""`export hmis` from a command prompt: it signs in as the person (or, on the demo
database, as its supervisor), prints the data-quality counts, writes the zip, and
the export is audited under that account."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import main
from domain.audit.events import AuditFilter
from domain.clients.record import ClientForm
from domain.hmis_export.fy2026_columns import FILES
from storage.common.engine import create_database_engine, sqlite_url
from storage.schema import upgrade
from tests.conftest import TEST_PASSWORD
from tests.storage.hmis_export.conftest import EmbeddedOffice
from tests.storage.hmis_export.hmis_office import read_zip, register, set_up

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, data_dir: Path, typed: str = ""):
    env = {
        **os.environ,
        "CASEDESK_DATA_DIR": str(data_dir),
        "CASEDESK_MACHINE_CONFIG": str(data_dir / "machine" / "casedesk.ini"),
    }
    env.pop("CASEDESK_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=env,
        input=typed,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_the_demo_exports_as_its_supervisor_without_asking(tmp_path):
    out = tmp_path / "demo.zip"
    result = run("--demo", "export", "hmis", "--out", str(out), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Data quality" in result.stdout and f"Wrote {out}" in result.stdout
    with zipfile.ZipFile(out) as archive:
        assert set(archive.namelist()) == set(FILES)
    assert not (tmp_path / "demo.zip.partial").exists()


@pytest.fixture
def embedded_office(tmp_path, clock):
    engine = create_database_engine(sqlite_url(tmp_path / "casedesk.sqlite3"))
    upgrade(engine)
    scene = set_up(EmbeddedOffice(engine, clock))
    register(scene, ClientForm(first_name="Ana", last_name="Diaz", ssn="123-45-6789"))
    yield scene, engine
    engine.dispose()


def test_a_supervisor_signs_in_and_the_export_is_theirs(tmp_path, embedded_office):
    scene, engine = embedded_office
    me = scene.supervisor.actor.username
    out = tmp_path / "hmis.zip"
    result = run(
        "export",
        "hmis",
        "--out",
        str(out),
        "--from",
        "01/01/2026",
        "--pii",
        "hashed",
        data_dir=tmp_path,
        typed=f"{me}\n{TEST_PASSWORD}\n",
    )
    assert result.returncode == 0, result.stderr
    assert TEST_PASSWORD not in result.stdout + result.stderr
    assert "Ana" not in result.stdout  # the counts, never a name
    files = read_zip(out.read_bytes())
    [client] = files["Client.csv"]
    assert client["SSN"].startswith("6789") and files["Export.csv"][0]["HashStatus"] == "4"
    assert {row["ProjectID"] for row in files["Project.csv"]} == {
        str(scene.rapid_rehousing),
        str(scene.family_support),
    }  # every program set up for HMIS; not the one that is not
    auth = main.build_embedded(engine)
    admin = auth.sign_in(scene.admin.actor.username, TEST_PASSWORD, "IT-PC")
    [entry] = admin.services.audit.query(admin.actor, AuditFilter(action="hmis.exported"))
    assert entry.actor == me and "pii=hashed;" in entry.detail and "Client=1" in entry.detail


def test_a_wrong_password_or_a_caseworker_is_refused_and_nothing_is_written(
    tmp_path, embedded_office
):
    scene, _engine = embedded_office
    out = tmp_path / "hmis.zip"
    wrong = run(
        "export",
        "hmis",
        "--out",
        str(out),
        data_dir=tmp_path,
        typed=f"{scene.supervisor.actor.username}\nnot-the-password\n",
    )
    assert wrong.returncode == 1 and "Sign-in failed" in wrong.stderr
    caseworker = run(
        "export",
        "hmis",
        "--out",
        str(out),
        data_dir=tmp_path,
        typed=f"{scene.caseworker.actor.username}\n{TEST_PASSWORD}\n",
    )
    assert caseworker.returncode == 1
    assert "Only supervisors and administrators export HMIS data." in caseworker.stderr
    chosen = run(
        "export",
        "hmis",
        "--out",
        str(out),
        "--program",
        "Food help",
        data_dir=tmp_path,
        typed=f"{scene.admin.actor.username}\n{TEST_PASSWORD}\n",
    )
    assert chosen.returncode == 1 and "Food help lacks: Project type" in chosen.stderr
    assert not out.exists() and not (tmp_path / "hmis.zip.partial").exists()
