"""An assessment being filled in is never lost: kept sealed on this computer as it
is filled, back when the client's assessment is opened again; a slow server shows
progress with Cancel within a second, and neither Cancel nor an unreachable
server loses a score or records the assessment twice."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from domain.assessments.assessment import LifeDomain
from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.local_work.kept_work import WorkKind
from gui.assessments.follow_up_dialog import FollowUpAssessmentDialog
from gui.clients.record_window import ClientWindow
from storage.notes.draft_files import DraftFiles
from tests.gui.clients.test_intake_window import shot
from tests.gui.common.slow_server import SlowService, StallProbe, database_out_of_reach
from tests.gui.test_main_window import type_text

NEEDS = "Eviction notice for Friday; the children's school is across town"


@pytest.fixture
def kofi(gui_services, admin, make_staff):
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    maria = make_staff(Role.CASEWORKER, "mgarcia", "Maria Garcia")
    program = gui_services.programs.create(admin, ProgramForm("Family support", "", "30"))
    client = gui_services.clients.register(
        supervisor, ClientForm(first_name="Kofi", last_name="Mensah")
    )
    case_id = gui_services.cases.open_case(supervisor, client.id, maria.staff_id, program.id)
    return client, maria, case_id


@pytest.fixture
def kept(tmp_path) -> DraftFiles:
    return DraftFiles(tmp_path / "drafts")


def open_dialog(qtbot, runner, services, kofi, kept, assessments=None):
    client, maria, case_id = kofi
    cases = [services.cases.get(maria, case_id)]
    dialog = FollowUpAssessmentDialog(
        runner,
        assessments or services.assessments,
        maria,
        cases,
        None,
        services.today(),
        kept=kept,
        client_id=client.id,
        client_name="Kofi Mensah",
        clock=services.clock,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(dialog) -> None:
    dialog.inputs.scores[LifeDomain.HOUSING].set_score(1)
    dialog.inputs.scores[LifeDomain.FOOD].set_score(3)
    dialog.inputs.needs.setFocus()
    type_text(dialog.inputs.needs, NEEDS)


def copy_of(kept, kofi):
    client, maria, _case = kofi
    return kept.kept(maria.username, WorkKind.ASSESSMENT, f"client{client.id}")


def recorded(services, kofi):
    client, maria, _case = kofi
    return services.records.assessments(maria, client.id)


def test_an_assessment_filled_in_is_kept_and_back_when_opened_again(
    qtbot, runner, gui_services, kofi, kept, tmp_path
):
    dialog = open_dialog(qtbot, runner, gui_services, kofi, kept)
    fill(dialog)
    qtbot.waitUntil(lambda: copy_of(kept, kofi) is not None, timeout=2000)
    files = [p for p in (tmp_path / "drafts").rglob("*") if p.is_file()]
    assert not any(b"Eviction" in p.read_bytes() for p in files)
    dialog.copy._timer.stop()  # CaseDesk dies here
    dialog.hide()

    client, maria, _case = kofi
    record = ClientWindow(
        runner, gui_services, maria, gui_services.clients.open(maria, client.id), drafts=kept
    )
    qtbot.addWidget(record)
    record.show()
    record.tabs.setCurrentWidget(record.assessments)
    tab = record.assessments
    qtbot.waitUntil(tab.record_button.isEnabled)
    QTest.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    again = tab.dialog
    assert again.inputs.needs.toPlainText() == NEEDS
    assert again.inputs.scores[LifeDomain.HOUSING].score() == 1
    assert "was kept on this computer" in again.work_bar.label.text()
    shot(again, "assessment-restored")
    with qtbot.waitSignal(again.recorded):
        again.save()
    qtbot.waitUntil(lambda: not runner.busy)  # the tab reads the assessments again first
    assert recorded(gui_services, kofi)[0].needs == NEEDS
    assert copy_of(kept, kofi) is None


def test_a_slow_save_can_be_stopped_and_saving_again_records_it_once(
    qtbot, runner, gui_services, kofi, kept
):
    slow = SlowService(gui_services.assessments, "record")
    dialog = open_dialog(qtbot, runner, gui_services, kofi, kept, assessments=slow)
    fill(dialog)
    probe = StallProbe().start()
    pressed = time.monotonic()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.busy.waiting, timeout=1000)
    assert time.monotonic() - pressed < 1.0
    assert "Recording the assessment" in dialog.busy.label.text()
    with probe.paused():
        shot(dialog, "assessment-waiting")
    QTest.mouseClick(dialog.busy.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.buttons.isEnabled() and dialog.isVisible()
    assert dialog.inputs.needs.toPlainText() == NEEDS
    assert copy_of(kept, kofi) is not None
    assert "your work is kept on this computer" in dialog.busy.label.text()
    probe.stop()
    assert probe.longest_ms < 50, f"the UI thread stalled {probe.longest_ms:.0f} ms"

    slow.release()  # it reached the server after all
    qtbot.waitUntil(lambda: slow.finished.is_set() and not runner.busy)
    with qtbot.waitSignal(dialog.recorded):
        dialog.save()  # the person saves again
    assert len(recorded(gui_services, kofi)) == 1
    assert slow.calls == 1
    assert copy_of(kept, kofi) is None


def test_an_unreachable_server_says_so_and_keeps_every_score(
    qtbot, runner, gui_services, kofi, kept, engine
):
    dialog = open_dialog(qtbot, runner, gui_services, kofi, kept)
    fill(dialog)
    with database_out_of_reach(engine):
        dialog.save()
        qtbot.waitUntil(dialog.buttons.isEnabled)
    assert dialog.message.text() == "The server could not be reached; your work is kept."
    assert dialog.inputs.scores[LifeDomain.HOUSING].score() == 1
    assert copy_of(kept, kofi).form["form"]["needs"] == NEEDS
    shot(dialog, "assessment-unreachable")
    with qtbot.waitSignal(dialog.recorded):
        dialog.save()
    assert copy_of(kept, kofi) is None
