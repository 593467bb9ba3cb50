"""The caseload board, driven as a supervisor would: pick a caseworker, select
several of their cases, reassign them; assign from the unassigned queue."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from domain.cases.caseload import CaseRow
from gui.cases.assign_dialog import AssignDialog
from gui.cases.caseload_board import CaseloadBoardPage
from gui.cases.my_day_page import MyDayPage
from tests.gui.cases.caseload_office import assign, intake_case, make_office
from tests.gui.clients.test_intake_window import shot
from tests.gui.test_main_window import activate, make_window, type_text


@pytest.fixture
def office(gui_services, admin, make_staff):
    office = make_office(gui_services, admin, make_staff)
    for name in ("Amara", "Bola", "Chidi"):
        assign(gui_services, office, intake_case(gui_services, office, name), office.maria)
    assign(gui_services, office, intake_case(gui_services, office, "Dayo"), office.jamie)
    intake_case(gui_services, office, "Emeka")  # waits in the queue
    intake_case(gui_services, office, "Folake")
    return office


def click_row(qtbot, view, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def open_board(qtbot, services, office, runner, auth) -> CaseloadBoardPage:
    window = make_window(qtbot, services, office.supervisor, runner, auth)
    assert window.board is not None
    window.tabs.setCurrentWidget(window.board)
    board = window.board
    qtbot.waitUntil(lambda: board.loads.rowCount() == 2 and board.queue.rowCount() == 2)
    return board


def current_dialog(qtbot) -> AssignDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AssignDialog))
    dialog = QApplication.activeModalWidget()
    activate(qtbot, dialog)
    return dialog


def closed(dialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def names(model) -> list[str]:
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_the_board_shows_each_caseworkers_load_and_the_queue(
    qtbot, qtmodeltester, gui_services, office, runner, auth
):
    board = open_board(qtbot, gui_services, office, runner, auth)
    loads = board.loads
    assert names(loads) == ["Jamie Chen", "Maria Garcia"]
    assert [loads.data(loads.index(1, column)) for column in range(1, 5)] == ["3", "3", "0", "0"]
    assert names(board.queue) == ["Emeka Okafor", "Folake Okafor"]
    assert "2 waiting for assignment" in board.summary.text()
    # The first caseworker's cases show at once; choosing another shows theirs.
    qtbot.waitUntil(lambda: names(board.caseload) == ["Dayo Okafor"])
    click_row(qtbot, board.loads_view, 1)
    qtbot.waitUntil(lambda: board.caseload.rowCount() == 3)
    assert "Maria Garcia's" in board.caseload_title.text()
    for model in (board.loads, board.queue, board.caseload):
        qtmodeltester.check(model)
    shot(board.window(), "caseload-board")


def test_a_supervisor_reassigns_several_cases_at_once(
    qtbot, gui_services, office, runner, auth, clock
):
    board = open_board(qtbot, gui_services, office, runner, auth)
    click_row(qtbot, board.loads_view, 1)  # Maria
    qtbot.waitUntil(lambda: board.caseload.rowCount() == 3)
    assert not board.reassign_button.isEnabled()
    click_row(qtbot, board.caseload_view, 0)
    click_row(qtbot, board.caseload_view, 2, Qt.KeyboardModifier.ControlModifier)
    chosen: list[CaseRow] = board.selected_cases()
    assert [case.client_name for case in chosen] == ["Amara Okafor", "Chidi Okafor"]

    qtbot.mouseClick(board.reassign_button, Qt.MouseButton.LeftButton)
    dialog = current_dialog(qtbot)
    assert dialog.summary.text() == "2 cases: Amara Okafor, Chidi Okafor"
    # Maria already holds them: only Jamie is offered.
    assert [dialog.caseworker.itemText(i) for i in range(dialog.caseworker.count())] == [
        "Jamie Chen (1 open)"
    ]
    dialog.note.setFocus()
    type_text(dialog.note, "Maria is on leave")
    shot(dialog, "caseload-reassign-dialog")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))

    for case in chosen:
        summary = gui_services.cases.get(office.supervisor, case.id)
        assert summary.assigned_staff_id == office.jamie.staff_id
        last = gui_services.cases.history(office.supervisor, case.id)[-1]
        assert last.note == "Maria is on leave"
    # The board refreshes: Maria keeps one case, Jamie has three.
    loads = board.loads
    qtbot.waitUntil(lambda: loads.data(loads.index(1, 1)) == "1")
    assert loads.data(loads.index(0, 1)) == "3"
    qtbot.waitUntil(lambda: names(board.caseload) == ["Bola Okafor"])

    # Maria's My day no longer lists them.
    my_day = MyDayPage(runner, gui_services, office.maria)
    qtbot.addWidget(my_day)
    my_day.show()
    qtbot.waitUntil(lambda: my_day.day is not None)
    assert names(my_day.cases) == ["Bola Okafor"]
    jamie_cases = {case.client_name for case in gui_services.caseloads.my_day(office.jamie).cases}
    assert jamie_cases == {"Amara Okafor", "Chidi Okafor", "Dayo Okafor"}


def test_the_queue_is_assigned_with_the_keyboard(qtbot, gui_services, office, runner, auth):
    board = open_board(qtbot, gui_services, office, runner, auth)
    # Alt+U focuses the unassigned queue; Shift+Down takes both cases; Enter asks.
    qtbot.keyClick(board, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert board.queue_view.hasFocus()
    qtbot.keyClick(board.queue_view, Qt.Key.Key_Home)
    qtbot.keyClick(board.queue_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(board.selected_waiting()) == 2
    qtbot.keyClick(board.queue_view, Qt.Key.Key_Return)
    dialog = current_dialog(qtbot)
    assert dialog.summary.text().startswith("2 cases from the unassigned queue: Emeka")
    assert dialog.caseworker.hasFocus()
    qtbot.keyClick(dialog.caseworker, Qt.Key.Key_Down)  # Jamie Chen -> Maria Garcia
    assert dialog.caseworker.currentData() == office.maria.staff_id
    qtbot.keyClick(dialog.caseworker, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: board.queue.rowCount() == 0)
    assert "0 waiting for assignment" in board.summary.text()
    mine = {case.client_name for case in gui_services.caseloads.my_day(office.maria).cases}
    assert {"Emeka Okafor", "Folake Okafor"} <= mine


def test_a_refused_reassignment_is_explained_in_the_dialog(
    qtbot, gui_services, office, runner, auth
):
    board = open_board(qtbot, gui_services, office, runner, auth)
    click_row(qtbot, board.loads_view, 1)
    qtbot.waitUntil(lambda: board.caseload.rowCount() == 3)
    click_row(qtbot, board.caseload_view, 0)
    case = board.selected_cases()[0]
    # Someone else closes the case meanwhile.
    gui_services.cases.close(office.supervisor, case.id, case.version, "goals_met", "achieved")
    qtbot.mouseClick(board.reassign_button, Qt.MouseButton.LeftButton)
    dialog = current_dialog(qtbot)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(dialog.problem.isVisible)
    assert "Nothing was reassigned" in dialog.problem.text()
    assert "is closed" in dialog.problem.text()
    assert dialog.isVisible()
    shot(dialog, "caseload-reassign-refused")


def test_only_supervisors_get_the_board(qtbot, gui_services, office, runner, auth):
    window = make_window(qtbot, gui_services, office.maria, runner, auth)
    assert window.board is None
    assert window.tabs.currentWidget() is window.my_day


def test_closing_a_case_asks_the_reason_and_what_becomes_of_its_open_tasks(
    qtbot, gui_services, office, runner, auth
):
    from domain.cases.case import CaseStatus
    from domain.cases.tasks import TaskForm
    from gui.cases.close_case_dialog import CloseCaseDialog

    board = open_board(qtbot, gui_services, office, runner, auth)
    maria_row = names(board.loads).index("Maria Garcia")
    board.loads_view.selectRow(maria_row)
    qtbot.waitUntil(lambda: board.caseload.rowCount() == 3)
    case = board.caseload.row_at(0)
    gui_services.tasks.create(
        office.maria, TaskForm("Call the landlord", "12/01/2026", case_id=case.id)
    )
    board.caseload_view.selectRow(0)
    assert board.close_button.isEnabled()
    board.close_button.click()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CloseCaseDialog))
    dialog = QApplication.activeModalWidget()

    dialog.submit()  # nothing chosen
    qtbot.waitUntil(lambda: dialog.fields.messages["reason"].isVisible())
    assert dialog.fields.messages["outcome"].text() == "Choose the outcome for the client."

    dialog.reason.setCurrentIndex(dialog.reason.findData("goals_met"))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("achieved"))
    dialog.destination.choose(410)  # HMIS 3.12: rental by client, no ongoing subsidy
    dialog.submit()
    qtbot.waitUntil(dialog.complete_tasks.isVisible)  # the open task stops the close
    assert gui_services.cases.get(office.supervisor, case.id).status is not CaseStatus.CLOSED
    shot(dialog, "close-case-open-tasks")

    dialog.complete_tasks.setChecked(True)
    dialog.submit()
    qtbot.waitUntil(lambda: closed(dialog))
    assert gui_services.cases.get(office.supervisor, case.id).status is CaseStatus.CLOSED
    qtbot.waitUntil(lambda: board.caseload.rowCount() == 2)


def test_a_supervisor_reopens_a_closed_case_from_the_face_sheet(
    qtbot, gui_services, office, runner
):
    from PySide6.QtWidgets import QPushButton

    from domain.cases.case import CaseStatus
    from gui.clients.record_window import ClientWindow

    case = gui_services.cases.get(office.supervisor, intake_case(gui_services, office, "Gozie"))
    assign(gui_services, office, case.id, office.maria)
    case = gui_services.cases.get(office.supervisor, case.id)
    gui_services.cases.close(office.supervisor, case.id, case.version, "moved_away", "unknown")
    client = gui_services.clients.open(office.supervisor, case.client_id)
    window = ClientWindow(runner, gui_services, office.supervisor, client)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.findChild(QPushButton, f"reopen_{case.id}") is not None)
    window.findChild(QPushButton, f"reopen_{case.id}").click()
    qtbot.waitUntil(
        lambda: gui_services.cases.get(office.supervisor, case.id).status is CaseStatus.OPEN
    )
    qtbot.waitUntil(lambda: window.findChild(QPushButton, f"reopen_{case.id}") is None)
