"""The lists of the caseload board and "My day": caseworkers' loads, the
unassigned queue, and one person's cases."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from domain.cases.caseload import CaseRow, CaseworkerLoad, WaitingCase
from gui.common.record_table_model import RecordTableModel

LATE_COLOUR = QColor("#b00020")


def short_date(day: date | None) -> str:
    return day.strftime("%m/%d/%Y") if day is not None else ""


class CaseworkerLoadModel(RecordTableModel):
    COL_NAME, COL_OPEN, COL_NEW, COL_REVIEWS, COL_TASKS = range(5)

    def __init__(self, parent=None):
        super().__init__(
            (
                self.tr("Caseworker"),
                self.tr("Open cases"),
                self.tr("New this week"),
                self.tr("Overdue reviews"),
                self.tr("Overdue tasks"),
            ),
            parent,
        )

    def row_of(self, record_id: int) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.staff_id == record_id), None)

    def display(self, load: CaseworkerLoad, column: int) -> str | None:
        name = load.name if load.active else self.tr("{0} (inactive)").format(load.name)
        return (
            name,
            str(load.open_cases),
            str(load.new_this_week),
            str(load.overdue_reviews),
            str(load.overdue_tasks),
        )[column]

    def other_data(self, load: CaseworkerLoad, column: int, role: int):
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.COL_NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            late = (column == self.COL_REVIEWS and load.overdue_reviews) or (
                column == self.COL_TASKS and load.overdue_tasks
            )
            if late or (column == self.COL_NAME and not load.active and load.open_cases):
                return LATE_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and not load.active and load.open_cases:
            return self.tr("This account was deactivated: reassign its cases.")
        return None


class WaitingCaseModel(RecordTableModel):
    COL_CLIENT, COL_PROGRAM, COL_SINCE, COL_CASE = range(4)

    def __init__(self, parent=None):
        super().__init__(
            (self.tr("Client"), self.tr("Program"), self.tr("Waiting since"), self.tr("Case")),
            parent,
        )

    def row_of(self, record_id: int) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.case_id == record_id), None)

    def display(self, case: WaitingCase, column: int) -> str | None:
        return (
            case.client_name,
            case.program_name,
            short_date(case.waiting_since),
            case.number,
        )[column]


class CaseRowModel(RecordTableModel):
    """One person's cases: the board's pick for reassigning, My day's cases and reviews."""

    COL_CLIENT, COL_PROGRAM, COL_STATUS, COL_REVIEW, COL_CASE = range(5)

    def __init__(self, today: date | None = None, parent=None):
        super().__init__(
            (
                self.tr("Client"),
                self.tr("Program"),
                self.tr("Status"),
                self.tr("Review due"),
                self.tr("Case"),
            ),
            parent,
        )
        self.today = today

    def display(self, case: CaseRow, column: int) -> str | None:
        return (
            case.client_name,
            case.program_name,
            self.tr(case.status.label),
            short_date(case.review_due_on),
            case.number,
        )[column]

    def other_data(self, case: CaseRow, column: int, role: int):
        overdue = self.today is not None and case.review_overdue(self.today)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_REVIEW and overdue:
            return LATE_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_REVIEW and overdue:
            return self.tr("The plan review is overdue.")
        return None
