"""Signing in, first set-up, forced password change, idle lock and ending sessions,
driven through the dialogs as a person would, on a real embedded database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.staff.session import Session
from gui.app_controller import AppController
from gui.clients.client_dialog import ClientDialog
from gui.main_window import MainWindow
from gui.staff.sign_in_dialogs import ChangePasswordDialog, FirstAdminDialog, SignInDialog
from tests.conftest import TEST_PASSWORD
from tests.gui.test_main_window import activate, fill, type_text

NEW_PASSWORD = "copper-kettle-harbor-58"


@pytest.fixture
def controller(qtbot, auth, runner):
    controller = AppController(auth, runner, "test database", "DESK-07")
    yield controller
    if controller.current is not None:
        controller.current.close()
        controller.current.deleteLater()


def wait_for(qtbot, controller, kind):
    qtbot.waitUntil(lambda: isinstance(controller.current, kind))
    widget = controller.current
    qtbot.waitExposed(widget)
    activate(qtbot, widget)
    return widget


def press_accept(qtbot, dialog) -> None:
    button = next(
        b
        for b in dialog.buttons.buttons()
        if dialog.buttons.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def sign_in(qtbot, controller, username, password) -> SignInDialog:
    dialog = wait_for(qtbot, controller, SignInDialog)
    fill(qtbot, dialog, username=username, password=password)
    qtbot.keyClick(dialog.inputs["password"], Qt.Key.Key_Return)
    return dialog


def test_first_start_creates_the_administrator(qtbot, controller, auth):
    controller.start()
    dialog = wait_for(qtbot, controller, FirstAdminDialog)

    fill(
        qtbot,
        dialog,
        username="Office Admin!",
        display_name="Pat Okafor",
        new_password="password1234",
        confirmation="password12345",
    )
    press_accept(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.messages["username"].isVisible())
    assert "letters a-z" in dialog.messages["username"].text()
    assert dialog.messages["new_password"].isVisible()
    assert "do not match" in dialog.messages["confirmation"].text()
    assert auth.needs_first_admin()

    fill(qtbot, dialog, username="pokafor", new_password=NEW_PASSWORD, confirmation=NEW_PASSWORD)
    press_accept(qtbot, dialog)
    window = wait_for(qtbot, controller, MainWindow)
    assert window.session.actor.role is Role.ADMIN
    assert window.clients is None  # administrators do not see client records
    assert not auth.needs_first_admin()


def test_a_wrong_password_and_an_unknown_user_get_the_same_message(qtbot, controller, make_staff):
    make_staff(Role.CASEWORKER, "mrivera", "Maria Rivera")
    controller.start()
    dialog = sign_in(qtbot, controller, "mrivera", "not the password at all")
    qtbot.waitUntil(dialog.problem.isVisible)
    wrong_password = dialog.problem.text()
    assert dialog.inputs["password"].text() == ""  # cleared for the next try

    dialog = sign_in(qtbot, controller, "nobody-here", TEST_PASSWORD)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and dialog.problem.isVisible())
    assert dialog.problem.text() == wrong_password
    assert "incorrect" in wrong_password


def test_five_failures_lock_the_account_even_for_the_right_password(
    qtbot, controller, make_staff, services, admin
):
    from domain.audit.events import AuditFilter

    make_staff(Role.CASEWORKER, "mrivera", "Maria Rivera")
    controller.start()
    for attempt in range(5):
        dialog = sign_in(qtbot, controller, "mrivera", f"wrong guess number {attempt}")
        qtbot.waitUntil(lambda dialog=dialog: dialog.buttons.isEnabled())
    dialog = sign_in(qtbot, controller, "mrivera", TEST_PASSWORD)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and dialog.problem.isVisible())
    assert isinstance(controller.current, SignInDialog)

    actions = [e.action for e in services.audit.query(admin, AuditFilter(actor="mrivera"))]
    assert actions.count("sign_in.failed") == 6
    assert "account.locked" in actions


def test_a_reset_password_must_be_changed_before_work(
    qtbot, controller, make_staff, services, admin
):
    worker = make_staff(Role.CASEWORKER, "mrivera", "Maria Rivera")
    controller.start()
    sign_in(qtbot, controller, "mrivera", TEST_PASSWORD)
    dialog = wait_for(qtbot, controller, ChangePasswordDialog)
    assert "set by an administrator" in dialog.intro.text()

    fill(qtbot, dialog, current_password=TEST_PASSWORD, new_password="short", confirmation="short")
    press_accept(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.messages["new_password"].isVisible())
    assert "at least 12" in dialog.messages["new_password"].text()

    fill(
        qtbot,
        dialog,
        current_password=TEST_PASSWORD,
        new_password=NEW_PASSWORD,
        confirmation=NEW_PASSWORD,
    )
    press_accept(qtbot, dialog)
    window = wait_for(qtbot, controller, MainWindow)
    assert window.session.actor.staff_id == worker.staff_id
    [account] = [s for s in services.staff.list_staff(admin) if s.username == "mrivera"]
    assert not account.must_change_password


@pytest.fixture
def working_window(qtbot, auth, runner, services, actor):
    services.clients.register(actor, ClientForm(first_name="Ana", last_name="Diaz"))
    window = MainWindow(Session(actor, services, False), auth, runner, "test database")
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    qtbot.waitUntil(lambda: window.clients.model.rowCount() == 1)
    return window


def test_an_idle_session_hides_client_data_and_unlocks_with_the_password(
    qtbot, working_window, services, admin
):
    from domain.audit.events import AuditFilter

    window = working_window
    window.clients.new_client()
    dialog = window.clients.findChild(ClientDialog)
    qtbot.waitExposed(dialog)
    fill(qtbot, dialog, first_name="Half-typed")

    window.idle.set_interval_ms(50)  # the office setting is minutes; the rule is the same
    qtbot.waitUntil(lambda: window.locked)
    assert not window.tabs.isVisible()
    assert not dialog.isVisible()
    assert not window.menuBar().isEnabled()

    lock = window.lock_screen
    # Unlocking re-arms the timer: at 50 ms a busy machine would lock it again
    # before the test looks.
    window.idle.set_interval_ms(600_000)
    type_text(lock.password, "not my password")
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lock.message.isVisible)
    assert window.locked

    lock.password.setText(TEST_PASSWORD)
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked)
    assert window.tabs.isVisible()
    assert dialog.isVisible()
    assert dialog.inputs["first_name"].text() == "Half-typed"  # nothing typed was lost
    actions = [e.action for e in services.audit.query(admin, AuditFilter(actor="mrivera"))]
    assert {"session.locked", "session.unlocked", "sign_in.failed"} <= set(actions)


def test_deactivating_an_account_ends_its_session_at_the_next_action(
    qtbot, working_window, services, admin
):
    window = working_window
    closed = []
    window.session_closed.connect(closed.append)
    staff = next(s for s in services.staff.list_staff(admin) if s.username == "mrivera")
    services.staff.set_active(admin, staff.id, staff.version, False)

    window.clients.refresh()
    qtbot.waitUntil(lambda: bool(closed))
    assert "deactivated" in closed[0]
    assert not window.isVisible()


def test_the_demo_office_is_prepared_behind_a_progress_window(qtbot, auth, runner):
    from PySide6.QtWidgets import QProgressDialog

    from demo.accounts import DEMO_PASSWORD, sign_in_hint
    from demo.office import seed_demo_office

    controller = AppController(
        auth, runner, "demo database", "DEMO-PC", sign_in_hint=sign_in_hint()
    )
    controller.start(lambda: seed_demo_office(auth, "DEMO-PC", clients=5))
    assert isinstance(controller.current, QProgressDialog)
    dialog = wait_for(qtbot, controller, SignInDialog)
    assert DEMO_PASSWORD in dialog.intro.text()  # the demo's accounts are on screen
    assert not auth.needs_first_admin()
    dialog.close()
