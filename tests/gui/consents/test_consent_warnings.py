"""Where services go on, a missing or lapsed consent to services says so (the note
editor, the plan, the referrals); and where consent forms are printed or a release
recorded, an agency without a name is refused with where to set it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.consents.consent import ConsentForm
from domain.printing.service import FormKind
from gui.clients.record_window import ClientWindow
from gui.common.pdf_preview import PdfPreview
from gui.notes.editor import NoteEditor
from tests.gui.clients.test_intake_window import shot
from tests.gui.test_main_window import type_text


@pytest.fixture
def office(gui_services, admin, make_staff):
    """Kofi's case with Maria: open, in a program, no consent to services on record."""
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    maria = make_staff(Role.CASEWORKER, "mgarcia", "Maria Garcia")
    program = gui_services.programs.create(admin, ProgramForm("Family support", "", "30"))
    client = gui_services.clients.register(
        supervisor, ClientForm(first_name="Kofi", last_name="Mensah")
    )
    case_id = gui_services.cases.open_case(supervisor, client.id, maria.staff_id, program.id)
    return client, case_id, maria


def record_window(qtbot, runner, services, who, client) -> ClientWindow:
    window = ClientWindow(runner, services, who, services.clients.open(who, client.id))
    qtbot.addWidget(window)
    window.resize(900, 620)
    window.show()
    return window


def test_the_note_editor_warns_of_a_lapsed_consent_to_services(
    qtbot, runner, gui_services, office, clock
):
    client, case_id, maria = office
    gui_services.consents.record(
        maria,
        client.id,
        ConsentForm(kind="services", signed_on="11/20/2026", expires_on="12/01/2026"),
    )
    clock.now += timedelta(days=14)  # 12/07/2026
    editor = NoteEditor(runner, gui_services, maria, None, case_id, "Kofi Mensah")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(editor.consent_banner.isVisible)
    assert "expired on 12/01/2026" in editor.consent_banner.text()
    assert "Record a renewed consent" in editor.consent_banner.text()
    shot(editor, "note-editor-consent-expired")
    editor.close()


def test_the_plan_and_the_referrals_warn_of_no_consent_to_services(
    qtbot, runner, gui_services, office
):
    client, _case_id, maria = office
    window = record_window(qtbot, runner, gui_services, maria, client)
    window.tabs.setCurrentWidget(window.plan)
    qtbot.waitUntil(window.plan.consent_banner.isVisible)
    assert "no consent to services" in window.plan.consent_banner.text()
    shot(window, "plan-no-consent")
    window.tabs.setCurrentWidget(window.referrals)
    qtbot.waitUntil(window.referrals.consent_banner.isVisible)

    # Recorded on the Consents tab: both warnings go.
    gui_services.consents.record(
        maria, client.id, ConsentForm(kind="services", signed_on="11/23/2026")
    )
    window.consents.changed.emit()
    qtbot.waitUntil(lambda: not window.referrals.consent_banner.isVisibleTo(window.referrals))
    assert not window.plan.consent_banner.isVisibleTo(window.plan)


def test_consent_forms_wait_for_the_agency_name_and_say_where_to_set_it(
    qtbot, runner, gui_services, office
):
    client, _case_id, maria = office
    window = record_window(qtbot, runner, gui_services, maria, client)
    window.print_actions[FormKind.SERVICES_CONSENT].trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox) is not None)
    box = window.findChild(QMessageBox)
    assert "agency's name is not set" in box.text()
    assert "administrator" in box.text() and "Settings" in box.text()
    assert window.findChild(PdfPreview) is None
    shot(box, "consent-form-agency-unnamed")


def test_a_release_waits_for_the_agency_name_beside_the_kind_of_consent(
    qtbot, runner, gui_services, office
):
    client, _case_id, maria = office
    window = record_window(qtbot, runner, gui_services, maria, client)
    window.tabs.setCurrentWidget(window.consents)
    dialog = window.consents.record(recipient="Dayton Legal Aid")
    type_text(dialog.fields.inputs["purpose"], "Eviction defence")
    type_text(dialog.fields.inputs["expires_on"], "05/20/2027")
    dialog.information[next(iter(dialog.information))].setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    message = dialog.fields.messages["kind"]
    qtbot.waitUntil(message.isVisible)
    assert "Settings" in message.text() and "administrator" in message.text()
    assert dialog.isVisible() and gui_services.records.consents(maria, client.id) == []
    shot(dialog, "release-agency-unnamed")
