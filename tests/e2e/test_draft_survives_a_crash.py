"""Never lose a word: the app is killed (a real process, Popen.kill) while a note is
being typed; started again, it offers the draft back with every word it had kept."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import main
from domain.common.actor import Actor
from domain.staff.accounts import StaffForm
from domain.staff.session import FirstAdminForm
from storage.common.engine import create_database_engine, sqlite_url
from storage.common.locations import SQLITE_FILE
from tests.conftest import FAST_HASHING, TEST_PASSWORD
from tests.gui.cases.caseload_office import assign, intake_case, make_office

ROOT = Path(__file__).resolve().parents[2]


def prepare_office(data_dir: Path, template: Path) -> int:
    """A caseworker (mgarcia) with a client's case, in the app's own database file."""
    shutil.copyfile(template, data_dir / SQLITE_FILE)
    engine = create_database_engine(sqlite_url(data_dir / SQLITE_FILE))
    auth = main.build_embedded(engine, hashing=FAST_HASHING)
    form = FirstAdminForm("admin", "Office Administrator", TEST_PASSWORD, TEST_PASSWORD)
    admin = auth.create_first_admin(form, "ADMIN-PC").actor
    services = auth.services

    def make(role, username, display_name):
        staff = services.staff.create(
            admin, StaffForm(username, display_name, role.value), TEST_PASSWORD, TEST_PASSWORD
        )
        return Actor(staff.id, staff.username, staff.display_name, staff.role, "WS")

    office = make_office(services, admin, make)
    case_id = intake_case(services, office, "Amara")
    assign(services, office, case_id, office.maria)
    engine.dispose()
    return case_id


def typist(data_dir: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "CASEDESK_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.gui.notes.draft_typist", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_draft_typed_when_the_app_is_killed_is_offered_back_at_the_next_start(
    tmp_path, sqlite_template, monkeypatch
):
    case_id = prepare_office(tmp_path, sqlite_template)
    process = typist(tmp_path, "type", "mgarcia", str(case_id))
    try:
        saved_in_database = 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if line.startswith("saved"):
                saved_in_database = int(line.split()[1])
                break
            assert line, process.stderr.read()
        assert saved_in_database > 0
        time.sleep(0.8)  # more words, kept on this computer only
    finally:
        process.kill()  # as a crash or a power cut would
        process.wait(10)

    # Read as the app reads them: sealed under mgarcia's key, in this test's keyring.
    monkeypatch.setenv("CASEDESK_DATA_DIR", str(tmp_path))
    (kept,) = main.local_drafts().drafts_of("mgarcia")
    assert kept.form.narrative[:40].encode() not in b"".join(
        path.read_bytes() for path in (tmp_path / "drafts").rglob("*") if path.is_file()
    )
    words = kept.form.narrative
    assert kept.note_id is not None and len(words) > saved_in_database

    again = typist(tmp_path, "resume", "mgarcia")
    out, err = again.communicate(timeout=30)
    assert again.returncode == 0, err
    offered = json.loads(out.strip().splitlines()[-1])
    assert offered["message"].startswith("You have an unsigned note for Amara Okafor.")
    # Every word comes back. The offer may be the database's copy when the last autosave
    # came after the last local write; that copy has trailing spaces trimmed, as saved
    # notes always do, so the comparison is of words, not of the space being typed.
    (offer,) = offered["offers"]
    assert offer["client"] == "Amara Okafor"
    assert offer["narrative"].split() == words.split()
    assert words.startswith("Purpose of call: Called Amara about the rent arrears")
