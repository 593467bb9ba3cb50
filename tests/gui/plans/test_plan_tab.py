"""The Plan tab as a caseworker uses it: write a plan with a goal and a step, have
it agreed, start a new version, read the earlier one, and record a review."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from domain.plans.plan import GoalStatus
from gui.clients.record_window import ClientWindow
from gui.plans.dialogs import AgreementDialog, ReviewDialog
from gui.plans.editor import PlanEditor
from tests.gui.cases.caseload_office import assign, intake_case, make_office
from tests.gui.clients.test_intake_window import shot
from tests.gui.test_main_window import activate, type_text


@pytest.fixture
def office(gui_services, admin, make_staff):
    office = make_office(gui_services, admin, make_staff)
    office.case_id = intake_case(gui_services, office, "Amara")
    assign(gui_services, office, office.case_id, office.maria)
    return office


def open_plan_tab(qtbot, services, actor, runner, case_id):
    client_id = services.cases.get(actor, case_id).client_id
    window = ClientWindow(runner, services, actor, services.clients.open(actor, client_id))
    qtbot.addWidget(window)
    window.resize(960, 700)
    window.show()
    activate(qtbot, window)
    window.tabs.setCurrentWidget(window.plan)
    tab = window.plan
    qtbot.waitUntil(lambda: tab.banner.isVisible() and not tab._runner.busy)
    return window, tab


def keys(widget, text: str) -> None:
    widget.setFocus()
    type_text(widget, text)


def closed(dialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def press(button) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_plan_is_written_agreed_versioned_and_reviewed(qtbot, gui_services, office, runner):
    window, tab = open_plan_tab(qtbot, gui_services, office.maria, runner, office.case_id)
    assert tab.plan is None and "No service plan yet" in tab.banner.text()
    assert not tab.agree_button.isEnabled() and not tab.review_button.isEnabled()

    press(tab.edit_button)
    editor = tab.dialog
    assert isinstance(editor, PlanEditor)
    activate(qtbot, editor)
    [goal] = editor.goals
    keys(goal.description, "Sign a 12-month lease for a two-bedroom apartment")
    goal.domain.setFocus()
    QTest.keyClicks(goal.domain, "Hou")  # type-ahead picks Housing
    assert goal.domain.currentData() == "housing"
    # Alt+P: add a step (a mnemonic clicks after a moment).
    QTest.keyClick(editor.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(goal.steps) == 1)
    [step] = goal.steps
    qtbot.waitUntil(step.what.hasFocus)
    type_text(step.what, "Apply for three apartments")
    step.who.setCurrentIndex(step.who.findData("provider"))
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Save
    # Nothing is saved while the target date and the provider are missing.
    qtbot.waitUntil(lambda: goal.fields.messages["target_date"].isVisible())
    assert goal.fields.messages["target_date"].text() == "Give a target date."
    assert step.fields.messages["provider"].text() == "Name the provider."
    assert goal.target.hasFocus()
    shot(editor, "plan_editor_problems")

    type_text(goal.target, "03/31/2027")
    keys(step.provider, "Miami Valley Housing")
    keys(step.due, "12/15/2026")
    shot(editor, "plan_editor")
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.plan is not None and closed(editor))
    assert "DRAFT" in tab.banner.text() and tab.agree_button.isEnabled()
    assert "Apply for three apartments" in tab.document.toPlainText()

    press(tab.agree_button)
    agreement = tab.dialog
    assert isinstance(agreement, AgreementDialog)
    agreement.how.setCurrentIndex(agreement.how.findData("verbal"))
    press(agreement.buttons.button(agreement.buttons.StandardButton.Save))
    qtbot.waitUntil(lambda: tab.plan.is_agreed)
    assert "agreed with the client on 11/23/2026 (agreed verbally)" in tab.banner.text()
    assert not tab.edit_button.isEnabled() and tab.new_version_button.isEnabled()
    first = tab.plan

    press(tab.new_version_button)
    qtbot.waitUntil(lambda: tab.plan.number == 2)
    assert tab.edit_button.isEnabled() and not tab.review_button.isEnabled()
    assert [tab.version_choice.itemText(i) for i in range(tab.version_choice.count())] == [
        "2 — draft",
        "1 — agreed 11/23/2026",
    ]
    # The earlier version reads as agreed; it is the one in force, so it is reviewed.
    tab.version_choice.setCurrentIndex(1)
    tab.version_choice.activated.emit(1)
    qtbot.waitUntil(lambda: tab.plan.id == first.id)
    assert "earlier version" in tab.banner.text() and tab.review_button.isEnabled()

    press(tab.review_button)
    review = tab.dialog
    assert isinstance(review, ReviewDialog)
    [box] = review.goals
    press(review.buttons.button(review.buttons.StandardButton.Save))
    qtbot.waitUntil(lambda: box.fields.messages["progress"].isVisible())
    assert box.progress.hasFocus()
    type_text(box.progress, "Viewed two flats; application in for Elm St.")
    box.status.setCurrentIndex(box.status.findData(GoalStatus.IN_PROGRESS.value))
    box.steps[0][1].setChecked(True)
    shot(review, "plan_review")
    press(review.buttons.button(review.buttons.StandardButton.Save))
    qtbot.waitUntil(lambda: bool(tab.reviews) and closed(review))

    assert tab.plan.number == 2  # back on the newest version, which follows the review
    assert tab.plan.goals[0].status is GoalStatus.IN_PROGRESS
    reviewed = gui_services.plans.version(office.maria, first.id)
    assert reviewed.goals[0].status is GoalStatus.IN_PROGRESS
    assert reviewed.goals[0].steps[0].done
    tab.version_choice.setCurrentIndex(1)
    tab.version_choice.activated.emit(1)
    qtbot.waitUntil(lambda: tab.plan.id == first.id)
    text = tab.document.toPlainText()
    assert "Reviews" in text and "Viewed two flats" in text
    shot(window, "plan_tab")


def test_the_front_desk_sees_no_plan(qtbot, gui_services, office, runner, actor):
    client_id = gui_services.cases.get(office.supervisor, office.case_id).client_id
    window = ClientWindow(runner, gui_services, actor, gui_services.clients.open(actor, client_id))
    qtbot.addWidget(window)
    assert "kept by caseworkers and supervisors" in window.plan.document.toPlainText()
    assert not window.plan.edit_button.isVisible()


def test_the_shown_version_prints_with_its_goals(qtbot, gui_services, office, runner):
    from io import BytesIO

    from pypdf import PdfReader
    from PySide6.QtWidgets import QApplication

    from domain.plans.plan import GoalForm, StepForm
    from gui.common.pdf_preview import PdfPreview

    worker = office.maria
    step = StepForm("Set up automatic rent payment", "client", "", "12/31/2026")
    goal = GoalForm(
        "Keep the flat past the first year", "housing", "06/30/2027", "in_progress", (step,)
    )
    gui_services.plans.save_draft(worker, office.case_id, 0, (goal,))
    _window, tab = open_plan_tab(qtbot, gui_services, worker, runner, office.case_id)
    assert tab.print_button.isEnabled()
    tab.print_plan()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PdfPreview))
    preview = QApplication.activeModalWidget()
    text = " ".join(PdfReader(BytesIO(preview._pdf)).pages[0].extract_text().split())
    assert "Keep the flat past the first year" in text
    assert "Set up automatic rent payment" in text and "DRAFT: not yet agreed" in text
    preview.reject()
