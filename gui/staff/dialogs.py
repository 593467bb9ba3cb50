"""Dialogs for staff accounts: a new account, changing one, resetting a password.

Every check is the domain's: the save runs on the background runner and each
field's message appears under that field. Passwords are never shown as typed.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.errors import ConflictError, NotFound, ValidationError
from domain.common.policy import Role
from domain.staff.accounts import StaffForm, StaffMember
from domain.staff.service import StaffService
from gui.common.conflict_resolution import ConflictResolution
from gui.common.error_presenter import present_error
from gui.common.form_fields import FormFields
from gui.common.runner import BackgroundRunner
from gui.staff.table_model import role_label


def role_combo(parent: QWidget, current: Role | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for role in Role:
        combo.addItem(role_label(role), role.value)
    # A new account starts with no role chosen: a wrong default would grant too much.
    combo.setPlaceholderText(parent.tr("Choose a role"))
    combo.setCurrentIndex(-1 if current is None else combo.findData(current.value))
    return combo


class _StaffDialog(QDialog):
    """What the three dialogs share: fields with messages, Save/Cancel, the save."""

    saved = Signal(object)  # the StaffMember as stored

    def __init__(
        self,
        runner: BackgroundRunner,
        service: StaffService,
        actor: Actor,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self._service = service
        self._actor = actor
        self.result_record: StaffMember | None = None
        self.setMinimumWidth(480)
        self.fields = FormFields(self)
        self.inputs = self.fields.inputs
        self.messages = self.fields.messages
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
            Qt.Orientation.Horizontal,
            self,
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self, explanation: str) -> None:
        intro = QLabel(explanation, self)
        intro.setObjectName("explanation")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(self.fields.layout)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _password_fields(self, label: str) -> None:
        self.fields.add_line_edit(
            "new_password",
            label,
            placeholder=self.tr("At least 12 characters"),
            password=True,
        )
        self.fields.add_line_edit(
            "confirmation", self.tr("&Type it again"), placeholder="", password=True
        )

    def _submit(self) -> tuple:
        """The service call and its arguments; each dialog says what it saves."""
        raise NotImplementedError

    def save(self) -> None:
        self.buttons.setEnabled(False)
        call, *args = self._submit()
        self._runner.submit(call, *args, on_success=self._saved, on_error=self._failed, owner=self)

    def show_errors(self, errors: dict[str, str]) -> None:
        elsewhere = self.fields.show_errors(errors)
        self.adjustSize()
        if elsewhere:  # a rule about the account as a whole, not one of these fields
            present_error(self, ValidationError(elsewhere))

    def _saved(self, staff: StaffMember) -> None:
        self.result_record = staff
        self.saved.emit(staff)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
        else:
            present_error(self, error)


class NewAccountDialog(_StaffDialog):
    def __init__(self, runner, service, actor, parent=None):
        super().__init__(runner, service, actor, parent)
        self.setWindowTitle(self.tr("New staff account"))
        self.fields.add_line_edit(
            "username",
            self.tr("&Username"),
            placeholder=self.tr("e.g. mrivera: lower case, used to sign in"),
            max_length=32,
        )
        self.fields.add_line_edit(
            "display_name", self.tr("&Name"), placeholder=self.tr("As colleagues know them")
        )
        self.role = role_combo(self)
        self.fields.add("role", self.tr("&Role"), self.role)
        self._password_fields(self.tr("&Temporary password"))
        self._lay_out(
            self.tr(
                "The person signs in once with the temporary password and is then asked "
                "to choose their own. A few unrelated words together make a password "
                "that is easy to pass on and hard to guess."
            )
        )

    @classmethod
    def ask(cls, parent, runner, service, actor) -> StaffMember | None:
        """Show the dialog modally; the new account, or None if cancelled."""
        dialog = cls(runner, service, actor, parent)
        dialog.exec()
        return dialog.result_record

    def _submit(self) -> tuple:
        form = StaffForm(
            username=self.fields.text("username"),
            display_name=self.fields.text("display_name"),
            role=self.role.currentData() or "",
        )
        return (
            self._service.create,
            self._actor,
            form,
            self.fields.text("new_password"),
            self.fields.text("confirmation"),
        )


class EditAccountDialog(_StaffDialog):
    def __init__(self, runner, service, actor, staff: StaffMember, parent=None):
        super().__init__(runner, service, actor, parent)
        self._staff = staff
        self.setWindowTitle(self.tr("Account {0}").format(staff.username))
        self.fields.layout.addRow(self.tr("Username"), QLabel(staff.username, self))
        edit = self.fields.add_line_edit("display_name", self.tr("&Name"))
        edit.setText(staff.display_name)
        self.role = role_combo(self, staff.role)
        self.fields.add("role", self.tr("&Role"), self.role)
        self._lay_out(self.tr("A new role applies from the person's next action in CaseDesk."))
        self.conflict = ConflictResolution(self, runner, self.caption, self.shown)

    def form(self) -> StaffForm:
        return StaffForm(
            self._staff.username, self.fields.text("display_name"), self.role.currentData() or ""
        )

    def load_form(self, form: StaffForm) -> None:
        self.fields.inputs["display_name"].setText(form.display_name)
        self.role.setCurrentIndex(self.role.findData(form.role))

    def caption(self, name: str) -> str:
        return self.fields.captions.get(name, name)

    def shown(self, name: str, value: str) -> str:
        return role_label(Role(value)) if name == "role" and value else value

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, ConflictError):
            super()._failed(error)
            return
        self.buttons.setEnabled(True)
        opened = self._staff
        self.conflict.start(
            error,
            what=self.tr("the account {0}").format(opened.username),
            read=partial(self._current, opened.id),
            form_of=StaffMember.as_form,
            original=opened.as_form(),
            mine=self.form(),
            save=self._save_over,
        )

    def _current(self, staff_id: int) -> StaffMember:
        found = [s for s in self._service.list_staff(self._actor) if s.id == staff_id]
        if not found:
            raise NotFound("That staff account does not exist.")
        return found[0]

    def _save_over(self, current: StaffMember, form: StaffForm) -> None:
        """The details picked, saved over the version stored now."""
        self._staff = current
        self.load_form(form)
        self.save()

    @classmethod
    def ask(cls, parent, runner, service, actor, staff: StaffMember) -> StaffMember | None:
        """Show the dialog modally; the changed account, or None if cancelled."""
        dialog = cls(runner, service, actor, staff, parent)
        dialog.exec()
        return dialog.result_record

    def _submit(self) -> tuple:
        form = self.form()
        return (
            self._service.change,
            self._actor,
            self._staff.id,
            self._staff.version,
            form.display_name,
            form.role,
        )


class ResetPasswordDialog(_StaffDialog):
    def __init__(self, runner, service, actor, staff: StaffMember, parent=None):
        super().__init__(runner, service, actor, parent)
        self._staff = staff
        self.setWindowTitle(self.tr("Reset password of {0}").format(staff.username))
        self._password_fields(self.tr("&Temporary password"))
        self._lay_out(
            self.tr(
                "{0} ({1}) signs in with this temporary password and is then asked to "
                "choose their own. A locked account is unlocked."
            ).format(staff.display_name, staff.username)
        )

    @classmethod
    def ask(cls, parent, runner, service, actor, staff: StaffMember) -> StaffMember | None:
        """Show the dialog modally; the account after the reset, or None if cancelled."""
        dialog = cls(runner, service, actor, staff, parent)
        dialog.exec()
        return dialog.result_record

    def _submit(self) -> tuple:
        return (
            self._service.reset_password,
            self._actor,
            self._staff.id,
            self.fields.text("new_password"),
            self.fields.text("confirmation"),
        )
