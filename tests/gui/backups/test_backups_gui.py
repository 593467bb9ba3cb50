"""Backups in the window: today's copy behind the opened window, the warning an
administrator gets at sign-in, and the Settings page's Backups section."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from domain.common.policy import Role
from gui.app_controller import AppController
from gui.main_window import MainWindow
from gui.settings.page import SettingsPage
from gui.staff.sign_in_dialogs import ChangePasswordDialog
from tests.conftest import TEST_PASSWORD
from tests.gui.staff.test_sign_in_flow import NEW_PASSWORD, press_accept, sign_in, wait_for
from tests.gui.test_main_window import activate, fill


@pytest.fixture
def controller(qtbot, auth, runner):
    controller = AppController(auth, runner, "test database", "DESK-07")
    yield controller
    if controller.current is not None:
        controller.current.close()
        controller.current.deleteLater()
    controller.shutdown()


def signed_in(qtbot, controller, username: str, *, new_account: bool = False) -> MainWindow:
    controller.start()
    sign_in(qtbot, controller, username, TEST_PASSWORD)
    if new_account:  # the password an administrator set is changed first
        dialog = wait_for(qtbot, controller, ChangePasswordDialog)
        fill(
            qtbot,
            dialog,
            current_password=TEST_PASSWORD,
            new_password=NEW_PASSWORD,
            confirmation=NEW_PASSWORD,
        )
        press_accept(qtbot, dialog)
    window = wait_for(qtbot, controller, MainWindow)
    qtbot.waitUntil(lambda: controller.backup_check is not None)
    qtbot.waitUntil(lambda: controller.backup_check.done, timeout=10000)
    return window


def test_the_first_sign_in_copies_the_database_behind_the_open_window(
    qtbot, controller, admin, engine
):
    window = signed_in(qtbot, controller, "admin")

    assert "Today's backup was made and checked" in window.statusBar().currentMessage()
    assert controller.backup_check.warning_box is None
    folder = Path(engine.url.database).parent / "backups"
    assert len(list(folder.glob("casedesk-*-daily.sqlite3"))) == 1


def test_an_administrator_is_warned_at_sign_in_when_the_backup_folder_is_gone(
    qtbot, controller, services, admin, tmp_path
):
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    services.backups.set_folder(admin, str(usb), 0)
    usb.rmdir()

    signed_in(qtbot, controller, "admin")

    box = controller.backup_check.warning_box
    assert box is not None and box.isVisible()
    assert box.windowTitle() == "Backups need attention"
    assert f"cannot reach the backup folder {usb}" in box.text()
    box.close()


def test_a_caseworker_is_not_troubled_with_the_backup_folder(
    qtbot, controller, services, admin, make_staff, tmp_path
):
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    services.backups.set_folder(admin, str(usb), 0)
    usb.rmdir()
    make_staff(Role.CASEWORKER, "mrivera", "Maria Rivera")

    window = signed_in(qtbot, controller, "mrivera", new_account=True)

    assert controller.backup_check.warning_box is None
    assert "backup" not in window.statusBar().currentMessage().lower()


def make_settings(qtbot, runner, services, admin) -> SettingsPage:
    page = SettingsPage(runner, services, admin)
    qtbot.addWidget(page)
    page.resize(760, 900)
    page.show()
    activate(qtbot, page)
    qtbot.waitUntil(lambda: page.backups.last_good.text() != "")
    return page


def test_the_settings_page_shows_the_last_good_backups_date_and_place(
    qtbot, runner, services, admin, clock
):
    page = make_settings(qtbot, runner, services, admin)
    assert "none yet" in page.backups.last_good.text()
    assert page.backups.warning.isVisible()

    qtbot.mouseClick(page.backups.back_up_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Backed up and checked" in page.backups.confirmation.text())
    qtbot.waitUntil(lambda: "none yet" not in page.backups.last_good.text())

    copy = services.backups.overview(admin).newest
    assert copy is not None
    shown = page.backups.last_good.text()
    assert f"{clock.now.astimezone():%A %d %B %Y, %H:%M}" in shown
    assert copy.location in shown
    assert not page.backups.warning.isVisible()
    if os.environ.get("CASEDESK_SCREENSHOTS"):
        page.grab().save(str(Path(os.environ["CASEDESK_SCREENSHOTS"]) / "settings-backups.png"))

    clock.now += timedelta(days=9)
    page.backups.refresh()
    qtbot.waitUntil(page.backups.warning.isVisible)
    assert "newer than 7 days" in page.backups.warning.text()


def test_a_folder_typed_without_its_drive_is_explained_beside_the_field(
    qtbot, runner, services, admin, tmp_path
):
    page = make_settings(qtbot, runner, services, admin)
    section = page.backups

    section.folder.setText("backups")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    message = section.fields.messages["backup_folder"]
    qtbot.waitUntil(message.isVisible)
    assert "whole path" in message.text()

    section.folder.setText(str(tmp_path))
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.confirmation.text().startswith("Saved"))
    assert not message.isVisible()
    assert services.backups.overview(admin).folder == str(tmp_path)
