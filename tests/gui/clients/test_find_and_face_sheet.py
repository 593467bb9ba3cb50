"""Ctrl+K finds a client from anywhere; the record opens on its face sheet."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from domain.audit.events import AuditAction, AuditFilter
from domain.clients.hmis import YesNo
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.staff.session import Session
from gui.clients.record_window import ClientWindow
from gui.clients.search_popup import SearchPopup
from gui.main_window import MainWindow
from tests.gui.test_main_window import activate, type_text


@pytest.fixture
def office(services, actor):
    people = {}
    for first, last, extra in (
        (
            "Ana",
            "Diaz",
            {
                "ssn": "123-45-6789",
                "language": "Spanish",
                "interpreter_needed": True,
                "veteran_status": YesNo.YES,
                "date_of_birth": "03/04/1980",
            },
        ),
        ("Anabel", "Ortiz", {}),
        ("Наталья", "Иванова", {"date_of_birth": "12/01/1985"}),
    ):
        people[first] = services.clients.register(
            actor, ClientForm(first_name=first, last_name=last, **extra), "test office"
        )
    return people


def window_for(qtbot, who, services, auth, runner) -> MainWindow:
    window = MainWindow(Session(who, services, False), auth, runner, "test database")
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    return window


def open_search(qtbot, window) -> SearchPopup:
    qtbot.keyClick(window.clients.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(SearchPopup) is not None)
    popup = window.findChild(SearchPopup)
    qtbot.waitExposed(popup)
    activate(qtbot, popup)
    return popup


def test_ctrl_k_finds_as_you_type_and_enter_opens_the_face_sheet(
    qtbot, services, actor, auth, runner, office
):
    window = window_for(qtbot, actor, services, auth, runner)
    popup = open_search(qtbot, window)
    type_text(popup.box, "an")
    qtbot.waitUntil(lambda: popup.model.rowCount() == 2)
    type_text(popup.box, "a d")
    qtbot.waitUntil(lambda: popup.model.rowCount() == 1)
    assert popup.model.data(popup.model.index(0, 1)) == "Diaz, Ana"
    assert popup.model.data(popup.model.index(0, 4)) == "•••-••-6789"  # never the full SSN

    qtbot.keyClick(popup.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.findChild(ClientWindow) is not None)
    record = window.findChild(ClientWindow)
    assert record.client.id == office["Ana"].id
    assert (record.title.text(), record.number_label.text()) == ("Ana Diaz", office["Ana"].number)
    flags = [chip.text() for chip in record.findChildren(type(record.title), "flag")]
    assert "Interpreter: Spanish" in flags and "Veteran" in flags
    assert record.fact_labels["SSN"].text() == "•••-••-6789"
    assert not record.ssn_button.isVisible()  # the front desk sees the last four only


def test_up_and_down_choose_among_results_without_leaving_the_box(
    qtbot, services, actor, auth, runner, office
):
    window = window_for(qtbot, actor, services, auth, runner)
    popup = open_search(qtbot, window)
    type_text(popup.box, "an")
    qtbot.waitUntil(lambda: popup.model.rowCount() == 2)
    qtbot.keyClick(popup.box, Qt.Key.Key_Down)
    assert popup.results.currentIndex().row() == 1
    assert popup.box.hasFocus()
    qtbot.keyClick(popup.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.findChild(ClientWindow) is not None)
    assert window.findChild(ClientWindow).client.id == office["Anabel"].id


def test_a_supervisor_reveals_the_ssn_and_the_reveal_is_audited(
    qtbot, services, auth, runner, office, make_staff, admin
):
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    window = window_for(qtbot, supervisor, services, auth, runner)
    window.open_client(office["Ana"].id)
    qtbot.waitUntil(lambda: window.findChild(ClientWindow) is not None)
    record = window.findChild(ClientWindow)
    assert record.ssn_button.isVisible()
    qtbot.mouseClick(record.ssn_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: record.fact_labels["SSN"].text() == "123-45-6789")
    reveals = services.audit.query(admin, AuditFilter(action=AuditAction.CLIENT_SSN_VIEWED))
    assert [e.actor for e in reveals] == ["dlee"]


def test_a_caseworker_finds_no_one_outside_their_caseload(
    qtbot, services, auth, runner, office, make_staff
):
    worker = make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    window = window_for(qtbot, worker, services, auth, runner)
    popup = open_search(qtbot, window)
    type_text(popup.box, "an")
    qtbot.waitUntil(lambda: "No client you may see" in popup.status.text())
    assert popup.model.rowCount() == 0


def test_locking_hides_open_client_windows_too(qtbot, services, actor, auth, runner, office):
    window = window_for(qtbot, actor, services, auth, runner)
    window.open_client(office["Наталья"].id)
    qtbot.waitUntil(lambda: window.findChild(ClientWindow) is not None)
    record = window.findChild(ClientWindow)
    qtbot.waitExposed(record)
    window.lock()
    assert not record.isVisible()


def test_the_household_tab_joins_a_household_through_search(
    qtbot, services, actor, auth, runner, office, monkeypatch
):
    from domain.clients.hmis import RelationshipToHead
    from gui.clients.household_tab import RelationshipDialog

    monkeypatch.setattr(RelationshipDialog, "ask", classmethod(lambda cls, who, parent=None: 2))
    window = window_for(qtbot, actor, services, auth, runner)
    window.open_client(office["Anabel"].id)
    qtbot.waitUntil(lambda: window.findChild(ClientWindow) is not None)
    record = window.findChild(ClientWindow)
    tab = record.household
    qtbot.waitUntil(lambda: "Not part of a household" in tab.summary.text())

    tab.choose_head()
    qtbot.waitUntil(lambda: tab.findChild(SearchPopup) is not None)
    popup = tab.findChild(SearchPopup)
    type_text(popup.box, "ana d")
    qtbot.waitUntil(lambda: popup.model.rowCount() == 1)
    qtbot.keyClick(popup.box, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    rows = [
        (tab.model.data(tab.model.index(r, 1)), tab.model.data(tab.model.index(r, 2)))
        for r in range(2)
    ]
    assert rows == [
        ("Ana Diaz", "Self (head of household)"),
        ("Anabel Ortiz", "Head of household's child"),
    ]
    assert services.clients.open(actor, office["Anabel"].id).relationship_to_head == (
        RelationshipToHead.CHILD
    )


def test_a_supervisor_sees_the_plan_merges_a_duplicate_and_undoes_it(
    qtbot, services, auth, runner, actor, make_staff, tmp_path
):
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    keep = services.clients.register(
        actor,
        ClientForm(
            first_name="Robert", last_name="Smith", date_of_birth="03/04/1980", phone="937 555 0101"
        ),
    )
    twin = services.clients.register(
        actor,
        ClientForm(
            first_name="Bob",
            last_name="Smyth",
            date_of_birth="03/04/1980",
            phone="937 555 0199",
            email="bob.smyth@example.org",
        ),
        "not sure at the desk",
    )
    window = window_for(qtbot, supervisor, services, auth, runner)
    window.open_client(keep.id)
    qtbot.waitUntil(lambda: window.findChild(ClientWindow) is not None)
    record = window.findChild(ClientWindow)
    assert record.merge_button.isVisible()

    record.choose_duplicate()
    qtbot.waitUntil(lambda: record.findChild(SearchPopup) is not None)
    popup = record.findChild(SearchPopup)
    type_text(popup.box, "bob")
    qtbot.waitUntil(lambda: popup.model.rowCount() == 1)
    qtbot.keyClick(popup.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: record.merge_dialog is not None and record.merge_dialog.isVisible())
    dialog = record.merge_dialog
    table = dialog.fields_table
    rows = {
        table.item(row, 0).text(): (table.item(row, 1).text(), table.item(row, 3).text())
        for row in range(table.rowCount())
    }
    assert rows == {
        "Phone": ("Keeps its own", "(937) 555-0199"),
        "Email": (f"Takes {twin.number}'s", "bob.smyth@example.org"),
    }
    dialog.grab().save(str(tmp_path / "merge-plan.png"))
    assert services.clients.open(supervisor, twin.id).merged_into_id is None  # nothing yet

    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)  # no reason given
    qtbot.waitUntil(dialog.problem.isVisible)
    assert "why" in dialog.problem.text().lower()
    type_text(dialog.reason, "Same ID card")
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(record.undo_button.isVisible)
    assert twin.number in record.merge_note.text()
    assert [c.id for c in services.clients.search(supervisor, "bob")] == [keep.id]
    assert services.clients.open(supervisor, keep.id).email == "bob.smyth@example.org"

    qtbot.mouseClick(record.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not record.undo_button.isVisible())
    assert [c.id for c in services.clients.search(supervisor, "bob")] == [twin.id]
    assert services.clients.open(supervisor, keep.id).email is None


def test_others_are_not_offered_the_merge(qtbot, services, actor, auth, runner, office):
    window = window_for(qtbot, actor, services, auth, runner)
    window.open_client(office["Ana"].id)
    qtbot.waitUntil(lambda: window.findChild(ClientWindow) is not None)
    assert not window.findChild(ClientWindow).merge_button.isVisible()
