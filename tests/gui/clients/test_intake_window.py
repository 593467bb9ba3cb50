"""The intake flow in the GUI, from the first keystroke to the case waiting for a
supervisor to assign it, with the keyboard wherever a person would use it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from domain.assessments.assessment import LifeDomain
from domain.cases.case import CaseStatus
from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from gui.clients.intake_window import IntakeWindow
from gui.clients.record_window import ClientWindow
from tests.gui.test_main_window import activate, make_window, type_text

# Set to a folder to keep pictures of each step (for a person to look at).
SHOTS = os.environ.get("CASEDESK_SCREENSHOTS")


def shot(widget, name: str) -> None:
    if SHOTS:
        for _ in range(3):  # let pending layouts settle, as a person's screen would
            QApplication.processEvents()
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def programs(gui_services, admin):
    return [
        gui_services.programs.create(admin, ProgramForm("Rapid rehousing", "", "60")),
        gui_services.programs.create(admin, ProgramForm("Family support", "", "90")),
    ]


def open_intake(qtbot, window) -> IntakeWindow:
    qtbot.keyClick(window.clients.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), IntakeWindow))
    intake = QApplication.activeModalWidget()
    activate(qtbot, intake)
    qtbot.waitUntil(lambda: intake.program.count() > 0)
    return intake


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)


def alt(qtbot, intake, letter) -> None:
    qtbot.keyClick(intake.focusWidget() or intake, letter, Qt.KeyboardModifier.AltModifier)


def next_step(qtbot, intake) -> None:
    before = intake.pages.currentIndex()
    press(qtbot, intake.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: intake.pages.currentIndex() == before + 1)


def test_a_new_client_from_first_keystroke_to_a_case_waiting_for_assignment(
    qtbot, gui_services, actor, runner, auth, programs
):
    window = make_window(qtbot, gui_services, actor, runner, auth)
    intake = open_intake(qtbot, window)
    assert intake.finder.box.hasFocus()  # search first

    type_text(intake.finder.box, "Okafor, Amara")
    qtbot.waitUntil(lambda: "No client" in intake.finder.status.text())
    shot(intake, "intake-1-search")
    alt(qtbot, intake, Qt.Key.Key_N)  # "New client — not found"
    qtbot.waitUntil(lambda: intake.page == "client")
    pane = intake.pane
    assert (pane.inputs["first_name"].text(), pane.inputs["last_name"].text()) == (
        "Amara",
        "Okafor",
    )  # what was searched for is not typed twice
    pane.inputs["date_of_birth"].setFocus()
    type_text(pane.inputs["date_of_birth"], "04/12/1990")
    pane.inputs["address_line1"].setFocus()
    type_text(pane.inputs["address_line1"], "12 Elm Street")
    shot(intake, "intake-2-client")
    next_step(qtbot, intake)

    household = intake.household
    alt(qtbot, intake, Qt.Key.Key_H)  # heads a household (a mnemonic clicks after a moment)
    qtbot.waitUntil(household.heads.isChecked)
    assert len(household.rows) == 1
    row = household.rows[0]
    for edit, text in ((row.first_name, "Chidi"), (row.last_name, "Okafor")):
        edit.setFocus()
        type_text(edit, text)
    row.date_of_birth.setFocus()
    type_text(row.date_of_birth, "09/10/2015")
    row.relationship.setFocus()
    press(qtbot, row.relationship, Qt.Key.Key_Down)  # the head's child
    shot(intake, "intake-3-household")
    next_step(qtbot, intake)

    scores = intake.assessment.scores
    assert scores[LifeDomain.HOUSING].hasFocus()
    press(qtbot, scores[LifeDomain.HOUSING], Qt.Key.Key_Down)  # 1 · In crisis
    for _ in range(3):
        press(qtbot, scores[LifeDomain.INCOME], Qt.Key.Key_Down)  # 3 · Stable
    intake.assessment.needs.setFocus()
    type_text(intake.assessment.needs, "Rent arrears")
    shot(intake, "intake-4-assessment")
    next_step(qtbot, intake)

    assert intake.consent.given.hasFocus()
    press(qtbot, intake.consent.given, Qt.Key.Key_Space)
    shot(intake, "intake-5-consent")
    next_step(qtbot, intake)

    assert "Amara Okafor" in intake.summary.text() and "in crisis: Housing" in intake.summary.text()
    shot(intake, "intake-6-program")
    with qtbot.waitSignal(intake.completed, timeout=5000) as done:
        press(qtbot, intake.program, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    result = done.args[0]

    [case] = gui_services.records.cases(actor, result.client.id)
    assert (case.status, case.assigned_staff_id, case.program_name) == (
        CaseStatus.INTAKE,
        None,
        "Family support",  # the first offered: programs are listed by name
    )
    [assessment] = gui_services.records.assessments(actor, result.client.id)
    assert (assessment.score_of(LifeDomain.HOUSING), assessment.score_of(LifeDomain.INCOME)) == (
        1,
        3,
    )
    assert len(gui_services.households.members(actor, result.client.id)) == 2

    # The record opens on its face sheet, the waiting case flagged.
    qtbot.waitUntil(lambda: bool(window.findChildren(ClientWindow)))
    record = window.findChildren(ClientWindow)[0]
    qtbot.waitUntil(lambda: bool(record.cases))
    flags = [label.text() for label in record.findChildren(QLabel, "flag")]
    assert "Case waiting for assignment" in flags
    assert "Waiting for assignment" in record.findChild(QLabel, f"case_{case.id}").text()
    record.resize(900, 700)
    shot(record, "face-sheet-after-intake")
    record.tabs.setCurrentWidget(record.assessments)
    qtbot.waitUntil(lambda: record.assessments.model.columnCount() == 1)
    shot(record, "face-sheet-assessments")
    assert "In crisis" in record.assessments.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "1 client" not in window.clients.count_label.text()  # the list was refreshed
    qtbot.waitUntil(lambda: window.clients.model.total == 2)  # Amara and Chidi


def test_a_step_with_a_problem_says_so_beside_the_field_and_stays(
    qtbot, gui_services, actor, runner, auth, programs
):
    window = make_window(qtbot, gui_services, actor, runner, auth)
    intake = open_intake(qtbot, window)
    intake.start_new()
    qtbot.waitUntil(lambda: intake.page == "client")
    next_step_blocked = intake.pages.currentIndex()
    press(qtbot, intake.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert intake.pages.currentIndex() == next_step_blocked
    assert intake.pane.messages["first_name"].text() == "Required."

    for name, text in (("first_name", "Zoë"), ("last_name", "Bùi")):
        intake.pane.inputs[name].setFocus()
        type_text(intake.pane.inputs[name], text)
    next_step(qtbot, intake)
    next_step(qtbot, intake)  # lives alone
    press(qtbot, intake.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert intake.page == "assessment"
    message = intake.assessment.messages["scores"]
    assert message.isVisible() and message.text() == "Score at least one life domain."

    intake.confirm_discard = staticmethod(lambda parent: True)
    intake.reject()
    assert gui_services.clients.list_page(actor).total == 0  # nothing half-saved


def test_a_returning_client_is_chosen_from_the_search_and_keeps_their_record(
    qtbot, gui_services, actor, runner, auth, programs
):
    known = gui_services.clients.register(
        actor, ClientForm(first_name="Ирина", last_name="Петрова", date_of_birth="03/04/1979")
    )
    window = make_window(qtbot, gui_services, actor, runner, auth)
    intake = open_intake(qtbot, window)
    type_text(intake.finder.box, "петр")
    qtbot.waitUntil(lambda: intake.finder.model.rowCount() == 1)
    press(qtbot, intake.finder.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: intake.page == "client")
    assert intake.step_labels["client"].text() == "<b>2. Returning client</b>"
    assert intake.pane.inputs["first_name"].text() == "Ирина"
    next_step(qtbot, intake)
    next_step(qtbot, intake)
    intake.assessment.scores[LifeDomain.FOOD].setCurrentIndex(2)
    next_step(qtbot, intake)
    intake.consent.given.setChecked(True)
    next_step(qtbot, intake)
    intake.program.setCurrentIndex(1)
    with qtbot.waitSignal(intake.completed, timeout=5000) as done:
        intake.finish_button.click()
    assert done.args[0].client.id == known.id
    assert gui_services.clients.list_page(actor).total == 1  # no second record
    [case] = gui_services.records.cases(actor, known.id)
    assert case.program_name == "Rapid rehousing"  # sorted by name: Family support, Rapid…


def test_a_likely_duplicate_needs_a_reason_before_the_intake_goes_on(
    qtbot, gui_services, actor, runner, auth, programs
):
    gui_services.clients.register(
        actor, ClientForm(first_name="Robert", last_name="Smith", date_of_birth="05/06/1970")
    )
    window = make_window(qtbot, gui_services, actor, runner, auth)
    intake = open_intake(qtbot, window)
    type_text(intake.finder.box, "Bob Smith")
    qtbot.waitUntil(lambda: intake.finder.status.text() != "")
    intake.start_new()
    intake.pane.inputs["date_of_birth"].setFocus()
    type_text(intake.pane.inputs["date_of_birth"], "05/06/1970")
    press(qtbot, intake.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    reason = intake.pane.messages["duplicate_reason"]
    qtbot.waitUntil(reason.isVisible)
    assert "may be someone already registered" in reason.text()
    assert intake.page == "client"
    type_text(intake.pane.panel.reason_input, "Different person: new SSN card")
    next_step(qtbot, intake)
    assert intake.page == "household"


def test_household_people_already_registered_are_picked_with_the_search(
    qtbot, gui_services, actor, runner, auth, programs
):
    from gui.clients.search_popup import SearchPopup

    head = gui_services.clients.register(
        actor, ClientForm(first_name="Ngozi", last_name="Adeyemi", date_of_birth="02/03/1985")
    )
    window = make_window(qtbot, gui_services, actor, runner, auth)
    intake = open_intake(qtbot, window)
    intake.start_new()
    for name, text in (("first_name", "Tunde"), ("last_name", "Adeyemi")):
        intake.pane.inputs[name].setFocus()
        type_text(intake.pane.inputs[name], text)
    intake._go(2)  # the household step
    for pick in (intake.household.find_member_requested, intake.household.find_head_requested):
        pick.emit()
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), SearchPopup))
        popup = QApplication.activeModalWidget()
        type_text(popup.box, "ngozi")
        qtbot.waitUntil(lambda popup=popup: popup.model.rowCount() == 1)
        press(qtbot, popup.box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda popup=popup: not popup.isVisible())
    assert [row.registered.id for row in intake.household.rows if row.registered] == [head.id]
    assert intake.household.head.id == head.id
    assert "Ngozi Adeyemi" in intake.household.head_label.text()
