"""The client form as a dialog, for a new client or for changing one.

The fields and their checks are the pane's (gui/clients/form_pane.py); this adds
Save and Cancel. The save runs on the background runner; nothing is saved
unless every field is acceptable.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from domain.clients.record import ClientRecord
from domain.clients.service import ClientService
from domain.common.actor import Actor
from domain.common.compare import combined, differences
from domain.common.errors import ConflictError, ValidationError
from gui.clients.form_pane import ClientFormPane
from gui.common.error_presenter import present_error
from gui.common.runner import BackgroundRunner

SCREEN_MARGIN = 40


class ClientDialog(QDialog):
    saved = Signal(object)  # the ClientRecord as stored
    open_client_requested = Signal(int)  # "this person is already registered": a client id

    def __init__(
        self,
        runner: BackgroundRunner,
        service: ClientService,
        actor: Actor,
        client: ClientRecord | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("client_dialog")
        self._runner = runner
        self._service = service
        self._actor = actor
        self._client = client
        self.result_record: ClientRecord | None = None
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.pane, 1)
        layout.addWidget(self.buttons)
        self._fit_to_screen()

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
        super().done(result)

    def save(self) -> None:
        self.buttons.setEnabled(False)
        form = self.form()
        if self._client is None:
            call = self._service.register
            args = (self._actor, form, self.pane.reason())
        else:
            call = self._service.change
            args = (self._actor, self._client.id, self._client.version, form)
        self._runner.submit(call, *args, on_success=self._saved, on_error=self._failed, owner=self)

    def _saved(self, record: ClientRecord) -> None:
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
            self._runner.submit(
                self._service.change,
                self._actor,
                current.id,
                current.version,
                form,
                on_success=self._saved,
                on_error=self._failed,
                owner=self,
            )

        dialog.finished.connect(chosen)
        dialog.open()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ConflictError) and self._client is not None:
            self._conflict(self.form())
            return
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
            if "duplicate_reason" in error.errors:
                self.check_duplicates()  # show whom, if the panel has not caught up
        else:
            present_error(self, error)
