"""The Consents tab: record a release of information, record its revocation, and
print for a recipient through the consent gate (with a supervisor's override)."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from domain.audit.events import AuditAction, AuditFilter
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.consents.consent import ConsentForm
from domain.settings.office_settings import AgencyForm
from gui.clients.record_window import ClientWindow
from gui.common.pdf_preview import PdfPreview
from gui.consents.dialogs import RecordConsentDialog, RevokeConsentDialog
from gui.consents.tab import ConsentTableModel
from tests.gui.clients.test_intake_window import shot
from tests.gui.test_main_window import type_text

PANTRY = "St. Vincent Food Pantry"


@pytest.fixture
def client(gui_services, actor, admin):
    # A release names the agency as who discloses: the agency is named first.
    gui_services.settings.set_agency_details(admin, AgencyForm("Miami Valley Family Services"))
    return gui_services.clients.register(
        actor, ClientForm(first_name="Amara", last_name="Okafor", date_of_birth="04/12/1990")
    )


def open_window(qtbot, runner, services, who, client) -> ClientWindow:
    window = ClientWindow(runner, services, who, services.clients.open(who, client.id))
    qtbot.addWidget(window)
    window.resize(1000, 640)
    window.show()
    window.tabs.setCurrentWidget(window.consents)
    return window


def cell(tab, row: int, column: int) -> str:
    return tab.model.index(row, column).data()


def audited(services, admin, action) -> list[str]:
    return [e.detail for e in services.audit.query(admin, AuditFilter()) if e.action == action]


def test_a_release_is_recorded_with_messages_next_to_the_fields(
    qtbot, gui_services, actor, runner, client
):
    window = open_window(qtbot, runner, gui_services, actor, client)
    tab = window.consents
    dialog = tab.record()
    assert isinstance(dialog, RecordConsentDialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()  # nothing typed
    qtbot.waitUntil(lambda: dialog.fields.messages["recipient"].isVisible())
    assert "Name who receives" in dialog.fields.messages["recipient"].text()
    assert "at least one kind" in dialog.fields.messages["information"].text()
    assert "date or at an event" in dialog.fields.messages["expires_on"].text()

    for name, text in (
        ("recipient", PANTRY),
        ("purpose", "Coordinate food deliveries"),
        ("expires_on", "05/20/2027"),
    ):
        dialog.fields.inputs[name].setFocus()
        type_text(dialog.fields.inputs[name], text)
    dialog.information[next(iter(dialog.information))].setChecked(True)
    shot(dialog, "consent-record-release")
    with qtbot.waitSignal(dialog.accepted):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert cell(tab, 0, ConsentTableModel.COL_RECIPIENT) == PANTRY
    assert cell(tab, 0, ConsentTableModel.COL_EXPIRES) == "05/20/2027"
    assert cell(tab, 0, ConsentTableModel.COL_STATUS) == "in effect"
    tab.table.selectRow(0)
    assert "Purpose: Coordinate food deliveries" in tab.details.text()
    shot(window, "consents-tab")


def test_a_revocation_is_recorded_and_shown(qtbot, gui_services, actor, runner, client):
    gui_services.consents.record(
        actor,
        client.id,
        ConsentForm(
            signed_on="11/20/2026",
            expiry_event="when the case closes",
            recipient=PANTRY,
            purpose="Food deliveries",
            information=("contact",),
        ),
    )
    window = open_window(qtbot, runner, gui_services, actor, client)
    tab = window.consents
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert cell(tab, 0, ConsentTableModel.COL_EXPIRES) == "when the case closes"
    tab.table.selectRow(0)
    assert tab.revoke_button.isEnabled()
    dialog = tab.revoke()
    assert isinstance(dialog, RevokeConsentDialog)
    dialog.fields.inputs["note"].setFocus()
    type_text(dialog.fields.inputs["note"], "Client phoned the front desk")
    shot(dialog, "consent-revoke")
    with qtbot.waitSignal(dialog.accepted):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: cell(tab, 0, ConsentTableModel.COL_STATUS) == "revoked 11/23/2026")
    tab.table.selectRow(0)
    assert not tab.revoke_button.isEnabled()
    assert "Client phoned the front desk" in tab.details.text()


def choose_recipient(qtbot, dialog, name: str) -> None:
    dialog.recipient.setFocus()
    dialog.recipient.setEditText(name)
    qtbot.waitUntil(lambda: dialog.check is not None and dialog.check.recipient == name)


def test_printing_for_a_recipient_passes_the_gate(
    qtbot, gui_services, actor, admin, runner, client
):
    gui_services.consents.record(
        actor,
        client.id,
        ConsentForm(
            signed_on="11/20/2026",
            expires_on="05/20/2027",
            recipient=PANTRY,
            purpose="Food deliveries",
            information=("contact",),
        ),
    )
    window = open_window(qtbot, runner, gui_services, actor, client)
    qtbot.waitUntil(lambda: window.consents.model.rowCount() == 1)
    dialog = window.print_for_recipient()
    preview_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.recipient.count() == 1  # the recipients with a release on file

    choose_recipient(qtbot, dialog, "Dayton Legal Aid")
    assert "no release of information for Dayton Legal Aid" in dialog.verdict.text()
    assert not preview_button.isEnabled()
    assert not dialog.fields.inputs["override_reason"].isVisible()  # front desk: no override
    shot(dialog, "print-for-recipient-blocked")

    choose_recipient(qtbot, dialog, PANTRY)
    assert "in effect until 05/20/2027" in dialog.verdict.text()
    assert preview_button.isEnabled()
    preview_button.click()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PdfPreview))
    QApplication.activeModalWidget().reject()
    assert audited(gui_services, admin, AuditAction.INFORMATION_RELEASED)[0].startswith(
        f"to={PANTRY};what=face_sheet;consent="
    )


def test_a_supervisor_overrides_with_a_reason(
    qtbot, gui_services, make_staff, admin, runner, client
):
    supervisor = make_staff(Role.SUPERVISOR, "ssup")
    window = open_window(qtbot, runner, gui_services, supervisor, client)
    dialog = window.print_for_recipient()
    preview_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    choose_recipient(qtbot, dialog, "Dayton Legal Aid")
    reason = dialog.fields.inputs["override_reason"]
    assert reason.isVisible() and not preview_button.isEnabled()
    reason.setFocus()
    type_text(reason, "Court hearing tomorrow; client asked in person")
    assert preview_button.isEnabled()
    shot(dialog, "print-for-recipient-override")
    preview_button.click()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PdfPreview))
    QApplication.activeModalWidget().reject()
    assert audited(gui_services, admin, AuditAction.CONSENT_OVERRIDDEN) == [
        "to=Dayton Legal Aid;what=face_sheet;release=no release;"
        "reason=Court hearing tomorrow; client asked in person"
    ]


def test_a_recorded_release_prints_as_its_form(qtbot, gui_services, actor, admin, runner, client):
    consent = gui_services.consents.record(
        actor,
        client.id,
        ConsentForm(
            signed_on="11/20/2026",
            expires_on="05/20/2027",
            recipient=PANTRY,
            purpose="Food deliveries",
            information=("contact", "income"),
        ),
    )
    window = open_window(qtbot, runner, gui_services, actor, client)
    tab = window.consents
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.table.selectRow(0)
    assert tab.print_button.isEnabled()
    tab.print_selected()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PdfPreview))
    preview = QApplication.activeModalWidget()
    text = " ".join(PdfReader(BytesIO(preview._pdf)).pages[0].extract_text().split())
    assert PANTRY in text and "Name and contact details; Income and benefits" in text
    assert "Amara" in text
    shot(preview, "release-copy-preview")
    preview.reject()
    assert f"form=consent_copy;consent={consent.id}" in audited(
        gui_services, admin, AuditAction.FORM_PREPARED
    )
