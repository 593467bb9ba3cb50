"""Two administrators on the settings page at once: the later save is refused
beside its section and opens the compare dialog; what was typed stays until the
picks are saved over the other person's version."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from domain.common.policy import Role
from domain.settings.office_settings import AgencyForm
from gui.common.form_fields import ERROR_COLOUR
from tests.gui.common.compare_steps import cancel_compare, compare_opened, save_picks
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


def test_a_stale_idle_lock_save_compares_and_keeps_the_typing_on_cancel(
    qtbot, gui_services, admin, other_admin, runner
):
    page = make_page(qtbot, gui_services, admin, runner)
    assert page.minutes.text() == "15"
    # Bilal saves from his desk while the page is open here.
    gui_services.settings.set_idle_lock_minutes(other_admin, "45", 0)

    retype(qtbot, page, "30")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    compare = compare_opened(qtbot, page._failed.conflict)
    assert compare.picks() == {"idle_lock_minutes": "mine"}
    assert [b.text() for b in compare.buttons["idle_lock_minutes"]] == ["30 minutes", "45 minutes"]
    labels = [label.text() for label in compare.findChildren(QLabel)]
    assert "Lock after (minutes) (both changed)" in labels
    message = page.confirmation.text()
    assert message.startswith("Not saved: bkhan saved this at ")
    assert message.endswith("Your typing is kept; Save compares the two versions.")
    assert ERROR_COLOUR in page.confirmation.styleSheet()

    cancel_compare(qtbot, page._failed.conflict)
    assert page.minutes.text() == "30"  # as typed
    assert page.save_button.isEnabled()
    shot(page, "settings_conflict")
    assert gui_services.settings.read(admin).idle_lock_minutes == 45

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    save_picks(qtbot, compare_opened(qtbot, page._failed.conflict))
    qtbot.waitUntil(lambda: page.confirmation.text().startswith("Saved:"))
    assert ERROR_COLOUR not in page.confirmation.styleSheet()
    assert gui_services.settings.read(admin).idle_lock_minutes == 30


def test_a_stale_letterhead_is_compared_detail_by_detail(
    qtbot, gui_services, admin, other_admin, runner
):
    page = make_page(qtbot, gui_services, admin, runner)
    agency = page.agency
    gui_services.settings.set_agency_details(
        other_admin, AgencyForm("Miami Valley Family Services", "12 Main Street", ""), {}
    )
    retype(qtbot, page, "20")  # typed in another section, not saved: it stays

    agency.name.setText("Dayton Family Services")
    agency.phone.setText("937 555 0100")
    agency.save()

    compare = compare_opened(qtbot, agency._failed.conflict)
    assert compare.picks() == {"name": "mine", "address": "theirs", "phone": "mine"}
    assert agency.confirmation.text().startswith("Not saved: bkhan saved this at ")
    assert agency.name.text() == "Dayton Family Services"  # nothing typed is replaced
    compare.buttons["name"][1].setChecked(True)  # Bilal's name for the agency
    save_picks(qtbot, compare)

    qtbot.waitUntil(lambda: agency.confirmation.text().startswith("Saved:"))
    stored = gui_services.settings.read(admin).agency
    assert (stored.name, stored.address_lines, stored.phone) == (
        "Miami Valley Family Services",
        ("12 Main Street",),
        "(937) 555-0100",
    )
    assert agency.name.text() == "Miami Valley Family Services"
    assert page.minutes.text() == "20" and page.confirmation.text() == ""


def test_a_stale_referral_follow_up_save_can_take_theirs(
    qtbot, gui_services, admin, other_admin, runner
):
    page = make_page(qtbot, gui_services, admin, runner)
    referral = page.referral
    gui_services.settings.set_referral_follow_up_days(other_admin, "7", 0)

    referral.days.setText("21")
    referral.save()

    compare = compare_opened(qtbot, referral._failed.conflict)
    assert [b.text() for b in compare.buttons["referral_follow_up_days"]] == ["21 days", "7 days"]
    qtbot.mouseClick(compare.all_theirs, Qt.MouseButton.LeftButton)
    save_picks(qtbot, compare)

    qtbot.waitUntil(lambda: referral.confirmation.text().startswith("Saved:"))
    assert referral.days.text() == "7"
    assert gui_services.settings.read(admin).referral_follow_up_days == 7
