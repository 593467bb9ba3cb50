"""Recording a client's consent (any kind) and recording its revocation.

The fields follow the kind: a release of information asks for the recipient,
the purpose, the kinds of information and an expiry date or event; photo and
media consent asks where pictures may be used."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.field_rules import format_date
from domain.consents.consent import (
    Consent,
    ConsentForm,
    ConsentKind,
    ConsentMethod,
    InformationKind,
    RevocationForm,
)
from gui.common.form_fields import FormFields
from gui.common.runner import BackgroundRunner

RELEASE_ONLY = ("recipient", "information", "expiry_event")


class _SavingDialog(QDialog):
    """Save through the runner; field messages on a ValidationError."""

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None):
        super().__init__(parent)
        self._runner = runner
        self.fields = FormFields(self)
        self.result_consent: Consent | None = None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def save(self) -> None:
        self.buttons.setEnabled(False)
        self.fields.clear_messages()
        self._runner.submit(self.call, on_success=self._saved, on_error=self._failed, owner=self)

    def call(self) -> Consent:
        raise NotImplementedError

    def _saved(self, consent: Consent) -> None:
        self.result_consent = consent
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.fields.present(error)


class RecordConsentDialog(_SavingDialog):
    def __init__(
        self,
        runner: BackgroundRunner,
        consents_service,
        actor: Actor,
        client_id: int,
        today,
        parent: QWidget | None = None,
    ):
        super().__init__(runner, parent)
        self._service, self._actor, self._client_id = consents_service, actor, client_id
        self.setWindowTitle(self.tr("Record a consent"))
        self.kind = QComboBox(self)
        for kind in (ConsentKind.RELEASE, ConsentKind.SERVICES, ConsentKind.MEDIA):
            self.kind.addItem(self.tr(kind.label), kind.value)
        self.fields.add("kind", self.tr("&Consent"), self.kind)
        self.fields.add_line_edit(
            "recipient",
            self.tr("&Recipient"),
            placeholder=self.tr("Organisation or person who receives the information"),
            max_length=250,
        )
        self.fields.add_line_edit("purpose", self.tr("&Purpose"), max_length=550)
        self.information: dict[InformationKind, QCheckBox] = {}
        boxes = QWidget(self)
        grid = QGridLayout(boxes)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, kind in enumerate(InformationKind):
            box = QCheckBox(self.tr(kind.label), boxes)
            box.setObjectName(f"information_{kind.value}")
            self.information[kind] = box
            grid.addWidget(box, index // 2, index % 2)
        self.fields.add("information", self.tr("&Information"), boxes)
        self.method = QComboBox(self)
        for method in ConsentMethod:
            self.method.addItem(self.tr(method.label), method.value)
        self.fields.add("method", self.tr("&How"), self.method)
        date_hint = self.tr("MM/DD/YYYY")
        self.fields.add_line_edit("signed_on", self.tr("&Signed on"), placeholder=date_hint)
        self.fields.inputs["signed_on"].setText(format_date(today))
        self.fields.add_line_edit(
            "effective_on", self.tr("E&ffective"), placeholder=self.tr("Blank: when signed")
        )
        self.fields.add_line_edit("expires_on", self.tr("E&xpires on"), placeholder=date_hint)
        self.fields.add_line_edit(
            "expiry_event",
            self.tr("…or &ends when"),
            placeholder=self.tr("An event instead of a date, e.g. when the case closes"),
            max_length=250,
        )
        self.rights = QLabel(
            self.tr(
                "The client may revoke this consent at any time, in writing or by telling "
                "staff, except where information was already shared relying on it."
            ),
            self,
        )
        self.rights.setWordWrap(True)
        self.kind.currentIndexChanged.connect(self._follow_kind)
        layout = QVBoxLayout(self)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.rights)
        layout.addWidget(self.buttons)
        self._follow_kind()
        self.resize(620, self.sizeHint().height())

    def _follow_kind(self) -> None:
        kind = ConsentKind(self.kind.currentData())
        for name in RELEASE_ONLY:
            self._show_field(name, kind is ConsentKind.RELEASE)
        self._show_field("purpose", kind is not ConsentKind.SERVICES)
        purpose = self.fields.inputs["purpose"]
        purpose.setPlaceholderText(
            self.tr("Where photos or recordings may be used")
            if kind is ConsentKind.MEDIA
            else self.tr("Why the information is shared")
        )

    def _show_field(self, name: str, shown: bool) -> None:
        self.fields.show_row(name, shown)

    def form(self) -> ConsentForm:
        return ConsentForm(
            kind=self.kind.currentData(),
            method=self.method.currentData(),
            signed_on=self.fields.text("signed_on"),
            effective_on=self.fields.text("effective_on"),
            expires_on=self.fields.text("expires_on"),
            expiry_event=self.fields.text("expiry_event"),
            recipient=self.fields.text("recipient"),
            purpose=self.fields.text("purpose"),
            information=tuple(k.value for k, box in self.information.items() if box.isChecked()),
        )

    def call(self) -> Consent:
        return self._service.record(self._actor, self._client_id, self.form())


class RevokeConsentDialog(_SavingDialog):
    def __init__(
        self,
        runner: BackgroundRunner,
        consents_service,
        actor: Actor,
        consent: Consent,
        parent: QWidget | None = None,
    ):
        super().__init__(runner, parent)
        self._service, self._actor, self._consent = consents_service, actor, consent
        self.setWindowTitle(self.tr("Record a revocation"))
        what = self.tr(consent.kind.label)
        if consent.recipient:
            what = self.tr("{0} for {1}").format(what, consent.recipient)
        intro = QLabel(
            self.tr("{0}, signed {1}. Once revoked it covers nothing from that day.").format(
                what, format_date(consent.signed_on)
            ),
            self,
        )
        intro.setWordWrap(True)
        self.fields.add_line_edit(
            "revoked_on", self.tr("&Revoked on"), placeholder=self.tr("Blank: today")
        )
        self.fields.add_line_edit(
            "note",
            self.tr("&How it reached us"),
            placeholder=self.tr("Letter received, told me by phone…"),
            max_length=350,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

    def form(self) -> RevocationForm:
        return RevocationForm(self.fields.text("revoked_on"), self.fields.text("note"))

    def call(self) -> Consent:
        return self._service.revoke(
            self._actor, self._consent.id, self._consent.version, self.form()
        )
