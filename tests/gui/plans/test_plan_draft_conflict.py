"""Two desks edit one plan draft at once: the later Save compares the drafts goal
by goal, Cancel keeps every goal typed, and the goals picked are saved. A draft
agreed meanwhile cannot be saved over, and the typing still stays."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from domain.plans.plan import AgreementForm, GoalForm, StepForm
from gui.plans.editor import PlanEditor
from tests.gui.cases.caseload_office import assign, intake_case, make_office
from tests.gui.common.compare_steps import cancel_compare, compare_opened, look, save_picks
from tests.gui.test_main_window import activate, type_text

LEASE = GoalForm("Sign a 12-month lease", "housing", "06/30/2027")
JOB = GoalForm("Start a job", "employment", "09/30/2027", steps=(StepForm("Apply for three jobs"),))


@pytest.fixture
def office(gui_services, admin, make_staff):
    office = make_office(gui_services, admin, make_staff)
    office.case_id = intake_case(gui_services, office, "Amara")
    assign(gui_services, office, office.case_id, office.maria)
    office.plan = gui_services.plans.save_draft(office.maria, office.case_id, 0, (LEASE, JOB))
    return office


def open_editor(qtbot, services, office, runner) -> PlanEditor:
    plan = services.plans.current(office.maria, office.case_id)
    editor = PlanEditor(runner, services.plans, office.maria, office.case_id, plan)
    qtbot.addWidget(editor)
    editor.show()
    activate(qtbot, editor)
    return editor


def retype(edit, text: str) -> None:
    edit.setFocus()
    edit.clear()
    type_text(edit, text)


def test_a_draft_saved_meanwhile_is_compared_goal_by_goal(
    qtbot, gui_services, office, runner, tmp_path
):
    plans = gui_services.plans
    editor = open_editor(qtbot, gui_services, office, runner)
    lease, _job = editor.goals
    retype(lease.description, "Sign a 12-month lease near the children's school")
    added = editor.add_goal(GoalForm())
    retype(added.description, "Open a bank account")
    added.domain.setCurrentIndex(added.domain.findData("income"))
    retype(added.target, "03/31/2027")

    # Meanwhile the supervisor moves the lease on and gives the job more time.
    theirs = plans.current(office.supervisor, office.case_id)
    first, second = theirs.as_forms()
    plans.save_draft(
        office.supervisor,
        office.case_id,
        theirs.version,
        (replace(first, status="in_progress"), replace(second, target_date="12/31/2027")),
    )

    editor.save()
    compare = compare_opened(qtbot, editor.conflict)
    lease_key, job_key = (f"goal.{goal.id}" for goal in theirs.goals)
    assert compare.picks() == {lease_key: "mine", job_key: "theirs", "new.2": "mine"}
    labels = [label.text() for label in compare.findChildren(QLabel)]
    assert {"Goal 1 (both changed)", "Goal 2", "Goal 3"} <= set(labels)
    assert any(text.startswith("dlee saved the service plan at ") for text in labels)
    mine, theirs_button = compare.buttons[job_key]
    assert "Target 09/30/2027" in mine.text() and "Target 12/31/2027" in theirs_button.text()
    assert "• Apply for three jobs · Client" in mine.text()
    assert compare.buttons["new.2"][1].text() == "(not in this version)"
    look(compare, tmp_path / "plan-compare.png")

    cancel_compare(qtbot, editor.conflict)
    assert [goal.description.text() for goal in editor.goals] == [
        "Sign a 12-month lease near the children's school",
        "Start a job",
        "Open a bank account",
    ]
    assert editor.goals[1].target.text() == "09/30/2027"  # still as it was opened here

    editor.save()
    compare = compare_opened(qtbot, editor.conflict)
    compare.buttons[lease_key][1].setChecked(True)  # the supervisor's lease goal, after all
    with qtbot.waitSignal(editor.saved, timeout=3000):
        save_picks(qtbot, compare)
    stored = plans.current(office.maria, office.case_id)
    assert [(g.description, g.status.value, g.target_on.isoformat()) for g in stored.goals] == [
        ("Sign a 12-month lease", "in_progress", "2027-06-30"),
        ("Start a job", "not_started", "2027-12-31"),
        ("Open a bank account", "not_started", "2027-03-31"),
    ]
    assert [s.what for s in stored.goals[1].steps] == ["Apply for three jobs"]
    assert stored.goals[0].id == theirs.goals[0].id  # the same goals, not copies


def test_a_draft_agreed_meanwhile_is_not_saved_over_and_the_typing_stays(
    qtbot, gui_services, office, runner
):
    editor = open_editor(qtbot, gui_services, office, runner)
    retype(editor.goals[0].description, "Sign a lease this spring")
    plan = office.plan
    gui_services.plans.record_agreement(
        office.supervisor, plan.id, plan.version, AgreementForm("11/23/2026")
    )

    editor.save()

    def refusal():
        box = QApplication.activeModalWidget()
        return box if isinstance(box, QMessageBox) else None

    qtbot.waitUntil(lambda: refusal() is not None)
    assert "recorded by dlee after you opened this draft" in refusal().text()
    assert "Your goals stay in this window as you typed them" in refusal().text()
    refusal().accept()
    assert editor.conflict.dialog is None
    assert editor.isVisible() and editor.goals[0].description.text() == "Sign a lease this spring"
    assert gui_services.plans.current(office.maria, office.case_id).goals[0].description == (
        "Sign a 12-month lease"
    )
