"""Sign a consent on screen: the client signs, the staff witness may countersign.

The pads' checks run here first (messages beside each pad and name); the
service checks again and stores the strokes with the consent's fingerprint.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.errors import DatabaseUnavailable, ValidationError
from domain.common.field_rules import format_date
from domain.consents.consent import Consent
from domain.signatures.signature import Signature
from gui.common.form_fields import ERROR_COLOUR
from gui.common.runner import BackgroundRunner, StoppedWaiting, Wait
from gui.signatures.pad import SignatureField, show_signer_errors


class SignConsentDialog(QDialog):
    def __init__(
        self,
        runner: BackgroundRunner,
        signatures,
        actor: Actor,
        consent: Consent,
        parent: QWidget | None = None,
        *,
        client_name: str = "",
        witness_name: str = "",
    ):
        super().__init__(parent)
        self.setObjectName("sign_consent_dialog")
        self.setWindowTitle(self.tr("Sign the consent on screen"))
        self._runner, self._signatures, self._actor = runner, signatures, actor
        self._consent = consent
        self.result_signatures: list[Signature] = []
        about = QLabel(
            self.tr("{kind} of {date}. The client signs; the staff witness countersigns.").format(
                kind=self.tr(consent.kind.label), date=format_date(consent.signed_on)
            ),
            self,
        )
        about.setWordWrap(True)
        self.client = SignatureField("client", self)
        self.client.name.setText(client_name)
        self.witness = SignatureField("witness", self)
        self.witness.name.setText(witness_name)
        self.message = QLabel(self)
        self.message.setObjectName("sign_message")
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Sign"))
        self.buttons.accepted.connect(self.sign)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.client)
        layout.addWidget(self.witness)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(640, self.sizeHint().height())

    def _witness_given(self) -> bool:
        """The witness countersigns when they draw (their name is filled in for them)."""
        return bool(self.witness.pad.strokes().strokes)

    def sign(self) -> None:
        if not self.buttons.isEnabled():
            return
        self.message.hide()
        client = self.client.accepted()
        witness = self.witness.accepted() if self._witness_given() else None
        if client is None or (self._witness_given() and witness is None):
            return
        signers = [("client", *client)]
        if witness is not None:
            signers.append(("witness", *witness))
        self.buttons.setEnabled(False)
        self._runner.submit(
            lambda: self._signatures.sign_consent(self._actor, self._consent.id, signers),
            on_success=self._signed,
            on_error=self._failed,
            owner=self,
            wait=Wait.SAVE,
            what=self.tr("Signing the consent"),
        )

    def _signed(self, signatures: list[Signature]) -> None:
        self.result_signatures = signatures
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, StoppedWaiting):
            return
        if isinstance(error, ValidationError):
            rest = show_signer_errors((self.client, self.witness), error.errors)
            if len(rest) < len(error.errors):  # said beside a pad or a name
                return
        if isinstance(error, DatabaseUnavailable):
            self.message.setText(str(error))
        else:
            self.message.setText(str(error) or self.tr("The consent was not signed."))
        self.message.show()
