"""Printing a client's forms for someone outside the agency: the consent gate,
on screen. As the recipient is typed, it tells whether a release of information
is in effect for them; a supervisor may give a reason to print without one."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.policy import Permission
from domain.consents.consent import Consent, ConsentKind
from domain.consents.gate import ReleaseCheck
from domain.printing.service import FormKind
from gui.common.form_fields import ERROR_COLOUR, FormFields
from gui.common.runner import BackgroundRunner

SHAREABLE = (FormKind.FACE_SHEET, FormKind.INTAKE_PACKET)
ALLOWED_COLOUR = "#1b5e20"


class ReleasePrintDialog(QDialog):
    def __init__(
        self,
        runner: BackgroundRunner,
        consents_service,
        actor: Actor,
        client_id: int,
        consents: list[Consent],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._service, self._actor = runner, consents_service, actor
        self._client_id = client_id
        self.check: ReleaseCheck | None = None
        self.setWindowTitle(self.tr("Print for a recipient"))
        self.fields = FormFields(self)
        self.recipient = QComboBox(self)
        self.recipient.setEditable(True)
        known = dict.fromkeys(c.recipient for c in consents if c.kind is ConsentKind.RELEASE)
        self.recipient.addItems(list(known))
        self.recipient.setCurrentIndex(-1)
        self.recipient.lineEdit().setPlaceholderText(self.tr("Who receives it"))
        self.fields.add("recipient", self.tr("&Recipient"), self.recipient)
        self.form_kind = QComboBox(self)
        for kind in SHAREABLE:
            self.form_kind.addItem(self.tr(kind.label), kind.value)
        self.fields.add("form", self.tr("&Form"), self.form_kind)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("release_verdict")
        self.verdict.setWordWrap(True)
        self.fields.layout.addRow(self.verdict)
        self.fields.add_line_edit(
            "override_reason",
            self.tr("Override &reason"),
            placeholder=self.tr("Why it must be shared without a release (audited)"),
            max_length=350,
        )
        self._may_override = actor.may(Permission.CONSENT_OVERRIDE)
        self.fields.inputs["override_reason"].textChanged.connect(self._update_buttons)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Preview…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(250)  # check when typing pauses, not at every key
        self._pause.timeout.connect(self._check)
        self.recipient.currentTextChanged.connect(self._typed)
        layout = QVBoxLayout(self)
        layout.addLayout(self.fields.layout)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._show_reason(False)
        self._update_buttons()
        self.setMinimumWidth(560)

    def recipient_name(self) -> str:
        return self.recipient.currentText().strip()

    def chosen_form(self) -> FormKind:
        return FormKind(self.form_kind.currentData())

    def override_reason(self) -> str:
        shown = self.check is not None and not self.check.allowed
        return self.fields.text("override_reason").strip() if shown else ""

    def _show_reason(self, shown: bool) -> None:
        self.fields.show_row("override_reason", shown)

    def _typed(self, _text: str) -> None:
        self.check = None
        self.verdict.setText("")
        self._show_reason(False)
        self._update_buttons()
        self._pause.start()

    def _check(self) -> None:
        name = self.recipient_name()
        if not name:
            return
        self._runner.submit(
            self._service.check_release,
            self._actor,
            self._client_id,
            name,
            on_success=self._checked,
            owner=self,
        )

    def _checked(self, check: ReleaseCheck) -> None:
        if check.recipient != self.recipient_name():
            return  # typed on since
        self.check = check
        self.verdict.setText(self.tr(check.message))
        colour = ALLOWED_COLOUR if check.allowed else ERROR_COLOUR
        self.verdict.setStyleSheet(f"color: {colour};")
        self._show_reason(not check.allowed and self._may_override)
        self._update_buttons()
        self.adjustSize()

    def _update_buttons(self, *_args) -> None:
        check = self.check
        ready = check is not None and (
            check.allowed or (self._may_override and len(self.override_reason()) >= 10)
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)
