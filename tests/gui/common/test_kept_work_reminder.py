"""After signing in, work other editors kept on this computer is named, with where
each is put back; with none, nothing is said."""

from __future__ import annotations

import keyring
from PySide6.QtWidgets import QMessageBox

from domain.local_work.kept_work import KeptWork, WorkKind
from domain.staff.session import Session
from gui.main_window import MainWindow
from storage.notes.draft_files import DraftFiles
from storage.notes.draft_keys import SERVICE
from tests.gui.clients.test_intake_window import shot


def signed_in(qtbot, services, actor, runner, auth, kept) -> MainWindow:
    window = MainWindow(Session(actor, services, False), auth, runner, "test", drafts=kept)
    qtbot.addWidget(window)
    window.show()
    return window


def test_kept_work_is_named_at_sign_in_with_where_it_comes_back(
    qtbot, gui_services, actor, runner, auth, tmp_path
):
    kept = DraftFiles(tmp_path / "drafts")
    window = signed_in(qtbot, gui_services, actor, runner, auth, kept)
    qtbot.wait(100)
    assert window.findChild(QMessageBox, "kept_work_reminder") is None  # nothing kept
    window.close()

    when = gui_services.clock()
    kept.keep(KeptWork(actor.username, WorkKind.PLAN, "case4", "Amara Okafor", {}, when))
    kept.keep(KeptWork(actor.username, WorkKind.INTAKE, "new1a2b3c4d", "", {}, when))
    window = signed_in(qtbot, gui_services, actor, runner, auth, kept)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "kept_work_reminder") is not None)
    box = window.findChild(QMessageBox, "kept_work_reminder")
    intake, plan = box.informativeText().splitlines()  # oldest first, then by name
    assert plan.startswith("• Service plan draft for Amara Okafor, ")
    assert plan.endswith("open the client's Plan tab, Edit draft.")
    assert intake.startswith("• Intake for a new client, ") and "New intake" in intake
    shot(box, "kept-work-reminder")


def test_copies_that_cannot_be_read_are_named_and_removed_only_when_asked(
    qtbot, gui_services, actor, runner, auth, tmp_path
):
    kept = DraftFiles(tmp_path / "drafts")
    when = gui_services.clock()
    kept.keep(KeptWork(actor.username, WorkKind.CONSENT, "client3", "Amara Okafor", {}, when))
    keyring.delete_password(SERVICE, kept.keys.account(actor.username))  # a new profile
    path = kept.path(actor.username, "consent-client3")

    window = signed_in(qtbot, gui_services, actor, runner, auth, kept)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "kept_work_reminder") is not None)
    box = window.findChild(QMessageBox, "kept_work_reminder")
    assert box.text() == "Some work kept on this computer last time cannot be read."
    assert box.informativeText().startswith("1 cannot be read: the key that protected")
    shot(box, "kept-work-unreadable")
    box.escapeButton().click()  # Keep them
    assert path.exists()

    window = signed_in(qtbot, gui_services, actor, runner, auth, kept)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "kept_work_reminder") is not None)
    window.findChild(QMessageBox, "kept_work_reminder").remove_button.click()
    assert not path.exists()
