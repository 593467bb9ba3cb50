"""Two keepers of the directory change one resource at once: the later Save opens
the compare dialog, Cancel keeps what was typed, and the picks are saved."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from domain.common.policy import Role
from domain.referrals.resources import ResourceForm
from gui.referrals.resources_page import ResourceDialog
from tests.gui.common.compare_steps import cancel_compare, compare_opened, look, save_picks
from tests.gui.test_main_window import activate, type_text

PANTRY = ResourceForm(
    organisation="St. Vincent Food Pantry",
    service="Emergency groceries",
    categories=("food",),
    phone="937 555 0100",
    hours="Mon–Fri 9–4",
    languages="English",
)

SAVE = QDialogButtonBox.StandardButton.Save


def retype(edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    edit.clear()
    type_text(edit, text)


def test_a_resource_saved_meanwhile_is_compared_and_the_picks_saved(
    qtbot, gui_services, admin, make_staff, runner, tmp_path
):
    services = gui_services
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    opened = services.resources.create(admin, PANTRY)
    dialog = ResourceDialog(runner, services.resources, admin, opened)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    inputs = dialog.fields.inputs
    retype(inputs["hours"], "Mon–Sat 9–6")
    inputs["eligibility"].setPlainText("Montgomery County residents")
    dialog.category_boxes[next(iter(dialog.category_boxes))].setChecked(True)  # housing too

    # Meanwhile the supervisor corrects the phone number and the hours.
    services.resources.change(
        supervisor,
        opened.id,
        opened.version,
        replace(PANTRY, phone="937 555 0199", hours="Mon & Wed 9–4"),
    )

    qtbot.mouseClick(dialog.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    compare = compare_opened(qtbot, dialog.conflict)
    assert set(compare.buttons) == {"phone", "hours", "eligibility", "categories"}
    assert compare.picks() == {
        "phone": "theirs",  # only they changed it
        "hours": "mine",  # both did: mine is offered, and the dialog says so
        "eligibility": "mine",
        "categories": "mine",
    }
    lead = compare.findChild(QLabel).text()
    assert lead.startswith(
        "dlee saved the resource St. Vincent Food Pantry — Emergency groceries at "
    )
    mine, theirs = compare.buttons["categories"]
    assert (mine.text(), theirs.text()) == ("Housing, Food", "Food")
    assert compare.buttons["hours"][1].text() == "Mon && Wed 9–4"  # Qt shows "Mon & Wed 9–4"
    look(compare, tmp_path / "resource-compare.png")

    cancel_compare(qtbot, dialog.conflict)
    assert dialog.isVisible()
    assert inputs["hours"].text() == "Mon–Sat 9–6"
    assert inputs["eligibility"].toPlainText() == "Montgomery County residents"
    assert services.resources.get(admin, opened.id).hours == "Mon & Wed 9–4"  # nothing saved

    qtbot.mouseClick(dialog.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    compare = compare_opened(qtbot, dialog.conflict)
    compare.buttons["categories"][1].setChecked(True)  # food alone, after all
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        save_picks(qtbot, compare)
    stored = services.resources.get(admin, opened.id)
    assert (stored.phone, stored.hours, stored.eligibility) == (
        "(937) 555-0199",
        "Mon–Sat 9–6",
        "Montgomery County residents",
    )
    assert [c.value for c in stored.categories] == ["food"]
    assert dialog.result_resource == stored
