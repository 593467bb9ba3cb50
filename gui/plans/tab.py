"""The Plan tab of a client's record: the case's service plan as a document (goals,
their action steps, the client's agreement, the reviews), with what can be done
to it next, and every earlier version to read."""

from __future__ import annotations

from functools import partial
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from domain.cases.case import CaseStatus, CaseSummary
from domain.common.actor import Actor
from domain.common.field_rules import format_date
from domain.common.policy import Permission
from domain.local_work.kept_work import LocalWorkKeeper
from domain.plans.plan import AgreementMethod, GoalStatus, PlanVersionSummary, ServicePlan
from domain.plans.reviews import PlanReview
from domain.printing.service import FormKind
from gui.common.error_presenter import present_error
from gui.common.form_printer import FormPrinter
from gui.common.runner import BackgroundRunner
from gui.consents.services_banner import ServicesConsentBanner
from gui.plans.dialogs import AgreementDialog, ReviewDialog
from gui.plans.editor import PlanEditor

STATUS_COLOURS = {
    GoalStatus.NOT_STARTED: ("#eceff1", "#37474f"),
    GoalStatus.IN_PROGRESS: ("#e3f2fd", "#0d47a1"),
    GoalStatus.ACHIEVED: ("#e8f5e9", "#1b5e20"),
    GoalStatus.NOT_ACHIEVED: ("#fdecea", "#8e1b10"),
    GoalStatus.DISCONTINUED: ("#f5f5f5", "#616161"),
}
DRAFT_STYLE = "background: #fff4e5; color: #7a4a00; border: 1px solid #f0c27b;"
AGREED_STYLE = "background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7;"
DONE_STYLE = "color: #777; text-decoration: line-through;"
BANNER = "border-radius: 4px; padding: 6px 10px;"


def _chip(status: GoalStatus, label: str) -> str:
    back, fore = STATUS_COLOURS[status]
    return (
        f'<span style="background-color:{back}; color:{fore}; font-weight:600;">'
        f"&nbsp;{escape(label)}&nbsp;</span>"
    )


class PlanTab(QWidget):
    def __init__(
        self,
        runner: BackgroundRunner,
        services,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        kept: LocalWorkKeeper | None = None,
        client_name: str = "",
    ):
        super().__init__(parent)
        self._runner, self._services, self._actor = runner, services, actor
        self._kept, self._client_name = kept, client_name  # for the editor's local copy
        self.cases: list[CaseSummary] = []
        self.plan: ServicePlan | None = None
        self.versions: list[PlanVersionSummary] = []
        self.reviews: list[PlanReview] = []
        self.dialog = None  # the editor or dialog open, for tests to reach

        self.case_label = QLabel(self.tr("&Case"), self)
        self.case_choice = QComboBox(self)
        self.case_choice.setObjectName("plan_case")
        self.case_label.setBuddy(self.case_choice)
        self.case_choice.currentIndexChanged.connect(self._case_chosen)
        self.version_label = QLabel(self.tr("&Version"), self)
        self.version_choice = QComboBox(self)
        self.version_choice.setObjectName("plan_version")
        self.version_label.setBuddy(self.version_choice)
        self.version_choice.activated.connect(self._version_chosen)
        choose = QHBoxLayout()
        choose.addWidget(self.case_label)
        choose.addWidget(self.case_choice, 2)
        choose.addSpacing(12)
        choose.addWidget(self.version_label)
        choose.addWidget(self.version_choice, 1)
        choose.addStretch(1)

        self.consent_banner = ServicesConsentBanner(runner, services.consents, actor, self)
        self.banner = QLabel(self)
        self.banner.setObjectName("plan_banner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.document = QTextBrowser(self)
        self.document.setObjectName("plan_document")
        self.document.setOpenLinks(False)

        self.edit_button = QPushButton(self.tr("&Edit draft…"), self)
        self.edit_button.setObjectName("edit_plan")
        self.edit_button.clicked.connect(self.edit_draft)
        self.agree_button = QPushButton(self.tr("Record &agreement…"), self)
        self.agree_button.setObjectName("record_agreement")
        self.agree_button.clicked.connect(self.record_agreement)
        self.new_version_button = QPushButton(self.tr("&New version"), self)
        self.new_version_button.setObjectName("new_version")
        self.new_version_button.clicked.connect(self.new_version)
        self.review_button = QPushButton(self.tr("Record re&view…"), self)
        self.review_button.setObjectName("record_review")
        self.review_button.clicked.connect(self.record_review)
        self.print_button = QPushButton(self.tr("&Print this version…"), self)
        self.print_button.setObjectName("print_plan")
        self.print_button.clicked.connect(self.print_plan)
        self._printer = FormPrinter(runner, services, actor, self)
        buttons = QHBoxLayout()
        for button in (
            self.edit_button,
            self.agree_button,
            self.new_version_button,
            self.review_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)

        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.consent_banner)
        layout.addWidget(self.banner)
        layout.addWidget(self.document, 1)
        layout.addLayout(buttons)
        self._allowed = actor.may(Permission.PLAN_WORK)
        self._show_nothing(
            self.tr("Service plans are kept by caseworkers and supervisors.")
            if not self._allowed
            else self.tr("Loading…")
        )

    # --- which case, which version ----------------------------------------------

    def set_cases(self, cases: list[CaseSummary]) -> None:
        """The client's cases the person may see; open ones first."""
        if not self._allowed:
            return
        mine = [
            c
            for c in cases
            if self._actor.may(Permission.CLIENT_ANY) or c.assigned_staff_id == self._actor.staff_id
        ]
        self.cases = sorted(mine, key=lambda c: (c.status is CaseStatus.CLOSED, -c.id))
        chosen = self.case_id
        self.case_choice.blockSignals(True)
        self.case_choice.clear()
        for case in self.cases:
            self.case_choice.addItem(
                self.tr("{0} · {1} · {2}").format(
                    case.program_name or self.tr("(no program)"),
                    case.number,
                    self.tr(case.status.label),
                ),
                case.id,
            )
        self.case_choice.setCurrentIndex(max(0, self.case_choice.findData(chosen)))
        self.case_choice.blockSignals(False)
        several = len(self.cases) > 1
        self.case_label.setVisible(several)
        self.case_choice.setVisible(several)
        if not self.cases:
            self._show_nothing(self.tr("There is no case of this client's that you keep."))
            return
        self.load()

    @property
    def case_id(self) -> int | None:
        return self.case_choice.currentData()

    @property
    def case(self) -> CaseSummary | None:
        return next((c for c in self.cases if c.id == self.case_id), None)

    def _case_chosen(self, _index: int) -> None:
        self.load()

    def load(self) -> None:
        """The case's newest version, all versions, and the reviews: one view, audited."""
        case_id = self.case_id
        if case_id is None:
            return
        # Planning is service going on; a closed case's plan is only read.
        case = self.case
        self.consent_banner.watch([case_id] if case is not None and case.is_active else [])
        plans, actor = self._services.plans, self._actor

        def read():
            return (
                plans.current(actor, case_id),
                plans.versions(actor, case_id),
                plans.reviews(actor, case_id),
            )

        self._runner.submit(read, on_success=self._loaded, on_error=self._failed, owner=self)

    def _loaded(self, found) -> None:
        self.plan, self.versions, self.reviews = found
        self._fill_versions()
        self.show_plan(self.plan)

    def _fill_versions(self) -> None:
        self.version_choice.clear()
        for version in self.versions:
            if version.is_agreed:
                text = self.tr("{0} — agreed {1}").format(
                    version.number, format_date(version.agreed_on)
                )
            else:
                text = self.tr("{0} — draft").format(version.number)
            self.version_choice.addItem(text, version.id)
        self.version_label.setVisible(bool(self.versions))
        self.version_choice.setVisible(bool(self.versions))
        self.version_choice.setEnabled(len(self.versions) > 1)

    def _version_chosen(self, index: int) -> None:
        plan_id = self.version_choice.itemData(index)
        if plan_id is None or (self.plan and plan_id == self.plan.id):
            return
        self._runner.submit(
            self._services.plans.version,
            self._actor,
            plan_id,
            on_success=self.show_plan,
            on_error=self._failed,
            owner=self,
        )

    def _failed(self, error: BaseException) -> None:
        present_error(self, error)

    # --- showing ------------------------------------------------------------------

    def _show_nothing(self, text: str) -> None:
        self.banner.hide()
        self.version_label.hide()
        self.version_choice.hide()
        self.case_label.hide()
        self.case_choice.hide()
        self.document.setHtml(f"<p>{escape(text)}</p>")
        for button in self._buttons():
            button.hide()

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.edit_button,
            self.agree_button,
            self.new_version_button,
            self.review_button,
            self.print_button,
        )

    def print_plan(self) -> None:
        if self.plan is None:
            return
        case = self.case
        name = f"{case.number if case else ''} Service plan v{self.plan.number}.pdf".strip()
        self._printer.print_form(
            FormKind.SERVICE_PLAN, [self.plan.client_id], name, plan_id=self.plan.id
        )

    def show_plan(self, plan: ServicePlan | None) -> None:
        self.plan = plan
        index = self.version_choice.findData(plan.id) if plan else -1
        if index >= 0:
            self.version_choice.setCurrentIndex(index)
        case = self.case
        closed = case is not None and case.status is CaseStatus.CLOSED
        latest_agreed = next((v.id for v in self.versions if v.is_agreed), None)
        for button in self._buttons():
            button.show()
        self.edit_button.setText(self.tr("&Edit draft…") if plan else self.tr("&Write the plan…"))
        self.edit_button.setEnabled(
            not closed and (plan is None or (plan.is_latest and not plan.is_agreed))
        )
        self.agree_button.setEnabled(
            not closed and plan is not None and plan.is_latest and not plan.is_agreed
        )
        self.new_version_button.setEnabled(
            not closed and plan is not None and plan.is_latest and plan.is_agreed
        )
        self.review_button.setEnabled(
            not closed and plan is not None and plan.is_agreed and plan.id == latest_agreed
        )
        self.print_button.setEnabled(plan is not None)
        self.banner.show()
        if plan is None:
            self.banner.setStyleSheet(DRAFT_STYLE + BANNER)
            self.banner.setText(self.tr("No service plan yet for this case."))
            self.document.setHtml(
                "<p>"
                + escape(
                    self.tr(
                        "Write the plan with the client: a few measurable goals, each with "
                        "the steps that lead to it — who does what by when."
                    )
                )
                + "</p>"
            )
            return
        self.banner.setStyleSheet((AGREED_STYLE if plan.is_agreed else DRAFT_STYLE) + BANNER)
        self.banner.setText(self._banner_text(plan))
        self.document.setHtml(self._html(plan))

    def _banner_text(self, plan: ServicePlan) -> str:
        signed = self._signed_text(plan)
        if plan.is_agreed and signed:
            text = self.tr("Version {0} · agreed with the client: {1}, recorded by {2}").format(
                plan.number, signed, plan.agreement_recorded_by
            )
        elif plan.is_agreed:
            line = self.tr("Version {0} · agreed with the client on {1} ({2}), recorded by {3}")
            text = line.format(
                plan.number,
                format_date(plan.agreed_on),
                self.tr(plan.agreed_how.label).lower() if plan.agreed_how else "",
                plan.agreement_recorded_by,
            )
        else:
            text = self.tr(
                "Version {0} · DRAFT, drafted {1} by {2} — not yet agreed with the client"
            ).format(plan.number, format_date(plan.drafted_on), plan.drafted_by)
        if not plan.is_latest:
            text += self.tr(" · an earlier version (the newest is {0})").format(plan.latest_number)
        elif plan.review_due_on is not None:
            text += self.tr(" · next review due {0}").format(format_date(plan.review_due_on))
        return text

    def _signed_text(self, plan: ServicePlan) -> str:
        """Who signed on screen, by their printed names, and when; "" otherwise."""
        if plan.agreed_how is not AgreementMethod.SCREEN:
            return ""
        by_kind = {s.signer_kind: s for s in plan.signatures}
        client = by_kind.get("client")
        if client is None:
            return ""
        witness = by_kind.get("witness")
        when = client.signed_at.astimezone() if client.signed_at else None
        text = self.tr("signed on screen by {0} (client)").format(client.printed_name)
        if witness is not None:
            text += self.tr(", witnessed by {0}").format(witness.printed_name)
        if when is not None:
            text += self.tr(" on {0} {1:%H:%M}").format(format_date(when.date()), when)
        return text

    def _html(self, plan: ServicePlan) -> str:
        tr = self.tr
        parts = ["<html><body style='font-size: 10pt;'>"]
        for number, goal in enumerate(plan.goals, start=1):
            parts.append(
                "<table width='100%' cellspacing='0' cellpadding='0' style='margin-top: 6px;'>"
                f"<tr><td><span style='font-size: 11.5pt; font-weight: 600;'>"
                f"{escape(tr('Goal {0}').format(number))}. {escape(goal.description)}</span></td>"
                f"<td align='right'>{_chip(goal.status, tr(goal.status.label))}</td></tr></table>"
                f"<p style='color: #555; margin-top: 2px;'>{escape(tr(goal.domain.label))}"
                f" · {escape(tr('target'))} {format_date(goal.target_on)}</p>"
            )
            if goal.steps:
                parts.append(
                    "<table width='100%' cellspacing='0' cellpadding='4' "
                    "style='border-collapse: collapse; margin-left: 12px;'>"
                    "<tr style='background-color: #f3f4f6; color: #444;'>"
                    f"<th align='left' width='24'></th><th align='left'>{tr('Action step')}</th>"
                    f"<th align='left'>{tr('Who')}</th><th align='left'>{tr('Due')}</th></tr>"
                )
                for step in goal.steps:
                    mark = "☑" if step.done else "☐"
                    style = (
                        " style='color: #777; text-decoration: line-through;'" if step.done else ""
                    )
                    parts.append(
                        f"<tr><td>{mark}</td><td{style}>{escape(step.what)}</td>"
                        f"<td>{escape(tr(step.who_label))}</td>"
                        f"<td>{format_date(step.due_on) or '—'}</td></tr>"
                    )
                parts.append("</table>")
            else:
                parts.append(f"<p style='color: #777; margin-left: 12px;'>{tr('No steps.')}</p>")
        reviews = [r for r in self.reviews if r.plan_id == plan.id]
        if reviews:
            parts.append(f"<h3 style='margin-top: 14px;'>{tr('Reviews')}</h3>")
        for review in reviews:
            parts.append(
                f"<p><b>{format_date(review.reviewed_on)}</b> · {escape(review.reviewed_by)}"
                f" · {escape(tr('next review due'))} {format_date(review.next_review_on)}</p><ul>"
            )
            for progress in review.goals:
                change = ""
                if progress.status_changed:
                    change = " " + _chip(progress.status_after, tr(progress.status_after.label))
                parts.append(
                    f"<li><i>{escape(progress.description)}</i>{change}<br>"
                    f"{escape(progress.progress or '—').replace(chr(10), '<br>')}</li>"
                )
            parts.append("</ul>")
        parts.append("</body></html>")
        return "".join(parts)

    # --- actions ----------------------------------------------------------------

    def _open(self, dialog, on_done) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        signal = dialog.saved if isinstance(dialog, PlanEditor) else dialog.done_with
        signal.connect(on_done)
        self.dialog = dialog
        dialog.open()

    def edit_draft(self) -> None:
        if self.case_id is None:
            return
        editor = PlanEditor(
            self._runner,
            self._services.plans,
            self._actor,
            self.case_id,
            self.plan,
            self,
            kept=self._kept,
            client_name=self._client_name,
            clock=self._services.clock,
        )
        self._open(editor, lambda _plan: self.load())

    def record_agreement(self) -> None:
        if self.plan is None:
            return
        dialog = AgreementDialog(
            self._runner,
            self._services.plans,
            self._actor,
            self.plan,
            self._services.today(),
            self,
            client_name=self._client_name,
        )
        self._open(dialog, lambda _plan: self.load())

    def record_review(self) -> None:
        if self.plan is None:
            return
        dialog = ReviewDialog(
            self._runner, self._services.plans, self._actor, self.plan, self._services.today(), self
        )
        self._open(dialog, lambda _review: self.load())

    def new_version(self) -> None:
        if self.case_id is None:
            return
        self._runner.submit(
            self._services.plans.new_version,
            self._actor,
            self.case_id,
            on_success=lambda _plan: self.load(),
            on_error=partial(present_error, self),
            owner=self,
        )
