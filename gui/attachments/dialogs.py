"""Adding files to a record (one dialog for each file chosen, dropped or pasted:
what it is, a title, the kind of document, what it belongs to) and removing one
(a supervisor's, with the reason)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.attachments.attachment import (
    LONGEST_REASON,
    LONGEST_TITLE,
    Attachment,
    AttachmentForm,
    DocumentType,
    LinkTarget,
    size_text,
    suggested_title,
)
from domain.common.actor import Actor
from domain.common.saving import new_request_id
from gui.attachments.rendering import PreparedFile
from gui.common.form_fields import ERROR_COLOUR, FormFields
from gui.common.runner import BackgroundRunner, Wait


class AddAttachmentDialog(QDialog):
    """One file at a time: Save adds it, Skip leaves it out; either moves to the next."""

    added = Signal(object)  # the Attachment
    finished_file = Signal()  # saved or skipped: the tab shows the next

    def __init__(
        self,
        runner: BackgroundRunner,
        service,
        actor: Actor,
        client_id: int,
        prepared: PreparedFile,
        targets: list[LinkTarget],
        position: tuple[int, int] = (1, 1),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("add_attachment")
        self._runner, self._service, self._actor = runner, service, actor
        self._client_id = client_id
        self.prepared = prepared
        # Kept until the save is confirmed: saving again after a lost answer adds it once.
        self._request_id = new_request_id()
        number, count = position
        self.setWindowTitle(
            self.tr("Attach a file")
            if count == 1
            else self.tr("Attach a file ({0} of {1})").format(number, count)
        )
        upload = prepared.upload
        self.picture = QLabel(self)
        self.picture.setObjectName("attachment_thumbnail")
        self.picture.setFixedSize(170, 170)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("border: 1px solid palette(mid); background: palette(base);")
        if prepared.thumbnail is not None:
            self.picture.setPixmap(QPixmap.fromImage(prepared.thumbnail))
        else:
            self.picture.setText(self.tr("No preview"))
        what = [prepared.file_type.label]
        if upload.pages and upload.pages > 1:
            what.append(self.tr("{0} pages").format(upload.pages))
        what.append(size_text(len(upload.content)))
        self.about = QLabel(f"<b>{upload.file_name}</b><br>{', '.join(what)}", self)
        self.about.setTextFormat(Qt.TextFormat.RichText)
        self.about.setWordWrap(True)
        # A file that is kept although it cannot be shown says why, before it is saved.
        self.no_preview = QLabel(upload.preview_problem, self)
        self.no_preview.setObjectName("no_preview_reason")
        self.no_preview.setWordWrap(True)
        self.no_preview.setStyleSheet("color: #7a4a00;")
        self.no_preview.setVisible(bool(upload.preview_problem))

        self.fields = FormFields(self)
        self.title_edit = self.fields.add_line_edit(
            "title", self.tr("&Title"), max_length=LONGEST_TITLE
        )
        self.title_edit.setText(suggested_title(upload.file_name))
        self.title_edit.selectAll()
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Choose…"), "")
        for kind in DocumentType:
            self.kind.addItem(self.tr(kind.label), kind.value)
        self.fields.add("document_type", self.tr("&Document"), self.kind)
        self.link = QComboBox(self)
        self.link.addItem(self.tr("The client's record"), "")
        for target in targets:
            self.link.addItem(target.label, target.link.code)
        self.fields.add("link", self.tr("&Belongs to"), self.link)
        # A file's own problem (the service found it too large, a copy already kept).
        self.file_problem = QLabel(self)
        self.file_problem.setObjectName("file_message")
        self.file_problem.setWordWrap(True)
        self.file_problem.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.file_problem.hide()

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("&Attach"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.skip_button: QPushButton | None = None
        if count > 1:
            self.skip_button = self.buttons.addButton(
                self.tr("S&kip this file"), QDialogButtonBox.ButtonRole.RejectRole
            )
        else:
            self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.picture)
        beside = QVBoxLayout()
        beside.addWidget(self.about)
        beside.addWidget(self.no_preview)
        beside.addStretch(1)
        top.addLayout(beside, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.file_problem)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        self.title_edit.setFocus()

    def form(self) -> AttachmentForm:
        return AttachmentForm(
            title=self.title_edit.text(),
            document_type=self.kind.currentData() or "",
            link=self.link.currentData() or "",
        )

    def save(self) -> None:
        self.buttons.setEnabled(False)
        self.fields.clear_messages()
        self.file_problem.hide()
        self._runner.submit(
            self._service.add,
            self._actor,
            self._client_id,
            self.form(),
            self.prepared.upload,
            self._request_id,
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
            wait=Wait.SAVE,
            what=self.tr("Attaching {0}").format(self.prepared.name),
        )

    def _saved(self, attachment: Attachment) -> None:
        self.added.emit(attachment)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        from domain.common.errors import ValidationError

        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError) and "file" in error.errors:
            self.file_problem.setText(error.errors["file"])
            self.file_problem.show()
            rest = {k: v for k, v in error.errors.items() if k != "file"}
            if rest:
                self.fields.present(ValidationError(rest))
            return
        self.fields.present(error)

    def done(self, result: int) -> None:
        super().done(result)
        self.finished_file.emit()


class RemoveAttachmentDialog(QDialog):
    """A supervisor's: the file's content is deleted, its entry stays with the reason."""

    removed = Signal(object)  # the Attachment, now a tombstone

    def __init__(
        self,
        runner: BackgroundRunner,
        service,
        actor: Actor,
        attachment: Attachment,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("remove_attachment")
        self._runner, self._service, self._actor = runner, service, actor
        self.attachment = attachment
        self.setWindowTitle(self.tr("Remove an attachment"))
        intro = QLabel(
            self.tr(
                "“{0}” will be deleted from the database. Its entry stays on the record, "
                "with who removed it, when and why. Backups made before today still hold "
                "the file until they are replaced."
            ).format(attachment.title),
            self,
        )
        intro.setWordWrap(True)
        self.fields = FormFields(self)
        self.reason = self.fields.add_line_edit(
            "reason",
            self.tr("&Reason"),
            placeholder=self.tr("e.g. scanned on the wrong client"),
            max_length=LONGEST_REASON,
        )
        self.buttons = QDialogButtonBox(self)
        self.remove_button = self.buttons.addButton(
            self.tr("Remove"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.fields.layout)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def save(self) -> None:
        self.buttons.setEnabled(False)
        self.fields.clear_messages()
        self._runner.submit(
            self._service.remove,
            self._actor,
            self.attachment.id,
            self.attachment.version,
            self.reason.text(),
            on_success=self._removed,
            on_error=self._failed,
            owner=self,
            wait=Wait.SAVE,
            what=self.tr("Removing the attachment"),
        )

    def _removed(self, attachment: Attachment) -> None:
        self.removed.emit(attachment)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.fields.present(error)
