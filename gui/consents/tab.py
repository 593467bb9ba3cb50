"""A client's consents: what each covers, since when, until when, and whether it
is in effect today; record a new one (perhaps signed on screen as it is
recorded), record that one was revoked, or have a recorded one signed on screen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from domain.common.actor import Actor
from domain.common.field_rules import format_date
from domain.common.policy import Permission
from domain.consents.consent import Consent, ConsentKind
from domain.local_work.kept_work import LocalWorkKeeper
from domain.printing.service import FormKind
from gui.common.form_printer import FormPrinter
from gui.common.list_view import record_list
from gui.common.record_table_model import RecordTableModel
from gui.common.runner import BackgroundRunner
from gui.consents.dialogs import RecordConsentDialog, RevokeConsentDialog
from gui.signatures.sign_dialog import SignConsentDialog


class ConsentTableModel(RecordTableModel):
    COL_KIND, COL_RECIPIENT, COL_SIGNED, COL_HOW, COL_EXPIRES, COL_STATUS = range(6)

    def __init__(self, today: date, parent=None):
        super().__init__(
            (
                self.tr("Consent"),
                self.tr("Recipient"),
                self.tr("Signed"),
                self.tr("How"),
                self.tr("Ends"),
                self.tr("Status today"),
            ),
            parent,
        )
        self._today = today

    def display(self, consent: Consent, column: int) -> str | None:
        if consent.expires_on:
            ends = format_date(consent.expires_on)
        else:
            ends = consent.expiry_event or self.tr("when withdrawn")
        status = self.tr(consent.status_on(self._today))
        if consent.revoked_on:
            status = self.tr("revoked {0}").format(format_date(consent.revoked_on))
        return (
            self.tr(consent.kind.label),
            consent.recipient or "—",
            format_date(consent.signed_on),
            self.tr(consent.method.label),
            ends,
            status,
        )[column]

    def other_data(self, consent: Consent, column: int, role: int):
        lapsed = consent.status_on(self._today) != "in effect"
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_STATUS and lapsed:
            return QColor("#b00020")
        return None


def consent_details(consent: Consent) -> str:
    lines = []
    if consent.purpose:
        lines.append(f"Purpose: {consent.purpose}")
    kinds = consent.information_kinds
    if kinds:
        lines.append("Information: " + ", ".join(k.label for k in kinds))
    if consent.discloser:
        lines.append(f"Disclosed by: {consent.discloser}")
    lines.append(f"Recorded by {consent.recorded_by}")
    if consent.revoked_on:
        lines.append(
            f"Revoked {format_date(consent.revoked_on)}, recorded by {consent.revoked_by}: "
            f"{consent.revocation_note}"
        )
    return "\n".join(lines)


class ConsentsTab(QWidget):
    changed = Signal()  # a consent was recorded or revoked: reload them

    def __init__(
        self,
        runner: BackgroundRunner,
        services,
        actor: Actor,
        client_id: int,
        parent: QWidget | None = None,
        *,
        kept: LocalWorkKeeper | None = None,
        client_name: str = "",
    ):
        super().__init__(parent)
        self._runner, self._services, self._actor = runner, services, actor
        self._client_id = client_id
        self._kept, self._client_name = kept, client_name  # the consent form's copy
        self._signed_here: set[int] = set()  # consents signed from this tab
        self.model = ConsentTableModel(services.today(), self)
        self.table = record_list(
            self, self.model, "consent_list", stretch=ConsentTableModel.COL_RECIPIENT
        )
        self.details = QLabel(self)
        self.details.setObjectName("consent_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.record_button = QPushButton(self.tr("Recor&d a consent…"), self)
        self.record_button.clicked.connect(self.record)
        self.revoke_button = QPushButton(self.tr("Record re&vocation…"), self)
        self.revoke_button.clicked.connect(self.revoke)
        may = actor.may(Permission.CLIENT_EDIT)
        self.record_button.setVisible(may)
        self.revoke_button.setVisible(may)
        self.revoke_button.setEnabled(False)
        self.print_button = QPushButton(self.tr("Pr&int the form…"), self)
        self.print_button.setObjectName("print_consent")
        self.print_button.clicked.connect(self.print_selected)
        self.print_button.setVisible(actor.may(Permission.FORM_PRINT))
        self.print_button.setEnabled(False)
        self._printer = FormPrinter(runner, services, actor, self)
        self.sign_button = QPushButton(self.tr("Sign on scr&een…"), self)
        self.sign_button.setObjectName("sign_consent")
        self.sign_button.clicked.connect(self.sign_selected)
        self.sign_button.setVisible(may)
        self.sign_button.setEnabled(False)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.model.modelReset.connect(self._selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.revoke_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.sign_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)

    def selected(self) -> Consent | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selected(self, *_args) -> None:
        consent = self.selected()
        self.details.setText(consent_details(consent) if consent else "")
        self.revoke_button.setEnabled(consent is not None and consent.revoked_on is None)
        self.print_button.setEnabled(consent is not None and consent.kind is not ConsentKind.MEDIA)
        signed = consent is not None and self._signed(consent)
        self.sign_button.setEnabled(
            consent is not None
            and consent.kind is not ConsentKind.MEDIA
            and consent.revoked_on is None
            and not signed
        )
        self.sign_button.setToolTip(self.tr("This consent is signed already.") if signed else "")

    def _signed(self, consent: Consent) -> bool:
        """Signed on screen, as read, or here since it was read."""
        return consent.signed_on_screen or consent.id in self._signed_here

    def _signed_now(self, consent_id: int) -> None:
        self._signed_here.add(consent_id)
        self._selected()

    def print_selected(self) -> None:
        consent = self.selected()
        if consent is None:
            return
        name = f"{self.tr(consent.kind.label)} {format_date(consent.signed_on)}.pdf".replace(
            "/", "-"
        )
        self._printer.print_form(
            FormKind.CONSENT_COPY, [consent.client_id], name, consent_id=consent.id
        )

    def sign_selected(self) -> SignConsentDialog | None:
        """The client (and the staff witness) sign the chosen consent on screen."""
        consent = self.selected()
        if consent is None:
            return None
        dialog = SignConsentDialog(
            self._runner,
            self._services.signatures,
            self._actor,
            consent,
            self,
            client_name=self._client_name,
            witness_name=self._actor.display_name,
        )
        dialog.accepted.connect(lambda: self._signed_now(consent.id))
        dialog.accepted.connect(self.changed)
        dialog.open()
        return dialog

    def record(self, recipient: str = "") -> RecordConsentDialog:
        """A new consent; with ``recipient``, a release for them, already named."""
        dialog = RecordConsentDialog(
            self._runner,
            self._services.consents,
            self._actor,
            self._client_id,
            self._services.today(),
            self,
            kept=self._kept,
            client_name=self._client_name,
            clock=self._services.clock,
        )
        if recipient and not dialog.restored:
            dialog.fields.inputs["recipient"].setText(recipient)
            dialog.fields.inputs["purpose"].setFocus()
        dialog.accepted.connect(self.changed)
        dialog.open()
        return dialog

    def revoke(self) -> RevokeConsentDialog | None:
        consent = self.selected()
        if consent is None:
            return None
        dialog = RevokeConsentDialog(
            self._runner, self._services.consents, self._actor, consent, self
        )
        dialog.accepted.connect(self.changed)
        dialog.open()
        return dialog
