"""Open referrals, so that none waits unseen: a caseworker's own by status and age,
a supervisor's for every caseworker. Those waiting longer than the office's
follow-up days stand out; opening one opens the client."""

from __future__ import annotations

from collections import Counter
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from domain.common.actor import Actor
from domain.common.field_rules import format_date
from domain.common.policy import Permission
from domain.referrals.referral import Referral, ReferralStatus
from domain.settings.office_settings import DEFAULT_REFERRAL_FOLLOW_UP_DAYS, OfficeSettings
from gui.common.list_view import record_list
from gui.common.record_table_model import RecordTableModel
from gui.common.runner import BackgroundRunner

LATE_COLOUR = "#b00020"


class OverviewTableModel(RecordTableModel):
    (
        COL_CASEWORKER,
        COL_CLIENT,
        COL_RESOURCE,
        COL_STATUS,
        COL_IN_STATUS,
        COL_SENT,
        COL_AGE,
    ) = range(7)

    def __init__(self, today: date, parent=None):
        super().__init__(
            (
                self.tr("Caseworker"),
                self.tr("Client"),
                self.tr("Resource"),
                self.tr("Status"),
                self.tr("In status"),
                self.tr("Sent"),
                self.tr("Waiting"),
            ),
            parent,
        )
        self._today = today
        self.follow_up_days = DEFAULT_REFERRAL_FOLLOW_UP_DAYS

    def display(self, r: Referral, column: int) -> str | None:
        return (
            r.caseworker_name or self.tr("(unassigned)"),
            r.client_name,
            r.resource_name,
            self.tr(r.status.label),
            self.tr("{0} d").format(r.days_in_status(self._today)),
            format_date(r.sent_on),
            self.tr("{0} days").format(r.age_days(self._today)),
        )[column]

    def is_late(self, r: Referral) -> bool:
        waiting = r.status in (ReferralStatus.SENT, ReferralStatus.NO_RESPONSE)
        return waiting and r.days_in_status(self._today) >= self.follow_up_days

    def other_data(self, r: Referral, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole and self.is_late(r):
            return QColor(LATE_COLOUR)
        if role == Qt.ItemDataRole.UserRole:
            return r.client_id
        return None


class ReferralOverviewPage(QWidget):
    client_opened = Signal(int)

    def __init__(
        self,
        runner: BackgroundRunner,
        services,
        actor: Actor,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._services, self._actor = runner, services, actor
        self._everyone = actor.may(Permission.CLIENT_ANY)
        self.summary = QLabel(self)
        self.summary.setObjectName("referral_summary")
        self.summary.setWordWrap(True)
        self.model = OverviewTableModel(services.today(), self)
        self.table = record_list(
            self, self.model, "referral_overview", stretch=OverviewTableModel.COL_RESOURCE
        )
        self.table.setColumnHidden(OverviewTableModel.COL_CASEWORKER, not self._everyone)
        self.table.activated.connect(self._open)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        self._runner.submit(
            self._services.settings.read, self._actor, on_success=self._settings, owner=self
        )
        self._runner.submit(
            self._services.referrals.overview, self._actor, on_success=self._show, owner=self
        )

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def _settings(self, settings: OfficeSettings) -> None:
        self.model.follow_up_days = settings.referral_follow_up_days

    def _show(self, referrals: list[Referral]) -> None:
        if self._everyone:
            # By caseworker, each one's oldest first.
            referrals = sorted(referrals, key=lambda r: (r.caseworker_name.casefold(), r.sent_on))
        self.model.reset_to(referrals)
        counts = Counter(r.status for r in referrals)
        parts = [
            f"{self.tr(status.label)}: {counts[status]}"
            for status in ReferralStatus
            if counts[status]
        ]
        late = sum(1 for r in referrals if self.model.is_late(r))
        whose = self.tr("Open referrals") if self._everyone else self.tr("My open referrals")
        text = f"{whose}: {len(referrals)}"
        if parts:
            text += " — " + " · ".join(parts)
        if late:
            text += " — " + self.tr("{0} waiting {1}+ days for an answer").format(
                late, self.model.follow_up_days
            )
        self.summary.setText(text)

    def _open(self, index) -> None:
        if index.isValid():
            self.client_opened.emit(self.model.row_at(index.row()).client_id)
