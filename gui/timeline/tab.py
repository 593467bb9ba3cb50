"""The Timeline tab of a client's record: notes, plans, reviews, assignments, the
cases' own changes, assessments and consents in one list, newest first, with a
chip per kind, a case choice (when the client has several) and a search box
that filters as one types. The chosen entry is shown in full below the list.

Read (and audited) through the background runner when the tab is shown and
something may have changed since: the first time, and after each visit to
another tab, where records are changed."""

from __future__ import annotations

from functools import partial
from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from domain.cases.case import CaseSummary
from domain.common.actor import Actor
from domain.common.field_rules import format_date
from domain.services import Services
from domain.timeline.entries import EntryKind, TimelineEntry, filter_entries
from gui.common.error_presenter import present_error
from gui.common.list_view import record_list
from gui.common.record_table_model import RecordTableModel
from gui.common.runner import BackgroundRunner

# One colour per kind, on the marker in the list, the chips and the detail.
KIND_COLOURS = {
    EntryKind.CASE: "#546e7a",
    EntryKind.ASSIGNMENT: "#8e24aa",
    EntryKind.ASSESSMENT: "#00897b",
    EntryKind.CONSENT: "#8d6e63",
    EntryKind.PLAN: "#1e88e5",
    EntryKind.REVIEW: "#ef6c00",
    EntryKind.NOTE: "#43a047",
    EntryKind.REFERRAL: "#c2185b",
}
# The chips name what they show or hide, in the plural.
CHIP_LABELS = {
    EntryKind.CASE: "Case changes",
    EntryKind.ASSIGNMENT: "Assignments",
    EntryKind.ASSESSMENT: "Assessments",
    EntryKind.CONSENT: "Consents",
    EntryKind.PLAN: "Plans",
    EntryKind.REVIEW: "Reviews",
    EntryKind.NOTE: "Notes",
    EntryKind.REFERRAL: "Referrals",
}
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
# A chip is rounded; checked, it is tinted and edged in its kind's colour.
CHIP_STYLE = (
    "QToolButton { border: 1px solid #bbb; border-radius: 10px; padding: 2px 8px; "
    "color: #777; }"
    "QToolButton:checked { background: #eef3f8; border: 1px solid COLOUR; color: #222; }"
)


def kind_marker(kind: EntryKind, size: int = 10) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(KIND_COLOURS[kind]))
    painter.drawEllipse(0, 0, size, size)
    painter.end()
    return QIcon(pixmap)


def shown_when(entry: TimelineEntry) -> str:
    if entry.has_time:
        return f"{format_date(entry.day)} {entry.when:%H:%M}"
    return format_date(entry.day)


class TimelineModel(RecordTableModel):
    WHEN, KIND, CASE, WHAT, WHO = range(5)

    def __init__(self, parent=None):
        super().__init__(("When", "Kind", "Case", "What", "Who"), parent)
        self._markers = {kind: kind_marker(kind) for kind in EntryKind}

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        shown = super().headerData(section, orientation, role)
        return self.tr(shown) if isinstance(shown, str) else shown

    def display(self, row: TimelineEntry, column: int) -> str | None:
        if column == self.WHEN:
            return shown_when(row)
        if column == self.KIND:
            return self.tr(row.kind.label)
        if column == self.CASE:
            return row.case_number or self.tr("Client")
        if column == self.WHAT:
            return row.title
        if column == self.WHO:
            return row.who
        return None

    def other_data(self, row: TimelineEntry, column: int, role: int):
        if role == Qt.ItemDataRole.DecorationRole and column == self.KIND:
            return self._markers[row.kind]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.WHAT and row.detail:
            return row.detail.split("\n", 1)[0]
        if role == ENTRY_ROLE:
            return row.key
        return None

    def row_of_key(self, key: str) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.key == key), None)


class TimelineTab(QWidget):
    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        client_id: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._services, self._actor = runner, services, actor
        self.client_id = client_id
        self.entries: list[TimelineEntry] | None = None  # None: not read yet
        self.cases: list[CaseSummary] = []
        self._stale = True

        self.chips: dict[EntryKind, QToolButton] = {}
        chips_row = QHBoxLayout()
        chips_row.setSpacing(4)
        for kind in EntryKind:
            chip = QToolButton(self)
            chip.setObjectName(f"chip_{kind.value}")
            chip.setCheckable(True)
            chip.setChecked(True)
            chip.setIcon(kind_marker(kind))
            chip.setIconSize(QSize(10, 10))
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setToolTip(self.tr("Show or hide this kind of entry"))
            chip.setStyleSheet(CHIP_STYLE.replace("COLOUR", KIND_COLOURS[kind]))
            chip.toggled.connect(self._refilter)
            chip.hide()  # until entries of its kind are there
            self.chips[kind] = chip
            chips_row.addWidget(chip)
        chips_row.addStretch(1)

        self.case_choice = QComboBox(self)
        self.case_choice.setObjectName("timeline_case")
        self.case_choice.currentIndexChanged.connect(self._refilter)
        # Mnemonics the record window's tabs and buttons leave free.
        self.case_label = QLabel(self.tr("&Which case:"), self)
        self.case_label.setBuddy(self.case_choice)
        self.search = QLineEdit(self)
        self.search.setObjectName("timeline_search")
        self.search.setPlaceholderText(self.tr("Search the timeline: words, a name, K000012…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._refilter)
        search_label = QLabel(self.tr("Sea&rch:"), self)
        search_label.setBuddy(self.search)
        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.case_label)
        filters.addWidget(self.case_choice)

        self.model = TimelineModel(self)
        self.view = record_list(self, self.model, "timeline_list")
        for column, width in ((0, 120), (1, 110), (2, 80), (3, 360)):
            self.view.setColumnWidth(column, width)
        self.view.selectionModel().currentRowChanged.connect(self._show_current)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("timeline_detail")
        self.count = QLabel(self)
        self.count.setObjectName("timeline_count")
        self.count.setStyleSheet("color: #555;")

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(chips_row)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addWidget(self.count)
        self._fill_cases()

    # --- loading ---------------------------------------------------------------------

    def set_cases(self, cases: list[CaseSummary]) -> None:
        """The window's cases were (re)read: their names for the choice, and what the
        timeline shows may have changed. The first reading only names the cases: the
        timeline reads its own records (and is audited once for it)."""
        changed = bool(self.cases) and cases != self.cases
        self.cases = cases
        self._fill_cases()
        if changed:
            self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.load()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.load()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._stale = True  # other tabs change records; read again when back

    def load(self) -> None:
        self._stale = False
        self._runner.submit(
            self._services.timeline.for_client,
            self._actor,
            self.client_id,
            on_success=self.show_entries,
            on_error=partial(present_error, self),
            owner=self,
        )

    def show_entries(self, entries: list[TimelineEntry]) -> None:
        self.entries = entries
        present = {entry.kind for entry in entries}
        for kind, chip in self.chips.items():
            number = sum(entry.kind is kind for entry in entries)
            chip.setText(f"{self.tr(CHIP_LABELS[kind])} ({number})")
            chip.setVisible(kind in present)
        self._fill_cases()
        self._refilter()

    # --- filtering ---------------------------------------------------------------------

    def _fill_cases(self) -> None:
        known = {case.id: case for case in self.cases}
        # The cases one reaches are those with entries (each has its opening); the
        # window's list may hold others' cases of the client too.
        case_ids = {e.case_id for e in self.entries or () if e.case_id is not None}
        chosen = self.case_choice.currentData()
        self.case_choice.blockSignals(True)
        self.case_choice.clear()
        self.case_choice.addItem(self.tr("All cases"), None)
        for case_id in sorted(case_ids, reverse=True):
            case = known.get(case_id)
            label = (
                f"{case.number} — {case.program_name or self.tr('no program')} "
                f"({self.tr(case.status.label).lower()})"
                if case
                else f"K{case_id:06d}"
            )
            self.case_choice.addItem(label, case_id)
        found = self.case_choice.findData(chosen)
        self.case_choice.setCurrentIndex(max(found, 0))
        self.case_choice.blockSignals(False)
        several = len(case_ids) > 1
        self.case_choice.setVisible(several)
        self.case_label.setVisible(several)

    def chosen_kinds(self) -> set[EntryKind]:
        return {kind for kind, chip in self.chips.items() if chip.isChecked()}

    def shown(self) -> list[TimelineEntry]:
        return self.model.rows()

    def _refilter(self, *_args) -> None:
        if self.entries is None:
            return
        current = self.current_entry()
        shown = filter_entries(
            self.entries,
            kinds=self.chosen_kinds(),
            case_id=self.case_choice.currentData(),
            text=self.search.text(),
        )
        self.model.reset_to(shown)
        total = len(self.entries)
        if not total:
            self.count.setText(self.tr("Nothing on this client's timeline yet."))
        elif len(shown) == total:
            self.count.setText(self.tr("{0} entries").format(total))
        else:
            self.count.setText(self.tr("Showing {0} of {1} entries").format(len(shown), total))
        row = self.model.row_of_key(current.key) if current else None
        if row is None and shown:
            row = 0
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
        else:
            self.detail.setPlainText(self.tr("No entry matches these filters.") if total else "")

    # --- the chosen entry ----------------------------------------------------------------

    def current_entry(self) -> TimelineEntry | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def _show_current(self, *_args) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        colour = KIND_COLOURS[entry.kind]
        facts = [shown_when(entry), self.tr(entry.kind.label)]
        facts.append(entry.case_number or self.tr("the client's record"))
        if entry.who:
            facts.append(self.tr("by {0}").format(entry.who))
        body = escape(entry.detail).replace("\n", "<br>") if entry.detail else ""
        self.detail.setHtml(
            f"<p><span style='color:{colour}; font-size:large;'>●</span> "
            f"<b>{escape(entry.title)}</b><br>"
            f"<span style='color:#555;'>{escape(' · '.join(facts))}</span></p>"
            f"<p>{body}</p>"
        )
