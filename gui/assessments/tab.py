"""A client's assessments side by side: a row per life domain, a column per
assessment (oldest left, newest right, as on the trend chart beside it), each
score shown as its number on a tint of what it means, and the change since the
first assessment. Selecting cells picks the domains charted and the assessment
whose strengths and needs are shown below; a caseworker records a follow-up
assessment from here (or the first, on a case that has none)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from domain.assessments.assessment import SCORE_LABELS, Assessment, LifeDomain
from domain.assessments.service import assessable_cases, first_assessment_due
from domain.cases.case import CaseSummary
from domain.common.actor import Actor
from domain.common.field_rules import format_date
from domain.common.policy import Permission
from domain.local_work.kept_work import LocalWorkKeeper
from gui.assessments.inputs import SCORE_COLOURS
from gui.assessments.score_trend_chart import MAX_SERIES, ScoreTrendChart
from gui.common.error_presenter import present_error
from gui.common.list_view import record_list

DOMAINS = tuple(LifeDomain)
PICK_HINT = "Select cells to chart their domains (Ctrl or Shift for several)."
NOTE_MARK = " ✎"  # the cell has a note: hover (or read below) for it


def _tint(colour: str, strength: float = 0.16) -> QColor:
    """The score's colour mixed into white: a background its own text reads well on."""
    base = QColor(colour)
    mix = lambda part: round(255 - (255 - part) * strength)  # noqa: E731
    return QColor(mix(base.red()), mix(base.green()), mix(base.blue()))


class AssessmentHistoryModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._assessments: list[Assessment] = []  # oldest first

    def reset_to(self, assessments: list[Assessment]) -> None:
        self.beginResetModel()
        self._assessments = sorted(assessments, key=lambda a: (a.assessed_on, a.id))
        self.endResetModel()

    @property
    def assessments(self) -> list[Assessment]:
        return list(self._assessments)

    @property
    def change_column(self) -> int | None:
        """The last column, "Change", once there is something to compare."""
        return len(self._assessments) if len(self._assessments) > 1 else None

    def assessment_at(self, column: int) -> Assessment | None:
        return self._assessments[column] if 0 <= column < len(self._assessments) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DOMAINS)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._assessments) + (1 if self.change_column is not None else 0)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(DOMAINS):
                return self.tr(DOMAINS[section].label)
            return None
        shown = self.assessment_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if shown is not None:
                return f"{format_date(shown.assessed_on)}\n{self.tr(shown.kind.value.capitalize())}"
            if section == self.change_column:
                return self.tr("Change\nsince first")
        if role == Qt.ItemDataRole.ToolTipRole and shown is not None:
            return self.tr("{0} assessment, recorded by {1}").format(
                self.tr(shown.kind.value.capitalize()), shown.recorded_by
            )
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        domain = DOMAINS[index.row()]
        if index.column() == self.change_column:
            return self._change(domain, role)
        assessment = self._assessments[index.column()]
        score = assessment.score_of(domain)
        note = next((n for d, _s, n in assessment.scores if d == domain), "")
        if role == Qt.ItemDataRole.DisplayRole:
            return "—" if score is None else f"{score}{NOTE_MARK if note else ''}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if score is None:
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.tr("Not assessed")
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(SCORE_COLOURS[score])
        if role == Qt.ItemDataRole.BackgroundRole:
            return _tint(SCORE_COLOURS[score])
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            said = f"{score} · {self.tr(SCORE_LABELS[score])}"
            return f"{said}\n{note}" if note else said
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{score}, {self.tr(SCORE_LABELS[score])}" + (f". {note}" if note else "")
        return None

    def _change(self, domain: LifeDomain, role):
        scored = [(a, a.score_of(domain)) for a in self._assessments]
        scored = [(a, s) for a, s in scored if s is not None]
        if len(scored) < 2:
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        (first, was), (last, now) = scored[0], scored[-1]
        delta = now - was
        if role == Qt.ItemDataRole.DisplayRole:
            # Arrows and signs, so the direction reads without the colour.
            return f"▲ +{delta}" if delta > 0 else f"▼ −{-delta}" if delta else "= 0"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and delta:
            return QColor(SCORE_COLOURS[5] if delta > 0 else SCORE_COLOURS[1])
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.tr("From {0} ({1}) on {2} to {3} ({4}) on {5}").format(
                was,
                self.tr(SCORE_LABELS[was]),
                format_date(first.assessed_on),
                now,
                self.tr(SCORE_LABELS[now]),
                format_date(last.assessed_on),
            )
        return None


class AssessmentsTab(QWidget):
    recorded = Signal(object)  # a follow-up Assessment, once saved

    def __init__(
        self,
        runner,
        services,
        actor: Actor,
        client,
        parent: QWidget | None = None,
        *,
        kept: LocalWorkKeeper | None = None,
    ):
        super().__init__(parent)
        self._runner, self._services, self._actor, self._client = runner, services, actor, client
        self._kept = kept  # the follow-up form's copy on this computer
        self._cases: list[CaseSummary] = []
        self.dialog = None

        self.record_button = QPushButton(self.tr("&Record follow-up assessment…"), self)
        self.record_button.setObjectName("record_follow_up")
        self.record_button.clicked.connect(self.record_follow_up)
        self.record_button.setVisible(actor.may(Permission.CASE_WORK))
        self.record_hint = QLabel(self)
        self.record_hint.setObjectName("record_hint")
        self.record_hint.setVisible(actor.may(Permission.CASE_WORK))
        self.pick_hint = QLabel(self.tr(PICK_HINT), self)
        self.pick_hint.setStyleSheet("color: palette(placeholder-text);")
        top = QHBoxLayout()
        top.addWidget(self.record_button)
        top.addWidget(self.record_hint)
        top.addStretch(1)
        top.addWidget(self.pick_hint)

        self.model = AssessmentHistoryModel(self)
        self.table = record_list(self, self.model, "assessment_history")
        self.table.verticalHeader().show()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setAlternatingRowColors(False)  # the score tints carry the eye instead
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setTabKeyNavigation(False)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentChanged.connect(self._current_changed)

        self.chart = ScoreTrendChart(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        self.details = QTextBrowser(self)
        self.details.setObjectName("assessment_details")
        self.details.setOpenLinks(False)
        self.details.setMaximumHeight(self.fontMetrics().lineSpacing() * 7 + 12)
        self.details.setAccessibleName(self.tr("Strengths and needs"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.details)
        self.show_assessments([])
        self.show_cases([])

    # --- data in ---------------------------------------------------------------------

    def refresh(self) -> None:
        self._runner.submit(
            self._services.records.assessments,
            self._actor,
            self._client.id,
            on_success=self.show_assessments,
            on_error=lambda error: present_error(self, error),
            owner=self,
        )

    def show_cases(self, cases: list[CaseSummary]) -> None:
        """The client's cases (as the record window reads them): which may be assessed."""
        self._cases = assessable_cases(self._actor, cases)
        self.record_button.setEnabled(bool(self._cases))
        self.record_hint.setText(
            "" if self._cases else self.tr("No open case of yours for this client to assess.")
        )
        self._name_the_button()

    @property
    def records_first(self) -> bool:
        """No case offered has an assessment yet: the next one is the first, not a follow-up."""
        shown = self.model.assessments
        return bool(self._cases) and all(
            first_assessment_due(shown, case.id) for case in self._cases
        )

    def _name_the_button(self) -> None:
        self.record_button.setText(
            self.tr("&Record first assessment…")
            if self.records_first
            else self.tr("&Record follow-up assessment…")
        )

    def show_assessments(self, assessments: list[Assessment]) -> None:
        charted = self.chart.domains()
        self.model.reset_to(assessments)
        self._name_the_button()
        self.chart.set_assessments(assessments)
        self.pick_hint.setVisible(bool(assessments))
        if not assessments:
            self.chart.set_domains([])
            self.details.setPlainText(self.tr("No assessment recorded yet."))
            return
        newest = self.model.assessments[-1]
        if not charted:
            # Start on the newest assessment's first scored domain.
            charted = [newest.scores[0][0]] if newest.scores else [DOMAINS[0]]
        self.select(charted, len(assessments) - 1)
        self._fit_table()

    def select(self, domains, column: int) -> None:
        """Chart ``domains`` and show the assessment in ``column``."""
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        selection.clearSelection()
        rows = [DOMAINS.index(d) for d in domains]
        for row in rows:
            selection.select(self.model.index(row, column), flags.Select)
        selection.setCurrentIndex(self.model.index(rows[0], column), flags.NoUpdate)
        self._selection_changed()
        self._current_changed(self.model.index(rows[0], column))

    def _fit_table(self) -> None:
        """The table as wide as its columns; the chart takes the rest."""
        self.table.resizeColumnsToContents()
        width = (
            self.table.verticalHeader().width()
            + self.table.horizontalHeader().length()
            + 2 * self.table.frameWidth()
            + self.table.verticalScrollBar().sizeHint().width()
        )
        total = max(self.splitter.width(), width + self.chart.minimumWidth())
        self.splitter.setSizes([width, total - width])

    # --- selection -------------------------------------------------------------------

    def _selection_changed(self, *_args) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedIndexes()})
        if not rows:
            current = self.table.currentIndex()
            rows = [current.row()] if current.isValid() else []
        self.pick_hint.setText(
            self.tr("The chart shows the first {0} domains selected.").format(MAX_SERIES)
            if len(rows) > MAX_SERIES
            else self.tr(PICK_HINT)
        )
        self.chart.set_domains([DOMAINS[row] for row in rows])

    def _current_changed(self, current: QModelIndex, _previous=None) -> None:
        shown = self.model.assessment_at(current.column()) if current.isValid() else None
        if shown is None and self.model.assessments:
            shown = self.model.assessments[-1]
        if shown is not None:
            self.details.setHtml(self._details_html(shown))

    def _details_html(self, shown: Assessment) -> str:
        def story(text: str) -> str:
            return (
                escape(text).replace("\n", "<br>") if text else f"<i>{self.tr('none recorded')}</i>"
            )

        heading = self.tr("{0} assessment of {1}, recorded by {2}").format(
            self.tr(shown.kind.value.capitalize()),
            format_date(shown.assessed_on),
            shown.recorded_by,
        )
        parts = [
            f"<b>{escape(heading)}</b>",
            f"<b>{self.tr('Strengths')}:</b> {story(shown.strengths)}",
            f"<b>{self.tr('Needs')}:</b> {story(shown.needs)}",
        ]
        notes = [f"{escape(self.tr(d.label))} ({s}): {escape(n)}" for d, s, n in shown.scores if n]
        if notes:
            parts.append(f"<b>{self.tr('Notes')}:</b> " + "; ".join(notes))
        return "<br>".join(parts)

    # --- recording a follow-up -------------------------------------------------------

    def record_follow_up(self) -> None:
        from gui.assessments.follow_up_dialog import FollowUpAssessmentDialog

        if not self._cases:
            return
        first = self.records_first
        # A first assessment starts from nothing; a follow-up from the last scores.
        latest = self.model.assessments[-1] if self.model.assessments and not first else None
        self.dialog = FollowUpAssessmentDialog(
            self._runner,
            self._services.assessments,
            self._actor,
            self._cases,
            latest,
            self._services.today(),
            self,
            kept=self._kept,
            client_id=self._client.id,
            client_name=self._client.display_name,
            clock=self._services.clock,
        )
        title = (
            self.tr("First assessment — {0}") if first else self.tr("Follow-up assessment — {0}")
        )
        self.dialog.setWindowTitle(title.format(self._client.display_name))
        self.dialog.recorded.connect(self._recorded)
        self.dialog.open()

    def _recorded(self, assessment: Assessment) -> None:
        self.recorded.emit(assessment)
        self.refresh()
