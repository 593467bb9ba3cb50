"""The administrator's programs page: add, refuse a bad interval beside the field,
retire a program so intake no longer offers it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gui.cases.programs_page import ProgramDialog, ProgramsPage
from tests.gui.test_main_window import type_text


def dialog_of(qtbot) -> ProgramDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ProgramDialog))
    return QApplication.activeModalWidget()


def test_an_administrator_adds_and_retires_a_program(qtbot, gui_services, admin, actor, runner):
    page = ProgramsPage(runner, gui_services, admin)
    qtbot.addWidget(page)
    page.show()
    page.add_button.click()
    dialog = dialog_of(qtbot)
    type_text(dialog.fields.inputs["name"], "Rapid rehousing")
    dialog.fields.inputs["review_interval_days"].selectAll()
    type_text(dialog.fields.inputs["review_interval_days"], "400")
    dialog.save()
    message = dialog.fields.messages["review_interval_days"]
    qtbot.waitUntil(message.isVisible)
    assert message.text() == "Enter a number of days from 7 to 366."
    assert gui_services.programs.list(admin, include_inactive=True) == []  # nothing saved

    dialog.fields.inputs["review_interval_days"].setText("60")
    dialog.save()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.index(0, 1).data() == "every 60 days"

    page.table.selectRow(0)
    page.edit_button.click()
    dialog = dialog_of(qtbot)
    dialog.active.setChecked(False)
    dialog.save()
    qtbot.waitUntil(lambda: page.model.index(0, 2).data() == "retired")
    assert gui_services.programs.list(actor) == []  # intake offers it no more
