"""A plan agreed by signing on screen: the client's and the witness's pads appear
in the agreement dialog, the date is today's, the strokes are stored with the
agreement, and the Plan tab says who signed. Other ways of agreeing are as before."""

from __future__ import annotations

import pytest

from domain.assessments.assessment import AssessmentForm, LifeDomain
from domain.clients.intake import IntakeForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.consents.consent import ServiceConsentForm
from domain.plans.plan import GoalForm, StepForm
from gui.plans.dialogs import AgreementDialog
from tests.gui.cases.caseload_office import assign, make_office
from tests.gui.clients.test_intake_window import shot
from tests.gui.plans.test_plan_tab import closed, keys, open_plan_tab, press
from tests.gui.signatures.test_signature_pad import scribble
from tests.gui.test_main_window import activate

CLIENT, WORKER = "José Ángel Muñoz", "Nguyễn Thị Hằng"


@pytest.fixture
def office(gui_services, admin, make_staff):
    """A case of José Ángel Muñoz's, kept by Nguyễn Thị Hằng, with a draft plan."""
    office = make_office(gui_services, admin, make_staff)
    office.worker = make_staff(Role.CASEWORKER, "tnguyen", WORKER)
    result = gui_services.intake.complete(
        office.supervisor,
        IntakeForm(
            client=ClientForm(first_name="José Ángel", last_name="Muñoz"),
            not_a_duplicate_reason="test",
            assessment=AssessmentForm(scores={LifeDomain.HOUSING: 2}),
            consent=ServiceConsentForm(given=True),
            program_id=office.program.id,
        ),
    )
    office.case_id = result.case_id
    assign(gui_services, office, office.case_id, office.worker)
    step = StepForm("Apply for three apartments", "client", "", "12/15/2026")
    goal = GoalForm("Sign a 12-month lease", "housing", "03/31/2027", "not_started", (step,))
    office.draft = gui_services.plans.save_draft(office.worker, office.case_id, 0, (goal,))
    return office


def agreement_dialog(qtbot, gui_services, office, runner):
    window, tab = open_plan_tab(qtbot, gui_services, office.worker, runner, office.case_id)
    press(tab.agree_button)
    dialog = tab.dialog
    assert isinstance(dialog, AgreementDialog)
    activate(qtbot, dialog)
    return window, tab, dialog


def choose(qtbot, dialog, how: str) -> None:
    dialog.how.setFocus()
    dialog.how.setCurrentIndex(dialog.how.findData(how))
    if how == "screen":
        qtbot.waitExposed(dialog.client.pad)
        qtbot.waitUntil(lambda: dialog.witness.pad.isVisible())


def save(dialog) -> None:
    press(dialog.buttons.button(dialog.buttons.StandardButton.Save))


def test_client_and_witness_sign_the_plan_on_screen(qtbot, gui_services, office, runner, clock):
    window, tab, dialog = agreement_dialog(qtbot, gui_services, office, runner)
    assert not dialog.signing.isVisible()
    narrow = dialog.size()

    choose(qtbot, dialog, "screen")
    assert dialog.client.name.text() == CLIENT  # from the client's record
    assert dialog.witness.name.text() == WORKER  # the person signed in
    # Tall enough for both pads, not more: it fits a 1366×768 laptop screen.
    assert dialog.height() > narrow.height() + 300 and dialog.height() < 720
    assert dialog.width() <= 700
    scribble(dialog.client.pad)
    scribble(dialog.witness.pad)
    shot(dialog, "plan_agreement_signed_on_screen")
    save(dialog)
    qtbot.waitUntil(lambda: tab.plan.is_agreed and closed(dialog))

    stored = gui_services.plans.version(office.worker, office.draft.id)
    assert stored.agreed_how.value == "screen"
    assert [(s.signer_kind, s.printed_name) for s in stored.signatures] == [
        ("client", CLIENT),
        ("witness", WORKER),
    ]
    assert all(len(s.strokes.strokes) == 2 for s in stored.signatures)
    assert stored.signatures[0].fingerprint == stored.signatures[1].fingerprint
    when = clock.now.astimezone()
    assert (
        f"signed on screen by {CLIENT} (client), witnessed by {WORKER} "
        f"on 11/23/2026 {when:%H:%M}, recorded by tnguyen"
    ) in tab.banner.text()
    shot(window, "plan_tab_signed_on_screen")


def test_an_undrawn_client_pad_is_refused_beside_it(qtbot, gui_services, office, runner):
    _window, tab, dialog = agreement_dialog(qtbot, gui_services, office, runner)
    choose(qtbot, dialog, "screen")
    scribble(dialog.witness.pad)  # the witness drew; the client did not
    save(dialog)
    qtbot.waitUntil(lambda: dialog.client.pad_error.isVisible())
    assert "The pad is empty" in dialog.client.pad_error.text()
    assert not dialog.witness.pad_error.isVisible() and not dialog.message.isVisible()
    assert dialog.buttons.isEnabled() and not closed(dialog)
    shot(dialog, "plan_agreement_client_not_signed")

    # Drawn, but the printed name rubbed out: said under the name.
    scribble(dialog.client.pad)
    assert not dialog.client.pad_error.isVisible()
    dialog.client.name.clear()
    save(dialog)
    qtbot.waitUntil(lambda: dialog.client.name_error.isVisible())
    assert "printed under the signature" in dialog.client.name_error.text()
    assert not dialog.client.pad_error.isVisible()

    current = gui_services.plans.current(office.worker, office.case_id)
    assert not current.is_agreed and current.signatures == ()
    assert "DRAFT" in tab.banner.text()


def test_signed_on_screen_is_dated_today(qtbot, gui_services, office, runner):
    _window, _tab, dialog = agreement_dialog(qtbot, gui_services, office, runner)
    dialog.agreed_on.clear()
    keys(dialog.agreed_on, "11/20/2026")
    choose(qtbot, dialog, "screen")
    assert dialog.agreed_on.text() == "11/23/2026" and not dialog.agreed_on.isEnabled()
    choose(qtbot, dialog, "verbal")  # the date typed before comes back, editable
    assert dialog.agreed_on.text() == "11/20/2026" and dialog.agreed_on.isEnabled()


def test_agreeing_on_paper_shows_no_pads(qtbot, gui_services, office, runner):
    _window, tab, dialog = agreement_dialog(qtbot, gui_services, office, runner)
    narrow = dialog.size()
    choose(qtbot, dialog, "screen")
    choose(qtbot, dialog, "paper")  # changed their mind: the pads go, and the room
    assert not dialog.signing.isVisible() and not dialog.client.pad.isVisible()
    qtbot.waitUntil(lambda: dialog.size() == narrow)
    dialog.agreed_on.clear()
    keys(dialog.agreed_on, "11/20/2026")
    shot(dialog, "plan_agreement_on_paper")
    save(dialog)
    qtbot.waitUntil(lambda: tab.plan.is_agreed and closed(dialog))
    assert "agreed with the client on 11/20/2026 (signed on paper)" in tab.banner.text()
    assert gui_services.plans.version(office.worker, office.draft.id).signatures == ()
