"""The staff accounts page and its dialogs, driven as an administrator would, on a real database."""

from __future__ import annotations

import time
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QMessageBox

from domain.common.errors import SignInFailed
from domain.common.policy import Role
from domain.staff.accounts import StaffForm
from domain.staff.throttle import FAILURES_BEFORE_LOCKOUT
from gui.staff.dialogs import EditAccountDialog, NewAccountDialog, ResetPasswordDialog
from gui.staff.page import StaffPage
from gui.staff.table_model import StaffTableModel
from tests.conftest import TEST_PASSWORD
from tests.gui.test_main_window import activate, type_text

OTHER_PASSWORD = "copper-harbor-violin-47"
M = StaffTableModel


@pytest.fixture
def new_york(monkeypatch):
    """The workstation's clock runs on New York time (UTC-5 in November)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield ZoneInfo("America/New_York")
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def office(gui_services, admin, make_staff, auth):
    """An administrator, two colleagues, one locked out and one deactivated."""
    make_staff(Role.SUPERVISOR, "jchen", "Jamie Chen")
    make_staff(Role.CASEWORKER, "tnguyen", "Nguyễn Thị Ánh")
    make_staff(Role.FRONTDESK, "mrivera", "Maria Rivera")
    for _ in range(FAILURES_BEFORE_LOCKOUT):
        with pytest.raises(SignInFailed):
            auth.sign_in("tnguyen", "not-the-password", "WS-09")
    rivera = account(gui_services, admin, "mrivera")
    gui_services.staff.set_active(admin, rivera.id, rivera.version, False)
    return gui_services


def account(services, admin, username):
    return next(s for s in services.staff.list_staff(admin) if s.username == username)


def make_page(qtbot, services, admin, runner, clock) -> StaffPage:
    page = StaffPage(runner, services, admin)
    page.model.clock = clock  # "locked" is judged on the services' clock
    qtbot.addWidget(page)
    page.resize(1000, 400)
    page.show()
    activate(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    return page


def row_of(page: StaffPage, username: str) -> int:
    return next(
        r for r in range(page.model.rowCount()) if page.model.staff_at(r).username == username
    )


def shown(page: StaffPage, username: str) -> list[str]:
    row = row_of(page, username)
    return [page.model.data(page.model.index(row, c)) for c in range(page.model.columnCount())]


def select(page: StaffPage, username: str) -> None:
    page.table.selectRow(row_of(page, username))


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def show_dialog(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    return dialog


def fill(dialog, **values: str) -> None:
    for name, text in values.items():
        edit = dialog.inputs[name]
        edit.setFocus()
        edit.clear()
        type_text(edit, text)


def save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


# --- the model ---------------------------------------------------------------------


def test_the_model_passes_qt_model_checks(qtmodeltester, office, admin):
    model = StaffTableModel()
    model.reset_to(office.staff.list_staff(admin))
    qtmodeltester.check(model, force_py=True)


# --- the list ----------------------------------------------------------------------


def test_the_list_shows_each_accounts_role_and_state_in_local_time(
    qtbot, office, admin, runner, clock, new_york
):
    page = make_page(qtbot, office, admin, runner, clock)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)

    # 14:30 UTC is 09:30 in New York; the lock-out lasts 15 minutes.
    assert shown(page, "admin") == [
        "admin",
        "Office Administrator",
        "Administrator",
        "Active",
        "11/23/2026 09:30",
        "",
    ]
    assert shown(page, "jchen")[2:] == ["Supervisor", "Active", "Never", "Yes"]
    assert shown(page, "tnguyen")[1:4] == ["Nguyễn Thị Ánh", "Caseworker", "Locked until 09:45"]
    assert shown(page, "mrivera")[2:4] == ["Front desk", "Inactive"]
    assert page.model.headerData(M.COL_MUST_CHANGE, Qt.Orientation.Horizontal) == (
        "Must change password"
    )


def test_the_actions_follow_the_selected_account(qtbot, office, admin, runner, clock):
    page = make_page(qtbot, office, admin, runner, clock)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    per_account = (
        page.edit_button,
        page.active_button,
        page.reset_button,
        page.unlock_button,
    )
    assert page.new_button.isEnabled()
    assert not any(button.isEnabled() for button in per_account)

    select(page, "admin")
    assert page.edit_button.isEnabled() and page.reset_button.isEnabled()
    assert not page.active_button.isEnabled()
    assert page.active_button.toolTip() == "You cannot deactivate your own account."
    assert not page.unlock_button.isEnabled()

    select(page, "jchen")
    assert page.active_button.isEnabled() and page.active_button.text() == "&Deactivate"
    assert not page.unlock_button.isEnabled()

    select(page, "tnguyen")
    assert page.unlock_button.isEnabled()

    select(page, "mrivera")
    assert page.active_button.isEnabled() and page.active_button.text() == "Re&activate"


def test_deactivating_asks_first_and_then_shows_the_account_inactive(
    qtbot, office, admin, runner, clock, monkeypatch
):
    asked = []
    answer = False
    monkeypatch.setattr(
        StaffPage,
        "confirm_deactivate",
        classmethod(lambda cls, parent, staff: asked.append(staff.username) or answer),
    )
    page = make_page(qtbot, office, admin, runner, clock)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    select(page, "jchen")

    click(qtbot, page.active_button)  # "Cancel"
    assert asked == ["jchen"]
    assert account(office, admin, "jchen").active

    answer = True
    click(qtbot, page.active_button)
    qtbot.waitUntil(lambda: shown(page, "jchen")[M.COL_STATUS] == "Inactive")
    assert not account(office, admin, "jchen").active
    assert page.notice.text() == "Deactivated jchen: they can no longer sign in."
    assert page.selected_staff().username == "jchen"  # still selected after the refresh
    assert page.active_button.text() == "Re&activate"

    click(qtbot, page.active_button)  # reactivating needs no confirmation
    qtbot.waitUntil(lambda: shown(page, "jchen")[M.COL_STATUS] == "Active")
    assert asked == ["jchen", "jchen"]


def test_unlocking_lets_a_locked_out_person_sign_in_again(
    qtbot, office, admin, runner, clock, auth
):
    page = make_page(qtbot, office, admin, runner, clock)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    select(page, "tnguyen")

    click(qtbot, page.unlock_button)

    qtbot.waitUntil(lambda: shown(page, "tnguyen")[M.COL_STATUS] == "Active")
    assert not page.unlock_button.isEnabled()
    assert page.notice.text() == "Unlocked tnguyen: they can sign in again."
    auth.sign_in("tnguyen", TEST_PASSWORD, "WS-09")


def test_an_action_on_a_stale_row_is_explained_and_the_list_refreshed(
    qtbot, office, admin, runner, clock
):
    page = make_page(qtbot, office, admin, runner, clock)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    select(page, "tnguyen")
    stale = account(office, admin, "tnguyen")
    office.staff.unlock(admin, stale.id, stale.version)  # another administrator, meanwhile

    click(qtbot, page.unlock_button)

    qtbot.waitUntil(lambda: page.findChild(QMessageBox) is not None)
    assert page.findChild(QMessageBox).windowTitle() == "Changed by someone else"
    qtbot.waitUntil(lambda: shown(page, "tnguyen")[M.COL_STATUS] == "Active")


def test_new_account_opens_the_dialog_and_selects_the_new_account(
    qtbot, office, admin, runner, clock, monkeypatch
):
    def create(cls, parent, runner_, service, actor):
        assert parent is page and actor == admin
        return service.create(
            actor,
            StaffForm("zadams", "Zoe Adams", "caseworker"),
            TEST_PASSWORD,
            TEST_PASSWORD,
        )

    monkeypatch.setattr(NewAccountDialog, "ask", classmethod(create))
    page = make_page(qtbot, office, admin, runner, clock)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)

    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # the button's mnemonic

    qtbot.waitUntil(lambda: page.model.rowCount() == 5)
    assert page.selected_staff().username == "zadams"
    assert shown(page, "zadams")[2:] == ["Caseworker", "Active", "Never", "Yes"]
    assert "zadams" in page.notice.text() and "temporary password" in page.notice.text()


def test_enter_on_a_row_edits_that_account(qtbot, office, admin, runner, clock, monkeypatch):
    edited = []

    def edit(cls, parent, runner_, service, actor, staff):
        edited.append(staff.username)
        return service.change(actor, staff.id, staff.version, "Jamie Chen-Ortiz", "supervisor")

    monkeypatch.setattr(EditAccountDialog, "ask", classmethod(edit))
    page = make_page(qtbot, office, admin, runner, clock)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(row_of(page, "jchen"), M.COL_NAME))

    qtbot.keyClick(page.table, Qt.Key.Key_Return)

    assert edited == ["jchen"]
    qtbot.waitUntil(lambda: shown(page, "jchen")[M.COL_NAME] == "Jamie Chen-Ortiz")
    assert page.notice.text() == "Saved the account jchen."


def test_reset_password_passes_the_selected_account(
    qtbot, office, admin, runner, clock, monkeypatch
):
    reset = []
    monkeypatch.setattr(
        ResetPasswordDialog,
        "ask",
        classmethod(lambda cls, parent, r, service, actor, staff: reset.append(staff.id)),
    )
    page = make_page(qtbot, office, admin, runner, clock)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    select(page, "jchen")

    click(qtbot, page.reset_button)  # cancelled: the dialog returned nothing

    assert reset == [account(office, admin, "jchen").id]
    assert page.notice.text() == ""


# --- the dialogs ---------------------------------------------------------------------


def test_a_new_account_is_created_from_the_dialog(qtbot, office, admin, runner, auth):
    dialog = show_dialog(qtbot, NewAccountDialog(runner, office.staff, admin))
    assert dialog.inputs["new_password"].echoMode() == QLineEdit.EchoMode.Password
    assert dialog.inputs["confirmation"].echoMode() == QLineEdit.EchoMode.Password
    assert dialog.role.currentIndex() == -1  # no role until one is chosen

    fill(dialog, username="dlopez", display_name="Dolores López")
    dialog.role.setFocus()
    qtbot.keyClicks(dialog.role, "Sup")  # typing picks the role, as in any list
    assert dialog.role.currentText() == "Supervisor"
    fill(dialog, new_password=OTHER_PASSWORD, confirmation=OTHER_PASSWORD)
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.inputs["confirmation"], Qt.Key.Key_Return)

    assert dialog.result_record.username == "dlopez"
    created = account(office, admin, "dlopez")
    assert (created.display_name, created.role) == ("Dolores López", Role.SUPERVISOR)
    assert auth.sign_in("dlopez", OTHER_PASSWORD, "WS-03").must_change_password


def test_the_new_account_dialog_shows_every_problem_beside_its_field(qtbot, office, admin, runner):
    dialog = show_dialog(qtbot, NewAccountDialog(runner, office.staff, admin))
    fill(dialog, username="jchen", new_password="password1234", confirmation="password")

    click(qtbot, save_button(dialog))

    qtbot.waitUntil(lambda: dialog.messages["username"].isVisible())
    messages = {name: label.text() for name, label in dialog.messages.items()}
    assert messages == {
        "username": "This username is taken.",
        "display_name": "Required.",
        "role": "Choose one of the roles.",
        "new_password": "This is one of the most common passwords; choose another.",
        "confirmation": "The two passwords do not match.",
    }
    assert all(label.isVisible() for label in dialog.messages.values())
    assert dialog.inputs["username"].hasFocus()
    assert dialog.isVisible() and save_button(dialog).isEnabled()
    assert len(office.staff.list_staff(admin)) == 4


def test_demoting_the_last_administrator_is_refused_beside_the_role(qtbot, office, admin, runner):
    me = account(office, admin, "admin")
    dialog = show_dialog(qtbot, EditAccountDialog(runner, office.staff, admin, me))
    assert dialog.inputs["display_name"].text() == "Office Administrator"
    assert dialog.role.currentText() == "Administrator"
    dialog.role.setCurrentIndex(dialog.role.findData(Role.SUPERVISOR.value))

    click(qtbot, save_button(dialog))

    qtbot.waitUntil(lambda: dialog.messages["role"].isVisible())
    assert dialog.messages["role"].text() == (
        "You cannot change the role of the last active administrator."
    )
    assert dialog.isVisible()
    assert account(office, admin, "admin").role is Role.ADMIN


def test_an_account_is_renamed_from_the_edit_dialog(qtbot, office, admin, runner):
    jchen = account(office, admin, "jchen")
    dialog = show_dialog(qtbot, EditAccountDialog(runner, office.staff, admin, jchen))
    fill(dialog, display_name="Jamie Chen-Ortiz")

    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.inputs["display_name"], Qt.Key.Key_Return)

    assert account(office, admin, "jchen").display_name == "Jamie Chen-Ortiz"


def test_a_password_reset_checks_both_fields_then_saves(qtbot, office, admin, runner, auth):
    locked = account(office, admin, "tnguyen")
    dialog = show_dialog(qtbot, ResetPasswordDialog(runner, office.staff, admin, locked))
    assert "Nguyễn Thị Ánh (tnguyen)" in dialog.findChild(QLabel, "explanation").text()
    fill(dialog, new_password=OTHER_PASSWORD, confirmation=OTHER_PASSWORD + "x")

    click(qtbot, save_button(dialog))

    qtbot.waitUntil(lambda: dialog.messages["confirmation"].isVisible())
    assert dialog.messages["confirmation"].text() == "The two passwords do not match."
    assert not dialog.messages["new_password"].isVisible()

    fill(dialog, confirmation=OTHER_PASSWORD)
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, save_button(dialog))
    assert dialog.result_record.must_change_password
    assert auth.sign_in("tnguyen", OTHER_PASSWORD, "WS-09").must_change_password


def test_a_problem_with_no_field_in_the_dialog_is_still_shown(qtbot, office, admin, runner):
    dialog = show_dialog(qtbot, NewAccountDialog(runner, office.staff, admin))

    dialog.show_errors({"active": "You cannot deactivate your own account."})

    box = dialog.findChild(QMessageBox)
    assert box is not None and box.text() == "You cannot deactivate your own account."
