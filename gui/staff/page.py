"""The administrator's list of staff accounts, and what can be done to each."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.policy import Permission
from domain.services import Services
from domain.staff.accounts import StaffMember
from gui.common.error_presenter import present_error
from gui.common.list_view import record_list
from gui.common.runner import BackgroundRunner
from gui.staff.dialogs import EditAccountDialog, NewAccountDialog, ResetPasswordDialog
from gui.staff.table_model import StaffTableModel


class StaffPage(QWidget):
    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self._service = services.staff
        self._actor = actor
        self._select_after_refresh: int | None = None

        self.model = StaffTableModel(self)
        self.table = record_list(self, self.model, "staff_table")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in (
            (StaffTableModel.COL_USERNAME, 130),
            (StaffTableModel.COL_NAME, 200),
            (StaffTableModel.COL_ROLE, 120),
            (StaffTableModel.COL_STATUS, 170),
            (StaffTableModel.COL_LAST_SIGN_IN, 140),
        ):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.new_button = self._button(self.tr("&New account…"), self.new_account)
        self.edit_button = self._button(self.tr("&Edit…"), self.edit)
        self.active_button = self._button(self.tr("&Deactivate"), self.toggle_active)
        self.reset_button = self._button(self.tr("Reset &password…"), self.reset_password)
        self.unlock_button = self._button(self.tr("&Unlock"), self.unlock)
        self.refresh_button = self._button(self.tr("Re&fresh"), self.refresh)
        buttons = QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.active_button,
            self.reset_button,
            self.unlock_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)

        # What the last action did, in words; stays until the next one.
        self.notice = QLabel(self)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        self.setFocusProxy(self.table)
        self.setTabOrder(self.table, self.new_button)

        self._update_actions()
        self.refresh()

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # --- which actions apply ---------------------------------------------------

    def selected_staff(self) -> StaffMember | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.staff_at(rows[0].row()) if rows else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        manage = self._actor.may(Permission.STAFF_MANAGE)
        staff = self.selected_staff() if manage else None
        self.new_button.setEnabled(manage)
        self.edit_button.setEnabled(staff is not None)
        self.reset_button.setEnabled(staff is not None)
        self.unlock_button.setEnabled(staff is not None and self.model.is_locked(staff))
        if staff is not None and not staff.active:
            self.active_button.setText(self.tr("Re&activate"))
            self.active_button.setEnabled(True)
            self.active_button.setToolTip("")
            return
        self.active_button.setText(self.tr("&Deactivate"))
        yourself = staff is not None and staff.id == self._actor.staff_id
        self.active_button.setEnabled(staff is not None and not yourself)
        self.active_button.setToolTip(
            self.tr("You cannot deactivate your own account.") if yourself else ""
        )

    # --- loading ---------------------------------------------------------------

    def refresh(self) -> None:
        current = self.selected_staff()
        if self._select_after_refresh is None and current is not None:
            self._select_after_refresh = current.id
        # No on_error: a refusal here is the main window's to present.
        self._runner.submit(
            self._service.list_staff, self._actor, on_success=self._show, owner=self
        )

    def _show(self, staff: list[StaffMember]) -> None:
        self.model.reset_to(staff)
        wanted, self._select_after_refresh = self._select_after_refresh, None
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self._update_actions()

    # --- actions ---------------------------------------------------------------

    def new_account(self) -> None:
        staff = NewAccountDialog.ask(self, self._runner, self._service, self._actor)
        if staff is not None:
            self._done(
                staff,
                self.tr(
                    "Created the account {0} for {1}. Give them the temporary password; "
                    "they choose their own at first sign-in."
                ).format(staff.username, staff.display_name),
            )

    def edit(self) -> None:
        staff = self.selected_staff()
        if staff is None:
            return
        saved = EditAccountDialog.ask(self, self._runner, self._service, self._actor, staff)
        if saved is not None:
            self._done(saved, self.tr("Saved the account {0}.").format(saved.username))

    def reset_password(self) -> None:
        staff = self.selected_staff()
        if staff is None:
            return
        saved = ResetPasswordDialog.ask(self, self._runner, self._service, self._actor, staff)
        if saved is not None:
            self._done(
                saved,
                self.tr(
                    "Set a temporary password for {0}; they choose their own at next sign-in."
                ).format(saved.username),
            )

    def toggle_active(self) -> None:
        staff = self.selected_staff()
        if staff is None:
            return
        if staff.active and not self.confirm_deactivate(self, staff):
            return
        self._run(
            self._service.set_active,
            staff.id,
            staff.version,
            not staff.active,
            done=self.tr("Deactivated {0}: they can no longer sign in.")
            if staff.active
            else self.tr("Reactivated {0}: they can sign in again."),
        )

    def unlock(self) -> None:
        staff = self.selected_staff()
        if staff is None:
            return
        self._run(
            self._service.unlock,
            staff.id,
            staff.version,
            done=self.tr("Unlocked {0}: they can sign in again."),
        )

    @classmethod
    def confirm_deactivate(cls, parent: QWidget, staff: StaffMember) -> bool:
        """Ask before deactivating; a patchable seam for tests."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(parent.tr("Deactivate account"))
        box.setText(
            parent.tr("Deactivate the account of {0} ({1})?").format(
                staff.display_name, staff.username
            )
        )
        box.setInformativeText(
            parent.tr(
                "They can no longer sign in, and a session they have open ends at their "
                "next action. You can reactivate the account later."
            )
        )
        deactivate = box.addButton(parent.tr("Deactivate"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is deactivate

    def _run(self, call, *args, done: str) -> None:
        self._runner.submit(
            call,
            self._actor,
            *args,
            on_success=lambda staff: self._done(staff, done.format(staff.username)),
            on_error=self._failed,
            owner=self,
        )

    def _done(self, staff: StaffMember, notice: str) -> None:
        self.notice.setText(notice)
        self._select_after_refresh = staff.id
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        present_error(self, error)
        self.refresh()  # a conflict means the list was stale

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit()
