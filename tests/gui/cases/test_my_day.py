"""My day, as a caseworker uses it: what is due, ticking it off, a new task, and
opening a client from any of its lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from domain.cases.tasks import TaskForm
from domain.clients.record import ClientForm
from domain.consents.consent import ConsentForm
from domain.settings.office_settings import AgencyForm
from gui.cases.my_day_page import MyDayPage
from gui.cases.task_dialog import NewTaskDialog
from gui.clients.record_window import ClientWindow
from tests.gui.cases.caseload_office import assign, intake_case, make_office
from tests.gui.clients.test_intake_window import shot
from tests.gui.test_main_window import activate, make_window, type_text


def day(clock, days: int) -> str:
    return (clock().date() + timedelta(days=days)).isoformat()


@pytest.fixture
def office(gui_services, admin, make_staff, clock):
    office = make_office(gui_services, admin, make_staff)
    amara = intake_case(gui_services, office, "Amara", consent_expires=day(clock, 20))
    bola = intake_case(gui_services, office, "Bola")
    for case_id in (amara, bola):
        assign(gui_services, office, case_id, office.maria)
    tasks, maria = gui_services.tasks, office.maria
    tasks.create(maria, TaskForm("Call the landlord", day(clock, 0), amara))
    tasks.create(maria, TaskForm("Send the rent receipt", day(clock, 1), bola))
    tasks.create(maria, TaskForm("Book the school meeting", day(clock, 6)))
    clock.now += timedelta(days=1)  # the landlord call is now overdue
    office.cases = {"Amara": amara, "Bola": bola}
    return office


def open_my_day(qtbot, services, actor, runner) -> MyDayPage:
    page = MyDayPage(runner, services, actor)
    qtbot.addWidget(page)
    page.resize(1100, 640)
    page.show()
    qtbot.waitUntil(lambda: page.day is not None)
    return page


def column(model, col: int) -> list[str]:
    return [model.data(model.index(row, col)) for row in range(model.rowCount())]


def test_my_day_lists_what_is_due_and_done_removes_it(
    qtbot, qtmodeltester, gui_services, office, runner
):
    page = open_my_day(qtbot, gui_services, office.maria, runner)
    tasks = page.tasks
    assert column(tasks, tasks.COL_TITLE) == ["Call the landlord", "Send the rent receipt"]
    assert column(tasks, tasks.COL_DUE) == ["11/23/2026 (overdue)", "today"]
    assert column(tasks, tasks.COL_CLIENT) == ["Amara Okafor", "Bola Okafor"]
    assert tasks.data(tasks.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert column(page.cases, 0) == ["Amara Okafor", "Bola Okafor"]
    assert column(page.consents, 1) == ["Amara Okafor"]
    assert "Monday, November 24, 2026" not in page.heading.text()  # the 24th is a Tuesday
    assert "Tuesday, November 24, 2026" in page.heading.text()
    for model in (page.tasks, page.cases, page.reviews, page.consents, page.changes):
        qtmodeltester.check(model)
    shot(page, "my-day")

    # The first task is chosen: Done (Alt+D) ticks it off and the list loses it.
    assert page.current_task().title == "Call the landlord"
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks.rowCount() == 1)
    assert column(tasks, tasks.COL_TITLE) == ["Send the rent receipt"]
    done = [task for task in gui_services.tasks.mine(office.maria, include_done=True)]
    assert [t.title for t in done if t.is_done] == ["Call the landlord"]


def test_a_new_task_shows_problems_beside_the_fields_then_lands_on_the_list(
    qtbot, gui_services, office, runner, clock
):
    page = open_my_day(qtbot, gui_services, office.maria, runner)
    page.tasks_view.setFocus()
    qtbot.keyClick(page.tasks_view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NewTaskDialog))
    dialog = QApplication.activeModalWidget()
    activate(qtbot, dialog)
    assert dialog.case.count() == 3  # no case, and Maria's two
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.fields.inputs["due_on"].setFocus()
    type_text(dialog.fields.inputs["due_on"], "11/01/2026")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.fields.messages["title"].isVisible())
    assert dialog.fields.messages["title"].text() == "Say what is to be done."
    assert dialog.fields.messages["due_on"].text() == "A new task cannot be due in the past."
    assert dialog.fields.inputs["title"].hasFocus()
    shot(dialog, "my-day-new-task-problems")

    type_text(dialog.fields.inputs["title"], "Visit Bola at home")
    dialog.fields.inputs["due_on"].clear()
    type_text(dialog.fields.inputs["due_on"], "11/24/2026")
    dialog.choose_case(office.cases["Bola"])
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    qtbot.waitUntil(lambda: page.tasks.rowCount() == 3)
    assert "Visit Bola at home" in column(page.tasks, page.tasks.COL_TITLE)


def test_activating_a_case_opens_the_clients_record(qtbot, gui_services, office, runner, auth):
    window = make_window(qtbot, gui_services, office.maria, runner, auth)
    page = window.my_day
    assert window.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: page.cases.rowCount() == 2)
    page.cases_view.setFocus()
    page.cases_view.setCurrentIndex(page.cases.index(1, 0))
    with qtbot.waitSignal(page.client_opened) as opened:
        qtbot.keyClick(page.cases_view, Qt.Key.Key_Return)
    assert opened.args == [page.cases.row_at(1).client_id]
    qtbot.waitUntil(lambda: window.findChild(ClientWindow) is not None)
    shot(window, "my-day-in-window")


def test_a_reassigned_case_leaves_my_day(qtbot, gui_services, office, runner):
    page = open_my_day(qtbot, gui_services, office.maria, runner)
    case = gui_services.cases.get(office.supervisor, office.cases["Bola"])
    gui_services.cases.reassign_many(office.supervisor, [case.id], office.jamie.staff_id)
    qtbot.keyClick(page, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.cases.rowCount() == 1)
    # Its open task went with it.
    assert column(page.tasks, page.tasks.COL_TITLE) == ["Call the landlord"]


def test_my_day_keeps_lapsed_consents_says_whom_a_release_is_for_and_names_people(
    qtbot, qtmodeltester, gui_services, office, runner, clock, admin
):
    """Amara's consent to services lapses and stays listed until renewed; Bola's
    release says whom it is for; Chidi's case has no consent to services at all;
    changes are by people, not sign-in names."""
    gui_services.settings.set_agency_details(admin, AgencyForm("Miami Valley Family Services"))
    bola = gui_services.cases.get(office.supervisor, office.cases["Bola"])
    gui_services.consents.record(
        office.maria,
        bola.client_id,
        ConsentForm(
            kind="release",
            signed_on=day(clock, 0),
            expires_on=day(clock, 40),
            recipient="Dayton Legal Aid",
            purpose="Eviction defence",
            information=("contact", "housing"),
        ),
    )
    clock.now += timedelta(days=25)  # Amara's consent ended 12/13; the release is near
    chidi = gui_services.clients.register(
        office.supervisor, ClientForm(first_name="Chidi", last_name="Okafor")
    )
    gui_services.cases.open_case(
        office.supervisor, chidi.id, office.maria.staff_id, office.program.id
    )

    page = open_my_day(qtbot, gui_services, office.maria, runner)
    consents = page.consents
    qtmodeltester.check(consents)
    rows = [
        tuple(consents.data(consents.index(row, col)) for col in range(consents.columnCount()))
        for row in range(consents.rowCount())
    ]
    assert rows == [
        ("none on record", "Chidi Okafor", "To services", "—"),
        ("12/13/2026 (expired)", "Amara Okafor", "To services", "—"),
        ("01/03/2027", "Bola Okafor", "Release", "Dayton Legal Aid"),
    ]
    assert consents.data(consents.index(1, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert consents.headerData(3, Qt.Orientation.Horizontal) == "For"
    # Every case in its program; changes by the supervisor shown by her name.
    assert column(page.cases, page.cases.COL_PROGRAM) == ["Family support"] * 3
    assert "Dana Lee" in column(page.changes, page.changes.COL_BY)
    assert "dlee" not in column(page.changes, page.changes.COL_BY)
    shot(page, "my-day-consents")

    # Renewed with Amara: her row leaves the list.
    amara = gui_services.cases.get(office.supervisor, office.cases["Amara"])
    gui_services.consents.record(
        office.maria, amara.client_id, ConsentForm(kind="services", signed_on=day(clock, 0))
    )
    qtbot.keyClick(page, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.consents.rowCount() == 2)
    assert "Amara Okafor" not in column(page.consents, page.consents.COL_CLIENT)
