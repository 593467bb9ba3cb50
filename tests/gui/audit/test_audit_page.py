"""The audit trail page: filters, paging, local times and the CSV export, on a real database."""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox

from domain.audit.events import AuditAction, AuditEntry, AuditFilter
from domain.audit.service import EXPORT_COLUMNS
from domain.clients.record import ClientForm
from domain.common.policy import Role
from gui.audit.page import AuditPage
from gui.audit.table_model import PAGE_SIZE, AuditTableModel, action_label, action_labels
from tests.gui.test_main_window import activate, type_text

M = AuditTableModel


@pytest.fixture
def new_york(monkeypatch):
    """The workstation's clock runs on New York time (UTC-5 in November)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def office(gui_services, admin, make_staff, clock):
    """A day at the front desk: two clients registered, one opened by a supervisor."""
    desk = make_staff(Role.FRONTDESK, "mrivera", "Maria Rivera", "FRONTDESK-01")
    boss = make_staff(Role.SUPERVISOR, "jchen", "Jamie Chen", "SUPER-02")
    clock.now += timedelta(days=1)
    ana = gui_services.clients.register(desk, ClientForm(first_name="Ana", last_name="Diaz"))
    bo = gui_services.clients.register(desk, ClientForm(first_name="Bo", last_name="Chen"))
    clock.now += timedelta(hours=1)
    gui_services.clients.open(boss, ana.id)
    return ana, bo, boss


def make_page(qtbot, services, actor, runner) -> AuditPage:
    page = AuditPage(runner, services, actor)
    qtbot.addWidget(page)
    page.resize(1100, 500)
    page.show()
    activate(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    return page


def column(page: AuditPage, col: int) -> list[str]:
    return [page.model.data(page.model.index(r, col)) for r in range(page.model.rowCount())]


def set_filter(page: AuditPage, name: str, text: str) -> None:
    edit = page.fields.inputs[name]
    edit.setFocus()
    edit.clear()
    type_text(edit, text)


def entries(count: int) -> list[AuditEntry]:
    start = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
    return [
        AuditEntry(
            i, start - timedelta(minutes=i), "mrivera", "WS", "client.viewed", "client", i, ""
        )
        for i in range(1, count + 1)
    ]


# --- the model ---------------------------------------------------------------------


def test_the_model_passes_qt_model_checks(qtmodeltester):
    model = AuditTableModel(page_size=5)
    model.reset_to(entries(5))
    qtmodeltester.check(model, force_py=True)


def test_the_model_asks_for_the_next_page_once_and_stops_at_a_short_page(qtbot):
    model = AuditTableModel(page_size=3)
    model.reset_to(entries(3))
    asked = []
    model.more_wanted.connect(asked.append)

    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())  # the view asks again before the page arrives
    assert asked == [3]

    # An event written meanwhile shifted the page by one: row 3 comes again, kept once.
    model.append(entries(4)[2:])
    assert [model.entry_at(r).id for r in range(model.rowCount())] == [1, 2, 3, 4]
    assert not model.canFetchMore(QModelIndex())  # a short page: that was the last


def test_every_action_reads_as_words_and_unknown_ones_stay_as_stored():
    labels = action_labels()
    assert set(labels) == set(AuditAction)
    assert len(set(labels.values())) == len(labels)
    assert action_label("sign_in.failed") == "Sign-in failed"
    assert action_label("something.new") == "something.new"


# --- the page ----------------------------------------------------------------------


def test_the_trail_shows_newest_first_in_local_time(
    qtbot, gui_services, admin, runner, office, new_york
):
    ana, _bo, _boss = office
    page = make_page(qtbot, gui_services, admin, runner)

    newest = [page.model.data(page.model.index(0, c)) for c in range(page.model.columnCount())]
    # 15:30 UTC on the 24th is 10:30 in New York.
    assert newest == [
        "11/24/2026 10:30:00",
        "jchen",
        "SUPER-02",
        "Client record viewed",
        ana.number,
        "",
    ]
    times = [page.model.entry_at(r).occurred_at for r in range(page.model.rowCount())]
    assert times == sorted(times, reverse=True)
    assert page.count_label.text() == f"{page.model.rowCount()} events."


def test_enter_in_a_filter_applies_the_filters(qtbot, gui_services, admin, runner, office):
    page = make_page(qtbot, gui_services, admin, runner)

    set_filter(page, "person", "MRivera")
    qtbot.keyClick(page.fields.inputs["person"], Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: set(column(page, M.COL_PERSON)) == {"mrivera"})
    assert column(page, M.COL_ACTION) == ["Client registered", "Client registered"]
    assert page.applied_filter == AuditFilter(actor="mrivera")


def test_the_action_filter_lists_every_action_and_applies_on_enter(
    qtbot, gui_services, admin, runner, office
):
    page = make_page(qtbot, gui_services, admin, runner)
    combo = page.action_combo
    assert combo.itemText(0) == "Any action"
    assert [combo.itemData(i) for i in range(1, combo.count())] == [a.value for a in AuditAction]

    combo.setFocus()
    combo.setCurrentIndex(combo.findData(AuditAction.CLIENT_VIEWED.value))
    qtbot.keyClick(combo, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert column(page, M.COL_PERSON) == ["jchen"]


def test_a_client_number_filter_shows_that_clients_events(
    qtbot, gui_services, admin, runner, office
):
    ana, bo, _boss = office
    page = make_page(qtbot, gui_services, admin, runner)

    set_filter(page, "client_number", f"c{bo.id}")
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: column(page, M.COL_RECORD) == [bo.number])
    set_filter(page, "client_number", str(ana.id))
    qtbot.keyClick(page.fields.inputs["client_number"], Qt.Key.Key_Enter)  # the keypad's Enter
    qtbot.waitUntil(lambda: column(page, M.COL_RECORD) == [ana.number, ana.number])
    assert page.count_label.text() == "2 events."


def test_a_date_range_shows_only_those_days(qtbot, gui_services, admin, runner, office):
    page = make_page(qtbot, gui_services, admin, runner)
    everything = page.model.rowCount()

    set_filter(page, "since", "11/23/2026")
    set_filter(page, "until", "2026-11-23")
    qtbot.keyClick(page.fields.inputs["until"], Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < everything)
    assert all(
        page.model.entry_at(r).occurred_at.date().isoformat() == "2026-11-23"
        for r in range(page.model.rowCount())
    )

    set_filter(page, "since", "01/01/2027")
    set_filter(page, "until", "")
    qtbot.keyClick(page.fields.inputs["since"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.count_label.text() == "No events match these filters."


def test_bad_filters_are_explained_beside_each_field_and_keep_the_list(
    qtbot, gui_services, admin, runner, office
):
    page = make_page(qtbot, gui_services, admin, runner)
    rows = page.model.rowCount()

    set_filter(page, "client_number", "X12")
    set_filter(page, "since", "11/30/2026")
    set_filter(page, "until", "11/01/2026")
    qtbot.keyClick(page.fields.inputs["until"], Qt.Key.Key_Return)

    assert page.fields.messages["client_number"].isVisible()
    assert "C000042" in page.fields.messages["client_number"].text()
    assert page.fields.messages["until"].text() == "The end date is before the start date."
    assert not page.fields.messages["since"].isVisible()
    assert page.fields.inputs["client_number"].hasFocus()
    assert page.model.rowCount() == rows

    set_filter(page, "client_number", "")
    set_filter(page, "until", "")
    qtbot.keyClick(page.fields.inputs["until"], Qt.Key.Key_Return)
    assert not page.fields.messages["client_number"].isVisible()
    assert not page.fields.messages["until"].isVisible()


def test_a_long_trail_loads_200_rows_at_a_time_as_the_person_scrolls(
    qtbot, gui_services, admin, runner
):
    for minutes in range(1, PAGE_SIZE + 40):
        gui_services.settings.set_idle_lock_minutes(admin, str(minutes % 240 + 1))
    total = len(gui_services.audit.query(admin, AuditFilter(), limit=1000))
    page = make_page(qtbot, gui_services, admin, runner)

    assert page.model.rowCount() == PAGE_SIZE
    assert page.count_label.text() == "The newest 200 events; scroll down for more."
    page.table.scrollToBottom()

    qtbot.waitUntil(lambda: page.model.rowCount() == total)
    assert page.count_label.text() == f"{total} events."
    ids = [page.model.entry_at(r).id for r in range(total)]
    assert ids == sorted(ids, reverse=True)


# --- export ------------------------------------------------------------------------


def test_only_those_allowed_to_export_see_the_export_button(
    qtbot, gui_services, admin, runner, office
):
    _ana, _bo, supervisor = office
    assert make_page(qtbot, gui_services, admin, runner).export_button.isVisible()
    assert make_page(qtbot, gui_services, supervisor, runner).export_button is None


def test_the_export_writes_what_the_list_shows_as_excel_ready_csv(
    qtbot, gui_services, admin, runner, office, tmp_path, monkeypatch
):
    target = tmp_path / "audit.csv"
    suggested = []
    monkeypatch.setattr(
        AuditPage,
        "ask_export_path",
        classmethod(lambda cls, parent, path: suggested.append(path) or str(target)),
    )
    page = make_page(qtbot, gui_services, admin, runner)
    set_filter(page, "person", "mrivera")
    qtbot.keyClick(page.fields.inputs["person"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)

    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.notice.text().startswith("Exported"))
    assert page.notice.text() == f"Exported 2 events to {target}"
    assert suggested[0].endswith(".csv")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that tells Excel it is UTF-8
    header, *rows = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    assert tuple(header) == EXPORT_COLUMNS
    assert [row[2] for row in rows] == ["mrivera", "mrivera"]
    exported = gui_services.audit.query(admin, AuditFilter(action=AuditAction.AUDIT_EXPORTED))
    assert exported[0].detail == "2 rows;actor=mrivera"


def test_a_cancelled_export_writes_nothing(qtbot, gui_services, admin, runner, office, monkeypatch):
    monkeypatch.setattr(AuditPage, "ask_export_path", classmethod(lambda cls, parent, path: ""))
    page = make_page(qtbot, gui_services, admin, runner)

    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)

    assert page.notice.text() == ""
    assert gui_services.audit.query(admin, AuditFilter(action=AuditAction.AUDIT_EXPORTED)) == []


def test_a_file_that_cannot_be_written_is_explained(
    qtbot, gui_services, admin, runner, office, tmp_path, monkeypatch
):
    target = tmp_path / "no such folder" / "audit.csv"
    monkeypatch.setattr(
        AuditPage, "ask_export_path", classmethod(lambda cls, parent, path: str(target))
    )
    page = make_page(qtbot, gui_services, admin, runner)

    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.findChild(QMessageBox) is not None)
    box = page.findChild(QMessageBox)
    assert box.windowTitle() == "Export not saved"
    assert str(target) in box.text()
    assert page.export_button.isEnabled()


def test_someone_who_may_not_read_the_trail_is_told_so(qtbot, gui_services, make_staff, runner):
    caseworker = make_staff(Role.CASEWORKER, "tnguyen", "Nguyễn Thị Ánh")
    page = AuditPage(runner, gui_services, caseworker)
    qtbot.addWidget(page)
    page.show()

    qtbot.waitUntil(lambda: page.findChild(QMessageBox) is not None)
    assert page.findChild(QMessageBox).text() == "Your role cannot read the audit trail."
    assert page.count_label.text() == "The audit trail could not be loaded."
    assert page.model.rowCount() == 0
