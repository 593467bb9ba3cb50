"""The client's details being typed are never lost: kept sealed on this computer,
back when the form opens again (over what others changed meanwhile, never
undoing it); a slow save can be stopped and saving again registers one client."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.local_work.kept_work import WorkKind
from gui.clients.client_dialog import ClientDialog
from gui.clients.record_window import ClientWindow
from storage.notes.draft_files import DraftFiles
from tests.gui.clients.test_intake_window import shot
from tests.gui.common.slow_server import SlowService, StallProbe
from tests.gui.test_main_window import type_text


@pytest.fixture
def kept(tmp_path) -> DraftFiles:
    return DraftFiles(tmp_path / "drafts")


@pytest.fixture
def supervisor(make_staff):
    return make_staff(Role.SUPERVISOR, "dlee", "Dana Lee", "SUPER-01")


@pytest.fixture
def ana(gui_services, actor):
    return gui_services.clients.register(
        actor, ClientForm(first_name="Ana", last_name="Diaz", date_of_birth="03/04/1980")
    )


def retype(edit, text: str) -> None:
    edit.setFocus()
    edit.clear()
    type_text(edit, text)


def test_details_typed_come_back_over_what_others_changed_since(
    qtbot, gui_services, actor, supervisor, runner, kept, ana
):
    window = ClientWindow(
        runner, gui_services, actor, gui_services.clients.open(actor, ana.id), drafts=kept
    )
    qtbot.addWidget(window)
    window.show()
    window.edit()
    dialog = window.findChild(ClientDialog)
    retype(dialog.inputs["phone"], "(937) 555-0142")
    qtbot.waitUntil(
        lambda: kept.kept(actor.username, WorkKind.CLIENT, f"client{ana.id}") is not None,
        timeout=2000,
    )
    dialog.copy._timer.stop()  # CaseDesk dies here
    dialog.hide()
    # Meanwhile, at another desk: a new address.
    qtbot.waitUntil(lambda: not runner.busy)
    current = gui_services.clients.open(supervisor, ana.id)
    gui_services.clients.change(
        supervisor, ana.id, current.version, replace(current.as_form(), city="Dayton")
    )

    window.client = gui_services.clients.open(actor, ana.id)
    window.edit()
    again = next(d for d in window.findChildren(ClientDialog) if d.isVisible())
    assert again.inputs["phone"].text() == "(937) 555-0142"  # mine
    assert again.inputs["city"].text() == "Dayton"  # theirs, not undone
    assert "was kept on this computer" in again.work_bar.label.text()
    shot(again, "client-form-restored")
    with qtbot.waitSignal(again.saved):
        again.save()
    qtbot.waitUntil(lambda: not runner.busy)
    stored = gui_services.clients.open(actor, ana.id)
    assert (stored.phone, stored.city) == ("(937) 555-0142", "Dayton")
    assert kept.kept(actor.username, WorkKind.CLIENT, f"client{ana.id}") is None


def test_a_slow_registration_can_be_stopped_and_saving_again_registers_one_client(
    qtbot, gui_services, actor, runner, kept
):
    slow = SlowService(gui_services.clients, "register")
    dialog = ClientDialog(runner, slow, actor, kept=kept, clock=gui_services.clock)
    qtbot.addWidget(dialog)
    dialog.show()
    retype(dialog.inputs["first_name"], "Kwame")
    retype(dialog.inputs["last_name"], "Asante")
    probe = StallProbe().start()
    pressed = time.monotonic()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.busy.waiting, timeout=1000)
    assert time.monotonic() - pressed < 1.0
    with probe.paused():
        shot(dialog, "client-form-waiting")
    QTest.mouseClick(dialog.busy.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.buttons.isEnabled() and dialog.inputs["first_name"].text() == "Kwame"
    assert kept.kept(actor.username, WorkKind.CLIENT, "new") is not None
    probe.stop()
    assert probe.longest_ms < 50, f"the UI thread stalled {probe.longest_ms:.0f} ms"
    slow.release()
    qtbot.waitUntil(lambda: slow.finished.is_set() and not runner.busy)
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    assert slow.calls == 1
    assert len(gui_services.clients.search(actor, "Asante")) == 1
    assert kept.kept(actor.username, WorkKind.CLIENT, "new") is None
