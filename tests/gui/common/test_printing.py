"""Printing from the app: preview, print through Qt, save as PDF, batches with a
progress bar, and every print audited."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from domain.assessments.assessment import AssessmentForm, LifeDomain
from domain.audit.events import AuditAction, AuditFilter
from domain.cases.programs import ProgramForm
from domain.clients.intake import IntakeForm
from domain.clients.record import ClientForm
from domain.common.errors import PermissionDenied
from domain.common.policy import Role
from domain.consents.consent import ServiceConsentForm
from domain.printing.service import FormKind, OutputKind
from domain.settings.office_settings import AgencyForm
from gui.clients.record_window import ClientWindow
from gui.common.form_building import build_form
from gui.common.pdf_preview import PdfPreview
from tests.gui.clients.test_intake_window import shot
from tests.gui.test_main_window import make_window


@pytest.fixture
def intakes(gui_services, admin, actor):
    gui_services.settings.set_agency_details(
        admin, AgencyForm("Miami Valley Family Services", "12 Main Street\nDayton, OH", "")
    )
    program = gui_services.programs.create(admin, ProgramForm("Family support", "", "90"))
    results = []
    for first, last in (("Amara", "Okafor"), ("Ирина", "Петрова"), ("Nguyễn", "Thị Ánh")):
        results.append(
            gui_services.intake.complete(
                actor,
                IntakeForm(
                    client=ClientForm(first_name=first, last_name=last),
                    assessment=AssessmentForm(scores={LifeDomain.HOUSING: 2}),
                    consent=ServiceConsentForm(given=True),
                    program_id=program.id,
                ),
            )
        )
    return results


def preview_of(qtbot) -> PdfPreview:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PdfPreview), timeout=10000)
    return QApplication.activeModalWidget()


def printed_events(services, admin) -> list[str]:
    events = services.audit.query(admin, AuditFilter())
    return [e.detail for e in events if e.action == AuditAction.FORM_PRINTED]


def test_a_face_sheet_is_previewed_saved_and_printed_and_each_is_audited(
    qtbot, gui_services, actor, admin, runner, intakes, tmp_path, monkeypatch
):
    client = gui_services.clients.open(actor, intakes[0].client.id)
    window = ClientWindow(runner, gui_services, actor, client)
    qtbot.addWidget(window)
    window.show()
    window.print_actions[FormKind.FACE_SHEET].trigger()
    preview = preview_of(qtbot)
    assert preview.document.pageCount() == 1
    assert preview.windowTitle() == "Face sheet"
    shot(preview, "face-sheet-preview")

    saved = tmp_path / "sheet"
    monkeypatch.setattr(PdfPreview, "ask_path", staticmethod(lambda parent, name: saved))
    preview.save_button.click()
    text = PdfReader(saved.with_suffix(".pdf")).pages[0].extract_text()
    assert "Amara" in text and "Miami Valley Family Services" in text

    paper = tmp_path / "printer.pdf"

    def printer(parent):
        target = QPrinter(QPrinter.PrinterMode.HighResolution)
        target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        target.setOutputFileName(str(paper))
        return target

    monkeypatch.setattr(PdfPreview, "ask_printer", staticmethod(printer))
    preview.print_button.click()
    assert len(PdfReader(paper).pages) == 1  # what went to the printer: one page per page
    qtbot.waitUntil(lambda: len(printed_events(gui_services, admin)) == 2)
    assert sorted(printed_events(gui_services, admin)) == [
        "form=face_sheet;how=printed",
        "form=face_sheet;how=saved as PDF",
    ]


def test_the_front_desk_prints_packets_for_several_clients_with_progress(
    qtbot, gui_services, actor, admin, runner, auth, intakes, tmp_path, monkeypatch
):
    window = make_window(qtbot, gui_services, actor, runner, auth)
    page = window.clients
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.table.selectAll()
    page.print_packets()
    preview = preview_of(qtbot)
    # Each packet: the intake form (2 pages) and the consent to services (1 page).
    assert preview.document.pageCount() == 9
    monkeypatch.setattr(PdfPreview, "ask_path", staticmethod(lambda parent, name: tmp_path / name))
    preview.save_button.click()
    [saved] = list(tmp_path.glob("Intake packets, 3 clients.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(saved).pages)
    for result in intakes:
        assert result.client.number in text
    qtbot.waitUntil(lambda: len(printed_events(gui_services, admin)) == 3)  # one per client


def test_a_caseworker_cannot_print_a_client_off_their_caseload(gui_services, make_staff, intakes):
    worker = make_staff(Role.CASEWORKER, "jchen")
    with pytest.raises(PermissionDenied):
        gui_services.printing.packets(worker, [intakes[0].client.id], FormKind.FACE_SHEET)


def test_blank_forms_carry_fillable_fields_and_their_printing_is_audited(
    gui_services, actor, admin
):
    gui_services.settings.set_agency_details(admin, AgencyForm("Miami Valley Family Services"))
    pdf = build_form(gui_services.printing, actor, FormKind.BLANK_SERVICES_CONSENT, [])
    assert PdfReader(BytesIO(pdf)).get_fields()  # fields a person can type into
    gui_services.printing.record_output(
        actor, [], FormKind.BLANK_SERVICES_CONSENT, OutputKind.PRINTED
    )
    assert printed_events(gui_services, admin) == ["form=blank_services_consent;how=printed"]


def test_blank_forms_are_in_the_forms_menu(qtbot, gui_services, actor, runner, auth):
    window = make_window(qtbot, gui_services, actor, runner, auth)
    [forms] = [m for m in window.menuBar().actions() if m.text() == "F&orms"]
    [blank_intake] = [a for a in forms.menu().actions() if a.text() == "Blank intake form…"]
    blank_intake.trigger()
    preview = preview_of(qtbot)
    assert preview.document.pageCount() == 2
    preview.resize(700, 900)
    shot(preview, "blank-intake-preview")


def test_a_batch_shows_its_progress_on_the_ui_thread(
    qtbot, gui_services, actor, runner, intakes, monkeypatch
):
    import threading

    from PySide6.QtWidgets import QProgressDialog, QWidget

    import gui.common.form_printer as form_printer

    seen: list[tuple[int, bool]] = []

    class WatchedProgress(QProgressDialog):
        def setValue(self, value: int) -> None:
            seen.append((value, threading.current_thread() is threading.main_thread()))
            super().setValue(value)

    monkeypatch.setattr(form_printer, "QProgressDialog", WatchedProgress)
    parent = QWidget()
    qtbot.addWidget(parent)
    printer = form_printer.FormPrinter(runner, gui_services, actor, parent)
    printer.print_form(FormKind.INTAKE_PACKET, [r.client.id for r in intakes], "packets.pdf")
    preview = preview_of(qtbot)
    assert preview.document.pageCount() == 9
    assert [value for value, _ in seen][-1] == 3  # all three clients
    assert all(on_ui_thread for _, on_ui_thread in seen)
