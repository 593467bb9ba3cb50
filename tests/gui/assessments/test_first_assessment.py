"""A case opened without an intake has no assessment: the tab offers its first one,
recorded as the initial assessment, and only then follow-ups."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from domain.assessments.assessment import AssessmentKind, LifeDomain
from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from gui.assessments.follow_up_dialog import FollowUpAssessmentDialog
from tests.gui.assessments.test_assessment_history import open_tab
from tests.gui.clients.test_intake_window import shot


@pytest.fixture
def kofi(gui_services, admin, make_staff):
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    maria = make_staff(Role.CASEWORKER, "mgarcia", "Maria Garcia")
    program = gui_services.programs.create(admin, ProgramForm("Family support", "", "30"))
    client = gui_services.clients.register(
        supervisor, ClientForm(first_name="Kofi", last_name="Mensah")
    )
    gui_services.cases.open_case(supervisor, client.id, maria.staff_id, program.id)
    return client, maria


def test_a_case_without_an_assessment_is_offered_its_first(qtbot, runner, gui_services, kofi):
    client, maria = kofi
    record, tab = open_tab(qtbot, runner, gui_services, maria, client.id, 0)
    qtbot.waitUntil(tab.record_button.isEnabled)
    assert tab.record_button.text() == "&Record first assessment…"
    shot(record, "assessments-first")

    qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(tab.dialog, FollowUpAssessmentDialog))
    dialog = tab.dialog
    assert dialog.windowTitle() == "First assessment — Kofi Mensah"
    assert dialog.intro.isHidden()  # nothing earlier to start the scores from
    dialog.inputs.scores[LifeDomain.HOUSING].set_score(2)
    with qtbot.waitSignal(tab.recorded, timeout=5000) as saved:
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    assert saved.args[0].kind is AssessmentKind.INITIAL
    qtbot.waitUntil(lambda: tab.model.columnCount() == 1)
    assert tab.record_button.text() == "&Record follow-up assessment…"
