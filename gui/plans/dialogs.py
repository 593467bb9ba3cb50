"""The two things done to an agreed plan or a finished draft: recording the
client's agreement, and recording a review of each goal's progress."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.errors import ValidationError
from domain.common.field_rules import format_date
from domain.plans.plan import AgreementForm, AgreementMethod, GoalStatus, ServicePlan
from domain.plans.reviews import GoalReviewForm, ReviewForm
from gui.common.error_presenter import present_error
from gui.common.form_fields import ERROR_COLOUR, FormFields
from gui.common.runner import BackgroundRunner
from gui.signatures.pad import SignatureField, drawn_signers, show_signer_errors


class _ServiceDialog(QDialog):
    """Save runs the service call in the background; problems show by their fields."""

    done_with = Signal(object)  # what the service returned

    def __init__(self, runner: BackgroundRunner, actor: Actor, parent: QWidget | None):
        super().__init__(parent)
        self._runner, self._actor = runner, actor
        self.message = QLabel(self)
        self.message.setObjectName("dialog_message")
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

    def call(self):
        raise NotImplementedError

    def save(self) -> None:
        if not self.buttons.isEnabled():
            return
        self.buttons.setEnabled(False)
        fn, *args = self.call()
        self._runner.submit(
            fn, *args, on_success=self._succeeded, on_error=self._failed, owner=self
        )

    def _succeeded(self, result) -> None:
        self.done_with.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(error, ValidationError):
            present_error(self, error)
            return
        leftover = self.show_errors(error.errors)
        self.message.setText("\n".join(leftover.values()))
        self.message.setVisible(bool(leftover))

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        raise NotImplementedError


class AgreementDialog(_ServiceDialog):
    """How the client agreed; signed on screen, the client's pad and the witness's
    appear, and the date is today's, as it is signed."""

    NARROW, WIDE = 460, 640  # without the pads, and with them (the consent dialog's width)

    def __init__(
        self,
        runner: BackgroundRunner,
        plans_service,
        actor: Actor,
        plan: ServicePlan,
        today: date,
        parent: QWidget | None = None,
        *,
        client_name: str = "",
    ):
        super().__init__(runner, actor, parent)
        self._service, self._plan, self._today = plans_service, plan, today
        self.setWindowTitle(self.tr("Client's agreement — version {0}").format(plan.number))
        note = QLabel(
            self.tr(
                "Once the agreement is recorded this version is fixed: a later change "
                "starts a new version, and this one stays readable as agreed."
            ),
            self,
        )
        note.setWordWrap(True)
        self.fields = FormFields(self)
        self.agreed_on = self.fields.add_line_edit(
            "agreed_on", self.tr("&Agreed on"), placeholder="MM/DD/YYYY"
        )
        self.agreed_on.setText(format_date(today))
        self.agreed_on.setMaximumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        self._typed_date = self.agreed_on.text()  # given back when screen is unchosen
        self.how = QComboBox(self)
        for method in AgreementMethod:
            self.how.addItem(self.tr(method.label), method.value)
        self.fields.add("how", self.tr("&How"), self.how)
        self.signing = QWidget(self)
        self.signing.setObjectName("agreement_signing")
        about = QLabel(
            self.tr("The client signs below. The staff witness countersigns by signing too."),
            self.signing,
        )
        about.setWordWrap(True)
        self.client = SignatureField("client", self.signing)
        self.client.name.setText(client_name)
        self.witness = SignatureField("witness", self.signing)
        self.witness.name.setText(actor.display_name)
        pads = QVBoxLayout(self.signing)
        pads.setContentsMargins(0, 4, 0, 0)
        pads.addWidget(about)
        pads.addWidget(self.client)
        pads.addSpacing(8)
        pads.addWidget(self.witness)
        self.signing.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.signing)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.how.currentIndexChanged.connect(self._method_chosen)
        self.resize(self.NARROW, self.sizeHint().height())

    @property
    def on_screen(self) -> bool:
        return self.how.currentData() == AgreementMethod.SCREEN.value

    def _method_chosen(self, _index: int) -> None:
        screen = self.on_screen
        if screen != self.signing.isHidden():  # no change (isVisible is False before show)
            return
        if screen:
            self._typed_date = self.agreed_on.text()
            self.agreed_on.setText(format_date(self._today))
        else:
            self.agreed_on.setText(self._typed_date)
        self.agreed_on.setEnabled(not screen)
        self.agreed_on.setToolTip(
            self.tr("Signed on screen, the plan is agreed today.") if screen else ""
        )
        self.fields.show_message("agreed_on", "")
        self.signing.setVisible(screen)
        # Grow to fit the pads, and give the room back when they go.
        self.layout().activate()
        width = max(self.width(), self.WIDE) if screen else self.NARROW
        self.resize(width, self.sizeHint().height())

    def call(self):
        form = AgreementForm(self.agreed_on.text(), self.how.currentData())
        signers = drawn_signers(self.client, self.witness) if self.on_screen else []
        return (
            self._service.record_agreement,
            self._actor,
            self._plan.id,
            self._plan.version,
            form,
            signers,
        )

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        return show_signer_errors((self.client, self.witness), self.fields.show_errors(errors))


class GoalReviewBox(QGroupBox):
    def __init__(self, goal, number: int, parent: QWidget):
        super().__init__(parent)
        self.goal = goal
        self.setTitle(self.tr("Goal {0}: {1}").format(number, goal.description))
        self.fields = FormFields(self)
        self.progress = QPlainTextEdit(self)
        self.progress.setTabChangesFocus(True)
        self.progress.setPlaceholderText(self.tr("What has happened since the last review"))
        self.progress.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.progress.textChanged.connect(lambda: self.fields.show_message("progress", ""))
        self.fields.add("progress", self.tr("&Progress"), self.progress)
        self.status = QComboBox(self)
        for status in GoalStatus:
            self.status.addItem(self.tr(status.label), status.value)
        self.status.setCurrentIndex(self.status.findData(goal.status.value))
        self.fields.add("status", self.tr("Stat&us"), self.status)
        self.steps: list[tuple[int, QCheckBox]] = []
        steps_box = QVBoxLayout()
        steps_box.setSpacing(2)
        for step in goal.steps:
            due = f" — {self.tr('due')} {format_date(step.due_on)}" if step.due_on else ""
            box = QCheckBox(f"{step.what} ({self.tr(step.who_label)}){due}", self)
            box.setChecked(step.done)
            box.setEnabled(not step.done)  # done stays done
            steps_box.addWidget(box)
            self.steps.append((step.id, box))
        if goal.steps:
            self.fields.layout.addRow(self.tr("Steps done"), steps_box)
        self.setLayout(self.fields.layout)

    def form(self) -> GoalReviewForm:
        done = tuple(step_id for step_id, box in self.steps if box.isChecked() and box.isEnabled())
        return GoalReviewForm(
            self.goal.id, self.progress.toPlainText(), self.status.currentData(), done
        )


class ReviewDialog(_ServiceDialog):
    def __init__(
        self,
        runner: BackgroundRunner,
        plans_service,
        actor: Actor,
        plan: ServicePlan,
        today: date,
        parent: QWidget | None = None,
    ):
        super().__init__(runner, actor, parent)
        self._service, self._plan = plans_service, plan
        self.setWindowTitle(self.tr("Review of the service plan — version {0}").format(plan.number))
        self.fields = FormFields(self)
        self.reviewed_on = self.fields.add_line_edit(
            "reviewed_on", self.tr("&Reviewed on"), placeholder="MM/DD/YYYY"
        )
        self.reviewed_on.setText(format_date(today))
        self.reviewed_on.setMaximumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        container = QWidget(self)
        inner = QVBoxLayout(container)
        self.goals = [
            GoalReviewBox(goal, number, container)
            for number, goal in enumerate(plan.goals, start=1)
        ]
        for box in self.goals:
            inner.addWidget(box)
        inner.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(container)
        layout = QVBoxLayout(self)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(720, min(640, max(340, container.sizeHint().height() + 140)))
        if self.goals:
            self.goals[0].progress.setFocus()

    def form(self) -> ReviewForm:
        return ReviewForm(self.reviewed_on.text(), tuple(box.form() for box in self.goals))

    def call(self):
        return self._service.record_review, self._actor, self._plan.id, self.form()

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        leftover = self.fields.show_errors(errors)
        first_bad = None
        for index, box in enumerate(self.goals):
            prefix = f"goal.{index}."
            mine = {k[len(prefix) :]: v for k, v in errors.items() if k.startswith(prefix)}
            for name in box.fields.inputs:
                box.fields.show_message(name, mine.get(name, ""))
                if name in mine and first_bad is None:
                    first_bad = box.fields.inputs[name]
            leftover = {k: v for k, v in leftover.items() if not k.startswith(prefix)}
        if first_bad is not None and "reviewed_on" not in errors:
            first_bad.setFocus()
            self.scroll.ensureWidgetVisible(first_bad)
        return leftover
