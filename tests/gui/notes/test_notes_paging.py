"""The Notes and Timeline tabs of a record with thousands of notes: the newest
page first, the next read as the list is scrolled to its end, nothing hashed on
the UI thread, an altered note still flagged, a search that reaches the oldest
notes, and the event loop never stalled for long while the record opens."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtTest import QTest

import domain.notes.note as note_module
from domain.audit.events import AuditAction, AuditFilter
from domain.notes.paging import PAGE_SIZE
from domain.timeline.entries import EntryKind
from gui.clients.record_window import ClientWindow
from gui.notes.tab import NOTE_ROLE
from tests.gui.cases.caseload_office import assign, intake_case, make_office
from tests.gui.clients.test_intake_window import shot
from tests.gui.test_main_window import activate, type_text
from tests.gui.timeline.timeline_history import realistic_history
from tests.storage.notes.many_notes import NEWEST, add_signed_notes, plain_words
from tests.storage.notes.test_note_pages import tamper

ALTERED = "ALTERED OUTSIDE CASEDESK"
# Generous, so that a busy machine does not fail it; the figure printed, and the
# benchmark (tests/benchmarks/notes_paging.py), are what show the speed.
LONGEST_STALL_ALLOWED_MS = 500
FINCH = "Met the zebra finch breeder about the rent."


@pytest.fixture
def office(gui_services, admin, make_staff):
    office = make_office(gui_services, admin, make_staff)
    office.case = intake_case(gui_services, office, "Amara")
    assign(gui_services, office, office.case, office.maria)
    office.client_id = gui_services.cases.get(office.supervisor, office.case).client_id
    return office


def bulk(engine, office, count, words=plain_words):
    with engine.begin() as connection:
        add_signed_notes(
            connection,
            office.case,
            office.maria.staff_id,
            office.maria.username,
            count,
            newest=NEWEST,
            words=words,
        )


def open_record(qtbot, services, actor, runner, client_id):
    window = ClientWindow(runner, services, actor, services.clients.open(actor, client_id))
    qtbot.addWidget(window)
    window.resize(900, 640)
    window.show()
    activate(qtbot, window)
    return window


def open_notes(qtbot, services, actor, runner, client_id):
    window = open_record(qtbot, services, actor, runner, client_id)
    window.tabs.setCurrentWidget(window.notes)
    tab = window.notes
    qtbot.waitUntil(lambda: tab.notes is not None and not runner.busy)
    return window, tab


def shown_ids(tab) -> list[int]:
    return [tab.model.index(row, 0).data(NOTE_ROLE) for row in range(tab.model.rowCount())]


class StallProbe(QObject):
    """Times the UI thread's event loop: a timer due every millisecond, and the
    longest wait between two of its ticks is the longest the screen stood still."""

    def __init__(self):
        super().__init__()
        self.longest = 0.0
        self._last = None
        self._timer = QTimer(self)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.longest = max(self.longest, now - self._last)
        self._last = now

    def start(self) -> None:
        self.longest, self._last = 0.0, None
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.longest * 1000


@pytest.fixture
def ui_thread_hashes(monkeypatch):
    """How many fingerprints the UI thread works out."""
    counted = []
    real = note_module.fingerprint

    def counting(*args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            counted.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(note_module, "fingerprint", counting)
    return counted


def test_scrolling_to_the_end_reads_the_next_page(
    qtbot, qtmodeltester, gui_services, engine, office, runner, ui_thread_hashes
):
    bulk(engine, office, 230)
    boss = office.supervisor
    window, tab = open_notes(qtbot, gui_services, boss, runner, office.client_id)
    assert tab.model.rowCount() == PAGE_SIZE and tab.after is not None
    everything = [n.id for n in gui_services.notes.for_client(boss, office.client_id)]
    assert shown_ids(tab) == everything[:PAGE_SIZE]

    tab.view.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2 * PAGE_SIZE and not runner.busy)
    assert shown_ids(tab) == everything[: 2 * PAGE_SIZE]
    shot(window, "notes-second-page")
    # The keyboard reaches the end too: End, and the next page follows.
    tab.view.setFocus()
    QTest.keyClick(tab.view, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3 * PAGE_SIZE and not runner.busy)
    for _ in range(3):
        tab.view.scrollToBottom()
        qtbot.waitUntil(lambda: not runner.busy)
    assert shown_ids(tab) == everything and tab.after is None
    qtmodeltester.check(tab.model)
    # Each page read is one audited view of the client's notes.
    viewed = gui_services.audit.query(boss, AuditFilter(action=AuditAction.NOTES_VIEWED))
    pages = [e.detail for e in viewed if e.entity_type == "client" and e.detail != "notes=230"]
    assert len(pages) == 5  # the test's own reading of them all aside
    assert ui_thread_hashes == []  # every fingerprint was checked off the UI thread


def test_an_altered_note_on_the_second_page_is_flagged(qtbot, gui_services, engine, office, runner):
    bulk(engine, office, 120)
    boss = office.supervisor
    target = gui_services.notes.for_client(boss, office.client_id)[PAGE_SIZE + 10]
    tamper(engine, target.id)
    window, tab = open_notes(qtbot, gui_services, boss, runner, office.client_id)
    tab.view.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() > PAGE_SIZE and not runner.busy)
    statuses = {
        tab.model.index(row, 0).data(NOTE_ROLE): tab.model.item(row, 3).text()
        for row in range(tab.model.rowCount())
    }
    assert statuses[target.id] == f"Signed — {ALTERED}"
    assert [i for i, status in statuses.items() if ALTERED in status] == [target.id]
    tab.view.setCurrentIndex(tab.model.index(shown_ids(tab).index(target.id), 0))
    assert ALTERED in tab.detail.toPlainText() and "Never called." in tab.detail.toPlainText()
    shot(window, "notes-altered-on-page-two")


def test_the_timeline_pages_as_it_scrolls_and_its_search_reaches_page_forty(
    qtbot, gui_services, engine, office, runner
):
    page_forty = 40 * PAGE_SIZE - 10
    bulk(engine, office, 2000, words=lambda n: FINCH if n == page_forty else plain_words(n))
    boss = office.supervisor
    window = open_record(qtbot, gui_services, boss, runner, office.client_id)
    tab = window.timeline
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.entries is not None and not runner.busy)
    first = tab.model.rowCount()
    assert PAGE_SIZE <= first < 100 and tab.cursor is not None
    assert tab.chips[EntryKind.NOTE].text() == "Notes (2000)"
    assert "older ones follow as you scroll" in tab.count.text()
    tab.view.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() > first and not runner.busy)
    shot(window, "timeline-second-page")
    keys = [row.key for row in tab.shown()]
    assert len(keys) == len(set(keys))

    tab.search.setFocus()
    type_text(tab.search, "zebra finch")
    qtbot.waitUntil(lambda: [e.detail for e in tab.shown()] == [FINCH], timeout=5000)
    assert tab.count.text() == f"Showing 1 of {sum(tab.counts.values())} entries"
    assert FINCH in tab.detail.toPlainText()
    shot(window, "timeline-search-everything")
    tab.search.clear()
    qtbot.waitUntil(lambda: tab.model.rowCount() > first)


def test_with_notes_hidden_the_timeline_shows_everything_else_at_once(
    qtbot, gui_services, engine, office, runner, clock
):
    history = realistic_history(gui_services, office, clock)
    office.case = history.case_id
    bulk(engine, office, 230)
    boss = office.supervisor
    whole = gui_services.timeline.for_client(boss, history.client_id)
    window = open_record(qtbot, gui_services, boss, runner, history.client_id)
    tab = window.timeline
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.entries is not None and not runner.busy)
    assert tab.cursor is not None and tab.cursor.held  # older plans, reviews... not shown yet
    tab.chips[EntryKind.NOTE].click()
    assert [e.key for e in tab.shown()] == [e.key for e in whole if e.kind is not EntryKind.NOTE]
    tab.chips[EntryKind.NOTE].click()
    assert tab.model.rowCount() == len(tab.entries) < len(whole)


def test_opening_a_record_of_two_thousand_notes_keeps_the_screen_moving(
    qtbot, gui_services, engine, office, runner
):
    bulk(engine, office, 2000)
    boss = office.supervisor
    probe = StallProbe()
    probe.start()
    qtbot.wait(20)
    window = open_record(qtbot, gui_services, boss, runner, office.client_id)
    qtbot.waitUntil(lambda: not runner.busy)
    qtbot.wait(50)
    record_stall = probe.stop()

    probe.start()
    qtbot.wait(20)
    window.tabs.setCurrentWidget(window.notes)
    qtbot.waitUntil(lambda: window.notes.notes is not None and not runner.busy)
    qtbot.wait(50)
    notes_stall = probe.stop()

    probe.start()
    qtbot.wait(20)
    window.tabs.setCurrentWidget(window.timeline)
    qtbot.waitUntil(lambda: window.timeline.entries is not None and not runner.busy)
    qtbot.wait(50)
    timeline_stall = probe.stop()

    print(
        f"\nlongest UI-thread stall, 2,000 notes: opening the record {record_stall:.1f} ms, "
        f"its Notes tab {notes_stall:.1f} ms, its Timeline tab {timeline_stall:.1f} ms"
    )
    assert window.notes.model.rowCount() == PAGE_SIZE
    assert notes_stall < LONGEST_STALL_ALLOWED_MS
    assert timeline_stall < LONGEST_STALL_ALLOWED_MS
