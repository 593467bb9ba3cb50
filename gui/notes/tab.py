"""The Notes tab of a client's record: every note of the client's cases one may
read, newest contact first, each with its addenda indented under it in order;
write a note (or a quick phone note), add an addendum, co-sign.

The newest notes come first, a page at a time (domain/notes/paging.py): the next
page is read in the background as the list is scrolled to its end, or when the
list does not fill its space. Each note arrives with its fingerprint already
checked by the service, so showing a page hashes nothing here."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from domain.cases.case import CaseSummary
from domain.common.actor import Actor
from domain.common.field_rules import format_date
from domain.common.policy import Permission
from domain.notes.note import ContactType, Note
from domain.notes.paging import PAGE_SIZE, NoteCursor, NotePage
from domain.notes.repository import DraftKeeper
from domain.printing.service import FormKind
from domain.services import Services
from gui.common.error_presenter import present_error
from gui.common.form_printer import FormPrinter
from gui.common.runner import BackgroundRunner
from gui.notes.editor import NoteEditor
from gui.notes.print_dialog import NotesPrintDialog

NOTE_ROLE = Qt.ItemDataRole.UserRole + 1
# A refresh reads again as far down as was read, up to ten pages: a list is built on
# the UI thread, and further pages follow again as one scrolls.
REREAD_AT_MOST = 10 * PAGE_SIZE


def note_status(note: Note) -> str:
    if not note.is_signed:
        return "Draft"
    status = "Signed"
    if note.awaiting_cosign:
        status += ", awaiting co-signature"
    elif note.cosigned_at is not None:
        status += f", co-signed by {note.cosigned_by_name}"
    if not note.intact:
        status += " — ALTERED OUTSIDE CASEDESK"
    return status


class NotesTab(QWidget):
    editor_opened = Signal(object)  # the NoteEditor, for tests and the window

    COLUMNS = ("Date", "Type", "Author", "Status", "Note")

    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        client,
        drafts: DraftKeeper | None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._services, self._actor = runner, services, actor
        self._drafts = drafts
        self.client = client
        self.cases: list[CaseSummary] = []
        self.notes: list[Note] | None = None  # those read so far; None: not read yet
        self.after: NoteCursor | None = None  # where the next page starts; None: no more
        self._reading = 0  # which reading a page answers: a refresh drops older pages
        self._waiting = False  # for a page
        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.model.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.view = QTreeView(self)
        self.view.setObjectName("note_tree")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.view.setUniformRowHeights(True)
        for column, width in enumerate((150, 110, 90, 200)):
            self.view.setColumnWidth(column, width)
        self.view.selectionModel().currentRowChanged.connect(self._show_current)
        self.view.activated.connect(lambda _index: self.open_current_draft())
        # Not Qt's fetchMore: a tree view lays itself out by fetching all it can.
        scroll = self.view.verticalScrollBar()
        scroll.valueChanged.connect(self._near_the_end)
        scroll.rangeChanged.connect(self._near_the_end)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("note_detail")

        self.new_button = QPushButton(self.tr("&New note…"), self)
        self.new_button.clicked.connect(lambda: self.new_note(ContactType.OFFICE_VISIT))
        self.phone_button = QPushButton(self.tr("Phone note… (Ctrl+Shift+N)"), self)
        self.phone_button.setToolTip(self.tr("Ctrl+Shift+N"))
        self.phone_button.clicked.connect(lambda: self.new_note(ContactType.PHONE))
        self.phone_action = QAction(self.tr("Phone note"), self)
        self.phone_action.setShortcut(
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_N)
        )
        self.phone_action.triggered.connect(lambda: self.new_note(ContactType.PHONE))
        self.addendum_button = QPushButton(self.tr("Add a&ddendum…"), self)
        self.addendum_button.clicked.connect(self.add_addendum)
        self.cosign_button = QPushButton(self.tr("&Co-sign"), self)
        self.cosign_button.clicked.connect(self.cosign)
        self.cosign_button.setVisible(actor.may(Permission.NOTE_SUPERVISE))
        self.print_button = QPushButton(self.tr("&Print notes…"), self)
        self.print_button.setObjectName("print_notes")
        self.print_button.clicked.connect(self.ask_to_print)
        self.print_button.setVisible(actor.may(Permission.FORM_PRINT))
        self._printer = FormPrinter(runner, services, actor, self)
        writes = actor.may(Permission.NOTE_WRITE)
        for button in (self.new_button, self.phone_button, self.addendum_button):
            button.setVisible(writes)
        self.hint = QLabel(self)
        self.hint.setStyleSheet("color: #555;")
        buttons = QHBoxLayout()
        for button in (
            self.new_button,
            self.phone_button,
            self.addendum_button,
            self.cosign_button,
        ):
            buttons.addWidget(button)
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.print_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setSizes([260, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self._update_buttons()

    # --- loading -------------------------------------------------------------------------

    def set_cases(self, cases: list[CaseSummary]) -> None:
        self.cases = cases
        self._update_buttons()

    def refresh(self) -> None:
        """Read the newest notes again, as many as are shown (a page at least, ten at
        most)."""
        if not self._actor.may(Permission.NOTE_READ):
            self.hint.setText(self.tr("Your role does not read case notes."))
            return
        self._reading += 1
        self._waiting = True
        self._runner.submit(
            self._services.notes.page,
            self._actor,
            self.client.id,
            None,
            min(max(PAGE_SIZE, len(self.notes or ())), REREAD_AT_MOST),
            on_success=partial(self.show_notes, reading=self._reading),
            on_error=partial(self._failed, self._reading),
            owner=self,
        )

    def _near_the_end(self, *_args) -> None:
        """Within a screen of the last note (or all of them in view): read on."""
        scroll = self.view.verticalScrollBar()
        if scroll.value() >= scroll.maximum() - scroll.pageStep():
            self.load_more()

    def load_more(self) -> None:
        """The next page, after the last note shown."""
        if self.after is None or self._waiting:
            return
        self._waiting = True
        self._runner.submit(
            self._services.notes.page,
            self._actor,
            self.client.id,
            self.after,
            on_success=partial(self.add_notes, reading=self._reading),
            on_error=partial(self._failed, self._reading),
            owner=self,
        )

    def _failed(self, reading: int, error: BaseException) -> None:
        if reading == self._reading:
            self._waiting = False
        present_error(self, error)

    def show_notes(self, page: NotePage, reading: int | None = None) -> None:
        if reading is not None and reading != self._reading:
            return  # a later refresh is on its way
        chosen = self.current_note()
        self.notes = []
        self.model.removeRows(0, self.model.rowCount())
        self._append(page)
        notes = self.notes
        if not notes:
            self.detail.setPlainText(self.tr("No notes yet. Ctrl+Shift+N writes a phone note."))
        target = next(
            (n for n in notes if chosen and n.id == chosen.id), notes[0] if notes else None
        )
        if target is not None:
            self._select(target.id)
        self._update_buttons()

    def add_notes(self, page: NotePage, reading: int | None = None) -> None:
        """A later page, below the notes shown."""
        if reading is not None and reading != self._reading:
            return
        self._append(page)

    def _append(self, page: NotePage) -> None:
        known = {note.id for note in self.notes}
        fresh = [note for note in page.notes if note.id not in known]
        for note in fresh:
            self.model.appendRow(self._row(note))
            self.view.expand(self.model.index(self.model.rowCount() - 1, 0))
        self.notes.extend(fresh)
        self.after = page.after
        self._waiting = False
        QTimer.singleShot(0, self, self._fills_the_view)

    def _fills_the_view(self) -> None:
        """A page that leaves the list short of its space: no scroll bar to reach the
        end with, so read on now."""
        self.view.executeDelayedItemsLayout()
        self._near_the_end()

    def _row(self, note: Note) -> list[QStandardItem]:
        v = note.values
        when = format_date(v.contact_on) if v.contact_on else self.tr("(no date)")
        if v.contact_at:
            when += f" {v.contact_at:%H:%M}"
        first_line = v.narrative.split("\n", 1)[0]
        if v.confidential:
            first_line = self.tr("[confidential] ") + first_line
        row = [
            QStandardItem(when),
            QStandardItem(self.tr(v.contact_type.label)),
            QStandardItem(note.written_by),
            QStandardItem(self.tr(note_status(note))),
            QStandardItem(first_line),
        ]
        row[0].setData(note.id, NOTE_ROLE)
        for addendum in note.addenda:
            child = [
                QStandardItem(f"{addendum.created_at.astimezone():%m/%d/%Y}"),
                QStandardItem(self.tr("Addendum {0}").format(addendum.sequence)),
                QStandardItem(addendum.written_by),
                QStandardItem(""),
                QStandardItem(addendum.text.split("\n", 1)[0]),
            ]
            child[0].setData(note.id, NOTE_ROLE)
            row[0].appendRow(child)
        return row

    def _select(self, note_id: int) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(NOTE_ROLE) == note_id:
                self.view.setCurrentIndex(index)
                return

    def current_note(self) -> Note | None:
        index = self.view.currentIndex()
        if not index.isValid() or self.notes is None:
            return None
        note_id = index.siblingAtColumn(0).data(NOTE_ROLE)
        return next((n for n in self.notes if n.id == note_id), None)

    def _show_current(self, *_args) -> None:
        note = self.current_note()
        self._update_buttons()
        if note is None:
            return
        v = note.values
        lines = [
            f"{self.tr(v.contact_type.label)} · "
            f"{format_date(v.contact_on) if v.contact_on else self.tr('no date yet')}"
            + (f" {v.contact_at:%H:%M}" if v.contact_at else "")
            + (self.tr(" · {0} minutes").format(v.duration_minutes) if v.duration_minutes else "")
            + (f" · {v.location}" if v.location else ""),
            self.tr("By {0} · {1}").format(note.written_by, self.tr(note_status(note)))
            + (
                self.tr(" · signed {0:%m/%d/%Y %H:%M}").format(note.signed_at.astimezone())
                if note.signed_at
                else ""
            ),
            "",
            v.narrative,
        ]
        for addendum in note.addenda:
            lines += [
                "",
                self.tr("Addendum {0} — {1}, {2:%m/%d/%Y %H:%M}:").format(
                    addendum.sequence, addendum.written_by, addendum.created_at.astimezone()
                ),
                addendum.text,
            ]
        self.detail.setPlainText("\n".join(lines))

    def _update_buttons(self) -> None:
        note = self.current_note()
        may_amend = (
            note is not None
            and note.is_signed
            and (
                note.author_staff_id == self._actor.staff_id
                or self._actor.may(Permission.NOTE_SUPERVISE)
            )
        )
        self.addendum_button.setEnabled(may_amend)
        self.cosign_button.setEnabled(
            note is not None
            and note.awaiting_cosign
            and note.author_staff_id != self._actor.staff_id
        )
        has_case = self.case_for_new_note() is not None
        self.new_button.setEnabled(has_case)
        self.phone_button.setEnabled(has_case)

    # --- writing ---------------------------------------------------------------------------

    def case_for_new_note(self) -> CaseSummary | None:
        """The chosen note's case, else the client's first open case one works on."""
        note = self.current_note()
        mine = [
            c
            for c in self.cases
            if c.is_active
            and (
                self._actor.may(Permission.CLIENT_ANY)
                or c.assigned_staff_id == self._actor.staff_id
            )
        ]
        if note is not None and any(c.id == note.case_id for c in mine):
            return next(c for c in mine if c.id == note.case_id)
        return mine[0] if mine else None

    def printable_cases(self) -> list[CaseSummary]:
        anywhere = self._actor.may(Permission.CLIENT_ANY)
        return [c for c in self.cases if anywhere or c.assigned_staff_id == self._actor.staff_id]

    def ask_to_print(self) -> NotesPrintDialog | None:
        cases = self.printable_cases()
        if not cases:
            return None
        dialog = NotesPrintDialog(cases, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(partial(self._print, dialog))
        dialog.open()
        return dialog

    def _print(self, dialog: NotesPrintDialog) -> None:
        start, end = dialog.dates()
        case_id = dialog.case_id()
        name = f"{self.client.number} case notes.pdf"
        self._printer.print_form(
            FormKind.CASE_NOTES,
            [self.client.id],
            name,
            case_id=case_id,
            note_range=(start, end),
        )

    def new_note(self, contact_type: ContactType) -> NoteEditor | None:
        case = self.case_for_new_note()
        if case is None or not self._actor.may(Permission.NOTE_WRITE):
            return None
        return self.open_editor(case.id, contact_type=contact_type)

    def open_current_draft(self) -> None:
        note = self.current_note()
        if note is not None and not note.is_signed and note.author_staff_id == self._actor.staff_id:
            self.open_editor(note.case_id, note=note)

    def open_editor(self, case_id: int, **options) -> NoteEditor:
        editor = NoteEditor(
            self._runner,
            self._services,
            self._actor,
            self._drafts,
            case_id,
            self.client.display_name,
            parent=self,
            **options,
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for signal in (editor.signed, editor.saved, editor.discarded):
            signal.connect(lambda *_: self.refresh())
        editor.show()
        editor.activateWindow()
        self.editor_opened.emit(editor)
        return editor

    @classmethod
    def ask_addendum(cls, parent: QWidget) -> str | None:
        """The addendum's text; tests patch this."""
        text, ok = QInputDialog.getMultiLineText(
            parent,
            parent.tr("Add an addendum"),
            parent.tr("The note stays as signed; this correction or addition follows it:"),
        )
        return text if ok else None

    def add_addendum(self) -> None:
        note = self.current_note()
        if note is None:
            return
        text = self.ask_addendum(self)
        if text is None:
            return
        self._runner.submit(
            self._services.notes.add_addendum,
            self._actor,
            note.id,
            text,
            on_success=lambda _a: self.refresh(),
            on_error=partial(present_error, self),
            owner=self,
        )

    def cosign(self) -> None:
        note = self.current_note()
        if note is None:
            return
        self._runner.submit(
            self._services.notes.cosign,
            self._actor,
            note.id,
            on_success=lambda _n: self.refresh(),
            on_error=partial(present_error, self),
            owner=self,
        )
