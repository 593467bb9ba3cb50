"""An intake in progress is never lost: every step is kept sealed on this computer
as it is filled; the next intake window offers it back and resumes it step for
step; a slow finish can be stopped (and finishing again makes one client, not
two); an unreachable server keeps every step filled."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from domain.assessments.assessment import LifeDomain
from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.local_work.kept_work import WorkKind
from domain.staff.session import Session
from gui.clients.intake_window import IntakeWindow
from gui.main_window import MainWindow
from storage.notes.draft_files import DraftFiles
from tests.gui.clients.test_intake_window import shot
from tests.gui.common.slow_server import (
    SlowService,
    SlowServices,
    StallProbe,
    database_out_of_reach,
)
from tests.gui.test_main_window import activate, type_text

NEEDS = "Rent arrears since the job at the warehouse ended"


@pytest.fixture(autouse=True)
def closing_discards(monkeypatch):
    """Windows left open when a test ends are closed: "Discard this intake?" says yes."""
    monkeypatch.setattr(IntakeWindow, "confirm_discard", staticmethod(lambda parent: True))


@pytest.fixture
def program(gui_services, admin):
    return gui_services.programs.create(admin, ProgramForm("Family support", "", "90"))


@pytest.fixture
def kept(tmp_path) -> DraftFiles:
    return DraftFiles(tmp_path / "drafts")


@pytest.fixture
def ngozi(gui_services, actor):
    """A grandmother already registered, who lives with the new client."""
    gui_services.clients.register(actor, ClientForm(first_name="Ngozi", last_name="Okafor"))
    (summary,) = gui_services.clients.search(actor, "Ngozi")
    return summary


def new_intake(qtbot, runner, services, actor, kept, program) -> IntakeWindow:
    intake = IntakeWindow(
        runner, services, actor, services.today(), kept=kept, clock=services.clock
    )
    qtbot.addWidget(intake)
    intake.show()
    qtbot.waitUntil(lambda: intake.program.count() > 0)
    return intake


def fill_to_the_end(qtbot, intake: IntakeWindow, ngozi) -> None:
    intake.finder.box.setText("Okafor, Amara")
    intake.start_new()
    pane = intake.pane
    pane.inputs["date_of_birth"].setFocus()
    type_text(pane.inputs["date_of_birth"], "04/12/1990")
    pane.panel.ask_reason("", focus=False)
    pane.panel.reason_input.setText("A different Amara: confirmed by ID")
    intake.next()
    qtbot.waitUntil(lambda: intake.page == "household")
    household = intake.household
    household.heads.setChecked(True)
    row = household.rows[0]
    row.first_name.setText("Chidi")
    row.last_name.setText("Okafor")
    row.date_of_birth.setText("09/10/2015")
    row.relationship.setCurrentIndex(1)
    grandmother = household.add_member(ngozi)
    grandmother.relationship.setCurrentIndex(3)
    intake.next()
    qtbot.waitUntil(lambda: intake.page == "assessment")
    intake.assessment.scores[LifeDomain.HOUSING].set_score(1)
    intake.assessment.needs.setPlainText(NEEDS)
    intake.next()
    intake.consent.given.setChecked(True)
    intake.next()
    assert intake.page == "program"


def copies(kept, actor):
    return kept.kept_of(actor.username, WorkKind.INTAKE)


def test_an_unfinished_intake_is_offered_by_the_next_window_and_resumed_step_for_step(
    qtbot, gui_services, actor, runner, auth, kept, program, ngozi, tmp_path
):
    window = MainWindow(Session(actor, gui_services, False), auth, runner, "test", drafts=kept)
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    intake = window.clients.new_intake()
    qtbot.waitUntil(lambda: intake.program.count() > 0)
    assert not intake.work_bar.isVisible()  # nothing left from before
    fill_to_the_end(qtbot, intake, ngozi)
    qtbot.waitUntil(lambda: len(copies(kept, actor)) == 1, timeout=2000)
    qtbot.waitUntil(lambda: copies(kept, actor)[0].form["page"] == intake.pages.currentIndex())
    everything = b"".join(p.read_bytes() for p in (tmp_path / "drafts").rglob("*") if p.is_file())
    assert b"Amara" not in everything and b"warehouse" not in everything
    intake.copy._timer.stop()  # CaseDesk dies here
    intake.hide()

    again = window.clients.new_intake()
    qtbot.waitUntil(lambda: again.program.count() > 0)
    assert again.work_bar.isVisible()
    assert "An intake you started for Amara Okafor at" in again.work_bar.label.text()
    shot(again, "intake-offered")
    QTest.mouseClick(again.work_bar.first, Qt.MouseButton.LeftButton)  # Resume it
    assert again.page == "program"
    assert again.pane.inputs["first_name"].text() == "Amara"
    assert again.pane.inputs["date_of_birth"].text() == "04/12/1990"
    rows = again.household.rows
    assert again.household.heads.isChecked() and len(rows) == 2
    assert rows[0].first_name.text() == "Chidi" and rows[1].registered.id == ngozi.id
    assert again.assessment.scores[LifeDomain.HOUSING].score() == 1
    assert again.assessment.needs.toPlainText() == NEEDS
    assert again.consent.given.isChecked()
    assert again.program.currentData() == program.id
    shot(again, "intake-resumed")

    with qtbot.waitSignal(again.completed, timeout=5000) as done:
        again.finish()
    client = done.args[0].client
    qtbot.waitUntil(lambda: not runner.busy)  # the list and the record read it first
    assert len(gui_services.households.members(actor, client.id)) == 3
    assert copies(kept, actor) == []  # finished: no copy left

    third = window.clients.new_intake()
    assert not third.work_bar.isVisible()
    third.reject()


def test_an_offered_intake_can_be_discarded(
    qtbot, gui_services, actor, runner, kept, program, ngozi
):
    intake = new_intake(qtbot, runner, gui_services, actor, kept, program)
    fill_to_the_end(qtbot, intake, ngozi)
    intake.copy.keep_now()
    intake.copy._timer.stop()
    intake.hide()
    again = new_intake(qtbot, runner, gui_services, actor, kept, program)
    QTest.mouseClick(again.work_bar.second, Qt.MouseButton.LeftButton)  # Discard it
    assert copies(kept, actor) == [] and not again.work_bar.isVisible()


def test_a_slow_finish_can_be_stopped_and_finishing_again_makes_one_client(
    qtbot, gui_services, actor, runner, kept, program, ngozi
):
    slow = SlowService(gui_services.intake, "complete")
    services = SlowServices(gui_services, "intake", slow)
    intake = new_intake(qtbot, runner, services, actor, kept, program)
    fill_to_the_end(qtbot, intake, ngozi)
    probe = StallProbe().start()
    pressed = time.monotonic()
    QTest.mouseClick(intake.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: intake.busy.waiting, timeout=1000)
    assert time.monotonic() - pressed < 1.0
    assert "Finishing the intake" in intake.busy.label.text()
    with probe.paused():
        shot(intake, "intake-waiting")
    QTest.mouseClick(intake.busy.cancel_button, Qt.MouseButton.LeftButton)
    assert intake.isVisible() and intake.finish_button.isEnabled()
    assert intake.page == "program" and intake.assessment.needs.toPlainText() == NEEDS
    assert "your work is kept on this computer" in intake.busy.label.text()
    assert len(copies(kept, actor)) == 1
    with probe.paused():
        shot(intake, "intake-stopped")
    probe.stop()
    assert probe.longest_ms < 50, f"the UI thread stalled {probe.longest_ms:.0f} ms"

    slow.release()
    qtbot.waitUntil(lambda: slow.finished.is_set() and not runner.busy)
    with qtbot.waitSignal(intake.completed, timeout=5000):
        intake.finish()
    assert slow.calls == 1
    assert len(gui_services.clients.search(actor, "Amara")) == 1
    assert copies(kept, actor) == []


def test_an_unreachable_server_says_so_and_keeps_every_step(
    qtbot, gui_services, actor, runner, kept, program, ngozi, engine
):
    intake = new_intake(qtbot, runner, gui_services, actor, kept, program)
    fill_to_the_end(qtbot, intake, ngozi)
    with database_out_of_reach(engine):
        intake.finish()
        qtbot.waitUntil(intake.finish_button.isEnabled)
    assert intake.message.text() == "The server could not be reached; your work is kept."
    assert intake.page == "program" and intake.pane.inputs["first_name"].text() == "Amara"
    assert copies(kept, actor)[0].form["form"]["assessment"]["needs"] == NEEDS
    shot(intake, "intake-unreachable")
