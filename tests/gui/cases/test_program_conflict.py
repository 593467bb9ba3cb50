"""Two administrators change one program at once: the later Save compares both
versions, Cancel keeps what was typed, and the picks are saved."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from domain.cases.programs import ProgramForm
from domain.common.policy import Role
from gui.cases.programs_page import ProgramDialog
from tests.gui.common.compare_steps import cancel_compare, compare_opened, save_picks
from tests.gui.test_main_window import activate, type_text


def retype(edit, text: str) -> None:
    edit.setFocus()
    edit.clear()
    type_text(edit, text)


def test_a_program_saved_meanwhile_is_compared_and_the_picks_saved(
    qtbot, gui_services, admin, make_staff, runner
):
    programs = gui_services.programs
    other = make_staff(Role.ADMIN, "bkhan", "Bilal Khan")
    opened = programs.create(admin, ProgramForm("Rental help", "Back rent and deposits", "90"))
    dialog = ProgramDialog(runner, programs, admin, opened)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    inputs = dialog.fields.inputs
    retype(inputs["review_interval_days"], "60")
    retype(inputs["description"], "Back rent, deposits and utility arrears")

    # Bilal retires the program and shortens its reviews, from his desk.
    programs.change(
        other,
        opened.id,
        opened.version,
        ProgramForm("Rental help", "Back rent and deposits", "30", False),
    )

    dialog.save()
    compare = compare_opened(qtbot, dialog.conflict)
    assert compare.picks() == {
        "description": "mine",
        "review_interval_days": "mine",  # both changed it
        "active": "theirs",
    }
    assert [b.text() for b in compare.buttons["active"]] == ["Offered", "Retired"]
    labels = [label.text() for label in compare.findChildren(QLabel)]
    assert "Review plans every (days) (both changed)" in labels
    assert any(text.startswith("bkhan saved the program Rental help at ") for text in labels)

    cancel_compare(qtbot, dialog.conflict)
    assert inputs["review_interval_days"].text() == "60" and dialog.active.isChecked()
    assert programs.get(admin, opened.id).review_interval_days == 30

    dialog.save()
    compare = compare_opened(qtbot, dialog.conflict)
    compare.buttons["review_interval_days"][1].setChecked(True)  # his 30 days
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        save_picks(qtbot, compare)
    stored = programs.get(admin, opened.id)
    assert (stored.description, stored.review_interval_days, stored.active) == (
        "Back rent, deposits and utility arrears",
        30,
        False,
    )
