"""The lists of "My day": tasks due, consents expiring, recent changes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from domain.cases.caseload import ExpiringConsent, RecentChange
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
    COL_EXPIRES, COL_CLIENT, COL_KIND = range(3)

    def __init__(self, parent=None):
        super().__init__((self.tr("Expires"), self.tr("Client"), self.tr("Consent")), parent)

    def row_of(self, record_id: int) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.consent_id == record_id), None)

    def display(self, consent: ExpiringConsent, column: int) -> str | None:
        kind = consent.kind
        if kind in {member.value for member in ConsentKind}:
            kind = self.tr(ConsentKind(kind).label)
        return (short_date(consent.expires_on), consent.client_name, kind)[column]


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
            change.by,
        )[column]
