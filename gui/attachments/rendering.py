"""Reading files and drawing them, off the UI thread.

These functions run on the background runner's worker (QImage, QImageReader and
QPdfDocument may be used on any thread; nothing here touches a widget): a file
chosen or dropped is read, checked by the domain (type by content, whole or
damaged, size) and drawn small for its thumbnail; an attachment being opened
is decoded for the viewer. What cannot be drawn is said in words, and the
file is kept all the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter
from PySide6.QtPdf import QPdfDocument

from domain.attachments.attachment import Upload, check_size, clean_file_name
from domain.attachments.file_types import FILE, FileType, inspect
from domain.common.errors import ValidationError

THUMBNAIL_SIDE = 160  # stored; lists draw it smaller
THUMBNAIL_QUALITY = 80
# Pictures are shown at most this many pixels on their long side (a 600 dpi scan is
# 5,000 by 7,000: 140 MB decoded); printing decodes them again at full size.
LARGEST_ON_SCREEN = 2400
MOST_PAGES_SHOWN = 60

_QT_FORMAT = {FileType.JPEG: b"jpeg", FileType.PNG: b"png", FileType.TIFF: b"tiff"}
_PDF_PROBLEMS = {
    QPdfDocument.Error.IncorrectPassword: (
        "This PDF is protected by a password, so CaseDesk cannot show a preview. It is kept "
        "as it is: open it in its own viewer to read it."
    ),
    QPdfDocument.Error.UnsupportedSecurityScheme: (
        "This PDF is locked in a way CaseDesk's previewer cannot open. It is kept as it is: "
        "open it in its own viewer to read it."
    ),
}
_PDF_UNREADABLE = (
    "CaseDesk's previewer cannot read this PDF's pages. It is kept as it is: open it in "
    "its own viewer to read it."
)


@dataclass(frozen=True)
class PreparedFile:
    """A file read from the desk, checked, and ready to be attached."""

    upload: Upload
    file_type: FileType
    thumbnail: QImage | None  # for the add dialog to show

    @property
    def name(self) -> str:
        return self.upload.file_name


def read_file(path: Path, largest: int) -> PreparedFile:
    """A file from this computer: its size (again: it may have grown since it was
    chosen), its bytes, what they are, and its thumbnail."""
    name = clean_file_name(str(path))
    try:
        check_size(path.stat().st_size, largest, name)
        content = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise ValidationError({FILE: f"“{name}” cannot be read: {reason}."}) from None
    return prepare(content, name, largest)


def prepare(content: bytes, name: str, largest: int) -> PreparedFile:
    """Checked by the domain's rules (the service checks them again), then drawn."""
    check_size(len(content), largest, name)
    kind = inspect(content, name)
    thumbnail, problem, pages = _preview(content, kind)
    return PreparedFile(
        Upload(name, content, encode_thumbnail(thumbnail), problem, pages), kind, thumbnail
    )


def picture_file(image: QImage, name: str, largest: int) -> PreparedFile:
    """A picture pasted from the clipboard (a screenshot), as a PNG file."""
    return prepare(_encoded(image, b"png"), name, largest)


def _encoded(image: QImage, kind: bytes, quality: int = -1) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, kind.decode(), quality)
    buffer.close()
    return bytes(data.data())


def encode_thumbnail(image: QImage | None) -> bytes | None:
    if image is None or image.isNull():
        return None
    return _encoded(image, b"jpeg", THUMBNAIL_QUALITY)


def _fitted(size: QSize, side: int) -> QSize:
    return size.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio)


def _on_white(image: QImage) -> QImage:
    """Transparent parts (a PDF page, a PNG) drawn on paper white, as JPEG keeps no alpha."""
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(QColor("white"))
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def open_pdf(content: bytes) -> tuple[QPdfDocument, QBuffer]:
    """A loaded document and the buffer it keeps reading from (keep both alive)."""
    data = QByteArray(content)
    buffer = QBuffer()
    buffer.setData(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    return document, buffer


def pdf_problem(document: QPdfDocument) -> str:
    if document.status() == QPdfDocument.Status.Ready and document.pageCount() > 0:
        return ""
    return _PDF_PROBLEMS.get(document.error(), _PDF_UNREADABLE)


def _preview(content: bytes, kind: FileType) -> tuple[QImage | None, str, int | None]:
    """The thumbnail, why there is none (in words), and the pages found."""
    if kind is FileType.PDF:
        document, _buffer = open_pdf(content)
        problem = pdf_problem(document)
        if problem:
            return None, problem, None
        first = document.pagePointSize(0).toSize()
        image = document.render(0, _fitted(first, THUMBNAIL_SIDE))
        if image.isNull():
            return None, _PDF_UNREADABLE, document.pageCount()
        return _on_white(image), "", document.pageCount()
    with _reading(content, kind) as reader:
        # The page count first: Qt's TIFF reader counts from the start of the file.
        pages = max(reader.imageCount(), 1) if kind is FileType.TIFF else 1
        full = reader.size()
        if full.isValid() and not full.isEmpty():
            reader.setScaledSize(_fitted(full, THUMBNAIL_SIDE))
        image = reader.read()
        if image.isNull():
            return None, _picture_problem(kind, reader), pages
    if image.width() > THUMBNAIL_SIDE or image.height() > THUMBNAIL_SIDE:
        image = image.scaled(
            QSize(THUMBNAIL_SIDE, THUMBNAIL_SIDE),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return _on_white(image), "", pages


@contextmanager
def _reading(content: bytes, kind: FileType) -> Iterator[QImageReader]:
    """A reader of the bytes. It does not own the buffer it reads, and must let go of
    it before the buffer goes (Qt would otherwise touch freed memory)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(_QT_FORMAT[kind]))
    reader.setAutoTransform(True)  # a phone photo's own "this way up"
    try:
        yield reader
    finally:
        reader.setDevice(None)
        buffer.close()


def _picture_problem(kind: FileType, reader: QImageReader) -> str:
    why = reader.errorString().rstrip(".") or "its contents are in a form it does not read"
    why = why[:1].lower() + why[1:]
    return (
        f"CaseDesk cannot draw this {kind.label} ({why}). It is kept as it is: open it in "
        "its own viewer to see it."
    )


def picture_pages(
    content: bytes, kind: FileType, largest_side: int = LARGEST_ON_SCREEN
) -> list[QImage]:
    """Each page of a picture (a TIFF may hold several), at most ``largest_side`` long."""
    pages: list[QImage] = []
    with _reading(content, kind) as reader:
        if kind is FileType.TIFF:
            reader.imageCount()  # first, as above
        while len(pages) < MOST_PAGES_SHOWN:
            size = reader.size()
            if largest_side and size.isValid() and max(size.width(), size.height()) > largest_side:
                reader.setScaledSize(_fitted(size, largest_side))
            image = reader.read()
            if image.isNull():
                break
            pages.append(image)
            if not reader.jumpToNextImage():
                break
    return pages


def decode_thumbnails(stored: dict[int, bytes]) -> dict[int, QImage]:
    """The stored thumbnails, decoded for a list (run on the worker)."""
    decoded = {}
    for attachment_id, data in stored.items():
        image = QImage.fromData(data)
        if not image.isNull():
            decoded[attachment_id] = image
    return decoded
