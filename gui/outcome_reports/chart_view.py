"""A report chart on screen: the same ReportLab drawing the PDF prints, shown as SVG
(reports/outcome_reports/charts.py), scaled to the width it is given and never
out of proportion."""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontDatabase, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

# The faces the charts name (the PDF embeds the same files).
_FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
_fonts_loaded = False


def load_chart_fonts() -> None:
    """Once per process: the shipped fonts into Qt, so the SVG draws with the PDF's face."""
    global _fonts_loaded
    if _fonts_loaded:
        return
    for name in _FONT_FILES:
        data = (files("reports.common") / "fonts" / name).read_bytes()
        QFontDatabase.addApplicationFontFromData(QByteArray(data))
    _fonts_loaded = True


class ChartView(QWidget):
    """One chart; ``description`` says it in words for screen readers."""

    def __init__(self, svg: bytes, description: str, parent: QWidget | None = None):
        super().__init__(parent)
        load_chart_fonts()
        self.setObjectName("report_chart")
        self.renderer = QSvgRenderer(QByteArray(svg), self)
        self.renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.setAccessibleName(self.tr("Chart"))
        self.setAccessibleDescription(description)
        self.setToolTip(description)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumWidth(320)

    def _natural(self) -> QSize:
        return self.renderer.defaultSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        natural = self._natural()
        if natural.width() <= 0:
            return 0
        # Never drawn larger than 1.6 times the PDF's size: text stays a sensible size.
        width = min(width, round(natural.width() * 1.6))
        return round(natural.height() * width / natural.width())

    def sizeHint(self) -> QSize:
        natural = self._natural()
        return QSize(round(natural.width() * 1.3), round(natural.height() * 1.3))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = min(self.width(), round(self._natural().width() * 1.6))
        area = QRectF(0, 0, width, min(self.heightForWidth(width), self.height()))
        # Drawn on white, as on paper: the colours were chosen against it.
        painter.fillRect(area, QColor("white"))
        self.renderer.render(painter, area)
        painter.end()
