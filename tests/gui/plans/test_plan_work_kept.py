"""A plan draft is never lost: a sealed copy is kept as the caseworker types and
offered back when the editor opens again; a slow server shows progress with
Cancel within a second and the UI thread never stalls; Cancel and an unreachable
server both leave every goal typed, on screen and on this computer."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from domain.local_work.kept_work import WorkKind
from domain.plans.plan import GoalForm
from gui.clients.record_window import ClientWindow
from gui.plans.editor import PlanEditor
from storage.notes.draft_files import DraftFiles
from tests.gui.cases.caseload_office import assign, intake_case, make_office
from tests.gui.clients.test_intake_window import shot
from tests.gui.common.slow_server import SlowService, StallProbe, database_out_of_reach
from tests.gui.test_main_window import activate, type_text

WORDS = "Sign a 12-month lease near the children's school"
STOPPED = (
    "Stopped waiting. If the save reached the server it will show when you refresh; "
    "your work is kept on this computer."
)


@pytest.fixture
def office(gui_services, admin, make_staff):
    office = make_office(gui_services, admin, make_staff)
    office.case_id = intake_case(gui_services, office, "Amara")
    assign(gui_services, office, office.case_id, office.maria)
    return office


@pytest.fixture
def kept(tmp_path) -> DraftFiles:
    return DraftFiles(tmp_path / "drafts")


def open_editor(qtbot, services, office, runner, kept, plans=None) -> PlanEditor:
    plan = services.plans.current(office.maria, office.case_id)
    editor = PlanEditor(
        runner,
        plans or services.plans,
        office.maria,
        office.case_id,
        plan,
        kept=kept,
        client_name="Amara Okafor",
        clock=services.clock,
    )
    qtbot.addWidget(editor)
    editor.show()
    activate(qtbot, editor)
    return editor


def write_goal(qtbot, editor: PlanEditor, words: str = WORDS) -> None:
    goal = editor.goals[0]
    goal.description.setFocus()
    type_text(goal.description, words)
    goal.domain.setCurrentIndex(goal.domain.findData("housing"))
    goal.target.setFocus()
    type_text(goal.target, "06/30/2027")


def crash(editor: PlanEditor) -> None:
    """CaseDesk dies with the editor open: it keeps nothing more, saves nothing."""
    editor.copy._timer.stop()
    editor.hide()


def the_copy(kept: DraftFiles, office):
    return kept.kept(office.maria.username, WorkKind.PLAN, f"case{office.case_id}")


def reveals(folder, text: str) -> bool:
    return any(text.encode() in path.read_bytes() for path in folder.rglob("*") if path.is_file())


def test_the_goals_typed_are_kept_sealed_and_back_when_the_editor_opens_again(
    qtbot, gui_services, office, runner, kept, tmp_path
):
    editor = open_editor(qtbot, gui_services, office, runner, kept)
    write_goal(qtbot, editor)
    qtbot.waitUntil(lambda: the_copy(kept, office) is not None, timeout=2000)
    assert not reveals(tmp_path / "drafts", "lease")  # sealed: no word in plain text
    # CaseDesk dies with the editor open: nothing was saved to the database.
    crash(editor)
    assert gui_services.plans.current(office.maria, office.case_id) is None

    # Opened again from the client's Plan tab, the goal is back, and it says why.
    client_id = gui_services.cases.get(office.maria, office.case_id).client_id
    record = gui_services.clients.open(office.maria, client_id)
    window = ClientWindow(runner, gui_services, office.maria, record, drafts=kept)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.plan)
    qtbot.waitUntil(lambda: window.plan.edit_button.isEnabled() and not runner.busy)
    QTest.mouseClick(window.plan.edit_button, Qt.MouseButton.LeftButton)
    again = window.plan.dialog
    qtbot.waitExposed(again)
    assert again.goals[0].description.text() == WORDS
    assert again.work_bar.isVisible()
    assert "were kept on this computer" in again.work_bar.label.text()
    shot(again, "plan-editor-restored")

    with qtbot.waitSignal(again.saved):
        again.save()
    qtbot.waitUntil(lambda: not runner.busy)  # the tab reads the plan again first
    (goal,) = gui_services.plans.current(office.maria, office.case_id).goals
    assert goal.description == WORDS
    assert the_copy(kept, office) is None  # saved: the copy is gone


def test_a_slow_save_shows_progress_within_a_second_and_cancel_keeps_every_goal(
    qtbot, gui_services, office, runner, kept
):
    slow = SlowService(gui_services.plans, "save_draft")
    editor = open_editor(qtbot, gui_services, office, runner, kept, plans=slow)
    write_goal(qtbot, editor)
    probe = StallProbe().start()
    pressed = time.monotonic()
    QTest.mouseClick(
        editor.buttons.button(editor.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: editor.busy.waiting, timeout=1000)
    shown_after = time.monotonic() - pressed
    assert shown_after < 1.0
    assert "Saving the service plan" in editor.busy.label.text()
    assert not editor.buttons.isEnabled()  # one save at a time
    qtbot.wait(300)  # the person looks at it for a moment
    with probe.paused():
        shot(editor, "plan-editor-waiting")

    QTest.mouseClick(editor.busy.cancel_button, Qt.MouseButton.LeftButton)
    assert editor.busy.label.text() == STOPPED
    assert editor.buttons.isEnabled()  # control is back at once
    assert editor.isVisible() and editor.goals[0].description.text() == WORDS
    assert the_copy(kept, office).form["goals"][0]["description"] == WORDS
    with probe.paused():
        shot(editor, "plan-editor-stopped")
    qtbot.wait(200)
    probe.stop()
    assert probe.ticks > 50
    assert probe.longest_ms < 50, f"the UI thread stalled {probe.longest_ms:.0f} ms"

    # The server answers after all: the save landed, and the answer is dropped.
    slow.release()
    qtbot.waitUntil(lambda: slow.finished.is_set() and not runner.busy)
    assert editor.isVisible() and editor.goals[0].description.text() == WORDS
    # Saving again saves over that version (no conflict with oneself), once.
    with qtbot.waitSignal(editor.saved):
        editor.save()
    plan = gui_services.plans.current(office.maria, office.case_id)
    assert [g.description for g in plan.goals] == [WORDS]
    assert the_copy(kept, office) is None


def test_an_unreachable_server_says_so_and_keeps_the_form_and_the_copy(
    qtbot, gui_services, office, runner, kept, engine
):
    editor = open_editor(qtbot, gui_services, office, runner, kept)
    write_goal(qtbot, editor)
    with database_out_of_reach(engine):
        editor.save()
        qtbot.waitUntil(lambda: editor.buttons.isEnabled())
        assert editor.message.text() == "The server could not be reached; your work is kept."
        assert editor.message.isVisible() and editor.isVisible()
        assert editor.goals[0].description.text() == WORDS
        assert the_copy(kept, office).form["goals"][0]["description"] == WORDS
        shot(editor, "plan-editor-unreachable")
    with qtbot.waitSignal(editor.saved):
        editor.save()  # the connection is back
    assert gui_services.plans.current(office.maria, office.case_id).goals[0].description == WORDS
    assert the_copy(kept, office) is None


def test_cancel_asks_in_the_window_and_discarding_removes_the_copy(
    qtbot, gui_services, office, runner, kept
):
    editor = open_editor(qtbot, gui_services, office, runner, kept)
    editor.reject()  # nothing typed: it just closes
    assert not editor.isVisible()

    editor = open_editor(qtbot, gui_services, office, runner, kept)
    write_goal(qtbot, editor)
    editor.copy.keep_now()
    assert the_copy(kept, office) is not None
    editor.reject()
    assert editor.isVisible() and "Close without saving?" in editor.work_bar.label.text()
    shot(editor, "plan-editor-discard")
    QTest.mouseClick(editor.work_bar.second, Qt.MouseButton.LeftButton)  # keep editing
    assert editor.isVisible() and editor.goals[0].description.text() == WORDS
    editor.reject()
    QTest.mouseClick(editor.work_bar.first, Qt.MouseButton.LeftButton)  # discard and close
    assert not editor.isVisible()
    assert the_copy(kept, office) is None


def test_a_copy_of_a_plan_opened_elsewhere_meanwhile_is_compared_on_saving(
    qtbot, gui_services, office, runner, kept
):
    """The kept goals remember the version they were typed over: a draft saved at
    another desk since is not silently overwritten."""
    plans = gui_services.plans
    plans.save_draft(
        office.maria, office.case_id, 0, (GoalForm("Open a bank account", "income", "03/31/2027"),)
    )
    editor = open_editor(qtbot, gui_services, office, runner, kept)
    retyped = editor.goals[0].description
    retyped.setFocus()
    retyped.clear()
    type_text(retyped, WORDS)
    editor.copy.keep_now()
    crash(editor)
    theirs = plans.current(office.supervisor, office.case_id)
    plans.save_draft(
        office.supervisor,
        office.case_id,
        theirs.version,
        (GoalForm("Find a job", "employment", "09/30/2027"),),
    )

    again = open_editor(qtbot, gui_services, office, runner, kept)
    assert again.goals[0].description.text() == WORDS
    again.save()
    qtbot.waitUntil(lambda: again.conflict.dialog is not None, timeout=3000)
