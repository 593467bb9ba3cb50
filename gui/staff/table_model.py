"""The staff accounts list as a Qt table model."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from domain.common.clock import Clock, utc_now
from domain.common.policy import Role
from domain.staff.accounts import StaffMember
from gui.common.record_table_model import RecordTableModel


def role_label(role: Role) -> str:
    """A role as people say it, translated; the combo box and the list share it."""
    labels = {
        Role.ADMIN: QCoreApplication.translate("Roles", "Administrator"),
        Role.SUPERVISOR: QCoreApplication.translate("Roles", "Supervisor"),
        Role.CASEWORKER: QCoreApplication.translate("Roles", "Caseworker"),
        Role.FRONTDESK: QCoreApplication.translate("Roles", "Front desk"),
    }
    return labels.get(role, role.label)


def local_time(moment: datetime, now: datetime) -> str:
    """HH:MM in the workstation's time zone, with the date when it is not today."""
    local, today = moment.astimezone(), now.astimezone().date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%m/%d %H:%M")


class StaffTableModel(RecordTableModel):
    COL_USERNAME, COL_NAME, COL_ROLE, COL_STATUS, COL_LAST_SIGN_IN, COL_MUST_CHANGE = range(6)
    StaffIdRole = Qt.ItemDataRole.UserRole + 1
    StaffRole = Qt.ItemDataRole.UserRole + 2  # the StaffMember read model itself

    def __init__(self, parent=None, clock: Clock = utc_now):
        super().__init__(
            (
                self.tr("Username"),
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Status"),
                self.tr("Last sign-in"),
                self.tr("Must change password"),
            ),
            parent,
        )
        # "Locked" depends on the time; the same clock tells the page which
        # accounts it may unlock.
        self.clock = clock

    def staff_at(self, row: int) -> StaffMember:
        return self._rows[row]

    def is_locked(self, staff: StaffMember) -> bool:
        return staff.is_locked(self.clock())

    def status_text(self, staff: StaffMember) -> str:
        now = self.clock()
        if not staff.active:
            return self.tr("Inactive")
        if staff.is_locked(now):
            assert staff.locked_until is not None
            return self.tr("Locked until {0}").format(local_time(staff.locked_until, now))
        return self.tr("Active")

    def other_data(self, staff: StaffMember, column: int, role: int):
        if role == self.StaffIdRole:
            return staff.id
        if role == self.StaffRole:
            return staff
        if role == Qt.ItemDataRole.ForegroundRole and not staff.active:
            # Inactive accounts stay listed (to reactivate) but recede.
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        return None

    def display(self, staff: StaffMember, column: int) -> str | None:
        if column == self.COL_USERNAME:
            return staff.username
        if column == self.COL_NAME:
            return staff.display_name
        if column == self.COL_ROLE:
            return role_label(staff.role)
        if column == self.COL_STATUS:
            return self.status_text(staff)
        if column == self.COL_LAST_SIGN_IN:
            if staff.last_login_at is None:
                return self.tr("Never")
            return staff.last_login_at.astimezone().strftime("%m/%d/%Y %H:%M")
        if column == self.COL_MUST_CHANGE:
            return self.tr("Yes") if staff.must_change_password else ""
        return None
