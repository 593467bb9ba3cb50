"""The signature pad: drawn with the mouse it fills with strokes; Clear empties
it; an empty pad is refused beside the pad; a drawn one signs the consent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.consents.consent import ConsentForm
from gui.signatures.pad import SignatureField
from gui.signatures.sign_dialog import SignConsentDialog
from tests.pdf_pages import pdf_text

LOOK = Path("/work/scratch/signatures")


def draw(pad, points) -> None:
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for point in points[1:]:
        QTest.mouseMove(pad, point)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def scribble(pad) -> None:
    width = pad.width()
    draw(pad, [QPoint(30 + i * (width - 60) // 30, 60 + (i % 5) * 12) for i in range(31)])
    draw(pad, [QPoint(40 + i * 12, 120) for i in range(20)])


def test_drawing_with_the_mouse_fills_the_pad_and_clear_empties_it(qtbot):
    field = SignatureField("client")
    qtbot.addWidget(field)
    field.resize(620, 260)
    field.show()
    qtbot.waitExposed(field)
    assert field.accepted() is None and field.pad_error.isVisible()
    assert "empty" in field.pad_error.text()
    scribble(field.pad)
    strokes = field.pad.strokes()
    assert len(strokes.strokes) == 2 and len(strokes.strokes[0].points) >= 30
    assert all(p.pressure is None for p in strokes.strokes[0].points)  # a mouse has none
    assert not field.pad_error.isVisible()  # drawing forgets the message
    assert field.accepted() is None and "printed" in field.name_error.text()
    QTest.keyClicks(field.name, "Ana Ruiz")
    assert field.accepted()[1] == "Ana Ruiz"
    if LOOK.is_dir():
        field.grab().save(str(LOOK / "pad.png"))
    QTest.mouseClick(field.clear_button, Qt.MouseButton.LeftButton)
    assert field.pad.strokes().strokes == ()


def test_a_consent_is_signed_from_the_dialog(qtbot, gui_services, runner, make_staff):
    staff = make_staff(Role.SUPERVISOR, "sgui")
    client = gui_services.clients.register(staff, ClientForm(first_name="Ana", last_name="Ruiz"))
    form = ConsentForm(kind="services", method="paper", signed_on="11/20/2026")
    consent = gui_services.consents.record(staff, client.id, form)
    dialog = SignConsentDialog(
        runner, gui_services.signatures, staff, consent, client_name="Ana Ruiz"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.sign()  # nothing drawn: said beside the client's pad, nothing sent
    assert dialog.client.pad_error.isVisible() and dialog.buttons.isEnabled()
    scribble(dialog.client.pad)
    scribble(dialog.witness.pad)
    dialog.sign()  # the witness drew but gave no name
    assert dialog.witness.name_error.isVisible()
    QTest.keyClicks(dialog.witness.name, "Dana Lee")
    if LOOK.is_dir():
        dialog.grab().save(str(LOOK / "sign_dialog.png"))
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.sign()
    kinds = [(s.signer_kind, s.printed_name) for s in dialog.result_signatures]
    assert kinds == [("client", "Ana Ruiz"), ("witness", "Dana Lee")]
    stored = gui_services.signatures.for_consent(staff, consent.id)
    assert [len(s.strokes.strokes) for s in stored] == [2, 2]


def test_the_consents_tab_signs_the_chosen_consent_and_its_copy_prints_it(
    qtbot, gui_services, runner, make_staff, admin, tmp_path
):
    from domain.printing.service import FormKind
    from domain.settings.office_settings import AgencyForm
    from gui.common.form_building import build_form
    from gui.consents.tab import ConsentsTab

    gui_services.settings.set_agency_details(admin, AgencyForm("Miami Valley Family Services"))
    staff = make_staff(Role.SUPERVISOR, "stab")
    client = gui_services.clients.register(staff, ClientForm(first_name="Ana", last_name="Ruiz"))
    form = ConsentForm(kind="services", method="paper", signed_on="11/20/2026")
    consent = gui_services.consents.record(staff, client.id, form)
    tab = ConsentsTab(runner, gui_services, staff, client.id, client_name="Ana Ruiz")
    qtbot.addWidget(tab)
    tab.model.reset_to([consent])
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    assert tab.sign_button.isEnabled()
    dialog = tab.sign_selected()
    qtbot.waitExposed(dialog)
    assert dialog.client.name.text() == "Ana Ruiz"
    scribble(dialog.client.pad)
    with qtbot.waitSignal(tab.changed, timeout=10000):
        dialog.sign()
    pdf = build_form(gui_services.printing, staff, FormKind.CONSENT_COPY, [], consent_id=consent.id)
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)
    assert "Signed on screen" in text and "Client: Ana Ruiz" in text
