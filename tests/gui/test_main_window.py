"""The main window and the client form, driven as a person would, on a real database."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.staff.session import Session
from gui.clients.client_dialog import ClientDialog
from gui.main_window import MainWindow


def activate(qtbot, widget) -> None:
    # Offscreen windows become active only when asked; shortcuts and focus need it.
    widget.windowHandle().requestActivate()
    qtbot.waitUntil(widget.isActiveWindow)


def make_window(qtbot, services, actor, runner, auth):
    window = MainWindow(Session(actor, services, False), auth, runner, "test database")
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    return window


def open_new_client_dialog(qtbot, window) -> ClientDialog:
    qtbot.keyClick(window.clients.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.clients.findChild(ClientDialog) is not None)
    dialog = window.clients.findChild(ClientDialog)
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    return dialog


def type_text(widget, text: str) -> None:
    """Type as a keyboard would; QTest's own typing knows only ASCII keys."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def fill(qtbot, dialog: ClientDialog, **values: str) -> None:
    for name, text in values.items():
        edit = dialog.inputs[name]
        edit.setFocus()
        edit.clear()
        type_text(edit, text)


def click_save(qtbot, dialog: ClientDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def test_the_window_lists_existing_clients(qtbot, gui_services, actor, runner, auth):
    gui_services.clients.register(actor, ClientForm(first_name="Ana", last_name="Diaz"))
    gui_services.clients.register(actor, ClientForm(first_name="Bo", last_name="Chen"))

    window = make_window(qtbot, gui_services, actor, runner, auth)
    qtbot.waitUntil(lambda: window.clients.model.rowCount() == 2)

    model = window.clients.model
    assert [model.data(model.index(r, 1)) for r in range(2)] == ["Chen", "Diaz"]
    assert window.clients.count_label.text() == "2 clients"


def test_an_empty_database_says_how_to_begin(qtbot, gui_services, actor, runner, auth):
    window = make_window(qtbot, gui_services, actor, runner, auth)
    qtbot.waitUntil(lambda: "Ctrl+N" in window.clients.count_label.text())


def test_bad_input_shows_messages_beside_the_fields_and_saves_nothing(
    qtbot, gui_services, actor, runner, auth
):
    window = make_window(qtbot, gui_services, actor, runner, auth)
    dialog = open_new_client_dialog(qtbot, window)
    fill(qtbot, dialog, last_name="Smith2", date_of_birth="12/31/2099", phone="12")
    click_save(qtbot, dialog)

    qtbot.waitUntil(lambda: dialog.messages["first_name"].isVisible())
    assert dialog.messages["first_name"].text() == "Required."
    assert "digits" in dialog.messages["last_name"].text()
    assert "future" in dialog.messages["date_of_birth"].text()
    assert "7 digits" in dialog.messages["phone"].text()
    assert dialog.isVisible()
    assert dialog.inputs["first_name"].hasFocus()
    assert gui_services.clients.list_page(actor).total == 0


def test_leaving_a_field_checks_it_at_once(qtbot, gui_services, actor, runner, auth):
    window = make_window(qtbot, gui_services, actor, runner, auth)
    dialog = open_new_client_dialog(qtbot, window)
    fill(qtbot, dialog, date_of_birth="02/30/2001")
    qtbot.keyClick(dialog.inputs["date_of_birth"], Qt.Key.Key_Tab)

    assert dialog.messages["date_of_birth"].isVisible()
    assert dialog.messages["date_of_birth"].text() == "February 2001 has 28 days."
    assert not dialog.messages["first_name"].isVisible()  # untouched fields stay quiet

    fill(qtbot, dialog, date_of_birth="03/01/2001")
    qtbot.keyClick(dialog.inputs["date_of_birth"], Qt.Key.Key_Tab)
    assert not dialog.messages["date_of_birth"].isVisible()


def test_a_new_client_is_saved_listed_and_selected(qtbot, gui_services, actor, runner, auth):
    gui_services.clients.register(actor, ClientForm(first_name="Zoe", last_name="Adams"))
    window = make_window(qtbot, gui_services, actor, runner, auth)
    qtbot.waitUntil(lambda: window.clients.model.rowCount() == 1)

    dialog = open_new_client_dialog(qtbot, window)
    fill(
        qtbot,
        dialog,
        first_name="Наталья",
        last_name="Иванова",
        date_of_birth="07/14/1975",
        phone="555 201 3344",
    )
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.inputs["phone"], Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: window.clients.model.rowCount() == 2)
    selected = window.clients.table.currentIndex().row()
    assert window.clients.model.data(window.clients.model.index(selected, 1)) == "Иванова"
    assert window.clients.model.data(window.clients.model.index(selected, 4)) == "(555) 201-3344"
    assert "Saved Наталья Иванова" in window.statusBar().currentMessage()


def test_opening_a_client_shows_the_record_and_edit_changes_it(
    qtbot, gui_services, actor, runner, auth
):
    from gui.clients.record_window import ClientWindow

    saved = gui_services.clients.register(actor, ClientForm(first_name="Ana", last_name="Diaz"))
    window = make_window(qtbot, gui_services, actor, runner, auth)
    qtbot.waitUntil(lambda: window.clients.model.rowCount() == 1)

    window.clients.table.setCurrentIndex(window.clients.model.index(0, 1))
    qtbot.keyClick(window.clients.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.findChild(ClientWindow) is not None)
    record = window.findChild(ClientWindow)
    assert record.fact_labels["Name"].text() == "Ana Diaz"
    qtbot.mouseClick(record.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: record.findChild(ClientDialog) is not None)
    dialog = record.findChild(ClientDialog)
    assert dialog.inputs["last_name"].text() == "Diaz"

    fill(qtbot, dialog, last_name="Díaz")
    with qtbot.waitSignal(dialog.saved):
        click_save(qtbot, dialog)
    stored = gui_services.clients.open(actor, saved.id)
    assert (stored.last_name, stored.version) == ("Díaz", 2)
    qtbot.waitUntil(lambda: window.clients.model.data(window.clients.model.index(0, 1)) == "Díaz")
    assert record.fact_labels["Name"].text() == "Ana Díaz"  # the face sheet follows


def test_a_conflicting_save_compares_and_keeps_the_other_persons_change(
    qtbot, gui_services, actor, runner, make_staff
):
    saved = gui_services.clients.register(actor, ClientForm(first_name="Ana", last_name="Diaz"))
    record = gui_services.clients.open(actor, saved.id)
    dialog = ClientDialog(runner, gui_services.clients, actor, record)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)

    colleague = make_staff(Role.SUPERVISOR, "jchen", "Jamie Chen", "CASEWORK-07")
    gui_services.clients.change(
        colleague, saved.id, saved.version, ClientForm(first_name="Anna", last_name="Diaz")
    )
    fill(qtbot, dialog, first_name="Annie")
    click_save(qtbot, dialog)

    qtbot.waitUntil(lambda: dialog.compare is not None and dialog.compare.isVisible())
    compare = dialog.compare
    assert "Jamie Chen" in compare.windowTitle() + " ".join(
        label.text() for label in compare.findChildren(QLabel)
    )
    mine, theirs = compare.buttons["first_name"]
    assert (mine.text(), theirs.text()) == ("Annie", "Anna")
    assert mine.isChecked()  # I changed it: mine is offered first
    compare.reject()
    assert dialog.isVisible()  # the person's typing is still there
    assert dialog.inputs["first_name"].text() == "Annie"
    assert gui_services.clients.open(actor, saved.id).first_name == "Anna"
