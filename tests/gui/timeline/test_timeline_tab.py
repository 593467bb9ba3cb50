"""The Timeline tab: read when first shown, every kind in one list newest first,
chips per kind, the case choice, a search box that filters as one types, and the
chosen entry in full; read again after changes made elsewhere in the record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from domain.audit.events import AuditAction, AuditFilter
from domain.common.policy import Role
from domain.timeline.entries import EntryKind
from gui.clients.record_window import ClientWindow
from gui.timeline.tab import TimelineModel
from tests.gui.cases.caseload_office import make_office
from tests.gui.clients.test_intake_window import shot
from tests.gui.test_main_window import activate, type_text
from tests.gui.timeline.timeline_history import realistic_history


@pytest.fixture
def office(gui_services, admin, make_staff, clock):
    office = make_office(gui_services, admin, make_staff)
    office.history = realistic_history(gui_services, office, clock)
    return office


def open_timeline(qtbot, services, actor, runner, client_id):
    window = ClientWindow(runner, services, actor, services.clients.open(actor, client_id))
    qtbot.addWidget(window)
    window.resize(1000, 720)
    window.show()
    activate(qtbot, window)
    tab = window.timeline
    assert tab.entries is None  # nothing read until the tab is shown
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.entries is not None and not runner.busy)
    return window, tab


def views(services, boss):
    found = services.audit.query(boss, AuditFilter(action=AuditAction.TIMELINE_VIEWED))
    return len(found)


def test_filters_narrow_the_list_and_the_detail_follows(
    qtbot, qtmodeltester, gui_services, office, runner
):
    history, boss = office.history, office.supervisor
    window, tab = open_timeline(qtbot, gui_services, boss, runner, history.client_id)
    qtmodeltester.check(tab.model)
    total = len(tab.entries)
    assert tab.count.text() == f"{total} entries" and tab.model.rowCount() == total
    assert views(gui_services, boss) == 1
    # Newest first, and the newest is chosen and shown in full.
    first = tab.current_entry()
    assert first.title == "Reassigned from Maria Garcia to Jamie Chen"
    assert "Maria moves to the youth team." in tab.detail.toPlainText()
    assert tab.model.index(0, TimelineModel.KIND).data(Qt.ItemDataRole.DecorationRole)
    # Every kind has its chip; two cases: the case choice is offered.
    assert all(tab.chips[kind].isVisible() for kind in EntryKind)
    assert tab.chips[EntryKind.NOTE].text() == "Notes (4)"
    assert tab.case_choice.isVisible() and tab.case_choice.count() == 3
    shot(window, "timeline_supervisor")

    # Only notes and reviews.
    for kind in EntryKind:
        if kind not in (EntryKind.NOTE, EntryKind.REVIEW):
            tab.chips[kind].click()
    assert {e.kind for e in tab.shown()} == {EntryKind.NOTE, EntryKind.REVIEW}
    assert tab.count.text() == f"Showing 5 of {total} entries"
    # Typing filters as one types, any case.
    tab.search.setFocus()
    type_text(tab.search, "TWO WEEKS")  # in the addendum, and in its note's detail
    assert [e.title for e in tab.shown()] == [
        "Addendum 1 to the phone call of 11/06/2026",
        "Phone call, 15 min",
    ]
    type_text(tab.search, " 11/06/2026")
    assert [e.title for e in tab.shown()] == ["Addendum 1 to the phone call of 11/06/2026"]
    assert "two weeks, not one" in tab.detail.toPlainText()
    shot(window, "timeline_filtered")
    tab.search.clear()
    # The second case holds no notes.
    tab.case_choice.setCurrentIndex(tab.case_choice.findData(history.second_case_id))
    assert tab.shown() == [] and "No entry matches" in tab.detail.toPlainText()
    tab.case_choice.setCurrentIndex(0)
    for chip in tab.chips.values():
        chip.setChecked(True)
    assert len(tab.shown()) == total
    # Filtering reads nothing again.
    assert views(gui_services, boss) == 1


def test_the_tab_reads_again_after_a_change_elsewhere(qtbot, gui_services, office, runner):
    history, boss = office.history, office.supervisor
    window, tab = open_timeline(qtbot, gui_services, boss, runner, history.client_id)
    before = len(tab.entries)
    tab.view.setFocus()
    QTest.keyClick(tab.view, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # Sea&rch
    qtbot.waitUntil(tab.search.hasFocus)
    type_text(tab.search, "resumed")
    chosen = tab.current_entry()
    window.tabs.setCurrentIndex(0)
    case = gui_services.cases.get(boss, history.second_case_id)
    gui_services.cases.put_on_hold(boss, case.id, case.version)
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: len(tab.entries) == before + 1 and not runner.busy)
    # The search and the chosen entry stay as they were.
    assert tab.search.text() == "resumed" and tab.current_entry() == chosen
    assert views(gui_services, boss) == 2


def test_the_front_desk_sees_no_case_work_and_one_case_hides_the_choice(
    qtbot, gui_services, office, runner, make_staff
):
    desk = make_staff(Role.FRONTDESK, "tbrooks", "Taylor Brooks")
    _window, tab = open_timeline(qtbot, gui_services, desk, runner, office.history.client_id)
    shown = {kind for kind, chip in tab.chips.items() if chip.isVisible()}
    assert shown == {EntryKind.CASE, EntryKind.ASSESSMENT, EntryKind.CONSENT}
    maria = office.maria
    case = gui_services.cases.get(office.supervisor, office.history.case_id)
    gui_services.cases.assign(office.supervisor, case.id, maria.staff_id, case.version)
    _window, tab = open_timeline(qtbot, gui_services, maria, runner, office.history.client_id)
    assert not tab.case_choice.isVisible()  # Maria reaches one of the two cases
    assert {e.case_id for e in tab.entries} - {None} == {office.history.case_id}
    QTest.keyClick(tab.view, Qt.Key.Key_Down)
    assert tab.current_entry() == tab.shown()[1]
