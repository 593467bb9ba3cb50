"""The settings page: the idle-lock minutes, checked by the domain, on a real database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from domain.audit.events import AuditAction, AuditFilter
from domain.common.policy import Role
from gui.settings.page import SettingsPage
from tests.gui.test_main_window import activate


def make_page(qtbot, services, actor, runner) -> SettingsPage:
    page = SettingsPage(runner, services, actor)
    qtbot.addWidget(page)
    page.show()
    activate(qtbot, page)
    qtbot.waitUntil(lambda: page.minutes.text() != "")
    return page


def retype(qtbot, page: SettingsPage, text: str) -> None:
    page.minutes.setFocus()
    page.minutes.selectAll()
    qtbot.keyClick(page.minutes, Qt.Key.Key_Backspace)
    qtbot.keyClicks(page.minutes, text)


def test_the_page_shows_the_current_idle_lock(qtbot, gui_services, admin, runner):
    gui_services.settings.set_idle_lock_minutes(admin, "25")
    page = make_page(qtbot, gui_services, admin, runner)
    assert page.minutes.text() == "25"
    assert page.confirmation.text() == ""


def test_a_new_idle_lock_is_saved_on_enter_and_confirmed(qtbot, gui_services, admin, runner):
    page = make_page(qtbot, gui_services, admin, runner)
    assert page.minutes.text() == "15"  # the default

    retype(qtbot, page, "30")
    qtbot.keyClick(page.minutes, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.confirmation.text() != "")
    assert page.confirmation.text() == "Saved: an idle workstation now locks after 30 minutes."
    assert gui_services.settings.read(admin).idle_lock_minutes == 30
    changes = gui_services.audit.query(admin, AuditFilter(action=AuditAction.SETTINGS_CHANGED))
    assert [e.detail for e in changes] == ["idle_lock_minutes=30"]

    retype(qtbot, page, "4")
    assert page.confirmation.text() == ""  # no longer true of what the field shows


def test_a_bad_number_is_explained_beside_the_field_and_nothing_saved(
    qtbot, gui_services, admin, runner
):
    page = make_page(qtbot, gui_services, admin, runner)

    for typed in ("0", "999", "ten"):
        retype(qtbot, page, typed)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        assert not page.save_button.isEnabled()  # until the answer is back
        qtbot.waitUntil(page.save_button.isEnabled)
        message = page.fields.messages["idle_lock_minutes"]
        assert message.isVisible()
        assert message.text() == "Enter a whole number of minutes from 1 to 240."
        assert page.confirmation.text() == ""

    assert gui_services.settings.read(admin).idle_lock_minutes == 15

    retype(qtbot, page, "1")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "1 minute." in page.confirmation.text())
    assert not page.fields.messages["idle_lock_minutes"].isVisible()


def test_someone_who_may_not_change_settings_only_reads_them(
    qtbot, gui_services, make_staff, runner
):
    supervisor = make_staff(Role.SUPERVISOR, "jchen", "Jamie Chen")
    page = make_page(qtbot, gui_services, supervisor, runner)

    assert page.minutes.text() == "15"
    assert page.minutes.isReadOnly()
    assert not page.save_button.isEnabled()


def test_the_administrator_sets_the_letterhead_forms_print(qtbot, gui_services, admin, runner):
    from domain.settings.office_settings import UNNAMED_AGENCY
    from gui.settings.page import SettingsPage

    page = SettingsPage(runner, gui_services, admin)
    qtbot.addWidget(page)
    page.show()
    agency = page.agency
    qtbot.waitUntil(lambda: page.minutes.text() != "")
    assert agency.name.text() == ""  # not the placeholder name forms print meanwhile
    agency.phone.setText("not a phone")
    agency.save()
    qtbot.waitUntil(lambda: agency.fields.messages["agency_name"].isVisible())
    assert agency.fields.messages["agency_phone"].isVisible()
    assert gui_services.settings.read(admin).agency.name == UNNAMED_AGENCY  # nothing saved

    agency.name.setText("Miami Valley Family Services")
    agency.address.setPlainText("12 Main Street\nDayton, OH 45402")
    agency.phone.setText("937 555 0100")
    agency.save()
    qtbot.waitUntil(lambda: agency.confirmation.text() != "")
    stored = gui_services.settings.read(admin).agency
    assert stored.address_lines == ("12 Main Street", "Dayton, OH 45402")
    assert agency.phone.text() == "(937) 555-0100"  # shown as it will print
