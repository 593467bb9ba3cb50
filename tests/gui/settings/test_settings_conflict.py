"""Two administrators on the settings page at once: the later save is refused
beside its section, which then shows what the other person saved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from domain.common.policy import Role
from domain.settings.office_settings import AgencyForm
from gui.common.form_fields import ERROR_COLOUR
from tests.gui.settings.test_settings_page import make_page, retype

SHOTS = os.environ.get("CASEDESK_SCREENSHOTS")


def shot(widget, name: str) -> None:
    if SHOTS:
        widget.resize(680, 640)  # about what the main window gives the page
        for _ in range(3):  # let pending layouts settle, as a person's screen would
            QApplication.processEvents()
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def other_admin(make_staff):
    return make_staff(Role.ADMIN, "bkhan", "Bilal Khan", "ADMIN-PC-2")


def test_a_stale_idle_lock_save_shows_the_conflict_and_the_other_value(
    qtbot, gui_services, admin, other_admin, runner
):
    page = make_page(qtbot, gui_services, admin, runner)
    assert page.minutes.text() == "15"
    # Bilal saves from his desk while the page is open here.
    gui_services.settings.set_idle_lock_minutes(other_admin, "45", 0)

    retype(qtbot, page, "30")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.minutes.text() == "45")
    qtbot.waitUntil(page.save_button.isEnabled)
    message = page.confirmation.text()
    assert message.startswith("The screen-lock time was changed by bkhan at ")
    assert "Your changes were not saved" in message
    assert message.endswith("This section now shows the current version.")
    assert ERROR_COLOUR in page.confirmation.styleSheet()
    assert not page.fields.messages["idle_lock_minutes"].isVisible()
    assert gui_services.settings.read(admin).idle_lock_minutes == 45
    shot(page, "settings_conflict")

    # Saved again over what is shown now, it goes through.
    retype(qtbot, page, "30")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.confirmation.text().startswith("Saved:"))
    assert ERROR_COLOUR not in page.confirmation.styleSheet()
    assert gui_services.settings.read(admin).idle_lock_minutes == 30


def test_a_stale_letterhead_is_refused_and_reloaded_alone(
    qtbot, gui_services, admin, other_admin, runner
):
    page = make_page(qtbot, gui_services, admin, runner)
    agency = page.agency
    gui_services.settings.set_agency_details(
        other_admin, AgencyForm("Miami Valley Family Services", "12 Main Street", ""), {}
    )
    retype(qtbot, page, "20")  # typed in another section, not saved: it stays

    agency.name.setText("Dayton Family Services")
    agency.save()

    qtbot.waitUntil(lambda: agency.name.text() == "Miami Valley Family Services")
    qtbot.waitUntil(agency.save_button.isEnabled)
    assert agency.confirmation.text().startswith("The agency's letterhead was changed by bkhan")
    assert agency.address.toPlainText() == "12 Main Street"
    assert page.minutes.text() == "20"
    assert page.confirmation.text() == ""
    assert gui_services.settings.read(admin).agency.name == "Miami Valley Family Services"


def test_a_stale_referral_follow_up_save_shows_the_other_value(
    qtbot, gui_services, admin, other_admin, runner
):
    page = make_page(qtbot, gui_services, admin, runner)
    referral = page.referral
    gui_services.settings.set_referral_follow_up_days(other_admin, "7", 0)

    referral.days.setText("21")
    referral.save()

    qtbot.waitUntil(lambda: referral.days.text() == "7")
    assert referral.confirmation.text().startswith(
        "The referral follow-up time was changed by bkhan"
    )
    assert gui_services.settings.read(admin).referral_follow_up_days == 7
