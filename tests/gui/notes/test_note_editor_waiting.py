"""A note saving to a slow server: progress with Cancel within a second, the UI
thread never stalls, Cancel leaves every word on screen and on this computer, and
the note is saved (once) when the server answers again."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.notes.editor import NoteEditor
from storage.notes.draft_files import DraftFiles
from tests.gui.cases.caseload_office import assign, intake_case, make_office
from tests.gui.clients.test_intake_window import shot
from tests.gui.common.slow_server import SlowService, SlowServices, StallProbe
from tests.gui.test_main_window import activate, type_text

STOPPED = (
    "Stopped waiting. If the save reached the server it will show when you refresh; "
    "your work is kept on this computer."
)


@pytest.fixture
def office(gui_services, admin, make_staff):
    office = make_office(gui_services, admin, make_staff)
    office.case = intake_case(gui_services, office, "Amara")
    assign(gui_services, office, office.case, office.maria)
    return office


def test_a_slow_save_shows_progress_and_cancel_keeps_every_word(
    qtbot, gui_services, office, runner, tmp_path
):
    drafts = DraftFiles(tmp_path / "drafts")
    slow = SlowService(gui_services.notes, "start_draft")
    services = SlowServices(gui_services, "notes", slow)
    editor = NoteEditor(
        runner, services, office.maria, drafts, office.case, "Amara Okafor", autosave_ms=60_000
    )
    qtbot.addWidget(editor)
    editor.show()
    activate(qtbot, editor)
    editor.narrative.setFocus()
    type_text(editor.narrative, "Landlord agreed to wait until Friday")
    probe = StallProbe().start()
    pressed = time.monotonic()
    QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.busy.waiting, timeout=1000)
    assert time.monotonic() - pressed < 1.0
    assert "Saving the draft" in editor.busy.label.text()
    with probe.paused():
        shot(editor, "note-editor-waiting")
    QTest.mouseClick(editor.busy.cancel_button, Qt.MouseButton.LeftButton)
    assert editor.busy.label.text() == STOPPED
    assert "Landlord agreed" in editor.narrative.toPlainText() and editor.isVisible()
    (copy,) = drafts.drafts_of(office.maria.username)
    assert "Landlord agreed" in copy.form.narrative
    with probe.paused():
        shot(editor, "note-editor-stopped")
    qtbot.wait(200)
    probe.stop()
    assert probe.longest_ms < 50, f"the UI thread stalled {probe.longest_ms:.0f} ms"

    # The server answers after all; the next save goes over that draft, not a second one.
    slow.release()
    qtbot.waitUntil(lambda: slow.finished.is_set() and not runner.busy)
    type_text(editor.narrative, "; rent paid")
    with qtbot.waitSignal(editor.saved):
        editor.save_now()
    (note,) = gui_services.notes.for_case(office.maria, office.case)
    assert "until Friday; rent paid" in note.values.narrative and slow.calls == 1
