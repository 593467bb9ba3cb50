"""An attachment on screen: a PDF in Qt's own viewer, a picture (each page of a TIFF)
fitted to the window; printed through Qt's print dialog, opened in the system's own
viewer through a temporary copy, or saved as a copy. Each print, opening elsewhere
and saved copy is audited (the service records it) before it happens."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPainter
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain.attachments.attachment import AttachmentFile, AttachmentUse
from domain.attachments.file_types import FileType
from domain.common.actor import Actor
from domain.common.policy import Permission
from gui.attachments import rendering
from gui.attachments.table_model import describe
from gui.attachments.temporary_copies import TemporaryCopies
from gui.common.error_presenter import present_error
from gui.common.paper import choose_printer, pdf_page_images, print_images
from gui.common.runner import BackgroundRunner, Wait

PAGE_GAP = 12


class PageStack(QWidget):
    """Pages drawn one under the other, each as wide as the view (never blown up
    past twice its own size)."""

    def __init__(self, pages: list[QImage], parent: QWidget | None = None):
        super().__init__(parent)
        self.pages = pages
        self._width = 600

    def fit(self, width: int) -> None:
        self._width = max(100, width)
        self.setFixedHeight(self._height_for(self._width))
        self.update()

    def _scaled(self, page: QImage, width: int) -> QSize:
        wide = min(width - 2 * PAGE_GAP, page.width() * 2)
        return page.size().scaled(QSize(wide, 10**6), Qt.AspectRatioMode.KeepAspectRatio)

    def _height_for(self, width: int) -> int:
        return sum(self._scaled(p, width).height() + PAGE_GAP for p in self.pages) + PAGE_GAP

    def sizeHint(self) -> QSize:
        return QSize(self._width, self._height_for(self._width))

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        top = PAGE_GAP
        for page in self.pages:
            size = self._scaled(page, self.width())
            left = (self.width() - size.width()) // 2
            painter.drawImage(QRect(left, top, size.width(), size.height()), page)
            top += size.height() + PAGE_GAP
        painter.end()


class _FittedScroll(QScrollArea):
    def __init__(self, stack: PageStack, parent: QWidget):
        super().__init__(parent)
        self.stack = stack
        self.setWidget(stack)
        self.setWidgetResizable(True)
        self.setStyleSheet("QScrollArea { background: palette(mid); }")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.stack.fit(self.viewport().width())


class AttachmentViewer(QDialog):
    output_done = Signal(object)  # an AttachmentUse, once recorded

    # The system's own viewer for a file (tests watch it instead).
    launch = staticmethod(QDesktopServices.openUrl)

    def __init__(
        self,
        runner: BackgroundRunner,
        service,
        actor: Actor,
        opened: AttachmentFile,
        pages: list[QImage],
        copies: TemporaryCopies,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("attachment_viewer")
        self._runner, self._service, self._actor = runner, service, actor
        self._copies = copies
        self.opened = opened
        attachment = opened.attachment
        self.setWindowTitle(attachment.title)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.document = None
        self._buffer = None
        self.view: QWidget
        problem = attachment.preview_problem
        if attachment.file_type is FileType.PDF and not problem:
            self.document, self._buffer = rendering.open_pdf(opened.content)
            self.document.setParent(self)
            self._buffer.setParent(self)
            problem = rendering.pdf_problem(self.document)
        if self.document is not None and not problem:
            pdf_view = QPdfView(self)
            pdf_view.setObjectName("pdf_view")
            pdf_view.setDocument(self.document)
            pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
            pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.view = pdf_view
        elif pages:
            self.view = _FittedScroll(PageStack(pages), self)
            self.view.setObjectName("picture_view")
        else:
            why = problem or self.tr("CaseDesk cannot draw this file.")
            self.view = QLabel(self.tr("No preview. {0}").format(why), self)
            self.view.setObjectName("no_preview")
            self.view.setWordWrap(True)
            self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.view.setMargin(24)
        self.pages = pages
        if self.document is not None and not problem and not attachment.pages:
            attachment = replace(attachment, pages=self.document.pageCount())
        self.about = QLabel(describe(attachment), self)
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.clicked.connect(self.print_document)
        self.print_button.setVisible(actor.may(Permission.FORM_PRINT))
        self.print_button.setEnabled(self.document is not None or bool(pages))
        self.outside_button = QPushButton(self.tr("Open in its own &viewer"), self)
        self.outside_button.clicked.connect(self.open_outside)
        self.save_button = QPushButton(self.tr("Save a cop&y…"), self)
        self.save_button.clicked.connect(self.save_copy)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.about, 1)
        for button in (self.print_button, self.outside_button, self.save_button, close):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        close.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(820, 900)

    # --- the person's choices (tests replace the dialogs) ------------------------------

    ask_printer = staticmethod(choose_printer)

    @staticmethod
    def ask_path(parent: QWidget, suggested: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, parent.tr("Save a copy"), suggested)
        return Path(path) if path else None

    # --- out of the window: each recorded in the audit trail first ---------------------

    def print_document(self) -> None:
        printer = self.ask_printer(self)
        if printer is None:
            return
        self._record(AttachmentUse.PRINTED, lambda: self.render_to(printer))

    def render_to(self, printer: QPrinter) -> None:
        """Each page fitted to the paper: a PDF's rendered at the printer's resolution, a
        picture's decoded again at its full size."""
        print_images(printer, self._print_pages(printer))

    def _print_pages(self, printer: QPrinter):
        if self.document is not None:
            yield from pdf_page_images(self.document, printer.resolution())
            return
        kind = self.opened.attachment.file_type
        yield from rendering.picture_pages(self.opened.content, kind, largest_side=0)

    def open_outside(self) -> None:
        attachment = self.opened.attachment
        content = self.opened.content

        def opened(path: Path) -> None:
            self.launch(QUrl.fromLocalFile(str(path)))
            self.output_done.emit(AttachmentUse.DOWNLOADED)

        def write() -> Path:
            self._service.record_use(self._actor, attachment.id, AttachmentUse.DOWNLOADED)
            return self._copies.write(attachment.copy_name(), content)

        self._runner.submit(
            write,
            on_success=opened,
            on_error=lambda error: present_error(self, error),
            owner=self,
            what=self.tr("Opening the file"),
        )

    def save_copy(self) -> None:
        path = self.ask_path(self, self.opened.attachment.copy_name())
        if path is None:
            return
        attachment, content = self.opened.attachment, self.opened.content
        if path.suffix.lower() not in (attachment.file_type.extension, ".jpeg", ".tiff"):
            path = path.with_name(path.name + attachment.file_type.extension)

        def write() -> Path:
            self._service.record_use(self._actor, attachment.id, AttachmentUse.DOWNLOADED)
            path.write_bytes(content)
            return path

        self._runner.submit(
            write,
            on_success=lambda _path: self.output_done.emit(AttachmentUse.DOWNLOADED),
            on_error=lambda error: present_error(self, error),
            owner=self,
            wait=Wait.SAVE,
            what=self.tr("Saving a copy"),
        )

    def _record(self, use: AttachmentUse, then) -> None:
        attachment_id = self.opened.attachment.id

        def done(_result) -> None:
            then()
            self.output_done.emit(use)

        self._runner.submit(
            self._service.record_use,
            self._actor,
            attachment_id,
            use,
            on_success=done,
            on_error=lambda error: present_error(self, error),
            owner=self,
        )
