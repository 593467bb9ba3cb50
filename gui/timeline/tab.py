"""The Timeline tab of a client's record: notes, plans, reviews, assignments, the
cases' own changes, assessments and consents in one list, newest first, with a
chip per kind, a case choice (when the client has several) and a search box
that filters as one types. The chosen entry is shown in full below the list.

Read (and audited) through the background runner when the tab is shown and
something may have changed since: the first time, and after each visit to
another tab, where records are changed. A long timeline comes a page at a time
(domain/timeline/paging.py), the next read as the list is scrolled to its end;
while pages remain unread, a search asks the service, which looks through every
note of the client, and the list shows what is on screen until it answers."""

from __future__ import annotations

from functools import partial
from html import escape

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
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
from domain.timeline.paging import PAGE_SIZE, TimelineCursor, TimelinePage
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
# A search waits this long after the last key before it asks the service.
SEARCH_AFTER_MS = 250
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

    # The view reached the last row and more may be read (Qt calls fetchMore).
    more_wanted = Signal()

    def __init__(self, parent=None):
        super().__init__(("When", "Kind", "Case", "What", "Who"), parent)
        self._markers = {kind: kind_marker(kind) for kind in EntryKind}
        self.has_more = False
        self.waiting = False

    def canFetchMore(self, parent) -> bool:
        return not parent.isValid() and self.has_more and not self.waiting

    def fetchMore(self, parent) -> None:
        if self.canFetchMore(parent):
            self.waiting = True
            self.more_wanted.emit()

    def append(self, rows) -> None:
        rows = list(rows)
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

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
        self.entries: list[TimelineEntry] | None = None  # read so far; None: not read yet
        self.cursor: TimelineCursor | None = None  # where the next page starts; None: no more
        self.counts: dict[EntryKind, int] = {}  # the whole timeline's, read or not
        self.found: list[TimelineEntry] | None = None  # the service's answer to ``found_for``
        self.found_for = ""
        self.cases: list[CaseSummary] = []
        self._stale = True
        self._reading = 0  # which reading a page answers: a reload drops older pages
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_AFTER_MS)
        self._search_timer.timeout.connect(self._search_everything)

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
        self.model.more_wanted.connect(self.load_more)
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
        """The newest page again, reaching as far back as was read (a page at least,
        ten at most: the list is built on the UI thread)."""
        self._stale = False
        self._reading += 1
        self.model.waiting = True
        read_notes = sum(entry.kind is EntryKind.NOTE for entry in self.entries or ())
        self._runner.submit(
            self._services.timeline.first_page,
            self._actor,
            self.client_id,
            min(max(PAGE_SIZE, read_notes), 10 * PAGE_SIZE),
            on_success=partial(self.show_page, reading=self._reading),
            on_error=partial(self._failed, self._reading),
            owner=self,
        )

    def load_more(self) -> None:
        if self.cursor is None:
            self.model.waiting = False
            return
        self._runner.submit(
            self._services.timeline.next_page,
            self._actor,
            self.client_id,
            self.cursor,
            on_success=partial(self.add_page, reading=self._reading),
            on_error=partial(self._failed, self._reading),
            owner=self,
        )

    def _failed(self, reading: int, error: BaseException) -> None:
        if reading == self._reading:
            self.model.waiting = False
        present_error(self, error)

    def show_page(self, page: TimelinePage, reading: int | None = None) -> None:
        if reading is not None and reading != self._reading:
            return  # a later reading is on its way
        self.entries = list(page.entries)
        self.cursor = page.cursor
        self.counts = dict(page.counts)
        self.found, self.found_for = None, ""
        self.model.waiting = False
        for kind, chip in self.chips.items():
            chip.setText(f"{self.tr(CHIP_LABELS[kind])} ({self.counts.get(kind, 0)})")
            chip.setVisible(kind in self.counts)
        self._fill_cases()
        self._refilter()

    def add_page(self, page: TimelinePage, reading: int | None = None) -> None:
        """Older entries, below those shown: appended, so the list stays where it is."""
        if (reading is not None and reading != self._reading) or self.entries is None:
            return
        self.entries += page.entries
        self.cursor = page.cursor
        self.model.waiting = False
        if self._pool() is self.entries:
            self.model.append(self._filtered(page.entries))
            self.model.has_more = self.cursor is not None
            self._show_count()
        else:
            self._refilter()
        self._fill_cases()

    # --- filtering ---------------------------------------------------------------------

    def _fill_cases(self) -> None:
        known = {case.id: case for case in self.cases}
        # The cases one reaches are those with entries (each has its opening); the
        # window's list may hold others' cases of the client too.
        read = [*(self.entries or ()), *(self.cursor.held if self.cursor else ())]
        case_ids = {e.case_id for e in read if e.case_id is not None}
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

    @property
    def complete(self) -> bool:
        """Every entry of the timeline has been read."""
        return self.cursor is None

    def _pool(self) -> list[TimelineEntry]:
        """What the filters choose from: what was read, or (pages unread) the
        service's search of everything, or with notes hidden everything read whole
        with the first page (only notes come in later pages)."""
        text = self.search.text().strip()
        if self.complete or self.entries is None:
            return self.entries or []
        if text:
            return self.found if self.found is not None and self.found_for == text else []
        if EntryKind.NOTE not in self.chosen_kinds():
            return self.entries + list(self.cursor.held)
        return self.entries

    def _filtered(self, entries) -> list[TimelineEntry]:
        return filter_entries(
            entries,
            kinds=self.chosen_kinds(),
            case_id=self.case_choice.currentData(),
            text=self.search.text(),
        )

    def _refilter(self, *_args) -> None:
        if self.entries is None:
            return
        current = self.current_entry()
        text = self.search.text().strip()
        if text and not self.complete and self.found_for != text:
            self.found = None
            self._search_timer.start()
        pool = self._pool()
        if text and not self.complete and self.found is None:
            pool = []  # not a page to scroll on: the service's answer follows
            shown = self._filtered(self.entries)  # what is on screen matches, meanwhile
        else:
            shown = self._filtered(pool)
        self.model.reset_to(shown)
        self.model.has_more = pool is self.entries and not self.complete
        self._show_count()
        row = self.model.row_of_key(current.key) if current else None
        if row is None and shown:
            row = 0
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
        else:
            self.detail.setPlainText(
                self.tr("No entry matches these filters.") if self._total() else ""
            )

    def _total(self) -> int:
        return len(self.entries or ()) if self.complete else sum(self.counts.values())

    def _show_count(self) -> None:
        total, shown = self._total(), self.model.rowCount()
        searching = bool(self.search.text().strip()) and not self.complete
        if not total:
            self.count.setText(self.tr("Nothing on this client's timeline yet."))
        elif searching and self.found is None:
            self.count.setText(self.tr("Searching all {0} entries…").format(total))
        elif shown == total:
            self.count.setText(self.tr("{0} entries").format(total))
        elif self._pool() is self.entries and self._filtered(self.entries) == self.entries:
            self.count.setText(
                self.tr("The newest {0} of {1} entries; older ones follow as you scroll").format(
                    shown, total
                )
            )
        else:
            self.count.setText(self.tr("Showing {0} of {1} entries").format(shown, total))

    def _search_everything(self) -> None:
        text = self.search.text().strip()
        if not text or self.complete:
            return
        self._runner.submit(
            self._services.timeline.search,
            self._actor,
            self.client_id,
            text,
            on_success=partial(self._show_found, text),
            on_error=partial(present_error, self),
            owner=self,
        )

    def _show_found(self, text: str, found: list[TimelineEntry]) -> None:
        if text != self.search.text().strip():
            return  # typed on since: a newer search follows
        self.found, self.found_for = found, text
        self._refilter()

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
