"""The client form as a dialog, for a new client or for changing one.

The fields and their checks are the pane's (gui/clients/form_pane.py); this adds
Save and Cancel. The save runs on the background runner; nothing is saved
unless every field is acceptable.

Your work is kept: what is typed is copied, sealed, to this computer
(gui/common/kept_work.py) and put back when the same client's form (or, for a
new client, the new-client form) opens again; a save the server does not answer
can be stopped, the form staying as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from domain.clients.record import ClientForm, ClientRecord
from domain.clients.service import ClientService
from domain.common.actor import Actor
from domain.common.compare import combined, differences
from domain.common.errors import ConflictError, DatabaseUnavailable, ValidationError
from domain.common.saving import new_request_id
from domain.local_work.form_json import from_json, to_json
from domain.local_work.kept_work import KeptWork, LocalWorkKeeper, WorkKind
from gui.clients.form_pane import ClientFormPane
from gui.common.busy_indicator import BusyIndicator
from gui.common.error_presenter import present_error
from gui.common.form_fields import ERROR_COLOUR
from gui.common.kept_work import AsksBeforeDiscarding, LocalCopy, WorkBar, kept_at, not_saved_text
from gui.common.runner import BackgroundRunner, StoppedWaiting, Wait

SCREEN_MARGIN = 40


class ClientDialog(AsksBeforeDiscarding, QDialog):
    saved = Signal(object)  # the ClientRecord as stored
    open_client_requested = Signal(int)  # "this person is already registered": a client id

    def __init__(
        self,
        runner: BackgroundRunner,
        service: ClientService,
        actor: Actor,
        client: ClientRecord | None = None,
        parent: QWidget | None = None,
        *,
        kept: LocalWorkKeeper | None = None,
        clock: Callable[[], datetime] | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("client_dialog")
        self._runner = runner
        self._service = service
        self._actor = actor
        self._client = client
        self.result_record: ClientRecord | None = None
        # Written by the background worker: a save stopped waiting for that reached
        # the server is not made twice (a new client registered again, or a change
        # refused as a conflict with itself).
        self._stored: ClientRecord | None = None
        # A new client's id until the registration is confirmed: registering again
        # (after a save stopped waiting for, or from the copy kept here) makes one.
        self._request_id = new_request_id()
        self.setWindowTitle(
            self.tr("New client") if client is None else self.tr("Client {0}").format(client.number)
        )
        self.pane = ClientFormPane(runner, service, actor, client, self)
        self.pane.open_client_requested.connect(self.open_client_requested)
        # The pane's parts, by the names the rest of the GUI and its tests use.
        self.fields = self.pane.fields
        self.inputs = self.pane.inputs
        self.messages = self.pane.messages
        self.panel = self.pane.panel
        self.scroll = self.pane.scroll
        self.ssn_revealed = self.pane.ssn_revealed
        self.ssn_show_button = self.pane.ssn_show_button
        self.form = self.pane.form
        self.check_duplicates = self.pane.check_duplicates
        self.show_errors = self.pane.show_errors

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
            Qt.Orientation.Horizontal,
            self,
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # "Changed by J. Chen at 10:42": another desk saved while this form is open.
        self.banner = QLabel(self)
        self.banner.setObjectName("changed_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4ce; padding: 6px;")
        self.banner.hide()
        self.compare: QDialog | None = None
        self.work_bar = WorkBar(self)
        self.message = QLabel(self)
        self.message.setObjectName("client_message")
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.setWordWrap(True)
        self.message.hide()
        self.busy = BusyIndicator(runner, self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.work_bar)
        layout.addWidget(self.pane, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self._fit_to_screen()
        self._opened = self.form()
        self.copy = LocalCopy(
            kept,
            actor,
            WorkKind.CLIENT,
            f"client{client.id}" if client is not None else "new",
            client.display_name if client is not None else "",
            self._snapshot,
            clock or (lambda: datetime.now(UTC)),
            self,
        )
        self.copy.problem.connect(self._say)
        as_opened = self._snapshot()
        restored = self._restore(self.copy.found())
        self.copy.start(baseline=as_opened, kept=restored)

    # --- your work is kept ---------------------------------------------------------

    def _snapshot(self) -> dict:
        return {
            "form": to_json(self.form()),
            "opened": to_json(self._opened),
            "reason": self.pane.reason(),
            "request_id": self._request_id,
        }

    def _restore(self, work: KeptWork | None) -> bool:
        if work is None:
            return False
        try:
            mine = from_json(ClientForm, work.form["form"])
            opened = from_json(ClientForm, work.form["opened"])
            reason = from_json(str, work.form["reason"])
            request_id = from_json(str, work.form["request_id"])
        except (KeyError, TypeError, ValueError):
            return False  # not a copy this form can read: it is written over
        self._request_id = request_id
        # What was typed, over the record as it is now: a detail someone else
        # changed since, and this person did not, keeps their change.
        typed = {
            f.name: getattr(mine, f.name)
            for f in fields(ClientForm)
            if getattr(mine, f.name) != getattr(opened, f.name)
        }
        self.pane.load_form(replace(self._opened, **typed))
        if reason and self.pane.panel is not None:
            self.pane.panel.reason_box.show()
            self.pane.panel.reason_input.setText(reason)
        self.work_bar.say(
            self.tr(
                "What you typed at {0} was kept on this computer and is back in the form. "
                "Save to keep it."
            ).format(kept_at(work)),
            (self.tr("&Discard it"), self._discard_restored),
        )
        return True

    def _discard_restored(self) -> None:
        self.pane.load_form(self._opened)
        self._request_id = new_request_id()  # a new registration, whatever became of that one
        self.copy.saved(baseline=self._snapshot())

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def discard_question(self) -> str:
        return self.tr("Close without saving? What you typed is discarded.")

    @classmethod
    def ask(cls, parent, runner, service, actor, client=None) -> ClientRecord | None:
        """Show the dialog modally; the saved record, or None if cancelled."""
        dialog = cls(runner, service, actor, client, parent)
        dialog.exec()
        return dialog.result_record

    def _fit_to_screen(self) -> None:
        """The whole form when the screen allows; at 1024x768 it scrolls."""
        want = self.pane.natural_size()
        height = want.height() + self.buttons.sizeHint().height() + 20
        screen = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(
            min(want.width() + 20, screen.width() - SCREEN_MARGIN),
            min(height, screen.height() - SCREEN_MARGIN),
        )

    def done(self, result: int) -> None:
        self.pane.stop()
        self.copy.stop()
        super().done(result)

    def save(self) -> None:
        if not self.buttons.isEnabled():
            return
        self.buttons.setEnabled(False)
        self.work_bar.hide()
        self._say("")
        self.copy.keep_now()
        self._submit_save(self._client.version if self._client is not None else None)

    def _submit_save(self, version: int | None) -> None:
        self._runner.submit(
            self._save_work,
            self.form(),
            self.pane.reason(),
            version,
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
            wait=Wait.SAVE_KEPT if self.copy.enabled else Wait.SAVE,
            what=self.tr("Saving the client's details…"),
        )

    def _save_work(self, form: ClientForm, reason: str, version: int | None) -> ClientRecord:
        """On the background worker."""
        stored = self._stored
        if self._client is None:
            if stored is None:  # else the earlier save made the client
                stored = self._service.register(
                    self._actor, form, reason, request_id=self._request_id
                )
        else:
            if stored is not None and version is not None and stored.version > version:
                version = stored.version  # the earlier save landed: save over it
            stored = self._service.change(self._actor, self._client.id, version, form)
        self._stored = stored
        return stored

    def _saved(self, record: ClientRecord) -> None:
        self.copy.forget()
        self.result_record = record
        self.saved.emit(record)
        self.accept()

    def changed_elsewhere(self, current: ClientRecord) -> None:
        """Another desk saved this record; what is typed here stays as it is."""
        if self._client is None or current.version == self._client.version:
            return
        when = current.updated_at.astimezone() if current.updated_at else None
        self.banner.setText(
            self.tr(
                "Changed by {0} at {1}. Your typing stays; when you save, you see both "
                "versions side by side and pick."
            ).format(
                current.updated_by_name or current.updated_by, f"{when:%H:%M}" if when else "?"
            )
        )
        self.banner.show()

    def _conflict(self, mine) -> None:
        """Someone saved first: read theirs and let the person compare and pick."""
        self._runner.submit(
            self._service.reread,
            self._actor,
            self._client.id,
            on_success=lambda current: self._compare(mine, current),
            on_error=lambda error: present_error(self, error),
            owner=self,
        )

    def _compare(self, mine, current: ClientRecord) -> None:
        from gui.common.compare_dialog import CompareDialog

        theirs = current.as_form()
        found = differences(self._client.as_form(), mine, theirs)
        if not found:  # their save changed nothing shown here (a household joined)
            self._client = current
            self.save()
            return
        dialog = CompareDialog(
            self.tr("the record of {0}").format(current.display_name),
            current.updated_by_name or current.updated_by,
            current.updated_at,
            found,
            self.pane.caption,
            self.pane.shown,
            self,
        )
        self.compare = dialog

        def chosen(result: int) -> None:
            self.compare = None
            if result != QDialog.DialogCode.Accepted:
                return  # the form keeps every character typed
            self._client = current
            form = combined(mine, theirs, dialog.picks())
            self.pane.load_form(form)  # a problem found on saving shows beside its field
            self.buttons.setEnabled(False)
            self._submit_save(current.version)

        dialog.finished.connect(chosen)
        dialog.open()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, StoppedWaiting):
            return  # the form stays as typed; the busy indicator says what it means
        if isinstance(error, DatabaseUnavailable):
            self._say(not_saved_text(error))
            return
        if isinstance(error, ConflictError) and self._client is not None:
            self._conflict(self.form())
            return
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
            if "duplicate_reason" in error.errors:
                self.check_duplicates()  # show whom, if the panel has not caught up
        else:
            present_error(self, error)
