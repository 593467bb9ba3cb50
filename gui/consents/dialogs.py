"""Recording a client's consent (any kind) and recording its revocation.

The fields follow the kind: a release of information asks for the recipient,
the purpose, the kinds of information and an expiry date or event; photo and
media consent asks where pictures may be used. Signed on screen, the client
(and, if they draw, the staff witness) sign on pads in the form itself, dated
today: the consent and its signatures are recorded together.

Your work is kept: a consent being filled in is copied, sealed, to this computer
(gui/common/kept_work.py) and put back when a consent for the same client is
recorded again; a save the server does not answer can be stopped, the form
staying as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.errors import DatabaseUnavailable, ValidationError
from domain.common.field_rules import format_date
from domain.common.saving import new_request_id
from domain.consents.consent import (
    Consent,
    ConsentForm,
    ConsentKind,
    ConsentMethod,
    InformationKind,
    RevocationForm,
)
from domain.local_work.form_json import from_json, to_json
from domain.local_work.kept_work import KeptWork, LocalWorkKeeper, WorkKind
from domain.signatures.signing import Signer
from gui.common.busy_indicator import BusyIndicator
from gui.common.form_fields import ERROR_COLOUR, FormFields
from gui.common.kept_work import AsksBeforeDiscarding, LocalCopy, WorkBar, kept_at, not_saved_text
from gui.common.runner import BackgroundRunner, StoppedWaiting, Wait
from gui.signatures.pad import SignatureField, drawn_signers, show_signer_errors

RELEASE_ONLY = ("recipient", "information", "expiry_event")
FORM_WIDTH = 620
# Two pads side by side, each at its full 480 x 160 (pad.py draws at 3:1), Clear beside.
SIGNING_WIDTH = 1180
TITLE_BAR = 32  # a window's frame above its contents, before it is first shown


class _SavingDialog(AsksBeforeDiscarding, QDialog):
    """Save through the runner; field messages on a ValidationError. ``footer``
    (what the server is doing, and Save and Cancel) goes at the bottom."""

    what = ""  # what a slow save is said to be doing

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None):
        super().__init__(parent)
        self._runner = runner
        self.fields = FormFields(self)
        self.result_consent: Consent | None = None
        # Written by the background worker: a save stopped waiting for that reached
        # the server is not made twice by saving again.
        self._made: Consent | None = None
        self.copy: LocalCopy | None = None
        self.work_bar = WorkBar(self)
        self.footer = QWidget(self)
        self.message = QLabel(self.footer)
        self.message.setObjectName("consent_message")
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.setWordWrap(True)
        self.message.hide()
        self.busy = BusyIndicator(runner, self, self.footer)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
            self.footer,
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.busy, 1)
        row.addWidget(self.buttons)
        column = QVBoxLayout(self.footer)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.message)
        column.addLayout(row)

    def save(self) -> None:
        if not self.buttons.isEnabled():
            return
        self.buttons.setEnabled(False)
        self.fields.clear_messages()
        self.work_bar.hide()
        self._say("")
        kept = self.copy is not None and self.copy.enabled
        if kept:
            self.copy.keep_now()
        send = self.call()  # the widgets are read here, on the UI thread
        self._runner.submit(
            partial(self._save_work, send),
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
            wait=Wait.SAVE_KEPT if kept else Wait.SAVE,
            what=self.what,
        )

    def _save_work(self, send: Callable[[], Consent]) -> Consent:
        """On the background worker."""
        if self._made is None:
            self._made = send()
        return self._made

    def call(self) -> Callable[[], Consent]:
        """What Save sends, read from the form now; called on the worker."""
        raise NotImplementedError

    def _saved(self, consent: Consent) -> None:
        if self.copy is not None:
            self.copy.forget()
        self.result_consent = consent
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, StoppedWaiting):
            return  # the form stays as filled in; the busy indicator says what it means
        if isinstance(error, DatabaseUnavailable):
            self._say(not_saved_text(error))
            return
        self.fields.present(error)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def discard_question(self) -> str:
        return self.tr("Close without saving? What you filled in is discarded.")


class RecordConsentDialog(_SavingDialog):
    def __init__(
        self,
        runner: BackgroundRunner,
        consents_service,
        actor: Actor,
        client_id: int,
        today,
        parent: QWidget | None = None,
        *,
        kept: LocalWorkKeeper | None = None,
        client_name: str = "",
        clock: Callable[[], datetime] | None = None,
    ):
        super().__init__(runner, parent)
        self._service, self._actor, self._client_id = consents_service, actor, client_id
        self._today = today
        # This consent's id until it is confirmed: recording it again (after a save
        # stopped waiting for, or from the copy kept here) never makes a second one.
        self._request_id = new_request_id()
        self.what = self.tr("Recording the consent…")
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
        signed_on = self.fields.inputs["signed_on"]
        signed_on.setText(format_date(today))
        # The date typed for paper or verbal, put back when screen is left again.
        self._typed_signed_on = signed_on.text()
        signed_on.textEdited.connect(self._remember_signed_on)
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
        self.signing = self._signing_pads(client_name, actor.display_name)
        self.kind.currentIndexChanged.connect(self._follow_kind)
        self.method.currentIndexChanged.connect(self._follow_method)
        # The form scrolls, Save and Cancel stay: a release with both pads is taller
        # than a 1366 x 768 laptop leaves above its taskbar.
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.fields.layout)
        column.addWidget(self.rights)
        column.addWidget(self.signing)
        column.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("consent_form")
        self.scroll.setWidget(body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(self.work_bar)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.footer)
        self._follow_kind()
        self._follow_method()
        self.copy = LocalCopy(
            kept,
            actor,
            WorkKind.CONSENT,
            f"client{client_id}",
            client_name,
            self._snapshot,
            clock or (lambda: datetime.now(UTC)),
            self,
        )
        self.copy.problem.connect(self._say)
        as_opened = self.form()
        baseline = self._snapshot()
        self.restored = self._restore(self.copy.found(), as_opened)
        self.copy.start(baseline=baseline, kept=self.restored)
        self._fit()

    def _signing_pads(self, client_name: str, witness_name: str) -> QWidget:
        """The client's pad and the staff witness's, shown while "Signed on screen"."""
        signing = QWidget(self)
        signing.setObjectName("screen_signing")
        about = QLabel(
            self.tr(
                "The client reads the consent above and signs; the staff witness "
                "countersigns if they saw it signed."
            ),
            signing,
        )
        about.setWordWrap(True)
        self.client = SignatureField("client", signing)
        self.client.name.setText(client_name)
        self.witness = SignatureField("witness", signing)
        self.witness.name.setText(witness_name)
        pads = QHBoxLayout()
        pads.setContentsMargins(0, 0, 0, 0)
        pads.addWidget(self.client, 1)
        pads.addSpacing(12)
        pads.addWidget(self.witness, 1)
        column = QVBoxLayout(signing)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(about)
        column.addLayout(pads)
        signing.hide()
        return signing

    # --- your work is kept ---------------------------------------------------------

    def _snapshot(self) -> dict:
        return {"form": to_json(self.form()), "request_id": self._request_id}

    def _restore(self, work: KeptWork | None, as_opened: ConsentForm) -> bool:
        if work is None:
            return False
        try:
            form = from_json(ConsentForm, work.form["form"])
            request_id = from_json(str, work.form["request_id"])
        except (KeyError, TypeError, ValueError):
            return False  # not a copy this form can read: it is written over
        self._request_id = request_id
        self.load(form)
        self.work_bar.say(
            self.tr(
                "The consent you were filling in at {0} was kept on this computer and is "
                "back in the form. Save to record it."
            ).format(kept_at(work)),
            (self.tr("&Discard it"), lambda: self._discard_restored(as_opened)),
        )
        return True

    def _discard_restored(self, as_opened: ConsentForm) -> None:
        self.load(as_opened)
        self._request_id = new_request_id()  # a new consent, whatever became of that one
        self.copy.saved(baseline=self._snapshot())

    def load(self, form: ConsentForm) -> None:
        """Show ``form`` in place of what is filled in."""
        self.kind.setCurrentIndex(max(0, self.kind.findData(form.kind)))
        self.method.setCurrentIndex(max(0, self.method.findData(form.method)))
        self._typed_signed_on = form.signed_on
        for name in (
            "signed_on",
            "effective_on",
            "expires_on",
            "expiry_event",
            "recipient",
            "purpose",
        ):
            self.fields.inputs[name].setText(getattr(form, name))
        for kind, box in self.information.items():
            box.setChecked(kind.value in form.information)
        self._follow_method()  # signed on screen: today, whatever date was kept

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

    def _on_screen(self) -> bool:
        return self.method.currentData() == ConsentMethod.SCREEN.value

    def _remember_signed_on(self, text: str) -> None:
        self._typed_signed_on = text

    def _follow_method(self) -> None:
        """Signed on screen: the pads appear and the date is today's, fixed."""
        screen = self._on_screen()
        signed_on = self.fields.inputs["signed_on"]
        if screen:
            signed_on.setText(format_date(self._today))
        elif not signed_on.isEnabled():
            signed_on.setText(self._typed_signed_on)
        signed_on.setEnabled(not screen)
        signed_on.setToolTip(
            self.tr("Signed on screen: today, as it is recorded.") if screen else ""
        )
        if self.signing.isHidden() == screen:
            self.signing.setVisible(screen)
            if not screen:
                for field in (self.client, self.witness):
                    field.pad_error.hide()
                    field.name_error.hide()
            self._fit()

    def wanted_size(self) -> QSize:
        """The whole form without scrolling: wide enough for both pads side by side
        while signing on screen (the scroll area's own hint is capped by Qt)."""
        self.layout().activate()
        body = self.scroll.widget()
        body.layout().activate()
        layout = self.layout()
        margins = layout.contentsMargins()
        parts = [body.sizeHint().height(), self.footer.sizeHint().height()]
        if not self.work_bar.isHidden():
            parts.append(self.work_bar.sizeHint().height())
        height = sum(parts) + layout.spacing() * (len(parts) - 1)
        width = max(
            SIGNING_WIDTH if self._on_screen() else FORM_WIDTH,
            body.minimumSizeHint().width() + margins.left() + margins.right(),
        )
        return QSize(width, height + margins.top() + margins.bottom())

    def _room(self) -> QRect | None:
        """Where the dialog may be: the screen above its taskbar, less a title bar."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return None
        room = screen.availableGeometry()
        title = max(self.frameGeometry().height() - self.height(), TITLE_BAR)
        return room.adjusted(0, 0, 0, -title)

    def _fit(self, room: QRect | None = None) -> None:
        """The form's whole size, never more than ``room`` (the screen's): beyond
        it the form scrolls and Save stays in sight."""
        # Never narrower than the form (it scrolls up and down only), a scroll bar beside.
        body = self.scroll.widget().minimumSizeHint().width()
        self.scroll.setMinimumWidth(body + self.scroll.verticalScrollBar().sizeHint().width())
        wanted = self.wanted_size()
        room = room or self._room()
        if room is not None:
            wanted = wanted.boundedTo(room.size())
        self.resize(wanted)

    def _signers(self) -> list[Signer]:
        return drawn_signers(self.client, self.witness) if self._on_screen() else []

    def save(self) -> None:
        if not self.buttons.isEnabled():
            return
        for field in (self.client, self.witness):
            field.pad_error.hide()
            field.name_error.hide()
        super().save()

    def _failed(self, error: BaseException) -> None:
        """Signers' problems ("client.pad", "witness.name"...) beside their pads;
        the others under their fields."""
        if isinstance(error, ValidationError):
            rest = show_signer_errors((self.client, self.witness), error.errors)
            if rest:
                super()._failed(ValidationError(rest))
            else:
                self.buttons.setEnabled(True)
            self._grow()
            return
        super()._failed(error)

    def _grow(self) -> None:
        """Messages just shown get their room instead of squeezing the form."""
        height = max(self.height(), self.wanted_size().height())
        room = self._room()
        if room is not None:
            height = min(height, room.height())
        self.resize(self.width(), height)

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

    def call(self) -> Callable[[], Consent]:
        return partial(
            self._service.record,
            self._actor,
            self._client_id,
            self.form(),
            request_id=self._request_id,
            signers=self._signers(),
        )


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
        self.what = self.tr("Recording the revocation…")
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
        layout.addWidget(self.work_bar)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.footer)
        self.resize(480, self.sizeHint().height())

    def form(self) -> RevocationForm:
        return RevocationForm(self.fields.text("revoked_on"), self.fields.text("note"))

    def call(self) -> Callable[[], Consent]:
        return partial(
            self._service.revoke, self._actor, self._consent.id, self._consent.version, self.form()
        )
