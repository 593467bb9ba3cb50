"""Your work is kept: a sealed copy of an editor's unsaved form on this computer.

``LocalCopy`` looks at the editor's form twice a second while it is open and,
when it differs from what was last kept, writes a copy (domain/local_work/); when
the form is back as it was opened, the copy goes. Looking rather than listening
catches every kind of change (a goal added, a member found by search, a score
picked) without wiring each input. The editor forgets the copy once its work is
saved or discarded; a window closed any other way (signed out, CaseDesk closed,
a crash) leaves it, and the editor opened again for the same record finds it.

``WorkBar`` is the line in the editor that says so: what was restored from this
computer, or asks before what was typed is thrown away; after signing in,
``remind_of_kept_work`` lists what is waiting and where it is put back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from domain.common.actor import Actor
from domain.common.disk_errors import DiskFull, DiskReadOnly, local_copy_failure
from domain.common.errors import DatabaseUnavailable
from domain.local_work.kept_work import CopyUnreadable, KeptWork, LocalWorkKeeper, WorkKind

log = logging.getLogger(__name__)

LOOK_EVERY_MS = 500  # a copy is at most this far behind the typing, as for notes
SERVER_UNREACHABLE = "The server could not be reached; your work is kept."


def not_saved_text(error: DatabaseUnavailable) -> str:
    """What an editor says when the database did not take its save: the server out
    of reach (the usual case), or the storage layer's own words when it knows more
    (a full or read-only disk under the embedded file; a save that was made though
    its answer was lost)."""
    if isinstance(error, DiskFull | DiskReadOnly) or getattr(error, "saved", False):
        return str(error)
    return QCoreApplication.translate("KeptWork", SERVER_UNREACHABLE)


class LocalCopy(QObject):
    """The kept copy of one editor's work on one record."""

    problem = Signal(str)  # no copy could be kept just now: say so in the editor

    def __init__(
        self,
        keeper: LocalWorkKeeper | None,
        actor: Actor,
        kind: WorkKind,
        record: str,
        client_name: str,
        snapshot: Callable[[], Mapping[str, Any]],
        clock: Callable[[], datetime],
        parent: QObject,
    ):
        super().__init__(parent)
        self._keeper, self._actor, self.kind, self.record = keeper, actor, kind, record
        self.client_name = client_name
        self._snapshot, self._clock = snapshot, clock
        self._baseline: Mapping[str, Any] | None = None
        self._kept: Mapping[str, Any] | None = None  # what the file holds now
        self._done = False
        self._timer = QTimer(self)
        self._timer.setInterval(LOOK_EVERY_MS)
        self._timer.timeout.connect(self.keep_now)

    @property
    def enabled(self) -> bool:
        return self._keeper is not None

    @property
    def is_kept(self) -> bool:
        return self._kept is not None

    def found(self) -> KeptWork | None:
        """A copy left from before for this record; None if none (or none readable:
        the editor then starts as usual, and the file stays for the sign-in notice)."""
        if self._keeper is None:
            return None
        try:
            return self._keeper.kept(self._actor.username, self.kind, self.record)
        except (CopyUnreadable, OSError) as error:
            log.warning("A kept %s copy could not be read: %s", self.kind.value, error)
            return None

    def start(self, *, baseline: Mapping[str, Any] | None = None, kept: bool = False) -> None:
        """Watch from now on; the form as it is now (or ``baseline``) needs no copy.
        ``kept``: a copy of what the form shows now is on disk already."""
        if self._done:
            return
        self._baseline = baseline if baseline is not None else self._snapshot()
        if self._keeper is None:
            return
        if kept:
            self._kept = self._snapshot()
        self._timer.start()

    @property
    def unsaved(self) -> bool:
        """The form differs from what it was opened with (or last saved)."""
        return self._baseline is not None and self._snapshot() != self._baseline

    def set_record(self, record: str, client_name: str | None = None) -> None:
        """The same work, now about another record (a returning client chosen)."""
        if record == self.record:
            return
        if self._kept is not None and self._keeper is not None:
            self._remove()
        self.record = record
        if client_name is not None:
            self.client_name = client_name
        self._kept = None

    def keep_now(self) -> None:
        """A copy of the form as it is, if it holds anything unsaved."""
        if self._keeper is None or self._done or self._baseline is None:
            return
        now = self._snapshot()
        if now == self._kept:
            return
        if now == self._baseline:
            if self._kept is not None:
                self._remove()
            return
        try:
            self._keeper.keep(
                KeptWork(
                    username=self._actor.username,
                    kind=self.kind,
                    record=self.record,
                    client_name=self.client_name,
                    form=now,
                    saved_at=self._clock(),
                )
            )
        except OSError as error:
            log.warning("No %s copy could be kept: %s", self.kind.value, error)
            self.problem.emit(self.tr(local_copy_failure(error)))
            return
        self._kept = now

    def saved(self, *, baseline: Mapping[str, Any] | None = None) -> None:
        """The work reached the database: the copy goes; with ``baseline`` the editor
        stays open and goes on watching from the form as saved."""
        if baseline is not None:
            self._baseline = baseline
        if self._keeper is not None:
            self._remove()

    def forget(self) -> None:
        """Saved and closing, or discarded: no copy, and no more watching."""
        self._done = True
        self._timer.stop()
        if self._keeper is not None:
            self._remove()

    def stop(self) -> None:
        """The window goes without saving or discarding: the copy stays as it is."""
        if self._keeper is not None and not self._done:
            self.keep_now()
        self._timer.stop()

    def _remove(self) -> None:
        try:
            self._keeper.forget(self._actor.username, self.kind, self.record)
        except OSError as error:
            log.warning("A %s copy could not be removed: %s", self.kind.value, error)
        self._kept = None


class AsksBeforeDiscarding:
    """Cancel, Esc or the window's close of an editor dialog (before QDialog in its
    bases; it has ``buttons``, ``work_bar`` and ``copy``, a LocalCopy or None): what
    was typed goes only if the person says so, in the window (never a second window,
    which could pop up while a session ends); nothing at all while a save is under
    way (the busy bar's Stop waiting ends the wait)."""

    def discard_question(self) -> str:
        raise NotImplementedError

    def reject(self) -> None:
        if not self.buttons.isEnabled():
            return
        if self.copy is not None and self.copy.unsaved:
            self.work_bar.ask_to_discard(self.discard_question(), self.discard)
            return
        self.discard()

    def discard(self) -> None:
        """Closed, and what was typed (with its copy on this computer) thrown away."""
        if self.copy is not None:
            self.copy.forget()
        super().reject()


class WorkBar(QFrame):
    """One line in an editor: a sentence and up to two buttons."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("work_bar")
        self.setStyleSheet(
            "#work_bar { background: #eef4fb; border: 1px solid #9bb8d8; }"
            " #work_bar QLabel { color: #1d3b5c; }"
        )
        self.label = QLabel(self)
        self.label.setObjectName("work_bar_text")
        self.label.setWordWrap(True)
        self.first = QPushButton(self)
        self.first.setObjectName("work_bar_first")
        self.second = QPushButton(self)
        self.second.setObjectName("work_bar_second")
        for button in (self.first, self.second):
            button.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.first)
        layout.addWidget(self.second)
        self._actions: list[Callable[[], None] | None] = [None, None]
        self.first.clicked.connect(lambda: self._clicked(0))
        self.second.clicked.connect(lambda: self._clicked(1))
        self.hide()

    def say(
        self,
        text: str,
        first: tuple[str, Callable[[], None]] | None = None,
        second: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        self.label.setText(text)
        for index, (button, choice) in enumerate(((self.first, first), (self.second, second))):
            button.setVisible(choice is not None)
            if choice is not None:
                button.setText(choice[0])
            self._actions[index] = choice[1] if choice is not None else None
        self.show()

    def ask_to_discard(self, question: str, discard: Callable[[], None]) -> None:
        """An editor's "close without saving?", asked in the window itself (never a
        second window, which could pop up while a session ends)."""
        self.say(
            question,
            (self.tr("Discard and c&lose"), discard),
            (self.tr("&Keep editing"), lambda: None),
        )

    def _clicked(self, index: int) -> None:
        action = self._actions[index]
        self.hide()
        if action is not None:
            action()


def kept_at(work: KeptWork) -> str:
    """When a copy was kept, as a person reads it: "10:42" today, else with the day."""
    when = work.saved_at.astimezone()
    today = datetime.now(when.tzinfo).date()
    return f"{when:%H:%M}" if when.date() == today else f"{when:%m/%d/%Y %H:%M}"


WHERE_TO_FIND = {
    WorkKind.PLAN: "the client's Plan tab, Edit draft",
    WorkKind.INTAKE: "Clients, New intake",
    WorkKind.ASSESSMENT: "the client's Assessments tab",
    WorkKind.CONSENT: "the client's Consents tab, Record a consent",
    WorkKind.CLIENT: "the client's Edit (a new client: Clients, New client)",
}


def remind_of_kept_work(
    keeper: LocalWorkKeeper | None, actor: Actor, parent: QWidget
) -> QMessageBox | None:
    """After signing in: the unsaved work of other editors than the note's kept on
    this computer, and where each is put back; copies that cannot be read are
    named too, and removed only if the person says so. (Unsigned notes are offered
    by the notes' own dialog, gui/notes/draft_offer.py.)"""
    if keeper is None:
        return None
    try:
        kept = keeper.kept_of(actor.username)
        unreadable = keeper.unreadable_work_of(actor.username)
    except OSError as error:
        log.warning("The work kept on this computer could not be listed: %s", error)
        return None
    if not kept and not unreadable:
        return None

    def tr(text: str) -> str:
        return QCoreApplication.translate("KeptWork", text)

    lines = [
        "• "
        + tr("{0} for {1}, {2}: open {3}.").format(
            tr(work.kind.label),
            work.client_name or tr("a new client"),
            kept_at(work),
            tr(WHERE_TO_FIND[work.kind]),
        )
        for work in kept
    ]
    removable = [copy for copy in unreadable if copy.removable]
    if unreadable:
        if lines:
            lines.append("")
        lines.append(
            (tr("{0} more cannot be read") if kept else tr("{0} cannot be read")).format(
                len(unreadable)
            )
            + tr(
                ": the key that protected them is gone, the file is damaged, or the "
                "system keyring did not answer just now."
            )
        )
    box = QMessageBox(parent)
    box.setObjectName("kept_work_reminder")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(tr("Work kept on this computer"))
    box.setText(
        tr(
            "Some work was not saved last time; it was kept on this computer and is put "
            "back when you open the same form again."
        )
        if kept
        else tr("Some work kept on this computer last time cannot be read.")
    )
    box.setInformativeText("\n".join(lines))
    box.remove_button = None
    if removable:
        box.remove_button = box.addButton(
            tr("&Remove the unreadable copies"), QMessageBox.ButtonRole.DestructiveRole
        )
        keep = box.addButton(tr("&Keep them"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def clicked(button) -> None:
            if button is box.remove_button:
                for copy in removable:
                    try:
                        keeper.erase(copy.username, copy.key)
                    except OSError as error:  # asked again at the next sign-in
                        log.warning("An unreadable copy could not be removed: %s", error)

        box.buttonClicked.connect(clicked)
    else:
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
