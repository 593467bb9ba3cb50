"""The client record's Attachments tab: scanned documents and letters kept on the record.

Files come in by the Add files… button, by dragging them onto the tab, or by
pasting (Ctrl+V: files copied in Explorer, or a picture such as a screenshot).
Each is first measured on disk against the office's limit, so a file that is
too large is refused before a byte of it is read or sent; the rest are read,
checked and drawn small on the background runner, and then named in a dialog.
The list loads when the tab is first shown; thumbnails only for the rows on
screen. Viewing, opening in the system's viewer, saving a copy and printing
each go through the service, which audits them.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QMimeData, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.attachments.attachment import (
    Attachment,
    AttachmentFile,
    AttachmentUse,
    LinkTarget,
    check_size,
    size_text,
)
from domain.attachments.size_limit import SizeLimit
from domain.common.actor import Actor
from domain.common.errors import ValidationError
from domain.common.field_rules import format_date
from domain.common.policy import Permission
from gui.attachments import rendering
from gui.attachments.dialogs import AddAttachmentDialog, RemoveAttachmentDialog
from gui.attachments.table_model import THUMBNAIL_SHOWN, AttachmentTableModel, describe
from gui.attachments.temporary_copies import TemporaryCopies
from gui.attachments.viewer import AttachmentViewer
from gui.common.error_presenter import error_text, present_error
from gui.common.form_fields import ERROR_COLOUR
from gui.common.list_view import record_list
from gui.common.runner import BackgroundRunner, Wait

FILE_FILTER = "Documents and pictures (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)"
DROP_STYLE = "QWidget#attachments_tab { border: 2px dashed #2f6fd0; background: #eef4fd; }"


def local_files(mime: QMimeData) -> list[Path]:
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class AttachmentsTab(QWidget):
    # The system's own viewer for a file (tests watch it instead).
    launch = staticmethod(QDesktopServices.openUrl)

    def __init__(
        self,
        runner: BackgroundRunner,
        services,
        actor: Actor,
        client_id: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("attachments_tab")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._runner, self._service, self._actor = runner, services.attachments, actor
        self._client_id = client_id
        self.limit = SizeLimit()
        self._shown_once = False
        self._stale = True
        self._targets: list[LinkTarget] | None = None
        self._asking_targets = False
        self._queue: list[rendering.PreparedFile] = []
        self._reading = 0
        self._done_in_batch = 0
        self.dialog: AddAttachmentDialog | None = None
        self.viewers: list[AttachmentViewer] = []
        self.copies = TemporaryCopies()
        # The copies made for the system's viewer go with the record's window, and at exit.
        copies = self.copies
        self.destroyed.connect(lambda *_: copies.remove_all())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(copies.remove_all)

        self.model = AttachmentTableModel(self)
        self.model.thumbnails_wanted.connect(self._read_thumbnails)
        self.table = record_list(
            self, self.model, "attachment_list", stretch=AttachmentTableModel.COL_TITLE
        )
        self.table.setIconSize(THUMBNAIL_SHOWN)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(
            AttachmentTableModel.COL_THUMBNAIL, QHeaderView.ResizeMode.Fixed
        )
        header.resizeSection(AttachmentTableModel.COL_THUMBNAIL, THUMBNAIL_SHOWN.width() + 10)
        self.table.verticalHeader().setDefaultSectionSize(THUMBNAIL_SHOWN.height() + 8)
        self.table.activated.connect(lambda _index: self.view_selected())
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.model.modelReset.connect(self._selected)

        self.add_button = QPushButton(self.tr("A&dd files…"), self)
        self.add_button.clicked.connect(self.choose_files)
        self.add_button.setVisible(actor.may(Permission.CLIENT_EDIT))
        self.view_button = QPushButton(self.tr("Vie&w"), self)
        self.view_button.clicked.connect(self.view_selected)
        self.outside_button = QPushButton(self.tr("Open in its own &viewer"), self)
        self.outside_button.clicked.connect(self.open_selected_outside)
        self.print_button = QPushButton(self.tr("Pr&int…"), self)
        self.print_button.clicked.connect(self.print_selected)
        self.print_button.setVisible(actor.may(Permission.FORM_PRINT))
        self.save_button = QPushButton(self.tr("Save a cop&y…"), self)
        self.save_button.clicked.connect(self.save_selected)
        self.remove_button = QPushButton(self.tr("Remove…"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_button.setVisible(actor.may(Permission.ATTACHMENT_REMOVE))

        self.hint = QLabel(self)
        self.hint.setObjectName("attachments_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(dark);")
        self.problems = QLabel(self)
        self.problems.setObjectName("attachment_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.hide()
        self.details = QLabel(self)
        self.details.setObjectName("attachment_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.view_button,
            self.outside_button,
            self.print_button,
            self.save_button,
            self.remove_button,
        ):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.problems)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.hint)
        self._show_hint()

        may_add = actor.may(Permission.CLIENT_EDIT)
        self.setAcceptDrops(may_add)
        self.paste_shortcut = QShortcut(QKeySequence.StandardKey.Paste, self)
        self.paste_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.paste_shortcut.activated.connect(self.paste)
        self.paste_shortcut.setEnabled(may_add)
        remove = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)
        self._selected()

    # --- reading the list ------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._shown_once = True
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read the list again (after a change here or at another desk). Not before the
        tab is first shown: opening the record reads nothing of it."""
        if not self._shown_once:
            self._stale = True
            return
        self._stale = False
        self._targets = None
        actor, client = self._actor, self._client_id

        def read():
            return self._service.for_client(actor, client), self._service.size_limit(actor)

        self._runner.submit(
            read,
            on_success=self._show,
            on_error=partial(present_error, self),
            owner=self,
            what=self.tr("Reading the attachments"),
        )

    def _show(self, found: tuple[list[Attachment], SizeLimit]) -> None:
        attachments, self.limit = found
        chosen = self.selected()
        self.model.reset_to(attachments)
        if chosen is not None:
            row = self.model.row_of(chosen.id)
            if row is not None:
                self.table.selectRow(row)
        self._show_hint()

    def _read_thumbnails(self, ids: list[int]) -> None:
        actor, client = self._actor, self._client_id

        def read():
            return rendering.decode_thumbnails(self._service.thumbnails(actor, client, ids))

        self._runner.submit(
            read,
            on_success=self.model.show_thumbnails,
            on_error=lambda _error: self.model.thumbnail_failed(ids),
            owner=self,
            wait=Wait.QUIET,
        )

    def _show_hint(self) -> None:
        if not self._actor.may(Permission.CLIENT_EDIT):
            self.hint.setText(self.tr("PDF files and JPEG, PNG or TIFF pictures."))
            return
        self.hint.setText(
            self.tr(
                "Drag files here, paste them (Ctrl+V), or choose Add files…: PDF files and "
                "JPEG, PNG or TIFF pictures, up to {0} each."
            ).format(size_text(self.limit.largest).replace(".0 MB", " MB"))
        )

    # --- the chosen row ----------------------------------------------------------------

    def selected(self) -> Attachment | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selected(self, *_args) -> None:
        attachment = self.selected()
        kept = attachment is not None and not attachment.removed
        for button in (self.view_button, self.outside_button, self.save_button):
            button.setEnabled(kept)
        self.print_button.setEnabled(kept and attachment.previewable)
        self.remove_button.setEnabled(kept)
        self.details.setText(self._details(attachment) if attachment else "")

    def _details(self, attachment: Attachment) -> str:
        by = attachment.added_by_name or attachment.added_by
        when = attachment.added_at.astimezone()
        lines = [
            self.tr("{0} · added {1} {2:%H:%M} by {3}").format(
                describe(attachment), format_date(when.date()), when, by
            )
        ]
        if attachment.file_name:
            lines[0] += self.tr(" · from “{0}”").format(attachment.file_name)
        lines.append(self.tr("SHA-256 {0}").format(attachment.sha256))
        if attachment.removed:
            gone = attachment.removed_at.astimezone() if attachment.removed_at else None
            lines.append(
                self.tr("Removed {0} by {1}: {2}. Its content is no longer kept.").format(
                    format_date(gone.date()) if gone else "",
                    attachment.removed_by_name or attachment.removed_by,
                    attachment.removal_reason,
                )
            )
        elif attachment.preview_problem:
            lines.append(self.tr("No preview: {0}").format(attachment.preview_problem))
        return "\n".join(lines)

    # --- adding files ------------------------------------------------------------------

    @staticmethod
    def ask_files(parent: QWidget) -> list[Path]:
        """The file dialog (tests replace it)."""
        paths, _ = QFileDialog.getOpenFileNames(
            parent, parent.tr("Attach files to the record"), "", parent.tr(FILE_FILTER)
        )
        return [Path(p) for p in paths]

    def choose_files(self) -> None:
        paths = self.ask_files(self)
        if paths:
            self.add_files(paths)

    def add_files(self, paths: list[Path]) -> None:
        """Each file's size on disk first: one over the limit is refused before it is read."""
        self._clear_problems()
        largest = self.limit.largest
        for path in paths:
            name = path.name
            try:
                if path.is_dir():
                    self._problem(
                        self.tr("“{0}” is a folder: attach the files in it.").format(name)
                    )
                    continue
                check_size(path.stat().st_size, largest, name)
            except ValidationError as refused:
                self._problem(refused.errors["file"])
                continue
            except OSError as error:
                self._problem(
                    self.tr("“{0}” cannot be read: {1}.").format(name, error.strerror or error)
                )
                continue
            self._prepare(partial(rendering.read_file, path, largest), name)

    def paste(self) -> None:
        self.add_from(QGuiApplication.clipboard().mimeData(), pasted=True)

    def add_from(self, mime: QMimeData | None, *, pasted: bool = False) -> bool:
        """Files (or a picture) dropped or pasted; False when it held neither."""
        if mime is None:
            return False
        paths = local_files(mime) if mime.hasUrls() else []
        if paths:
            self.add_files(paths)
            return True
        if mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                self._clear_problems()
                stamp = self.tr("Pasted picture") if pasted else self.tr("Dropped picture")
                name = f"{stamp}.png"
                self._prepare(
                    partial(rendering.picture_file, image.copy(), name, self.limit.largest), name
                )
                return True
        self._clear_problems()
        self._problem(self.tr("Nothing to attach there: copy a file or a picture first."))
        return False

    def _prepare(self, read, name: str) -> None:
        self._reading += 1
        self._runner.submit(
            read,
            on_success=self._prepared,
            on_error=partial(self._not_prepared, name),
            owner=self,
            what=self.tr("Reading {0}").format(name),
        )

    def _prepared(self, prepared: rendering.PreparedFile) -> None:
        self._reading -= 1
        self._queue.append(prepared)
        self._next_dialog()

    def _not_prepared(self, name: str, error: BaseException) -> None:
        self._reading -= 1
        if isinstance(error, ValidationError):
            self._problem("\n".join(error.errors.values()))
        else:
            self._problem(self.tr("“{0}”: {1}").format(name, error_text(error)))
        self._next_dialog()

    def _next_dialog(self) -> None:
        if self.dialog is not None or not self._queue:
            if self.dialog is None and not self._queue and not self._reading:
                self._done_in_batch = 0
            return
        if self._targets is None:
            if self._asking_targets:
                return
            self._asking_targets = True
            self._runner.submit(
                self._service.link_targets,
                self._actor,
                self._client_id,
                on_success=self._have_targets,
                on_error=self._no_targets,
                owner=self,
            )
            return
        prepared = self._queue.pop(0)
        total = self._done_in_batch + 1 + len(self._queue) + self._reading
        dialog = AddAttachmentDialog(
            self._runner,
            self._service,
            self._actor,
            self._client_id,
            prepared,
            self._targets,
            (self._done_in_batch + 1, total),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.added.connect(self._added)
        dialog.finished_file.connect(self._dialog_done)
        self.dialog = dialog
        dialog.open()

    def _have_targets(self, targets: list[LinkTarget]) -> None:
        self._asking_targets = False
        self._targets = targets
        self._next_dialog()

    def _no_targets(self, error: BaseException) -> None:
        self._asking_targets = False
        self._queue.clear()
        present_error(self, error)

    def _added(self, attachment: Attachment) -> None:
        self.refresh()

    def _dialog_done(self) -> None:
        self.dialog = None
        self._done_in_batch += 1
        self._next_dialog()

    def _problem(self, text: str) -> None:
        shown = self.problems.text()
        self.problems.setText(f"{shown}\n{text}" if shown else text)
        self.problems.show()

    def _clear_problems(self) -> None:
        if self.dialog is None and not self._reading:
            self.problems.clear()
            self.problems.hide()

    # --- dropping ----------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        if local_files(mime) or mime.hasImage():
            event.acceptProposedAction()
            self.setStyleSheet(DROP_STYLE)

    def dragLeaveEvent(self, event) -> None:
        self.setStyleSheet("")
        super().dragLeaveEvent(event)

    def dropEvent(self, event) -> None:
        self.setStyleSheet("")
        if self.add_from(event.mimeData()):
            event.acceptProposedAction()

    # --- using a file ----------------------------------------------------------------

    def view_selected(self) -> None:
        attachment = self.selected()
        if attachment is None or attachment.removed:
            return
        self.view(attachment)

    def view(self, attachment: Attachment, then=None) -> None:
        actor, service = self._actor, self._service

        def read():
            opened = service.open(actor, attachment.id, AttachmentUse.VIEWED)
            kept = opened.attachment
            pages = []
            if kept.file_type.is_image and kept.previewable:
                pages = rendering.picture_pages(opened.content, kept.file_type)
            return opened, pages

        self._runner.submit(
            read,
            on_success=lambda found: self._show_viewer(*found, then=then),
            on_error=partial(present_error, self),
            owner=self,
            what=self.tr("Opening {0}").format(attachment.title),
        )

    def _show_viewer(self, opened: AttachmentFile, pages: list[QImage], then=None):
        viewer = AttachmentViewer(
            self._runner, self._service, self._actor, opened, pages, self.copies, self
        )
        viewer.launch = self.launch
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.viewers = [v for v in self.viewers if _alive(v)] + [viewer]
        viewer.show()
        if then is not None:
            then(viewer)
        return viewer

    def print_selected(self) -> None:
        attachment = self.selected()
        if attachment is not None and attachment.previewable:
            self.view(attachment, then=lambda viewer: viewer.print_document())

    def open_selected_outside(self) -> None:
        attachment = self.selected()
        if attachment is None or attachment.removed:
            return
        actor, service, copies = self._actor, self._service, self.copies

        def write() -> Path:
            opened = service.open(actor, attachment.id, AttachmentUse.DOWNLOADED)
            return copies.write(opened.attachment.copy_name(), opened.content)

        self._runner.submit(
            write,
            on_success=lambda path: self.launch(QUrl.fromLocalFile(str(path))),
            on_error=partial(present_error, self),
            owner=self,
            what=self.tr("Opening {0}").format(attachment.title),
        )

    def save_selected(self) -> None:
        attachment = self.selected()
        if attachment is None or attachment.removed:
            return
        path = AttachmentViewer.ask_path(self, attachment.copy_name())
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(attachment.file_type.extension)
        actor, service = self._actor, self._service

        def write() -> Path:
            opened = service.open(actor, attachment.id, AttachmentUse.DOWNLOADED)
            path.write_bytes(opened.content)
            return path

        self._runner.submit(
            write,
            on_error=partial(present_error, self),
            owner=self,
            wait=Wait.SAVE,
            what=self.tr("Saving a copy of {0}").format(attachment.title),
        )

    def remove_selected(self) -> RemoveAttachmentDialog | None:
        attachment = self.selected()
        if (
            attachment is None
            or attachment.removed
            or not self._actor.may(Permission.ATTACHMENT_REMOVE)
        ):
            return None
        dialog = RemoveAttachmentDialog(self._runner, self._service, self._actor, attachment, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.removed.connect(lambda _gone: self.refresh())
        dialog.open()
        return dialog


def _alive(widget: QWidget) -> bool:
    return shiboken6.isValid(widget)
