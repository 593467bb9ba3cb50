"""The client's fields, laid out in two columns, with their checks: used by the
client dialog (gui/clients/client_dialog.py) and by the intake's client step.

Every check is the domain's: a field's message appears under it when the person
leaves the field. For a new client, people already registered who look like
this one are listed beside the form while it is typed (gui/clients/duplicates_panel.py).
"""

from __future__ import annotations

from dataclasses import fields, replace
from functools import partial
from itertools import pairwise

import shiboken6
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain.clients.hmis import (
    NO_ANSWER,
    DobQuality,
    NameQuality,
    RaceEthnicity,
    Sex,
    SsnQuality,
    YesNo,
    label,
)
from domain.clients.name_order import full_name
from domain.clients.record import ClientForm, ClientRecord, validate_client_form
from domain.clients.service import ClientService, DuplicateCandidate
from domain.clients.ssn import formatted, masked
from domain.common.actor import Actor
from domain.common.clock import local_date, utc_now
from domain.common.errors import ValidationError
from domain.common.policy import Permission
from gui.clients.duplicates_panel import DuplicatesPanel
from gui.clients.hmis_inputs import AnswerCombo, RaceEthnicityChecklist, answer_text
from gui.clients.name_order_combo import NameOrderCombo
from gui.common.error_presenter import error_text, present_error
from gui.common.form_fields import FormFields
from gui.common.runner import BackgroundRunner, Job, Wait

# A pause in typing this long means the person wants to see who matches.
DUPLICATE_CHECK_DELAY_MS = 300
# What duplicate detection compares: typing in these starts a check.
DUPLICATE_KEYS = ("first_name", "last_name", "date_of_birth", "ssn")
# Leaving one field re-checks these too: their messages depend on it.
RELATED = {
    "name_quality": ("first_name", "last_name"),
    # With a partial name either one will do: typing one settles the other.
    "first_name": ("last_name",),
    "last_name": ("first_name",),
    "date_of_birth": ("dob_quality", "veteran_status"),
    "dob_quality": ("date_of_birth",),
    "ssn": ("ssn_quality",),
    "ssn_quality": ("ssn",),
}


class ClientFormPane(QWidget):
    open_client_requested = Signal(int)  # "this person is already registered": a client id

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
        self._duplicates_job: Job | None = None
        self.fields = FormFields(self)
        self.inputs: dict[str, QWidget] = self.fields.inputs
        self.ssn_show_button: QPushButton | None = None
        self.ssn_revealed = QLineEdit(self)
        self.ssn_revealed.setObjectName("ssn_revealed")
        self.ssn_revealed.setReadOnly(True)
        self.ssn_revealed.setAccessibleName(self.tr("Full SSN"))
        self.ssn_revealed.hide()

        content = QWidget()
        columns = QHBoxLayout(content)
        columns.addLayout(
            self._column(
                content,
                (self.tr("Name"), self._build_name),
                (self.tr("Birth and identity"), self._build_identity),
                (self.tr("Contact"), self._build_contact),
            ),
            1,
        )
        columns.addLayout(
            self._column(
                content,
                (self.tr("Demographics"), self._build_demographics),
                (self.tr("Language"), self._build_language),
                (self.tr("Emergency contact"), self._build_emergency),
            ),
            1,
        )
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("client_form_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Focus belongs to the fields (the area follows it); else the dialog opens on the area.
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setWidget(content)

        self.panel: DuplicatesPanel | None = None
        self.messages: dict[str, QLabel] = self.fields.messages
        if client is None:
            self.panel = DuplicatesPanel(self)
            self.panel.open_client_requested.connect(self.open_client_requested)
            self.inputs = {**self.fields.inputs, **self.panel.reason_fields.inputs}
            self.messages = {**self.fields.messages, **self.panel.reason_fields.messages}
            self._duplicates_timer = QTimer(self)
            self._duplicates_timer.setSingleShot(True)
            self._duplicates_timer.setInterval(DUPLICATE_CHECK_DELAY_MS)
            self._duplicates_timer.timeout.connect(self.check_duplicates)
            for name in DUPLICATE_KEYS:  # each keystroke restarts the pause
                self.inputs[name].textChanged.connect(lambda _text: self._duplicates_timer.start())

        body = QHBoxLayout()
        body.addWidget(self.scroll, 1)
        if self.panel is not None:
            line = QFrame(self)
            line.setFrameShape(QFrame.Shape.VLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            body.addWidget(line)
            body.addWidget(self.panel)
        body.setContentsMargins(0, 0, 0, 0)
        self.setLayout(body)
        self._content = content

        self._connect_checks()
        self._set_tab_order()
        self._load(client.as_form() if client is not None else self._new_form())

    # --- building the form ------------------------------------------------------

    def _column(self, content: QWidget, *sections) -> QVBoxLayout:
        """Group boxes one under another, their inputs lined up on one edge."""
        column = QVBoxLayout()
        captions: list[QWidget] = []
        for title, build in sections:
            box = QGroupBox(title, content)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setHorizontalSpacing(12)
            build(form)
            for row in range(form.rowCount()):
                item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if item is not None and item.widget() is not None:
                    captions.append(item.widget())
            column.addWidget(box)
        widest = max(caption.sizeHint().width() for caption in captions)
        for caption in captions:
            caption.setMinimumWidth(widest)
        column.addStretch(1)
        return column

    def _row(self, form: QFormLayout, name: str, caption: str, widget: QWidget, **kw) -> None:
        label, column = self.fields.make_field(name, caption, widget, **kw)
        form.addRow(label, column)

    def _line(
        self, form: QFormLayout, name: str, caption: str, placeholder: str = "", longest: int = 100
    ) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.setMaxLength(longest)
        self._row(form, name, caption, edit)
        return edit

    def _combo(self, form: QFormLayout, name: str, caption: str, kind, infer=False) -> None:
        infer_label = self.tr("(from what is typed)") if infer else None
        self._row(form, name, caption, AnswerCombo(kind, self, infer_label=infer_label))

    def _build_name(self, form: QFormLayout) -> None:
        first = self._line(form, "first_name", self.tr("&First (given) name"))
        self._line(form, "middle_name", self.tr("M&iddle name"))
        last = self._line(form, "last_name", self.tr("&Last (family) name"))
        self._line(form, "suffix", self.tr("Suffi&x"), self.tr("Jr., III"), longest=20)
        self._line(form, "preferred_name", self.tr("P&referred name"), self.tr("Goes by"))
        self._combo(form, "name_quality", self.tr("Name &quality"), NameQuality)
        self._row(form, "name_order", self.tr("Name &order"), NameOrderCombo(self))
        # How the name will be written, in the order chosen (王秀英, Ana Diaz).
        self.name_preview = QLabel(self)
        self.name_preview.setObjectName("name_preview")
        self.name_preview.setStyleSheet("color: #555;")
        form.addRow(QLabel(self), self.name_preview)
        quality, order = self.fields.inputs["name_quality"], self.fields.inputs["name_order"]
        quality.currentIndexChanged.connect(self._show_names_asked)
        for changed in (first.textChanged, last.textChanged, order.currentIndexChanged):
            changed.connect(self._preview_name)

    def _show_names_asked(self, *_signal_args) -> None:
        """The placeholders say what the name quality asks: both names, or one."""
        code = self.fields.inputs["name_quality"].code()
        if code == NameQuality.PARTIAL:
            hint = self.tr("One name is enough")
        elif code in NO_ANSWER:
            hint = ""
        else:
            hint = self.tr("Required")
        for name in ("first_name", "last_name"):
            self.fields.inputs[name].setPlaceholderText(hint)

    def _preview_name(self, *_signal_args) -> None:
        inputs = self.fields.inputs
        written = full_name(
            inputs["first_name"].text(), inputs["last_name"].text(), inputs["name_order"].value()
        )
        self.name_preview.setText(self.tr("Written: {0}").format(written) if written else "")

    def _build_identity(self, form: QFormLayout) -> None:
        self._line(form, "date_of_birth", self.tr("&Date of birth"), self.tr("MM/DD/YYYY"), 10)
        self._combo(form, "dob_quality", self.tr("&Birth date quality"), DobQuality, infer=True)
        ssn = QLineEdit(self)
        ssn.setMaxLength(11)
        ssn.setPlaceholderText(self.tr("123-45-6789 or last four"))
        partial_hint = self.tr(
            "Type x for each digit the client doesn't know: xxx-xx-6789, 123-45-xxxx."
        )
        ssn.setToolTip(partial_hint)
        beside: list[QWidget] = [self.ssn_revealed]
        client = self._client
        # A partial number whose last four are unknown has no last four to show.
        on_file = client is not None and (
            client.ssn_last4 is not None
            or client.ssn_quality in (SsnQuality.FULL, SsnQuality.PARTIAL)
        )
        if on_file:
            # The form never holds the stored number: blank keeps it, typing replaces it.
            ssn.setPlaceholderText(
                masked(client.ssn_last4) if client.ssn_last4 else self.tr("Partial SSN on file")
            )
            ssn.setToolTip(
                self.tr("Leave blank to keep the number on file; type to replace it.")
                + "\n"
                + partial_hint
            )
            if self._actor.may(Permission.CLIENT_SSN_VIEW):
                self.ssn_show_button = QPushButton(self.tr("Show"), self)
                self.ssn_show_button.setObjectName("ssn_show")
                self.ssn_show_button.setAccessibleName(self.tr("Show the full SSN"))
                self.ssn_show_button.setAutoDefault(False)
                self.ssn_show_button.clicked.connect(self.reveal_ssn)
                beside.append(self.ssn_show_button)
        self._row(form, "ssn", self.tr("&SSN"), ssn, beside=beside)
        self._combo(form, "ssn_quality", self.tr("SSN q&uality"), SsnQuality, infer=True)
        if self._client is not None:
            ssn.textChanged.connect(self._relabel_ssn_quality)

    def _build_contact(self, form: QFormLayout) -> None:
        self._line(form, "phone", self.tr("&Phone"), self.tr("(555) 123-4567"), 40)
        self._line(form, "email", self.tr("E&mail"), self.tr("name@example.org"), 254)
        self._line(form, "address_line1", self.tr("&Address"), self.tr("Street and number"))
        self._line(form, "address_line2", self.tr("Address line &2"), self.tr("Apartment, unit"))
        self._line(form, "city", self.tr("Cit&y"), longest=60)
        self._line(form, "state", self.tr("S&tate"), self.tr("Two letters, e.g. IL"), 20)
        self._line(form, "postal_code", self.tr("&ZIP code"), self.tr("12345"), 10)

    def _build_demographics(self, form: QFormLayout) -> None:
        caption, column = self.fields.make_field(
            "race_ethnicity",
            self.tr("R&ace and ethnicity (all that apply)"),
            RaceEthnicityChecklist(self),
        )
        form.addRow(caption)  # the long answers need the box's whole width
        form.addRow(column)
        self._combo(form, "sex", self.tr("S&ex"), Sex)
        self._combo(form, "veteran_status", self.tr("&Veteran status"), YesNo)
        self._combo(form, "disabling_condition", self.tr("Disabling &condition"), YesNo)

    def _build_language(self, form: QFormLayout) -> None:
        self._line(form, "language", self.tr("Lan&guage"), self.tr("Preferred language"), 40)
        box = QCheckBox(self.tr("Needs an interpreter"), self)
        self._row(form, "interpreter_needed", self.tr("I&nterpreter"), box)

    def _build_emergency(self, form: QFormLayout) -> None:
        self._line(form, "emergency_name", self.tr("&Who to call"), self.tr("Name"))
        self._line(form, "emergency_phone", self.tr("Ph&one"), self.tr("(555) 123-4567"), 40)
        self._line(form, "emergency_relationship", self.tr("Relations&hip"), self.tr("e.g. Sister"))

    def _set_tab_order(self) -> None:
        """Tab walks the form as it reads: down the left column, then the right."""
        chain: list[QWidget] = []
        for name, widget in self.inputs.items():
            if isinstance(widget, RaceEthnicityChecklist):
                chain.extend(widget.focus_widgets())
            else:
                chain.append(widget)
            if name == "ssn":
                chain.extend(w for w in (self.ssn_show_button, self.ssn_revealed) if w)
        if self.panel is not None:  # the reason last: it is asked for after a refused save
            chain.remove(self.panel.reason_input)
            chain.append(self.panel.reason_input)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def natural_size(self) -> QSize:
        """The size that shows the whole form without scrolling."""
        want = self._content.sizeHint()
        width = want.width() + self.scroll.verticalScrollBar().sizeHint().width() + 20
        if self.panel is not None:
            width += self.panel.minimumWidth() + 10
        return QSize(width, want.height() + 20)

    # --- values in and out ------------------------------------------------------

    @staticmethod
    def _new_form() -> ClientForm:
        # Each answer starts as "data not collected"; quality codes follow the typing.
        return ClientForm(race_ethnicity=frozenset({RaceEthnicity.NOT_COLLECTED}))

    def _load(self, form: ClientForm) -> None:
        self._loaded = form
        for field in fields(ClientForm):
            if field.name not in self.inputs:
                continue
            widget, value = self.inputs[field.name], getattr(form, field.name)
            if isinstance(widget, QLineEdit):
                widget.setText(value)
            elif isinstance(widget, AnswerCombo):
                widget.set_code(value)
            elif isinstance(widget, NameOrderCombo):
                widget.set_value(value)
            elif isinstance(widget, RaceEthnicityChecklist):
                widget.set_codes(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
        self._relabel_ssn_quality()
        self._show_names_asked()
        self._preview_name()

    def form(self) -> ClientForm:
        values = {}
        for field in fields(ClientForm):
            widget = self.inputs.get(field.name)
            if isinstance(widget, QLineEdit):
                values[field.name] = widget.text()
            elif isinstance(widget, AnswerCombo):
                values[field.name] = widget.code()
            elif isinstance(widget, NameOrderCombo):
                values[field.name] = widget.value()
            elif isinstance(widget, RaceEthnicityChecklist):
                values[field.name] = widget.codes()
            elif isinstance(widget, QCheckBox):
                values[field.name] = widget.isChecked()
        # A field this form does not show (yet) keeps what was loaded, never a default.
        return replace(self._loaded, **values)

    def load_form(self, form: ClientForm) -> None:
        """Show ``form`` (after a conflict: the versions picked) in place of what is typed."""
        self._load(form)

    def caption(self, name: str) -> str:
        return self.fields.captions.get(name, name.replace("_", " ").capitalize())

    def shown(self, name: str, value) -> str:
        """A field's value as its input shows it: an answer's words, not its code."""
        widget = self.inputs.get(name)
        if isinstance(widget, AnswerCombo | NameOrderCombo):
            index = widget.findData(value)
            return widget.itemText(index) if index >= 0 else ""
        if isinstance(value, bool):
            return self.tr("Yes") if value else self.tr("No")
        if isinstance(value, frozenset):
            return self.tr("{0} answer(s)").format(len(value))
        return "" if value is None else str(value)

    def _relabel_ssn_quality(self) -> None:
        """Editing: an untouched SSN keeps the stored number and its quality; say so."""
        if self._client is None:
            return
        combo = self.inputs["ssn_quality"]
        if self.inputs["ssn"].text():
            combo.set_infer_label(self.tr("(from what is typed)"))
        else:
            stored = answer_text(label(SsnQuality(self._client.ssn_quality)))
            combo.set_infer_label(self.tr("(unchanged: {0})").format(stored))

    # --- messages ---------------------------------------------------------------

    def show_errors(self, errors: dict[str, str]) -> None:
        errors = dict(errors)
        reason = errors.pop("duplicate_reason", None)
        if reason is not None and self.panel is not None:
            self.panel.ask_reason(reason, focus=not errors)
            reason = None
        elsewhere = self.fields.show_errors(errors)
        if reason is not None:
            elsewhere["duplicate_reason"] = reason
        if elsewhere:  # a rule this form has no field for
            present_error(self, ValidationError(elsewhere))

    def _connect_checks(self) -> None:
        for name, widget in self.fields.inputs.items():
            if isinstance(widget, QLineEdit):
                widget.editingFinished.connect(partial(self._check_field, name))
            elif isinstance(widget, AnswerCombo):
                widget.activated.connect(partial(self._check_field, name))
            elif isinstance(widget, RaceEthnicityChecklist):
                widget.changed.connect(partial(self._check_field, name))

    def _quiet(self, name: str) -> bool:
        """An untouched empty field is not an error yet."""
        widget = self.inputs[name]
        untouched = not self.messages[name].text()
        return isinstance(widget, QLineEdit) and not widget.text() and untouched

    def _check_field(self, name: str, *_signal_args) -> None:
        """Tell the person about this field (and those it affects) as they leave it."""
        if not shiboken6.isValid(self) or not self.isVisible():
            return  # focus leaves the fields while the dialog is being torn down
        names = [n for n in (name, *RELATED.get(name, ())) if not self._quiet(n)]
        if not names:
            return
        try:
            validate_client_form(self.form(), today=local_date(utc_now()))
        except ValidationError as error:
            problems = error.errors
        else:
            problems = {}
        for each in names:
            self.fields.show_message(each, problems.get(each, ""))

    # --- duplicates ---------------------------------------------------------------

    def check_duplicates(self) -> None:
        """Ask who this person might already be; a newer question replaces an older."""
        if self.panel is None:
            return
        self._duplicates_timer.stop()  # this question is the one the pause would ask
        if self._duplicates_job is not None:
            self._duplicates_job.cancel()
            self._duplicates_job = None
        form = self.form()
        if not any(getattr(form, name).strip() for name in DUPLICATE_KEYS):
            self.panel.show_candidates([], typed=False)
            return
        try:
            self._duplicates_job = self._runner.submit(
                self._service.possible_duplicates,
                self._actor,
                form,
                on_success=self._show_duplicates,
                on_error=self._duplicates_failed,
                owner=self,
                wait=Wait.QUIET,  # a check while typing: the panel says "Looking…"
            )
        except RuntimeError:
            return  # the runner has shut down: CaseDesk is closing, nobody is waiting
        self.panel.show_checking()

    def _show_duplicates(self, candidates: list[DuplicateCandidate]) -> None:
        self._duplicates_job = None
        self.panel.show_candidates(candidates)

    def _duplicates_failed(self, error: BaseException) -> None:
        # A quiet note: a message box while someone types would steal their keystrokes.
        self._duplicates_job = None
        self.panel.show_unavailable(error_text(error))

    # --- the SSN --------------------------------------------------------------------

    def reveal_ssn(self) -> None:
        self.ssn_show_button.setEnabled(False)
        self._runner.submit(
            self._service.reveal_ssn,
            self._actor,
            self._client.id,
            on_success=self._ssn_revealed,
            on_error=self._reveal_failed,
            owner=self,
        )

    def _ssn_revealed(self, ssn: str | None) -> None:
        self.ssn_show_button.hide()
        self.ssn_revealed.setText(formatted(ssn) if ssn else self.tr("None on file"))
        self.ssn_revealed.show()

    def _reveal_failed(self, error: BaseException) -> None:
        self.ssn_show_button.setEnabled(True)
        present_error(self, error)

    def stop(self) -> None:
        """The form is closing: it lingers until its parent goes, so keep no full
        SSN in it, and ask no more questions for it."""
        self.ssn_revealed.clear()
        if self.panel is not None:
            self._duplicates_timer.stop()
            if self._duplicates_job is not None:
                self._duplicates_job.cancel()

    def reason(self) -> str:
        return self.panel.reason() if self.panel is not None else ""
