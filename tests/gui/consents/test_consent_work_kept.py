"""A consent being filled in is never lost: kept sealed on this computer, back
when a consent for the client is recorded again; a slow save can be stopped and
saving again records it once; an unreachable server keeps every field."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from domain.clients.record import ClientForm
from domain.consents.consent import ConsentKind, InformationKind
from domain.local_work.kept_work import WorkKind
from domain.settings.office_settings import AgencyForm
from gui.clients.record_window import ClientWindow
from gui.consents.dialogs import RecordConsentDialog
from storage.notes.draft_files import DraftFiles
from tests.gui.clients.test_intake_window import shot
from tests.gui.common.slow_server import SlowService, StallProbe, database_out_of_reach
from tests.gui.test_main_window import type_text

CLINIC = "Riverside Behavioral Health"
PURPOSE = "Coordinate the methadone programme with her housing plan"


@pytest.fixture
def client(gui_services, actor, admin):
    # A release names the agency as who discloses: the agency is named first.
    gui_services.settings.set_agency_details(admin, AgencyForm("Miami Valley Family Services"))
    return gui_services.clients.register(actor, ClientForm(first_name="Amara", last_name="Okafor"))


@pytest.fixture
def kept(tmp_path) -> DraftFiles:
    return DraftFiles(tmp_path / "drafts")


def open_dialog(qtbot, runner, services, actor, client, kept, consents=None):
    dialog = RecordConsentDialog(
        runner,
        consents or services.consents,
        actor,
        client.id,
        services.today(),
        kept=kept,
        client_name="Amara Okafor",
        clock=services.clock,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(dialog: RecordConsentDialog) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(ConsentKind.RELEASE.value))
    for name, text in (("recipient", CLINIC), ("purpose", PURPOSE), ("expires_on", "11/23/2027")):
        dialog.fields.inputs[name].setFocus()
        type_text(dialog.fields.inputs[name], text)
    dialog.information[InformationKind.HEALTH].setChecked(True)


def copy_of(kept, actor, client):
    return kept.kept(actor.username, WorkKind.CONSENT, f"client{client.id}")


def consents_of(services, actor, client):
    return services.records.consents(actor, client.id)


def test_a_consent_filled_in_is_kept_and_back_when_recorded_again(
    qtbot, gui_services, actor, runner, client, kept
):
    dialog = open_dialog(qtbot, runner, gui_services, actor, client, kept)
    fill(dialog)
    qtbot.waitUntil(lambda: copy_of(kept, actor, client) is not None, timeout=2000)
    dialog.copy._timer.stop()  # CaseDesk dies here
    dialog.hide()

    record = gui_services.clients.open(actor, client.id)
    window = ClientWindow(runner, gui_services, actor, record, drafts=kept)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.consents)
    again = window.consents.record(recipient="Someone else")
    assert again.fields.text("recipient") == CLINIC  # what was typed wins over a guess
    assert again.fields.text("purpose") == PURPOSE
    assert again.information[InformationKind.HEALTH].isChecked()
    assert "was kept on this computer" in again.work_bar.label.text()
    shot(again, "consent-restored")
    again.save()
    qtbot.waitUntil(lambda: not again.isVisible() and not runner.busy)
    (consent,) = consents_of(gui_services, actor, client)
    assert consent.recipient == CLINIC
    assert copy_of(kept, actor, client) is None


def test_a_slow_save_can_be_stopped_and_saving_again_records_it_once(
    qtbot, gui_services, actor, runner, client, kept
):
    slow = SlowService(gui_services.consents, "record")
    dialog = open_dialog(qtbot, runner, gui_services, actor, client, kept, consents=slow)
    fill(dialog)
    probe = StallProbe().start()
    pressed = time.monotonic()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.busy.waiting, timeout=1000)
    assert time.monotonic() - pressed < 1.0
    with probe.paused():
        shot(dialog, "consent-waiting")
    QTest.mouseClick(dialog.busy.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.buttons.isEnabled() and dialog.fields.text("purpose") == PURPOSE
    assert copy_of(kept, actor, client) is not None
    probe.stop()
    assert probe.longest_ms < 50, f"the UI thread stalled {probe.longest_ms:.0f} ms"
    slow.release()
    qtbot.waitUntil(lambda: slow.finished.is_set() and not runner.busy)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(consents_of(gui_services, actor, client)) == 1 and slow.calls == 1
    assert copy_of(kept, actor, client) is None


def test_an_unreachable_server_says_so_and_keeps_the_form(
    qtbot, gui_services, actor, runner, client, kept, engine
):
    dialog = open_dialog(qtbot, runner, gui_services, actor, client, kept)
    fill(dialog)
    with database_out_of_reach(engine):
        dialog.save()
        qtbot.waitUntil(dialog.buttons.isEnabled)
    assert dialog.message.text() == "The server could not be reached; your work is kept."
    assert dialog.fields.text("recipient") == CLINIC
    assert copy_of(kept, actor, client).form["form"]["purpose"] == PURPOSE
    shot(dialog, "consent-unreachable")


def test_a_save_that_landed_unanswered_is_not_made_twice_from_the_copy_kept(
    qtbot, gui_services, actor, runner, client, kept
):
    """The copy carries the consent's request id: recorded again after CaseDesk
    closed on an unanswered save, it answers with the consent made."""
    slow = SlowService(gui_services.consents, "record")
    dialog = open_dialog(qtbot, runner, gui_services, actor, client, kept, consents=slow)
    fill(dialog)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.busy.waiting, timeout=1000)
    dialog.busy.cancel()
    slow.release()  # it reached the server; nobody heard
    qtbot.waitUntil(lambda: slow.finished.is_set() and not runner.busy)
    dialog.copy._timer.stop()  # CaseDesk dies here
    dialog.hide()

    again = open_dialog(qtbot, runner, gui_services, actor, client, kept)
    assert again.restored and again.fields.text("purpose") == PURPOSE
    again.save()
    qtbot.waitUntil(lambda: not again.isVisible() and not runner.busy)
    (consent,) = consents_of(gui_services, actor, client)
    assert again.result_consent.id == consent.id
