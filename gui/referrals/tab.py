"""A client's referrals: where each went, for what, and where its loop stands;
make a new one, move one on (acknowledged, accepted, declined…), print its letter."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.assessments.assessment import Assessment, LifeDomain
from domain.cases.case import CaseSummary
from domain.common.actor import Actor
from domain.common.field_rules import format_date
from domain.common.policy import Permission
from domain.printing.service import FormKind, OutputKind
from domain.referrals.referral import NEXT, Referral, ReferralStatus, StatusChange, StatusForm
from gui.common.form_fields import FormFields
from gui.common.list_view import record_list
from gui.common.pdf_preview import PdfPreview
from gui.common.record_table_model import RecordTableModel
from gui.common.runner import BackgroundRunner
from gui.consents.services_banner import ServicesConsentBanner
from gui.referrals.referral_dialog import NewReferralDialog
from reports.referrals.referral_letter_pdf import referral_letter_pdf

OPEN_COLOUR = "#7a4a00"


class ReferralTableModel(RecordTableModel):
    COL_SENT, COL_RESOURCE, COL_NEED, COL_HOW, COL_SHARED, COL_STATUS, COL_SINCE = range(7)

    def __init__(self, today: date, parent=None):
        super().__init__(
            (
                self.tr("Sent"),
                self.tr("Resource"),
                self.tr("Need"),
                self.tr("How"),
                self.tr("Shared"),
                self.tr("Status"),
                self.tr("Since"),
            ),
            parent,
        )
        self._today = today

    def display(self, r: Referral, column: int) -> str | None:
        if r.self_referral:
            shared = self.tr("self-referral")
        elif r.overridden:
            shared = self.tr("override")
        else:
            shared = self.tr("under release")
        return (
            format_date(r.sent_on),
            r.resource_name,
            self.tr(r.need.label) if r.need else "—",
            self.tr(r.method.label),
            shared,
            self.tr(r.status.label),
            self.tr("{0} days").format(r.days_in_status(self._today)),
        )[column]

    def other_data(self, r: Referral, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_STATUS and r.is_open:
            return QColor(OPEN_COLOUR)
        return None


def referral_details(referral: Referral, history: list[StatusChange]) -> str:
    lines = [f"Reason: {referral.reason}", f"Referred by {referral.referred_by_name}"]
    if referral.outcome:
        lines.append(f"Outcome: {referral.outcome}")
    for change in history:
        note = f" — {change.note}" if change.note else ""
        lines.append(
            f"{format_date(change.on)}  {change.status.label}{note}  "
            f"(recorded by {change.by} {change.at:%m/%d/%Y %H:%M})"
        )
    return "\n".join(lines)


class StatusDialog(QDialog):
    """The next step of one referral's loop: only the steps it may take are offered."""

    def __init__(self, runner, service, actor, referral: Referral, parent=None):
        super().__init__(parent)
        self._runner, self._service, self._actor = runner, service, actor
        self._referral = referral
        self.result_referral: Referral | None = None
        self.setWindowTitle(self.tr("Referral to {0}").format(referral.organisation))
        self.fields = FormFields(self)
        self.status = QComboBox(self)
        for status in NEXT[referral.status]:
            self.status.addItem(self.tr(status.label), status.value)
        self.fields.add("status", self.tr("&Now"), self.status)
        self.fields.add_line_edit(
            "on", self.tr("&On"), max_length=10, placeholder=self.tr("MM/DD/YYYY (blank: today)")
        )
        self.fields.add_line_edit(
            "note", self.tr("N&ote"), max_length=500, placeholder=self.tr("Why declined, who said")
        )
        self.outcome = QPlainTextEdit(self)
        self.outcome.setTabChangesFocus(True)
        self.outcome.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.fields.add("outcome", self.tr("Out&come"), self.outcome)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.status.currentIndexChanged.connect(self._shown)
        layout = QVBoxLayout(self)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.buttons)
        self._shown()
        self.resize(520, self.sizeHint().height())

    def choose(self, status: ReferralStatus) -> None:
        self.status.setCurrentIndex(self.status.findData(status.value))

    def _shown(self, *_args) -> None:
        final = self.status.currentData() in (
            ReferralStatus.COMPLETED.value,
            ReferralStatus.DECLINED.value,
            ReferralStatus.NO_RESPONSE.value,
        )
        self.fields.show_row("outcome", final)

    def save(self) -> None:
        self.buttons.setEnabled(False)
        form = StatusForm(
            status=self.status.currentData() or "",
            note=self.fields.text("note"),
            outcome=self.outcome.toPlainText() if self.fields.inputs["outcome"].isVisible() else "",
            on=self.fields.text("on"),
        )
        r = self._referral
        self._runner.submit(
            self._service.change_status,
            self._actor,
            r.id,
            r.version,
            form,
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, referral: Referral) -> None:
        self.result_referral = referral
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.fields.present(error)


class ReferralsTab(QWidget):
    record_consent_requested = Signal(str)  # the organisation the release is for

    def __init__(
        self,
        runner: BackgroundRunner,
        services,
        actor: Actor,
        client_id: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._services, self._actor = runner, services, actor
        self._client_id = client_id
        self._cases: list[CaseSummary] = []
        self._need: LifeDomain | None = None
        self.model = ReferralTableModel(services.today(), self)
        self.table = record_list(
            self, self.model, "referral_list", stretch=ReferralTableModel.COL_RESOURCE
        )
        self.details = QLabel(self)
        self.details.setObjectName("referral_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_button = QPushButton(self.tr("&New referral…"), self)
        self.new_button.clicked.connect(self.new_referral)
        self.status_button = QPushButton(self.tr("&Update status…"), self)
        self.status_button.clicked.connect(lambda: self.update_status())
        self.letter_button = QPushButton(self.tr("Print &letter…"), self)
        self.letter_button.clicked.connect(self.print_letter)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.model.modelReset.connect(self._selected)
        self.table.activated.connect(lambda _i: self.update_status())
        buttons = QHBoxLayout()
        for button in (self.new_button, self.status_button, self.letter_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # A referral is service going on: say so when the client's consent does not hold.
        self.consent_banner = ServicesConsentBanner(runner, services.consents, actor, self)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.consent_banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        self.new_button.setEnabled(False)
        if actor.may(Permission.CASE_WORK):  # the front desk sees the tab greyed out
            self.refresh()

    def refresh(self) -> None:
        s, a, c = self._services, self._actor, self._client_id
        self._runner.submit(
            s.referrals.for_client, a, c, on_success=self.model.reset_to, owner=self
        )
        self._runner.submit(s.records.cases, a, c, on_success=self._show_cases, owner=self)
        self._runner.submit(
            s.records.assessments, a, c, on_success=self._show_assessments, owner=self
        )

    def _show_cases(self, cases: list[CaseSummary]) -> None:
        mine = self._actor.may(Permission.CLIENT_ANY)
        self._cases = [
            case
            for case in cases
            if case.is_active and (mine or case.assigned_staff_id == self._actor.staff_id)
        ]
        self.new_button.setEnabled(bool(self._cases))
        self.new_button.setToolTip(
            "" if self._cases else self.tr("Referrals are made from an open case of yours.")
        )
        self.consent_banner.watch([case.id for case in self._cases])

    def _show_assessments(self, assessments: list[Assessment]) -> None:
        """The most pressing need of the latest assessment is where a referral starts."""
        latest = assessments[0] if assessments else None
        scored = (
            [(score, list(LifeDomain).index(d), d) for d, score, _n in latest.scores]
            if latest
            else []
        )
        pressing = min(scored, default=None)
        self._need = pressing[2] if pressing and pressing[0] <= 2 else None

    def selected(self) -> Referral | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selected(self, *_args) -> None:
        referral = self.selected()
        self.status_button.setEnabled(referral is not None and referral.is_open)
        self.letter_button.setEnabled(referral is not None and not referral.self_referral)
        if referral is None:
            self.details.setText("")
            return
        self._runner.submit(
            self._services.referrals.history,
            self._actor,
            referral.id,
            on_success=lambda history: self._show_history(referral, history),
            owner=self,
        )

    def _show_history(self, referral: Referral, history: list[StatusChange]) -> None:
        if self.selected() == referral:
            self.details.setText(referral_details(referral, history))

    def new_referral(self) -> NewReferralDialog:
        dialog = NewReferralDialog(
            self._runner,
            self._services,
            self._actor,
            self._client_id,
            self._cases,
            self._need,
            self,
        )
        dialog.referral_made.connect(lambda _r: self.refresh())
        dialog.record_consent_requested.connect(self.record_consent_requested)
        dialog.open()
        return dialog

    def update_status(self, status: ReferralStatus | None = None) -> StatusDialog | None:
        referral = self.selected()
        if referral is None or not referral.is_open:
            return None
        dialog = StatusDialog(self._runner, self._services.referrals, self._actor, referral, self)
        if status is not None:
            dialog.choose(status)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def print_letter(self) -> None:
        referral = self.selected()
        if referral is None:
            return
        self._runner.submit(
            lambda: referral_letter_pdf(
                self._services.referrals.letter(self._actor, referral.id), self._services.clock()
            ),
            on_success=lambda pdf: self._preview(referral, pdf),
            owner=self,
        )

    def _preview(self, referral: Referral, pdf: bytes) -> PdfPreview:
        preview = PdfPreview(
            pdf, self.tr("Referral letter"), f"Referral {referral.organisation}.pdf", self
        )
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.output_done.connect(lambda how: self._record(referral, how))
        preview.open()
        return preview

    def _record(self, referral: Referral, how: OutputKind) -> None:
        self._runner.submit(
            self._services.printing.record_output,
            self._actor,
            [referral.client_id],
            FormKind.REFERRAL_LETTER,
            how,
            referral.organisation,
            owner=self,
        )
