"""The client form, for a new client or for changing one.

Every check is the domain's: a field's message appears under it when the person
leaves the field, and all messages at once when they try to save. The save runs
on the background runner; nothing is saved unless every field is acceptable.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from domain.actor import Actor
from domain.client_service import ClientService
from domain.clients import ClientForm, ClientRecord, validate_client_form
from domain.clock import utc_now
from domain.errors import ValidationError
from domain.field_rules import format_date
from gui.error_presenter import present_error
from gui.form_fields import FormFields
from gui.runner import BackgroundRunner

FIELDS = ("first_name", "last_name", "date_of_birth", "phone")


class ClientDialog(QDialog):
    saved = Signal(object)  # the ClientRecord as stored

    def __init__(
        self,
        runner: BackgroundRunner,
        service: ClientService,
        actor: Actor,
        client: ClientRecord | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self._service = service
        self._actor = actor
        self._client = client
        self.result_record: ClientRecord | None = None
        self.setWindowTitle(
            self.tr("New client") if client is None else self.tr("Client {0}").format(client.number)
        )
        self.setMinimumWidth(460)

        labels = {
            "first_name": self.tr("&First name"),
            "last_name": self.tr("&Last name"),
            "date_of_birth": self.tr("&Date of birth"),
            "phone": self.tr("&Phone"),
        }
        placeholders = {
            "first_name": self.tr("Required"),
            "last_name": self.tr("Required"),
            "date_of_birth": self.tr("MM/DD/YYYY, blank if unknown"),
            "phone": self.tr("(555) 123-4567"),
        }
        max_lengths = {"date_of_birth": 10, "phone": 40}
        self.fields = FormFields(self)
        self.inputs: dict[str, QLineEdit] = {}
        for name in FIELDS:
            edit = self.fields.add_line_edit(
                name, labels[name], placeholder=placeholders[name], max_length=max_lengths.get(name)
            )
            edit.editingFinished.connect(lambda name=name: self._check_field(name))
            self.inputs[name] = edit
        self.messages: dict[str, QLabel] = self.fields.messages

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
            Qt.Orientation.Horizontal,
            self,
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.buttons)

        if client is not None:
            self.inputs["first_name"].setText(client.first_name)
            self.inputs["last_name"].setText(client.last_name)
            self.inputs["date_of_birth"].setText(format_date(client.date_of_birth))
            self.inputs["phone"].setText(client.phone or "")

    @classmethod
    def ask(cls, parent, runner, service, actor, client=None) -> ClientRecord | None:
        """Show the dialog modally; the saved record, or None if cancelled."""
        dialog = cls(runner, service, actor, client, parent)
        dialog.exec()
        return dialog.result_record

    def form(self) -> ClientForm:
        return ClientForm(**{name: self.inputs[name].text() for name in FIELDS})

    def show_errors(self, errors: dict[str, str]) -> None:
        self.fields.show_errors(errors)
        self.adjustSize()

    def _show_message(self, name: str, text: str) -> None:
        self.fields.show_message(name, text)
        self.adjustSize()

    def _check_field(self, name: str) -> None:
        """Tell the person about this field as soon as they leave it."""
        if not shiboken6.isValid(self) or not self.isVisible():
            return  # focus leaves the fields while the dialog is being torn down
        if not self.inputs[name].text() and not self.messages[name].text():
            return  # an untouched empty field is not an error yet
        try:
            validate_client_form(self.form(), today=utc_now().date())
        except ValidationError as error:
            self._show_message(name, error.errors.get(name, ""))
        else:
            self._show_message(name, "")

    def save(self) -> None:
        self.buttons.setEnabled(False)
        form = self.form()
        if self._client is None:
            call, args = self._service.register, (self._actor, form)
        else:
            call = self._service.change
            args = (self._actor, self._client.id, self._client.version, form)
        self._runner.submit(call, *args, on_success=self._saved, on_error=self._failed, owner=self)

    def _saved(self, record: ClientRecord) -> None:
        self.result_record = record
        self.saved.emit(record)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
        else:
            present_error(self, error)
