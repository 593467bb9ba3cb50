"""A new referral from one of the client's cases: the need (the most pressing of
the last assessment, to start with), a resource found as one types with the
categories meeting that need first, the reason, when and how it was sent; and
the consent gate's verdict for the resource's organisation, live. Without a
release in effect the person chooses: a client self-referral (nothing shared),
record the consent first, or (a supervisor) override with a reason."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from domain.assessments.assessment import LifeDomain
from domain.cases.case import CaseSummary
from domain.common.actor import Actor
from domain.common.errors import ConsentRequired, ValidationError
from domain.common.field_rules import format_date
from domain.common.policy import Permission
from domain.consents.gate import ReleaseCheck
from domain.referrals.referral import Referral, ReferralForm, ReferralMethod
from domain.referrals.resources import Resource
from gui.common.error_presenter import present_error
from gui.common.form_fields import ERROR_COLOUR, FormFields
from gui.common.runner import BackgroundRunner
from gui.consents.release_print_dialog import ALLOWED_COLOUR
from gui.referrals.resource_finder import ResourceFinder

SHORTEST_OVERRIDE_REASON = 10


class NewReferralDialog(QDialog):
    record_consent_requested = Signal(str)  # the organisation the release is for
    referral_made = Signal(object)  # the Referral

    def __init__(
        self,
        runner: BackgroundRunner,
        services,
        actor: Actor,
        client_id: int,
        cases: list[CaseSummary],
        need: LifeDomain | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._services, self._actor = runner, services, actor
        self._client_id = client_id
        self.check: ReleaseCheck | None = None
        self.result_referral: Referral | None = None
        self.setWindowTitle(self.tr("New referral"))
        self.fields = FormFields(self)
        f = self.fields
        self.case = QComboBox(self)
        for case in cases:
            label = f"{case.number} · {case.program_name or self.tr('no program')}"
            self.case.addItem(label, case.id)
        f.add("case_id", self.tr("C&ase"), self.case)
        self.need = QComboBox(self)
        self.need.addItem(self.tr("(no particular need)"), "")
        for domain in LifeDomain:
            self.need.addItem(self.tr(domain.label), domain.value)
        if need is not None:
            self.need.setCurrentIndex(self.need.findData(need.value))
        f.add("need", self.tr("&Need"), self.need)
        self.goal = QComboBox(self)
        self.goal.setObjectName("goal")
        self.goal.addItem(self.tr("(no plan goal)"), None)
        f.add("goal_id", self.tr("Plan &goal"), self.goal)
        self.case.currentIndexChanged.connect(lambda _i: self.load_goals())
        self.finder = ResourceFinder(runner, services, actor, self)
        self.finder.setMinimumHeight(220)
        f.add("resource_id", self.tr("&Resource"), self.finder)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        f.add("reason", self.tr("Reas&on"), self.reason)
        f.add_line_edit("sent_on", self.tr("&Sent on"), max_length=10)
        f.inputs["sent_on"].setText(format_date(services.today()))
        self.method = QComboBox(self)
        for method in ReferralMethod:
            self.method.addItem(self.tr(method.label), method.value)
        f.add("method", self.tr("&How"), self.method)

        self.share = QRadioButton(self.tr("Share the client's information with the resource"), self)
        self.share.setChecked(True)
        self.self_referral = QRadioButton(
            self.tr("Client self-referral: the client contacts them; nothing is shared"), self
        )
        sharing = QWidget(self)
        column = QVBoxLayout(sharing)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.share)
        column.addWidget(self.self_referral)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("release_verdict")
        self.verdict.setWordWrap(True)
        column.addWidget(self.verdict)
        self.record_consent_button = QPushButton(self.tr("Record the &consent first…"), self)
        self.record_consent_button.clicked.connect(self._record_consent_first)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.record_consent_button)
        consent_row.addStretch(1)
        column.addLayout(consent_row)
        f.add("sharing", self.tr("Sharing"), sharing)
        f.add_line_edit(
            "override_reason",
            self.tr("Override reaso&n"),
            placeholder=self.tr("Why it must be shared without a release (audited)"),
            max_length=300,
        )
        self._may_override = actor.may(Permission.CONSENT_OVERRIDE)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.send_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.send_button.setText(self.tr("Record &referral"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.need.currentIndexChanged.connect(lambda _i: self.finder.set_need(self.chosen_need()))
        self.finder.current_changed.connect(self._resource_chosen)
        self.share.toggled.connect(self._update)
        f.inputs["override_reason"].textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addLayout(f.layout)
        layout.addWidget(self.buttons)
        self.resize(820, 760)
        self.finder.set_need(self.chosen_need())
        self._update()
        self.load_goals()

    def load_goals(self) -> None:
        """The goals of the chosen case's plan in force, to say which one this serves."""
        self.goal.clear()
        self.goal.addItem(self.tr("(no plan goal)"), None)
        case_id = self.case.currentData()
        if case_id is None or not self._actor.may(Permission.PLAN_WORK):
            return
        self._runner.submit(
            self._services.plans.goals_for_case,
            self._actor,
            case_id,
            on_success=self._show_goals,
            on_error=lambda _error: None,  # naming a goal is optional
            owner=self,
        )

    def _show_goals(self, goals: list[tuple[int, str]]) -> None:
        for goal_id, description in goals:
            self.goal.addItem(description, goal_id)

    def chosen_need(self) -> LifeDomain | None:
        code = self.need.currentData()
        return LifeDomain(code) if code else None

    def chosen_resource(self) -> Resource | None:
        return self.finder.selected()

    def override_reason(self) -> str:
        return self.fields.text("override_reason").strip() if self._overriding() else ""

    def _overriding(self) -> bool:
        check = self.check
        return (
            self.share.isChecked()
            and check is not None
            and not check.allowed
            and self._may_override
        )

    def _resource_chosen(self, resource: Resource | None) -> None:
        self.check = None
        self._update()
        if resource is None:
            return
        self._runner.submit(
            self._services.referrals.gate,
            self._actor,
            self._client_id,
            resource.id,
            on_success=lambda check: self._checked(resource, check),
            owner=self,
        )

    def _checked(self, resource: Resource, check: ReleaseCheck) -> None:
        now = self.chosen_resource()
        if now is None or now.id != resource.id:
            return  # chosen another since
        self.check = check
        self._update()

    def _update(self, *_args) -> None:
        check, sharing = self.check, self.share.isChecked()
        if not sharing:
            self.verdict.setText(self.tr("Nothing about the client goes to the resource."))
            self.verdict.setStyleSheet("")
        elif check is None:
            self.verdict.setText(
                self.tr("Choose a resource to see whether a release allows sharing.")
            )
            self.verdict.setStyleSheet("")
        else:
            text = self.tr(check.message)
            if not check.allowed:
                text += " " + (
                    self.tr("Or refer as a client self-referral, or override with a reason.")
                    if self._may_override
                    else self.tr("Or refer as a client self-referral.")
                )
            self.verdict.setText(text)
            colour = ALLOWED_COLOUR if check.allowed else ERROR_COLOUR
            self.verdict.setStyleSheet(f"color: {colour};")
        blocked = sharing and check is not None and not check.allowed
        self.record_consent_button.setVisible(blocked)
        self.fields.show_row("override_reason", self._overriding())
        ready = self.chosen_resource() is not None and (
            not sharing
            or (check is not None and check.allowed)
            or (self._overriding() and len(self.override_reason()) >= SHORTEST_OVERRIDE_REASON)
        )
        self.send_button.setEnabled(ready)

    def form(self) -> ReferralForm:
        resource = self.chosen_resource()
        return ReferralForm(
            resource_id=resource.id if resource else None,
            need=self.need.currentData(),
            goal_id=self.goal.currentData(),
            reason=self.reason.toPlainText(),
            sent_on=self.fields.text("sent_on"),
            method=self.method.currentData(),
            self_referral=self.self_referral.isChecked(),
        )

    def save(self) -> None:
        self.send_button.setEnabled(False)
        self._runner.submit(
            self._services.referrals.create,
            self._actor,
            self.case.currentData(),
            self.form(),
            self.override_reason(),
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, referral: Referral) -> None:
        self.result_referral = referral
        self.referral_made.emit(referral)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._update()
        if isinstance(error, ValidationError):
            leftover = self.fields.show_errors(error.errors)
            if leftover:
                present_error(self, ValidationError(leftover))
        elif isinstance(error, ConsentRequired):
            # The release lapsed (or was revoked) since the verdict was shown.
            resource = self.chosen_resource()
            if resource is not None:
                self._resource_chosen(resource)
            present_error(self, error)
        else:
            present_error(self, error)

    def _record_consent_first(self) -> None:
        resource = self.chosen_resource()
        self.record_consent_requested.emit(resource.organisation if resource else "")
        self.reject()
