"""A built form on screen before it goes anywhere: preview (QtPdf), print through
Qt's print dialog, or save as a PDF file. Each print and each save is reported
(``output_done``) so that the caller records it in the audit trail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.printing.service import OutputKind
from gui.common.paper import choose_printer, pdf_page_images, print_images


class PdfPreview(QDialog):
    output_done = Signal(object)  # an OutputKind

    def __init__(self, pdf: bytes, title: str, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._pdf = pdf
        self._file_name = file_name
        # The document reads from the buffer for as long as it is shown.
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.pages = QLabel(self.tr("{0} page(s)").format(self.document.pageCount()), self)
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("&Save as PDF…"), self)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages)
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(820, 900)

    # --- out to paper or a file -------------------------------------------------------

    # Qt's print dialog (tests replace it).
    ask_printer = staticmethod(choose_printer)

    @staticmethod
    def ask_path(parent: QWidget, suggested: str) -> Path | None:
        """Where to save (tests replace it)."""
        path, _ = QFileDialog.getSaveFileName(
            parent, parent.tr("Save as PDF"), suggested, parent.tr("PDF files (*.pdf)")
        )
        return Path(path) if path else None

    def print_document(self) -> None:
        printer = self.ask_printer(self)
        if printer is None:
            return
        self.render_to(printer)
        self.output_done.emit(OutputKind.PRINTED)

    def render_to(self, printer: QPrinter) -> None:
        """Each page as an image at the printer's resolution, fitted to the paper."""
        print_images(printer, pdf_page_images(self.document, printer.resolution()))

    def save(self) -> None:
        path = self.ask_path(self, self._file_name)
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        path.write_bytes(self._pdf)
        self.output_done.emit(OutputKind.SAVED)
