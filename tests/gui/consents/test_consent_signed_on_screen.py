"""A consent recorded signed on screen in one step: choosing "Signed on screen"
shows the client's pad and the staff witness's, dates the consent today (fixed),
and saves the consent with its signatures; an empty client pad is said beside it
and nothing is recorded; a consent signed so cannot be signed again; paper stays
as it was, without pads."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.consents.consent import ConsentKind, ConsentMethod, InformationKind
from domain.settings.office_settings import AgencyForm
from gui.consents.dialogs import RecordConsentDialog
from gui.consents.tab import ConsentTableModel
from tests.gui.clients.test_intake_window import shot
from tests.gui.consents.test_consents_tab import open_window
from tests.gui.signatures.test_signature_pad import scribble
from tests.gui.test_main_window import type_text

CLINIC = "Clínica Santa María"
TODAY = "11/23/2026"  # the test clock's day


@pytest.fixture
def witness(make_staff):
    """Front desk records the client's consents and witnesses the signing."""
    return make_staff(Role.FRONTDESK, "jmunoz", "José Ángel Muñoz", "FRONTDESK-02")


@pytest.fixture
def client(gui_services, witness, admin):
    # A release names the agency as who discloses: the agency is named first.
    gui_services.settings.set_agency_details(admin, AgencyForm("Miami Valley Family Services"))
    return gui_services.clients.register(
        witness,
        ClientForm(
            first_name="Thị Lan",
            last_name="Nguyễn",
            name_order="family_first",  # as Vietnamese names are written
            date_of_birth="03/08/1987",
        ),
    )


def start(qtbot, window, kind: ConsentKind) -> RecordConsentDialog:
    dialog = window.consents.record()
    qtbot.waitExposed(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind.value))
    if kind is ConsentKind.RELEASE:
        for name, text in (
            ("recipient", CLINIC),
            ("purpose", "Coordinar la atención médica"),
            ("expires_on", "11/23/2027"),
        ):
            dialog.fields.inputs[name].setFocus()
            type_text(dialog.fields.inputs[name], text)
        dialog.information[InformationKind.HEALTH].setChecked(True)
    return dialog


def choose(dialog: RecordConsentDialog, method: ConsentMethod) -> None:
    dialog.method.setCurrentIndex(dialog.method.findData(method.value))
    for _ in range(3):  # the pads laid out at their size, as on a person's screen
        QApplication.processEvents()


def save(dialog: RecordConsentDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


@pytest.mark.parametrize("kind", [ConsentKind.RELEASE, ConsentKind.SERVICES])
def test_signed_on_screen_by_client_and_witness_records_one_consent_with_both_signatures(
    qtbot, gui_services, witness, runner, client, kind
):
    window = open_window(qtbot, runner, gui_services, witness, client)
    tab = window.consents
    dialog = start(qtbot, window, kind)
    assert not dialog.signing.isVisible()  # paper, the default: no pads
    paper_width = dialog.width()
    choose(dialog, ConsentMethod.SCREEN)
    assert dialog.client.isVisible() and dialog.witness.isVisible()
    assert dialog.client.name.text() == client.display_name == "Nguyễn Thị Lan"
    assert dialog.witness.name.text() == "José Ángel Muñoz"
    # Widened for the pads side by side (as far as the test's 800-pixel screen
    # lets it), nothing squeezed.
    assert dialog.width() > paper_width and dialog.height() >= dialog.wanted_size().height()
    assert not dialog.scroll.verticalScrollBar().isVisible()
    assert dialog.client.pad.width() == dialog.witness.pad.width() >= 360
    scribble(dialog.client.pad)
    scribble(dialog.witness.pad)
    shot(dialog, f"consent-signed-on-screen-{kind.value}")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        save(dialog)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.index(0, ConsentTableModel.COL_HOW).data() == "Signed on screen"
    assert tab.model.index(0, ConsentTableModel.COL_SIGNED).data() == TODAY

    [consent] = gui_services.records.consents(witness, client.id)
    assert consent.kind is kind and consent.method is ConsentMethod.SCREEN
    signatures = gui_services.signatures.for_consent(witness, consent.id)
    assert [(s.signer_kind, s.printed_name) for s in signatures] == [
        ("client", "Nguyễn Thị Lan"),
        ("witness", "José Ángel Muñoz"),
    ]
    assert all(len(s.strokes.strokes) == 2 for s in signatures)

    tab.table.selectRow(0)
    assert not tab.sign_button.isEnabled()  # signed already: not a second time
    assert "signed already" in tab.sign_button.toolTip()
    shot(window, "consents-tab-signed-on-screen")


def test_without_the_client_signing_it_is_said_beside_the_pad_and_nothing_is_recorded(
    qtbot, gui_services, witness, runner, client
):
    window = open_window(qtbot, runner, gui_services, witness, client)
    dialog = start(qtbot, window, ConsentKind.RELEASE)
    dialog.fields.inputs["recipient"].clear()  # and a field's problem at the same time
    choose(dialog, ConsentMethod.SCREEN)
    scribble(dialog.witness.pad)  # the witness signs; the client does not
    save(dialog)
    qtbot.waitUntil(lambda: dialog.client.pad_error.isVisible(), timeout=10000)
    assert "pad is empty" in dialog.client.pad_error.text()
    assert "Name who receives" in dialog.fields.messages["recipient"].text()
    assert not dialog.witness.pad_error.isVisible() and not dialog.witness.name_error.isVisible()
    assert not dialog.message.isVisible()  # no message box nor footer message either
    assert dialog.buttons.isEnabled() and dialog.isVisible()
    shot(dialog, "consent-signed-on-screen-client-missing")
    assert gui_services.records.consents(witness, client.id) == []

    # The witness drew but their name was taken out: said beside their name.
    dialog.witness.name.clear()
    dialog.fields.inputs["recipient"].setFocus()
    type_text(dialog.fields.inputs["recipient"], CLINIC)
    scribble(dialog.client.pad)
    assert not dialog.client.pad_error.isVisible()  # drawing forgets the message
    save(dialog)
    qtbot.waitUntil(lambda: dialog.witness.name_error.isVisible(), timeout=10000)
    assert "printed" in dialog.witness.name_error.text()
    assert not dialog.fields.messages["recipient"].isVisible()
    assert gui_services.records.consents(witness, client.id) == []


def test_signed_on_screen_is_dated_today_and_the_date_cannot_be_changed(
    qtbot, gui_services, witness, runner, client
):
    window = open_window(qtbot, runner, gui_services, witness, client)
    dialog = start(qtbot, window, ConsentKind.SERVICES)
    paper = dialog.size()
    signed_on = dialog.fields.inputs["signed_on"]
    signed_on.selectAll()
    type_text(signed_on, "11/20/2026")  # signed on paper three days ago
    choose(dialog, ConsentMethod.SCREEN)
    assert signed_on.text() == TODAY and not signed_on.isEnabled()
    # Back to paper: the pads go, the date typed comes back, and the form its size.
    choose(dialog, ConsentMethod.PAPER)
    assert not dialog.signing.isVisible()
    assert signed_on.text() == "11/20/2026" and signed_on.isEnabled()
    assert dialog.width() <= paper.width()
    assert dialog.height() == dialog.wanted_size().height()  # no room left where the pads were
    shot(dialog, "consent-back-to-paper")


def test_paper_is_recorded_without_pads_and_may_be_signed_on_screen_afterwards(
    qtbot, gui_services, witness, runner, client
):
    window = open_window(qtbot, runner, gui_services, witness, client)
    tab = window.consents
    dialog = start(qtbot, window, ConsentKind.RELEASE)
    choose(dialog, ConsentMethod.SCREEN)
    scribble(dialog.client.pad)  # drawn, then the client signs on paper after all
    choose(dialog, ConsentMethod.PAPER)
    assert not dialog.signing.isVisible()
    shot(dialog, "consent-paper-no-pads")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        save(dialog)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    [consent] = gui_services.records.consents(witness, client.id)
    assert consent.method is ConsentMethod.PAPER
    assert gui_services.signatures.for_consent(witness, consent.id) == []
    tab.table.selectRow(0)
    assert tab.sign_button.isEnabled()

    # Signed from the tab: the button is off for it from then on.
    signing = tab.sign_selected()
    qtbot.waitExposed(signing)
    scribble(signing.client.pad)
    with qtbot.waitSignal(tab.changed, timeout=10000):
        signing.sign()
    qtbot.waitUntil(lambda: not tab.sign_button.isEnabled())
    tab.table.selectRow(0)
    assert not tab.sign_button.isEnabled()


def test_on_a_laptop_screen_the_form_scrolls_and_save_stays_in_sight(
    qtbot, gui_services, witness, runner, client
):
    """A release with both pads is taller than a 1366 x 768 laptop leaves above its
    taskbar (about 690 pixels less the title bar)."""
    window = open_window(qtbot, runner, gui_services, witness, client)
    dialog = start(qtbot, window, ConsentKind.RELEASE)
    choose(dialog, ConsentMethod.SCREEN)
    laptop = QRect(0, 0, 1366, 690)
    assert dialog.wanted_size().height() > laptop.height()
    dialog._fit(laptop)
    for _ in range(3):
        QApplication.processEvents()
    assert dialog.height() <= laptop.height()
    save_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    bottom = save_button.mapTo(dialog, save_button.rect().bottomLeft()).y()
    assert save_button.isVisible() and bottom < dialog.height()
    assert dialog.scroll.verticalScrollBar().isVisible()
    # Tab from the client's name to the witness's, below the fold: the form follows.
    dialog.activateWindow()
    dialog.client.name.setFocus()
    for _ in range(6):
        if dialog.focusWidget() is dialog.witness.name:
            break
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.witness.name
    for _ in range(3):
        QApplication.processEvents()
    assert dialog.scroll.verticalScrollBar().value() > 0
    name_top = dialog.witness.name.mapTo(
        dialog.scroll.viewport(), dialog.witness.name.rect().topLeft()
    )
    assert 0 <= name_top.y() < dialog.scroll.viewport().height()
    shot(dialog, "consent-signed-on-screen-laptop")
