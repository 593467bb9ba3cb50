"""Live updates on screen: another process's note appears in the open record, a
change to the client shows who made it, and a save that meets someone else's
save opens the compare dialog (nothing typed is lost)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

import main
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.staff.session import Session
from gui.clients.client_dialog import ClientDialog
from gui.clients.record_window import ClientWindow
from gui.common.compare_dialog import CompareDialog
from gui.main_window import MainWindow
from tests.gui.test_main_window import activate, click_save, fill
from tests.storage.live.test_live_updates import other_desk


@pytest.fixture
def office(services, make_staff, actor):
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    maria = make_staff(Role.CASEWORKER, "mgarcia", "María García")
    client = services.clients.register(
        actor, ClientForm(first_name="Amara", last_name="Okafor", phone="937 555 0101")
    )
    case_id = services.cases.open_case(supervisor, client.id, maria.staff_id)
    return supervisor, maria, client, case_id


def test_the_open_record_shows_another_desks_note_and_change_by_itself(
    qtbot, services, auth, runner, engine, office, tmp_path
):
    supervisor, maria, client, case_id = office
    session = Session(maria, services, False, main.embedded_changes(engine))
    window = MainWindow(session, auth, runner, "test database")
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    qtbot.waitUntil(lambda: "Live updates on" in window.live_status.text(), timeout=3000)
    window.open_client(client.id)
    qtbot.waitUntil(lambda: window.findChild(ClientWindow) is not None)
    record = window.findChild(ClientWindow)
    record.tabs.setCurrentWidget(record.notes)
    qtbot.waitUntil(lambda: record.notes.notes == [], timeout=3000)
    qtbot.wait(1200)  # the watcher has read the file's version once

    # A second CaseDesk on the same file signs a note: it appears here, unasked.
    note_id, _at = other_desk(str(engine.url), "mgarcia", case_id)
    qtbot.waitUntil(lambda: [n.id for n in record.notes.notes] == [note_id], timeout=3000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=3000)  # the record has read it all

    # The supervisor corrects the phone number: the face sheet follows, saying who.
    current = services.clients.open(supervisor, client.id)
    services.clients.change(
        supervisor,
        client.id,
        current.version,
        ClientForm(**{**vars(current.as_form()), "phone": "937 555 0188"}),
    )
    qtbot.waitUntil(lambda: record.live_note.isVisible(), timeout=3000)
    assert "Updated by Dana Lee" in record.live_note.text()
    assert record.client.phone == "(937) 555-0188"
    record.grab().save(str(tmp_path / "record-updated.png"))
    window.live.stop()


def test_a_save_after_another_desks_save_compares_field_by_field(
    qtbot, services, runner, actor, office, tmp_path
):
    supervisor, _maria, client, _case_id = office
    opened = services.clients.open(actor, client.id)
    dialog = ClientDialog(runner, services.clients, actor, opened)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    fill(qtbot, dialog, email="amara@example.org", city="Dayton")

    # Meanwhile the supervisor saves the record with another phone and city.
    theirs = services.clients.open(supervisor, client.id)
    services.clients.change(
        supervisor,
        client.id,
        theirs.version,
        ClientForm(**{**vars(theirs.as_form()), "phone": "937 555 0188", "city": "Xenia"}),
    )
    dialog.changed_elsewhere(services.clients.reread(actor, client.id))
    assert dialog.banner.isVisible() and "Changed by Dana Lee" in dialog.banner.text()
    assert dialog.inputs["email"].text() == "amara@example.org"  # typing stays

    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.compare is not None and dialog.compare.isVisible())
    compare = dialog.compare
    assert isinstance(compare, CompareDialog)
    assert set(compare.buttons) == {"phone", "email", "city"}
    picks = compare.picks()
    assert picks == {"phone": "theirs", "email": "mine", "city": "mine"}
    labels = [w.text() for w in compare.findChildren(QLabel)]
    assert any("City" in text and "both changed" in text for text in labels)
    compare.grab().save(str(tmp_path / "compare.png"))

    # Cancel: back to the form, every character still there.
    compare.reject()
    qtbot.waitUntil(lambda: dialog.compare is None)
    assert dialog.isVisible() and dialog.inputs["city"].text() == "Dayton"

    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.compare is not None and dialog.compare.isVisible())
    compare = dialog.compare
    compare.buttons["city"][1].setChecked(True)  # the supervisor's city, after all
    with qtbot.waitSignal(dialog.saved, timeout=3000):
        qtbot.mouseClick(compare.save_button, Qt.MouseButton.LeftButton)
    stored = services.clients.open(supervisor, client.id)
    assert (stored.phone, stored.email, stored.city) == (
        "(937) 555-0188",
        "amara@example.org",
        "Xenia",
    )


def test_a_case_taken_away_turns_the_open_record_read_only_and_says_why(
    qtbot, services, auth, runner, engine, office, make_staff
):
    supervisor, maria, client, case_id = office
    jamie = make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    session = Session(maria, services, False, main.embedded_changes(engine))
    window = MainWindow(session, auth, runner, "test database")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "Live updates on" in window.live_status.text(), timeout=3000)
    window.open_client(client.id)
    qtbot.waitUntil(lambda: window.findChild(ClientWindow) is not None)
    record = window.findChild(ClientWindow)
    qtbot.waitUntil(lambda: [c.id for c in record.cases] == [case_id])
    qtbot.wait(1200)

    case = services.cases.get(supervisor, case_id)
    services.cases.assign(supervisor, case_id, jamie.staff_id, case.version, "Caseload balance")
    qtbot.waitUntil(lambda: record.lost_access, timeout=4000)
    assert not record.tabs.isEnabled()
    assert "no longer yours" in record.live_note.text()
    assert "offers it back" in record.live_note.text()
    window.live.stop()


def test_forty_changes_within_the_batching_window_refresh_a_view_once(qtbot):
    from domain.live.changes import Change, ChangeBatch
    from gui.common.live_updates import LiveUpdates

    live = LiveUpdates(None)
    seen = []
    live.changed.connect(seen.append)
    for case_id in range(1, 41):  # a bulk reassignment, as the feed hears it
        live.arrived.emit(ChangeBatch((Change("cases", case_id, 2, staff_ids=(7, 8)),)))
    qtbot.waitUntil(lambda: bool(seen), timeout=1000)
    qtbot.wait(300)
    assert len(seen) == 1
    assert {c.row_id for c in seen[0].changes} == set(range(1, 41))
