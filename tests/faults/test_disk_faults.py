"""The disk under an embedded office fills up, or turns read-only: every save is
refused whole with a message naming the disk's trouble, what was kept before
stays whole (the copy of the draft on this computer, the database file), and the
same work goes through once the disk is back (tests/faults/disk_scenarios.py).

The disk is a small tmpfs mounted for the test (we run as root); where nothing
may be mounted the read-only case runs with ``chattr +i`` and the full disk is
skipped, saying so.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from domain.common.disk_errors import DiskFull, DiskReadOnly, DiskTrouble, disk_trouble
from gui.common.runner import BackgroundRunner
from gui.notes.editor import NoteEditor
from storage.common.engine import create_database_engine, sqlite_url
from storage.db_commands import start_failure
from storage.schema import ensure_current
from tests.conftest import FAST_HASHING
from tests.faults import disk_scenarios
from tests.faults.disk_scenarios import TMPFS, DiskOffice

SHOTS = os.environ.get("CASEDESK_SCREENSHOTS")


@pytest.fixture
def office(sqlite_template) -> DiskOffice:
    with disk_scenarios.scratch_disk() as disk:
        office = disk_scenarios.office_on(disk, sqlite_template, FAST_HASHING)
        try:
            yield office
        finally:
            office.engine.dispose()  # the file closed before the disk goes


def _full(office: DiskOffice) -> None:
    if not office.disk.can_fill:
        pytest.skip(f"no tmpfs could be mounted here ({office.disk.method} only): no full disk")


def _says_what_happened(outcome, opening: tuple[str, ...]) -> None:
    assert outcome.lost == 0
    assert outcome.half_saved == 0
    assert outcome.recovered, "with the disk back, the same work must go through"
    refused = sum(outcome.messages.values())
    assert refused == outcome.runs, f"only {refused} of {outcome.runs} met the fault"
    for message in outcome.messages:
        assert message.startswith(opening), message


def test_on_a_full_disk_nothing_is_half_written_and_the_person_reads_the_disk_is_full(office):
    _full(office)
    outcome = disk_scenarios.disk_full(office)
    _says_what_happened(outcome, ("The disk is full: ",))


def test_on_a_read_only_disk_nothing_is_written_and_the_person_reads_why(office):
    outcome = disk_scenarios.disk_read_only(office)
    if office.disk.method == TMPFS:
        _says_what_happened(outcome, ("The disk is read-only: ",))
    else:  # chattr +i: the system refuses as it refuses a permission
        _says_what_happened(outcome, ("The disk is read-only: ", "CaseDesk may not write to "))


def test_the_disk_s_trouble_is_read_from_the_error_on_windows_too():
    assert disk_trouble(OSError(28, "No space left on device")) is DiskTrouble.FULL
    assert disk_trouble(OSError(30, "Read-only file system")) is DiskTrouble.READ_ONLY
    windows_full = OSError(28, "There is not enough space on the disk")
    windows_full.winerror = 112
    assert disk_trouble(windows_full) is DiskTrouble.FULL
    protected = PermissionError(13, "The media is write protected")
    protected.winerror = 19
    assert disk_trouble(protected) is DiskTrouble.READ_ONLY
    assert disk_trouble(FileNotFoundError(2, "gone")) is None
    assert disk_trouble(ValueError("not a disk")) is None
    assert str(DiskFull("C:\\data\\casedesk.sqlite3")).startswith("The disk is full: ")
    assert str(DiskReadOnly("E:\\casedesk.sqlite3")).startswith("The disk is read-only: ")


def test_the_note_editor_says_the_disk_is_full_keeps_the_words_and_saves_once_there_is_room(
    qtbot, office
):
    _full(office)
    worker = office.worker
    note = next(
        n
        for n in worker.services.notes.for_case(worker.actor, office.case_id)
        if n.id == office.open_note[0]
    )
    runner = BackgroundRunner()
    editor = NoteEditor(
        runner,
        worker.services,
        worker.actor,
        office.drafts,
        office.case_id,
        "Mai Nguyễn",
        note=note,
        autosave_ms=300,
    )
    qtbot.addWidget(editor)
    editor.show()
    try:
        office.disk.fill()
        try:
            editor.narrative.appendPlainText("She found the flat on Elm Street.")
            qtbot.waitUntil(lambda: "No copy could be kept" in editor.status.text(), timeout=5000)
            text = editor.status.text()
            assert text.startswith("The disk is full: "), text
            if SHOTS:
                editor.grab().save(str(Path(SHOTS) / "note_editor_disk_full.png"))
            assert office.kept_words() == "Written before"  # the earlier copy, whole
            assert not office.leftovers()
        finally:
            office.disk.free()
        # The editor tries again by itself: the words reach the database and the copy.
        qtbot.waitUntil(lambda: editor.status.text().startswith("Draft saved"), timeout=5000)
        assert "could not" not in editor.status.text()
        words = "Written before\nShe found the flat on Elm Street."
        stored = next(
            n
            for n in worker.services.notes.for_case(worker.actor, office.case_id)
            if n.id == office.open_note[0]
        )
        assert stored.values.narrative == words
        assert office.kept_words() == words
    finally:
        editor.close()
        runner.shutdown()


def test_started_on_a_read_only_disk_the_app_says_so_instead_of_a_bare_sqlite_error(office):
    url = sqlite_url(office.database)
    office.engine.dispose()
    with office.disk.read_only():
        engine = create_database_engine(url)
        try:
            with pytest.raises(DBAPIError) as refused:
                ensure_current(engine, may_upgrade=True, upgrade_command="db upgrade")
            said = start_failure(refused.value, url)  # as main.start_app says it, at once
        finally:
            engine.dispose()
    assert said.startswith("CaseDesk cannot start on this database. "), said
    assert "The disk is read-only: " in said or "CaseDesk may not write to " in said, said
