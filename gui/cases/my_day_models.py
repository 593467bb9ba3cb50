"""The lists of "My day": tasks due, consents expiring, recent changes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from domain.cases.caseload import ConsentDue, ExpiringConsent, RecentChange
from domain.cases.tasks import Task
from domain.consents.consent import ConsentKind
from gui.cases.caseload_table_models import LATE_COLOUR, short_date
from gui.common.record_table_model import RecordTableModel


class TaskTableModel(RecordTableModel):
    COL_DUE, COL_TITLE, COL_CLIENT, COL_CASE = range(4)

    def __init__(self, parent=None):
        super().__init__(
            (self.tr("Due"), self.tr("Task"), self.tr("Client"), self.tr("Case")), parent
        )
        self.today: date | None = None

    def _overdue(self, task: Task) -> bool:
        return self.today is not None and task.is_overdue(self.today)

    def display(self, task: Task, column: int) -> str | None:
        if column == self.COL_DUE:
            if self.today is not None and task.due_on == self.today:
                return self.tr("today")
            due = short_date(task.due_on)
            return self.tr("{0} (overdue)").format(due) if self._overdue(task) else due
        return (None, task.title, task.client_name, task.case_number)[column]

    def other_data(self, task: Task, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_DUE:
            return LATE_COLOUR if self._overdue(task) else None
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_TITLE:
            lines = [self.tr(task.source.label)]
            if task.note:
                lines.append(task.note)
            return "\n".join(lines)
        return None


class ExpiringConsentModel(RecordTableModel):
    """Consents to act on: missing, withdrawn or lapsed ones (in red) until someone
    renews them, then those running out soonest."""

    COL_ENDS, COL_CLIENT, COL_KIND, COL_RECIPIENT = range(4)

    def __init__(self, parent=None):
        super().__init__(
            (self.tr("Ends"), self.tr("Client"), self.tr("Consent"), self.tr("For")), parent
        )
        self.today: date | None = None

    def row_of(self, record_id: int) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.consent_id == record_id), None)

    def _due(self, consent: ExpiringConsent) -> ConsentDue:
        return consent.due(self.today) if self.today is not None else ConsentDue.EXPIRING

    def _ends(self, consent: ExpiringConsent) -> str:
        due = self._due(consent)
        if due is ConsentDue.MISSING:
            return self.tr("none on record")
        if due is ConsentDue.WITHDRAWN:
            return self.tr("withdrawn {0}").format(short_date(consent.revoked_on))
        if due is ConsentDue.EXPIRED:
            return self.tr("{0} (expired)").format(short_date(consent.expires_on))
        if consent.expires_on == self.today:
            return self.tr("today")
        return short_date(consent.expires_on)

    def _kind(self, kind: str) -> str:
        """Short, for a narrow list: the column says "Consent" already."""
        return {
            ConsentKind.SERVICES.value: self.tr("To services"),
            ConsentKind.RELEASE.value: self.tr("Release"),
            ConsentKind.MEDIA.value: self.tr("Photo and media"),
        }.get(kind, kind)

    def display(self, consent: ExpiringConsent, column: int) -> str | None:
        return (
            self._ends(consent),
            consent.client_name,
            self._kind(consent.kind),
            consent.recipient or "—",
        )[column]

    def other_data(self, consent: ExpiringConsent, column: int, role: int):
        lapsed = self._due(consent) is not ConsentDue.EXPIRING
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_ENDS and lapsed:
            return LATE_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole:
            due = self._due(consent)
            if due is ConsentDue.MISSING:
                return self.tr(
                    "The case goes on without the client's consent to services: record it."
                )
            if due is ConsentDue.WITHDRAWN:
                return self.tr("The client withdrew this consent: services it covered stop.")
            if due is ConsentDue.EXPIRED:
                return self.tr("Expired: renew it with the client, or close the case.")
            if column == self.COL_KIND and consent.kind in {k.value for k in ConsentKind}:
                return self.tr(ConsentKind(consent.kind).label)
            if consent.recipient and column == self.COL_RECIPIENT:
                return consent.recipient
        return None


class RecentChangeModel(RecordTableModel):
    COL_AT, COL_CLIENT, COL_WHAT, COL_BY = range(4)

    def __init__(self, parent=None):
        super().__init__(
            (self.tr("When"), self.tr("Client"), self.tr("Changed"), self.tr("By")), parent
        )

    def _what(self, what: str) -> str:
        return {
            "case": self.tr("Case"),
            "client": self.tr("Client record"),
            "task": self.tr("Task"),
        }.get(what, what)

    def row_of(self, record_id: int) -> int | None:
        return None  # changes have no identity of their own

    def display(self, change: RecentChange, column: int) -> str | None:
        return (
            change.at.astimezone().strftime("%m/%d %H:%M"),
            change.client_name,
            self._what(change.what),
            change.who,
        )[column]
