"""The record's attachments as a list: a thumbnail, then what each file is.

Thumbnails are asked for only when the view draws their row (Qt asks for the
decoration of visible rows alone): the model gathers the ids asked for while a
frame is drawn and says once, after it, which it wants (``thumbnails_wanted``);
the tab reads them on the background runner and hands them back.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from domain.attachments.attachment import Attachment
from domain.common.field_rules import format_date
from gui.common.record_table_model import RecordTableModel

THUMBNAIL_SHOWN = QSize(44, 44)
REMOVED_COLOUR = "#6b6b6b"


def describe(attachment: Attachment) -> str:
    """The file in a few words: "PDF, 3 pages, 1.2 MB"."""
    words = [attachment.file_type.label]
    if attachment.pages and attachment.pages > 1:
        words.append(f"{attachment.pages} pages")
    words.append(attachment.size_text)
    return ", ".join(words)


class AttachmentTableModel(RecordTableModel):
    COL_THUMBNAIL, COL_TITLE, COL_TYPE, COL_LINK, COL_ADDED, COL_BY, COL_FILE = range(7)

    thumbnails_wanted = Signal(object)  # a list of attachment ids

    def __init__(self, parent=None):
        super().__init__(
            (
                "",
                self.tr("Title"),
                self.tr("Document"),
                self.tr("Belongs to"),
                self.tr("Added"),
                self.tr("By"),
                self.tr("File"),
            ),
            parent,
        )
        self._pictures: dict[int, QPixmap] = {}
        self._asked: set[int] = set()  # read, or being read: never asked twice
        self._wanted: list[int] = []
        self._ask = QTimer(self)
        self._ask.setSingleShot(True)
        self._ask.setInterval(0)
        self._ask.timeout.connect(self._say_wanted)
        style = QApplication.style()
        self._file_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self._gone_icon = style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon)

    def display(self, attachment: Attachment, column: int) -> str | None:
        if column == self.COL_THUMBNAIL:
            return None
        title = attachment.title
        if attachment.removed:
            title = self.tr("{0} (removed)").format(title)
        by = attachment.added_by_name or attachment.added_by
        return (
            None,
            title,
            self.tr(attachment.document_type.label),
            attachment.link_label or self.tr("The record"),
            format_date(attachment.added_at.astimezone().date()),
            by,
            self.tr("content removed") if attachment.removed else describe(attachment),
        )[column]

    def other_data(self, attachment: Attachment, column: int, role: int):
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_THUMBNAIL:
            return self._decoration(attachment)
        if role == Qt.ItemDataRole.ToolTipRole:
            if attachment.removed:
                return self.tr("Removed by {0}: {1}").format(
                    attachment.removed_by_name or attachment.removed_by,
                    attachment.removal_reason,
                )
            if attachment.preview_problem:
                return self.tr("No preview: {0}").format(attachment.preview_problem)
        if attachment.removed and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(REMOVED_COLOUR)
        if attachment.removed and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.SizeHintRole and column == self.COL_THUMBNAIL:
            return QSize(THUMBNAIL_SHOWN.width() + 8, THUMBNAIL_SHOWN.height() + 6)
        return None

    def _decoration(self, attachment: Attachment) -> QIcon | QPixmap:
        if attachment.removed:
            return self._gone_icon
        picture = self._pictures.get(attachment.id)
        if picture is not None:
            return picture
        if attachment.has_thumbnail and attachment.id not in self._asked:
            self._asked.add(attachment.id)
            self._wanted.append(attachment.id)
            self._ask.start()
        return self._file_icon

    def _say_wanted(self) -> None:
        wanted, self._wanted = self._wanted, []
        if wanted:
            self.thumbnails_wanted.emit(wanted)

    def show_thumbnails(self, images: dict) -> None:
        """Thumbnails read (QImages by attachment id), on the UI thread."""
        rows = []
        for attachment_id, image in images.items():
            self._pictures[attachment_id] = QPixmap.fromImage(image).scaled(
                THUMBNAIL_SHOWN,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            row = self.row_of(attachment_id)
            if row is not None:
                rows.append(row)
        if rows:  # one signal for the lot: each one makes the view lay out its columns
            first = self.index(min(rows), self.COL_THUMBNAIL)
            last = self.index(max(rows), self.COL_THUMBNAIL)
            self.dataChanged.emit(first, last, [Qt.ItemDataRole.DecorationRole])

    def thumbnail_failed(self, ids) -> None:
        """Not read this time (the server was away): asked again when next drawn."""
        self._asked.difference_update(ids)

    def thumbnail_of(self, attachment_id: int) -> QPixmap | None:
        return self._pictures.get(attachment_id)

    def asked(self) -> set[int]:
        return set(self._asked)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
