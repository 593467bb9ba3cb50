"""Signing in to a slow server: progress with Cancel within a second; Cancel gives
the form back with what was typed, and signing in again works."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.staff.sign_in_dialogs import SignInDialog
from tests.conftest import TEST_PASSWORD
from tests.gui.clients.test_intake_window import shot
from tests.gui.common.slow_server import SlowService, StallProbe


def test_a_slow_sign_in_can_be_stopped_and_tried_again(qtbot, runner, auth, actor):
    slow = SlowService(auth, "sign_in")
    dialog = SignInDialog(runner, slow, "FRONTDESK-01", "test database")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.inputs["username"].setText(actor.username)
    dialog.inputs["password"].setText(TEST_PASSWORD)
    probe = StallProbe().start()
    pressed = time.monotonic()
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.busy.waiting, timeout=1000)
    assert time.monotonic() - pressed < 1.0
    assert dialog.busy.label.text() == "Signing in…"
    with probe.paused():
        shot(dialog, "sign-in-waiting")
    QTest.mouseClick(dialog.busy.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.buttons.isEnabled()
    assert dialog.inputs["password"].text() == TEST_PASSWORD  # nothing was refused
    probe.stop()
    assert probe.longest_ms < 50, f"the UI thread stalled {probe.longest_ms:.0f} ms"
    slow.release()
    qtbot.waitUntil(lambda: slow.finished.is_set() and not runner.busy)
    with qtbot.waitSignal(dialog.signed_in):
        dialog.submit()
