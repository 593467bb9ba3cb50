"""Pages out to a printer: Qt's print dialog, a PDF's pages rendered at the
printer's resolution, and each page image fitted to the paper."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget


def choose_printer(parent: QWidget) -> QPrinter | None:
    """Qt's print dialog; None if the person cancels it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def pdf_page_images(document: QPdfDocument, dpi: int) -> Iterator[QImage]:
    """Each page of ``document`` as an image at ``dpi``."""
    for page in range(document.pageCount()):
        points = document.pagePointSize(page)
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        yield document.render(page, size)


def print_images(printer: QPrinter, images: Iterable[QImage]) -> None:
    """One image a page, each fitted to the paper (its proportions kept)."""
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        for number, image in enumerate(images):
            if number:
                printer.newPage()
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
    finally:
        painter.end()
