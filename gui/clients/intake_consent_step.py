"""Intake, consent step: the client's consent to services, how and when given."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QVBoxLayout, QWidget

from domain.common.field_rules import format_date
from domain.consents.consent import ConsentMethod, ServiceConsentForm
from gui.common.form_fields import FormFields


class ConsentStep(QWidget):
    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        explain = QLabel(
            self.tr(
                "Read the consent to services with the client (print it from the Forms menu "
                "if they sign on paper). Services begin only with their consent; they may "
                "withdraw it at any time."
            ),
            self,
        )
        explain.setWordWrap(True)
        self.fields = FormFields(self)
        self.given = QCheckBox(self.tr("The client consents to receive services"), self)
        self.fields.add("given", self.tr("&Consent"), self.given)
        self.method = QComboBox(self)
        # Signing on screen needs the client's record first: the Consents tab does it.
        for method in (m for m in ConsentMethod if m is not ConsentMethod.SCREEN):
            self.method.addItem(self.tr(method.label), method.value)
        self.fields.add("method", self.tr("&How"), self.method)
        signed = self.fields.add_line_edit(
            "signed_on", self.tr("&Signed on"), placeholder=self.tr("MM/DD/YYYY"), max_length=10
        )
        signed.setText(format_date(today))
        self.fields.add_line_edit(
            "expires_on",
            self.tr("&Expires on"),
            placeholder=self.tr("Blank: until the case closes or it is withdrawn"),
            max_length=10,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(self.fields.layout)
        layout.addStretch(1)

    def form(self) -> ServiceConsentForm:
        return ServiceConsentForm(
            given=self.given.isChecked(),
            method=self.method.currentData(),
            signed_on=self.fields.text("signed_on"),
            expires_on=self.fields.text("expires_on"),
        )

    def load(self, form: ServiceConsentForm) -> None:
        """Show ``form`` (work kept on this computer)."""
        self.given.setChecked(form.given)
        self.method.setCurrentIndex(max(0, self.method.findData(form.method)))
        self.fields.inputs["signed_on"].setText(form.signed_on)
        self.fields.inputs["expires_on"].setText(form.expires_on)

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        return self.fields.show_errors(errors)
