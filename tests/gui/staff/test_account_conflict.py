"""Two administrators change one staff account at once: the later Save compares
both versions, Cancel keeps what was typed, and the picks are saved."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from domain.common.policy import Role
from gui.staff.dialogs import EditAccountDialog
from tests.gui.common.compare_steps import cancel_compare, compare_opened, save_picks
from tests.gui.test_main_window import activate, type_text


def account(services, admin, username):
    return next(s for s in services.staff.list_staff(admin) if s.username == username)


def test_an_account_saved_meanwhile_is_compared_and_the_picks_saved(
    qtbot, gui_services, admin, make_staff, runner
):
    staff = gui_services.staff
    other = make_staff(Role.ADMIN, "bkhan", "Bilal Khan")
    make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    opened = account(gui_services, admin, "jchen")
    dialog = EditAccountDialog(runner, staff, admin, opened)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    name = dialog.inputs["display_name"]
    name.setFocus()
    name.clear()
    type_text(name, "Jamie Chen-Ortiz")

    # Bilal makes Jamie a supervisor and fixes the name his own way.
    staff.change(other, opened.id, opened.version, "Jamie Chen Ortiz", "supervisor")

    dialog.save()
    compare = compare_opened(qtbot, dialog.conflict)
    assert compare.picks() == {"display_name": "mine", "role": "theirs"}
    assert [b.text() for b in compare.buttons["role"]] == ["Caseworker", "Supervisor"]
    labels = [label.text() for label in compare.findChildren(QLabel)]
    assert "Name (both changed)" in labels
    assert any(text.startswith("bkhan saved the account jchen at ") for text in labels)

    cancel_compare(qtbot, dialog.conflict)
    assert name.text() == "Jamie Chen-Ortiz" and dialog.role.currentData() == "caseworker"
    assert account(gui_services, admin, "jchen").display_name == "Jamie Chen Ortiz"

    dialog.save()
    compare = compare_opened(qtbot, dialog.conflict)
    with qtbot.waitSignal(dialog.saved, timeout=3000):
        save_picks(qtbot, compare)
    stored = account(gui_services, admin, "jchen")
    assert (stored.display_name, stored.role) == ("Jamie Chen-Ortiz", Role.SUPERVISOR)
