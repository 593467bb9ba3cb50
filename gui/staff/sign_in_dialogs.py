"""Signing in: the first administrator, the sign-in dialog, and changing a password.

Each dialog runs its call on the background runner and shows the domain's
messages next to the fields. Password fields are never echoed, never logged.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.errors import SignInFailed, ValidationError
from domain.staff.session import Authenticator, FirstAdminForm, Session
from gui.common.busy_indicator import BusyIndicator
from gui.common.error_presenter import present_error
from gui.common.form_fields import ERROR_COLOUR, FormFields
from gui.common.runner import BackgroundRunner, StoppedWaiting

ERROR_STYLE = f"color: {ERROR_COLOUR};"


class _FieldDialog(QDialog):
    """A form of line edits, each with its message label underneath."""

    what = ""  # what a slow call is said to be doing

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._runner = runner
        self.fields = FormFields(self)
        self.inputs: dict[str, QLineEdit] = self.fields.inputs  # type: ignore[assignment]
        self.messages = self.fields.messages
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.problem = QLabel(self)  # a message for the whole form (sign-in failures)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(self)
        # A slow server (a sign-in waits on it too): what is awaited, and Cancel.
        self.busy = BusyIndicator(runner, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.problem)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def add_field(self, name: str, label: str, *, secret: bool = False) -> QLineEdit:
        return self.fields.add_line_edit(
            name, label, password=secret, max_length=512 if secret else None
        )

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def show_errors(self, errors: dict[str, str]) -> None:
        self.fields.show_errors(errors)
        first = next((name for name in self.inputs if name in errors), None)
        if first:
            self.inputs[first].selectAll()
        self.adjustSize()

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self.adjustSize()

    def run(self, call, *args) -> None:
        self.buttons.setEnabled(False)
        self.show_problem("")
        self._runner.submit(
            call, *args, on_success=self._done, on_error=self._failed, owner=self, what=self.what
        )

    def _done(self, result) -> None:
        self.buttons.setEnabled(True)
        self.succeeded(result)

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, StoppedWaiting):
            return  # the form as it was; the busy indicator says what it means
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
        elif isinstance(error, SignInFailed):
            self.show_errors({})
            self.show_problem(str(error))
        else:
            present_error(self, error)

    def succeeded(self, result) -> None:
        raise NotImplementedError


class FirstAdminDialog(_FieldDialog):
    """First start on an empty embedded database: create the office's administrator."""

    signed_in = Signal(object)  # Session

    def __init__(self, runner, authenticator: Authenticator, workstation: str, parent=None):
        super().__init__(runner, parent)
        self._auth = authenticator
        self._workstation = workstation
        self.setWindowTitle(self.tr("Set up CaseDesk"))
        self.set_intro(
            self.tr(
                "Welcome. Create the administrator account for this office. The "
                "administrator adds the other staff accounts; it cannot read client records."
            )
        )
        self.add_field("username", self.tr("&Username"))
        self.add_field("display_name", self.tr("&Full name"))
        self.add_field("new_password", self.tr("&Password"), secret=True)
        self.add_field("confirmation", self.tr("&Repeat password"), secret=True)
        self.inputs["new_password"].setPlaceholderText(self.tr("At least 12 characters"))
        create = self.buttons.addButton(
            self.tr("Create administrator"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        create.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def submit(self) -> None:
        form = FirstAdminForm(
            username=self.inputs["username"].text(),
            display_name=self.inputs["display_name"].text(),
            password=self.inputs["new_password"].text(),
            confirmation=self.inputs["confirmation"].text(),
        )
        self.run(self._auth.create_first_admin, form, self._workstation)

    def succeeded(self, session: Session) -> None:
        self.signed_in.emit(session)
        self.accept()


class SignInDialog(_FieldDialog):
    signed_in = Signal(object)  # Session

    def __init__(
        self,
        runner,
        authenticator: Authenticator,
        workstation: str,
        where: str,
        hint: str = "",
        parent=None,
    ):
        super().__init__(runner, parent)
        self._auth = authenticator
        self._workstation = workstation
        self.setWindowTitle(self.tr("Sign in to CaseDesk"))
        self.what = self.tr("Signing in…")
        self.set_intro(self.tr("Database: {0}").format(where) + (f"\n\n{hint}" if hint else ""))
        self.add_field("username", self.tr("&Username"))
        self.add_field("password", self.tr("&Password"), secret=True)
        sign_in = self.buttons.addButton(self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        sign_in.setDefault(True)
        self.buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def submit(self) -> None:
        username = self.inputs["username"].text()
        password = self.inputs["password"].text()
        if not username.strip():
            self.show_errors({"username": self.tr("Enter your username.")})
            return
        self.run(self._auth.sign_in, username, password, self._workstation)

    def _failed(self, error: BaseException) -> None:
        super()._failed(error)
        if isinstance(error, StoppedWaiting):
            return  # nothing was refused: what was typed stays
        self.inputs["password"].clear()
        self.inputs["password"].setFocus()

    def succeeded(self, session: Session) -> None:
        self.inputs["password"].clear()
        self.signed_in.emit(session)
        self.accept()


class ChangePasswordDialog(_FieldDialog):
    """Change one's own password; forced after an administrator's reset."""

    changed = Signal()

    def __init__(
        self, runner, authenticator: Authenticator, actor: Actor, *, forced: bool, parent=None
    ):
        super().__init__(runner, parent)
        self._auth = authenticator
        self._actor = actor
        self.setWindowTitle(self.tr("Change your password"))
        if forced:
            self.set_intro(
                self.tr(
                    "Your password was set by an administrator. Choose your own before "
                    "you continue: at least 12 characters; a few unrelated words are "
                    "strong and easy to remember."
                )
            )
        self.add_field("current_password", self.tr("&Current password"), secret=True)
        self.add_field("new_password", self.tr("&New password"), secret=True)
        self.add_field("confirmation", self.tr("&Repeat new password"), secret=True)
        save = self.buttons.addButton(
            self.tr("Change password"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        save.setDefault(True)
        self.buttons.addButton(
            self.tr("Sign out") if forced else self.tr("Cancel"),
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def submit(self) -> None:
        self.run(
            self._auth.change_password,
            self._actor,
            self.inputs["current_password"].text(),
            self.inputs["new_password"].text(),
            self.inputs["confirmation"].text(),
        )

    def succeeded(self, _result) -> None:
        for edit in self.inputs.values():
            edit.clear()
        self.changed.emit()
        self.accept()
