"""The note editor: one screen from the first word to the signature.

Never lose a word: every change is copied to the workstation within half a
second (``DraftKeeper``), and saved to the database as a draft within a few
seconds while the person types, when the window loses focus and when it closes.
Signing (Ctrl+Enter) asks once, because it is final.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.disk_errors import DiskFull, DiskReadOnly, local_copy_failure
from domain.common.errors import DatabaseUnavailable, ValidationError
from domain.common.policy import Permission
from domain.common.server_errors import ConnectionLost
from domain.notes.local_drafts import LocalDraft, draft_key
from domain.notes.note import LONGEST_NARRATIVE, TEMPLATES, ContactType, Note, NoteForm
from domain.notes.repository import DraftKeeper
from domain.services import Services
from gui.common.busy_indicator import BusyIndicator
from gui.common.error_presenter import present_error
from gui.common.form_fields import FormFields
from gui.common.kept_work import not_saved_text
from gui.common.runner import BackgroundRunner, StoppedWaiting, Wait
from gui.consents.services_banner import ServicesConsentBanner

AUTOSAVE_MS = 3000  # to the database, at most this long after a change
LOCAL_COPY_MS = 500  # to the workstation


class NoteEditor(QWidget):
    signed = Signal(object)  # the signed Note
    saved = Signal(object)  # a draft Note, after each save to the database
    discarded = Signal()

    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        drafts: DraftKeeper | None,
        case_id: int,
        client_name: str,
        *,
        note: Note | None = None,
        form: NoteForm | None = None,
        local_key: str | None = None,
        contact_type: ContactType = ContactType.PHONE,
        goals: Sequence[tuple[int, str]] = (),
        autosave_ms: int = AUTOSAVE_MS,
        parent: QWidget | None = None,
    ):
        super().__init__(parent, Qt.WindowType.Window)
        self._runner, self._services, self._actor = runner, services, actor
        self._drafts = drafts
        self.case_id, self.client_name = case_id, client_name
        # Written by the background worker only, read by the next job there: each
        # save and the signature start from the version the last save left.
        self._db_note: Note | None = note
        self.local_key = local_key or draft_key(
            case_id, note.id if note else None, secrets.token_hex(4)
        )
        # The new note's id until its start is confirmed, made from the local copy's
        # name: starting again (after a save stopped waiting for, or from the copy
        # offered back after a crash) answers with the note made, never a second one.
        self._request_id = str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"casedesk:note:{actor.username}:{self.local_key}")
        )
        self._dirty = False
        self._copy_failed = False  # the last copy to this computer could not be written
        self._saving = False
        self._finished = False
        self.setWindowTitle(self.tr("Case note — {0}").format(client_name))
        self.setObjectName("note_editor")

        self.fields = FormFields(self)
        f = self.fields
        self.contact_date = f.add_line_edit("contact_date", self.tr("&Date"), max_length=10)
        self.contact_time = f.add_line_edit(
            "contact_time", self.tr("&Time"), placeholder="HH:MM", max_length=5
        )
        self.contact_type = QComboBox(self)
        for kind in ContactType:
            self.contact_type.addItem(self.tr(kind.label), kind.value)
        f.add("contact_type", self.tr("T&ype"), self.contact_type)
        self.location = f.add_line_edit("location", self.tr("&Location"), max_length=200)
        self.duration = f.add_line_edit(
            "duration_minutes", self.tr("D&uration (minutes)"), max_length=4
        )
        self.narrative = QPlainTextEdit(self)
        self.narrative.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.narrative.setMinimumHeight(180)
        f.add("narrative", self.tr("&Narrative"), self.narrative)
        self.goals = QListWidget(self)
        self.goals.setMaximumHeight(70)
        self.show_goals(goals, ())
        f.add("goal_ids", self.tr("&Goals"), self.goals)
        self.confidential = QCheckBox(
            self.tr("Confidential: only I and supervisors may read it"), self
        )
        f.add("confidential", self.tr("Co&nfidential"), self.confidential)

        self.status = QLabel(self)
        self.status.setObjectName("save_status")
        self.status.setWordWrap(True)  # a full disk takes a sentence to say
        self.status.setStyleSheet("color: #555;")
        self.sign_button = QPushButton(self.tr("&Sign…"), self)
        self.sign_button.setToolTip(self.tr("Ctrl+Enter. A signed note never changes again."))
        self.sign_button.clicked.connect(self.ask_to_sign)
        self.save_button = QPushButton(self.tr("Save d&raft"), self)
        self.save_button.setToolTip(self.tr("Ctrl+S. Drafts also save themselves as you type."))
        self.save_button.clicked.connect(self.save_now)
        self.discard_button = QPushButton(self.tr("Disc&ard draft…"), self)
        self.discard_button.clicked.connect(self.ask_to_discard)
        sign_action = QAction(self)
        sign_action.setShortcuts(
            [
                QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return),
                QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter),
            ]
        )
        sign_action.triggered.connect(self.ask_to_sign)
        save_action = QAction(self)
        save_action.setShortcut(QKeySequence.StandardKey.Save)
        save_action.triggered.connect(self.save_now)
        self.addActions([sign_action, save_action])

        # Signing is confirmed in this window, not in another one: a phone note is
        # written and signed on one screen (Ctrl+Enter, then Ctrl+Enter again).
        self.confirm_bar = QLabel(
            self.tr(
                "Signing is final: the note can never be changed again, only corrected "
                "with an addendum. Press Ctrl+Enter again (or Sign now) to sign; go on "
                "typing to keep editing."
            ),
            self,
        )
        self.confirm_bar.setObjectName("confirm_sign")
        self.confirm_bar.setWordWrap(True)
        self.confirm_bar.setStyleSheet(
            "background: #fff4e5; border: 1px solid #e0a040; padding: 6px; color: #5a3a00;"
        )
        self.confirm_bar.hide()
        buttons = QHBoxLayout()
        # A slow server: what is awaited, and Cancel (the words stay, here and on disk).
        self.busy = BusyIndicator(runner, self)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.sign_button)
        heading = QLabel(self.tr("Note for {0}").format(client_name), self)
        heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        # Writing a note is service going on: say so when the client's consent does not hold.
        self.consent_banner = ServicesConsentBanner(runner, services.consents, actor, self)
        self.consent_banner.watch([case_id])
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.consent_banner)
        layout.addLayout(f.layout, 1)
        layout.addWidget(self.confirm_bar)
        layout.addWidget(self.busy)
        layout.addLayout(buttons)
        self.setTabOrder(self.contact_date, self.contact_time)
        for before, after in (
            (self.contact_time, self.contact_type),
            (self.contact_type, self.location),
            (self.location, self.duration),
            (self.duration, self.narrative),
            (self.narrative, self.goals),
            (self.goals, self.confidential),
            (self.confidential, self.sign_button),
        ):
            self.setTabOrder(before, after)
        self.resize(640, 620)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(autosave_ms)
        self._autosave.timeout.connect(self.save_now)
        self._local_copy = QTimer(self)
        self._local_copy.setSingleShot(True)
        self._local_copy.setInterval(LOCAL_COPY_MS)
        self._local_copy.timeout.connect(self.keep_local_copy)

        self._load(form or (note.as_form() if note else None), contact_type)
        for edit in (self.contact_date, self.contact_time, self.location, self.duration):
            edit.textEdited.connect(self._changed)
        self.narrative.textChanged.connect(self._changed)
        self.contact_type.currentIndexChanged.connect(self._type_changed)
        self.confidential.toggled.connect(self._changed)
        self.goals.itemChanged.connect(self._changed)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self._watching_focus = True
        self.discard_button.setEnabled(note is not None)
        self.duration.setFocus()  # date, time and type are filled in: say how long
        if not goals:
            self.load_goals()

    # --- the form ----------------------------------------------------------------------

    def _load(self, form: NoteForm | None, contact_type: ContactType) -> None:
        # A draft's links, kept until the plan's goals arrive to show them ticked.
        self._linked_goals = form.goal_ids if form else ()
        if form is None:
            now = self._services.clock().astimezone()
            form = NoteForm(
                contact_date=self._services.today().strftime("%m/%d/%Y"),
                contact_time=now.strftime("%H:%M"),
                contact_type=contact_type.value,
                narrative=TEMPLATES.get(contact_type, ""),
            )
        self.contact_date.setText(form.contact_date)
        self.contact_time.setText(form.contact_time)
        index = self.contact_type.findData(form.contact_type)
        self.contact_type.setCurrentIndex(max(index, 0))
        self.location.setText(form.location)
        self.duration.setText(form.duration_minutes)
        self.narrative.setPlainText(form.narrative)
        self._cursor_to_first_blank()
        self.confidential.setChecked(form.confidential)
        for row in range(self.goals.count()):
            item = self.goals.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in form.goal_ids:
                item.setCheckState(Qt.CheckState.Checked)

    def show_goals(self, goals: Sequence[tuple[int, str]], checked: Sequence[int]) -> None:
        """The plan's goals to link the note to, those in ``checked`` ticked."""
        self.goals.blockSignals(True)  # filling the list is not an edit of the note
        self.goals.clear()
        for goal_id, label in goals:
            item = QListWidgetItem(label, self.goals)
            item.setData(Qt.ItemDataRole.UserRole, goal_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = goal_id in checked
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        if not goals:
            self.goals.addItem(self.tr("No plan goals on this case yet."))
        self.goals.setEnabled(bool(goals))
        self.goals.blockSignals(False)

    def load_goals(self) -> None:
        """The goals of the case's plan in force, fetched off the UI thread."""
        if not self._actor.may(Permission.PLAN_WORK):
            return
        self._runner.submit(
            self._services.plans.goals_for_case,
            self._actor,
            self.case_id,
            on_success=lambda goals: self.show_goals(
                goals, (*self._linked_goals, *self.form().goal_ids)
            ),
            on_error=lambda _error: None,  # linking goals is optional; the note goes on
            owner=self,
        )

    def _cursor_to_first_blank(self) -> None:
        """Into the template's first empty heading ("Purpose of call: |"), or the end."""
        text = self.narrative.toPlainText()
        cursor = self.narrative.textCursor()
        first_line = text.split("\n", 1)[0]
        if first_line.endswith(":"):
            cursor.setPosition(len(first_line))
            cursor.insertText(" ")
            self._dirty = False
        else:
            cursor.movePosition(QTextCursor.MoveOperation.End)
        self.narrative.setTextCursor(cursor)

    def form(self) -> NoteForm:
        goal_ids = tuple(
            self.goals.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.goals.count())
            if self.goals.item(row).checkState() == Qt.CheckState.Checked
        )
        return NoteForm(
            contact_date=self.contact_date.text(),
            contact_time=self.contact_time.text(),
            contact_type=self.contact_type.currentData(),
            duration_minutes=self.duration.text(),
            location=self.location.text(),
            narrative=self.narrative.toPlainText()[: LONGEST_NARRATIVE + 1000],
            confidential=self.confidential.isChecked(),
            goal_ids=goal_ids,
        )

    def _type_changed(self) -> None:
        """A new type brings its template, unless the person has written already."""
        text = self.narrative.toPlainText().strip()
        if not text or text in {template.strip() for template in TEMPLATES.values()}:
            self.narrative.setPlainText(TEMPLATES.get(ContactType(self.contact_type.currentData())))
            self._cursor_to_first_blank()
        self._changed()

    # --- never lose a word -----------------------------------------------------------

    def _changed(self, *_args) -> None:
        if self._finished:
            return
        self._dirty = True
        self.status.setText(self.tr("Editing…"))
        self._cancel_signing()
        # Started, not restarted: a save comes at most this long after any change,
        # however long someone goes on typing.
        if not self._autosave.isActive():
            self._autosave.start()
        if not self._local_copy.isActive():
            self._local_copy.start()

    def keep_local_copy(self) -> None:
        if self._drafts is None or self._finished:
            return
        note = self._db_note
        try:
            self._drafts.save(
                LocalDraft(
                    username=self._actor.username,
                    key=self.local_key,
                    case_id=self.case_id,
                    note_id=note.id if note else None,
                    client_name=self.client_name,
                    form=self.form(),
                    saved_at=self._services.clock(),
                )
            )
        except OSError as error:
            self._copy_failed = True
            self.status.setText(local_copy_failure(error))
        else:
            self._copy_failed = False

    def _focus_changed(self, old, new) -> None:
        inside = new is not None and (new is self or self.isAncestorOf(new))
        was_inside = old is not None and (old is self or self.isAncestorOf(old))
        if was_inside and not inside:
            self.save_now()

    def save_now(self) -> None:
        """To the workstation at once, then to the database (one save at a time)."""
        self._autosave.stop()
        if self._finished or not self._dirty:
            return
        self._local_copy.stop()
        self.keep_local_copy()
        if self._saving:
            self._autosave.start()  # again when this one is done
            return
        self._saving = True
        self._dirty = False
        self._runner.submit(
            self._save_work,
            self.form(),
            on_success=self._saved,
            on_error=self._save_failed,
            owner=self,
            wait=Wait.SAVE_KEPT if self._drafts is not None else Wait.SAVE,
            what=self.tr("Saving the draft…"),
        )

    def _save_work(self, form: NoteForm) -> Note:
        """On the background worker."""
        notes, note = self._services.notes, self._db_note
        if note is not None and note.is_signed:
            return note  # a signature stopped waiting for reached the server after all
        if note is None:
            note = notes.start_draft(self._actor, self.case_id, form, self._request_id)
        else:
            note = notes.save_draft(self._actor, note.id, note.version, form)
        self._db_note = note
        return note

    def _saved(self, note: Note) -> None:
        self._saving = False
        if note.is_signed:
            self._signed(note)
            return
        self.discard_button.setEnabled(True)
        new_key = draft_key(self.case_id, note.id)
        if new_key != self.local_key and self._drafts is not None:
            old_key, self.local_key = self.local_key, new_key
            self.keep_local_copy()
            self._drafts.remove(self._actor.username, old_key)
        elif self._copy_failed:
            self.keep_local_copy()  # the disk may have room again: the copy catches up
        self.fields.clear_messages()
        if not self._dirty:
            saved = self.tr("Draft saved {0}").format(
                note.updated_at.astimezone().strftime("%H:%M:%S")
            )
            # Saved to the database, but a copy here still could not be kept: say both.
            copy_trouble = self.status.text() if self._copy_failed else ""
            self.status.setText(f"{saved}. {copy_trouble}" if copy_trouble else saved)
        self.saved.emit(note)

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self._dirty = True  # still to be saved; the local copy holds every word
        if isinstance(error, StoppedWaiting):
            # Saved again after the next change; the busy indicator says what it means.
            self.status.setText(self.tr("Not saved to the database yet."))
        elif isinstance(error, ValidationError):
            self.fields.show_errors(error.errors)
            self.status.setText(self.tr("Draft kept on this computer; fix the marked field."))
        elif isinstance(error, DatabaseUnavailable):
            # As the other editors say it: a lost connection tells whether the draft
            # was saved, not saved or not known yet (each text says the work is kept); a
            # full or read-only disk says so. Either way it is tried again.
            said = str(error) if isinstance(error, ConnectionLost) else not_saved_text(error)
            if self._copy_failed:
                kept = self.tr(
                    "No copy could be kept on this computer either: keep this window open; "
                    "CaseDesk tries again every few seconds."
                )
            elif isinstance(error, DiskFull | DiskReadOnly):
                kept = self.tr("The draft is kept on this computer.")
            else:
                kept = ""  # the text above says the work is kept
            self.status.setText(f"{said} {kept}".strip())
            self._autosave.start()
        else:
            self.status.setText(self.tr("Not saved to the database; kept on this computer."))
            present_error(self, error)

    # --- signing and discarding -------------------------------------------------------

    def ask_to_sign(self) -> None:
        """The first request shows what signing means; the second signs."""
        if self.confirm_bar.isVisible():
            self.sign()
            return
        self.confirm_bar.show()
        self.sign_button.setText(self.tr("&Sign now"))

    def _cancel_signing(self) -> None:
        if self.confirm_bar.isVisible():
            self.confirm_bar.hide()
            self.sign_button.setText(self.tr("&Sign…"))

    def sign(self) -> None:
        self._autosave.stop()
        self.keep_local_copy()
        self.sign_button.setEnabled(False)
        self._runner.submit(
            self._sign_work,
            self.form(),
            on_success=self._signed,
            on_error=self._sign_failed,
            owner=self,
            wait=Wait.SAVE_KEPT if self._drafts is not None else Wait.SAVE,
            what=self.tr("Signing the note…"),
        )

    def _sign_work(self, form: NoteForm) -> Note:
        notes = self._services.notes
        note = self._db_note or notes.start_draft(self._actor, self.case_id, form, self._request_id)
        self._db_note = note
        if note.is_signed:
            return note  # signed by an earlier request, stopped waiting for
        signed = notes.sign(self._actor, note.id, note.version, form)
        self._db_note = signed
        return signed

    def _signed(self, note: Note) -> None:
        self._finish()
        self.signed.emit(note)
        self.close()

    def _sign_failed(self, error: BaseException) -> None:
        self.sign_button.setEnabled(True)
        self._dirty = True
        self.fields.present(error)

    def ask_to_discard(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Discard this draft?"),
            self.tr("The draft and its copy on this computer are deleted."),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        note = self._db_note
        if note is None:
            self._finish()
            self.discarded.emit()
            self.close()
            return
        self._runner.submit(
            self._services.notes.discard_draft,
            self._actor,
            note.id,
            note.version,
            on_success=lambda _none: (self._finish(), self.discarded.emit(), self.close()),
            on_error=lambda error: present_error(self, error),
            owner=self,
        )

    def _finish(self) -> None:
        """Signed or discarded: no more saving, and the local copy goes."""
        self._finished = True
        self._autosave.stop()
        self._local_copy.stop()
        if self._drafts is not None:
            self._drafts.remove(self._actor.username, self.local_key)

    def closeEvent(self, event) -> None:
        if not self._finished:
            self.save_now()  # the database save finishes after the window has gone
        if self._watching_focus:
            self._watching_focus = False
            QApplication.instance().focusChanged.disconnect(self._focus_changed)
        super().closeEvent(event)
