"""The record window's heading and flags as a person reads them: the name, then the
number, a right-to-left name beside its caption, and a case going on without the
client's consent to services flagged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel

from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.consents.consent import ConsentForm
from gui.clients.record_window import ClientWindow
from tests.gui.clients.test_intake_window import shot

ARABIC_FIRST, ARABIC_LAST = "ليلى", "الحسيني"


@pytest.fixture
def supervisor(make_staff):
    return make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")


@pytest.fixture
def layla(gui_services, supervisor, admin):
    """A client with an Arabic name and an open case, and no consent to services yet."""
    program = gui_services.programs.create(admin, ProgramForm("Family support", "", "30"))
    client = gui_services.clients.register(
        supervisor, ClientForm(first_name=ARABIC_FIRST, last_name=ARABIC_LAST)
    )
    gui_services.cases.open_case(supervisor, client.id, None, program.id)
    return client


def show(qtbot, runner, services, who, client) -> ClientWindow:
    window = ClientWindow(runner, services, who, services.clients.open(who, client.id))
    qtbot.addWidget(window)
    window.resize(900, 620)
    window.show()
    qtbot.waitExposed(window)
    return window


def flags(window) -> list[str]:
    return [chip.text() for chip in window.findChildren(QLabel, "flag")]


def first_ink(label: QLabel) -> int:
    """How far from the label's left edge its text begins, in pixels."""
    image = label.grab().toImage()
    background = QColor(image.pixel(image.width() - 1, image.height() // 2)).lightness()
    for x in range(image.width()):
        for y in range(image.height()):
            if QColor(image.pixel(x, y)).lightness() < background - 80:
                return x
    return image.width()


def test_the_heading_puts_the_name_first_and_a_right_to_left_name_beside_its_caption(
    qtbot, runner, gui_services, supervisor, layla
):
    window = show(qtbot, runner, gui_services, supervisor, layla)
    qtbot.waitUntil(lambda: bool(window.cases))  # the face sheet drawn again with them
    for _ in range(3):
        QApplication.processEvents()
    record = window.client
    assert window.title.text() == record.display_name
    assert window.number_label.text() == record.number
    # Name first, then the number, reading from the leading (left) edge.
    assert window.title.geometry().right() < window.number_label.geometry().left()
    assert window.title.geometry().left() < 30

    name = window.fact_labels["Name"]
    assert name.width() > 300  # room to stray to the far edge
    assert first_ink(name) < 10, "the Arabic name sits beside its caption"
    shot(window, "record-arabic-heading")


def test_a_case_without_consent_to_services_is_flagged_until_it_is_recorded(
    qtbot, runner, gui_services, supervisor, layla, clock
):
    window = show(qtbot, runner, gui_services, supervisor, layla)
    qtbot.waitUntil(lambda: "No consent to services" in flags(window))
    chip = next(c for c in window.findChildren(QLabel, "flag") if c.text().startswith("No"))
    assert "Consents tab" in chip.toolTip()
    shot(window, "record-no-consent-flag")

    gui_services.consents.record(
        supervisor,
        layla.id,
        ConsentForm(kind="services", signed_on="11/23/2026", expires_on="12/01/2026"),
    )
    window.consents.changed.emit()  # as the Consents tab does after recording
    qtbot.waitUntil(lambda: "No consent to services" not in flags(window))
    assert not any("consent" in flag.lower() for flag in flags(window))

    clock.now += timedelta(days=10)  # 12/03/2026: lapsed
    later = show(qtbot, runner, gui_services, supervisor, layla)
    qtbot.waitUntil(lambda: "Consent to services expired 12/01/2026" in flags(later))
