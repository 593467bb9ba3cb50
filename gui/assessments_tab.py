"""A client's assessments side by side: a row per life domain, a column per
assessment (newest first), each score coloured by what it means."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from domain.assessments import SCORE_LABELS, Assessment, LifeDomain
from domain.field_rules import format_date
from gui.assessment_inputs import SCORE_COLOURS
from gui.list_view import record_list

DOMAINS = tuple(LifeDomain)


class AssessmentHistoryModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._assessments: list[Assessment] = []

    def reset_to(self, assessments: list[Assessment]) -> None:
        self.beginResetModel()
        self._assessments = list(assessments)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DOMAINS)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._assessments)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(DOMAINS):
            return self.tr(DOMAINS[section].label)
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._assessments):
            shown = self._assessments[section]
            return f"{format_date(shown.assessed_on)}\n{self.tr(shown.kind.value.capitalize())}"
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        assessment = self._assessments[index.column()]
        domain = DOMAINS[index.row()]
        score = assessment.score_of(domain)
        if role == Qt.ItemDataRole.DisplayRole:
            return "—" if score is None else f"{score} · {self.tr(SCORE_LABELS[score])}"
        if role == Qt.ItemDataRole.ForegroundRole and score is not None:
            return QColor(SCORE_COLOURS[score])
        if role == Qt.ItemDataRole.ToolTipRole:
            note = next((n for d, _s, n in assessment.scores if d == domain), "")
            return note or None
        return None


class AssessmentsTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = AssessmentHistoryModel(self)
        self.table = record_list(self, self.model, "assessment_history")
        self.table.verticalHeader().show()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setSelectionMode(self.table.SelectionMode.NoSelection)
        self.latest = QLabel(self)
        self.latest.setObjectName("latest_assessment")
        self.latest.setWordWrap(True)
        self.latest.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.latest)
        self.show_assessments([])

    def show_assessments(self, assessments: list[Assessment]) -> None:
        self.model.reset_to(assessments)
        if not assessments:
            self.latest.setText(self.tr("No assessment recorded yet."))
            return
        newest = assessments[0]
        self.latest.setText(
            self.tr("Latest ({0}) — strengths: {1}\nNeeds: {2}").format(
                format_date(newest.assessed_on),
                newest.strengths or self.tr("none recorded"),
                newest.needs or self.tr("none recorded"),
            )
        )
