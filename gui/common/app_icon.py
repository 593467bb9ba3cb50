"""The CaseDesk icon: a teal case folder with a white check, painted at any size.

Painted rather than loaded so windows and the installer's .ico
(installer/draw_icon.py) come from one drawing. Every edge lands on whole
pixels; below 48 px the paper sheet is left out and the check is drawn in
whole-pixel steps, so small sizes stay crisp.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QIcon,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

# The sizes Windows asks for at 100-250 % display scaling (title bars, taskbar, Explorer).
ICON_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)

BACK = QColor("#145a72")
FRONT_TOP = QColor("#2f9bb5")
FRONT_BOTTOM = QColor("#1d7f99")
FRONT_EDGE = QColor("#6cc3d6")
PAPER = QColor("#f4f9fb")
CHECK = QColor("#ffffff")

# From this size up the icon shows the paper sheet, shading and a smooth check.
DETAILED_FROM = 48


def paint_icon(painter: QPainter, size: int) -> None:
    """Paint the icon into the square (0, 0, size, size) of ``painter``'s device."""
    detailed = size >= DETAILED_FROM

    def at(fraction: float) -> float:
        # Edges on whole pixels: a half-covered edge pixel reads as blur.
        return float(round(fraction * size))

    left, right, bottom = at(0.06), at(0.94), at(0.86)
    radius = max(1.0, size * 0.06)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)

    # The back of the folder, with its tab on the upper left.
    back = QPainterPath()
    back.addRoundedRect(QRectF(left, at(0.24), right - left, bottom - at(0.24)), radius, radius)
    tab = QPainterPath()
    tab.addRoundedRect(QRectF(left, at(0.14), at(0.42) - left, at(0.16)), radius, radius)
    painter.fillPath(back.united(tab), BACK)

    if detailed:
        # A sheet showing above the front: this is a case file, not any folder.
        sheet = QRectF(at(0.15), at(0.27), at(0.85) - at(0.15), at(0.2))
        painter.setBrush(PAPER)
        painter.drawRoundedRect(sheet, radius * 0.5, radius * 0.5)

    front_top = at(0.36)
    front = QRectF(left, front_top, right - left, bottom - front_top)
    gradient = QLinearGradient(front.topLeft(), front.bottomLeft())
    gradient.setColorAt(0.0, FRONT_TOP)
    gradient.setColorAt(1.0, FRONT_BOTTOM if detailed else FRONT_TOP)
    painter.setBrush(gradient)
    painter.drawRoundedRect(front, radius, radius)

    if detailed:
        # A lit top edge lifts the front off the sheet behind it.
        edge = size * 0.012
        painter.setPen(QPen(FRONT_EDGE, edge))
        y = front_top + edge / 2
        painter.drawLine(QPointF(left + radius, y), QPointF(right - radius, y))
        _smooth_check(painter, size)
    else:
        _pixel_check(painter, size)
    painter.restore()


def _smooth_check(painter: QPainter, size: int) -> None:
    pen = QPen(CHECK, size * 0.085)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    check = QPainterPath(QPointF(0.32 * size, 0.61 * size))
    check.lineTo(0.45 * size, 0.74 * size)
    check.lineTo(0.69 * size, 0.49 * size)
    painter.drawPath(check)


def _pixel_check(painter: QPainter, size: int) -> None:
    """The same check as a staircase of whole-pixel squares, both arms at 45
    degrees: an antialiased diagonal two pixels wide is grey mush at 16 px."""
    width = max(2, round(size * 0.085))
    short, long = round(size * 0.13), round(size * 0.25)
    x, y = round(size * 0.32) - width // 2, round(size * 0.61) - width // 2
    steps = [(1, 1)] * short + [(1, -1)] * long
    painter.fillRect(x, y, width, width, CHECK)
    for dx, dy in steps:
        x, y = x + dx, y + dy
        painter.fillRect(x, y, width, width, CHECK)


def icon_image(size: int) -> QImage:
    """The icon at ``size`` x ``size`` pixels on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    paint_icon(painter, size)
    painter.end()
    return image


def app_icon() -> QIcon:
    """The window and taskbar icon, drawn at each size so none is a blurred rescale."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(QPixmap.fromImage(icon_image(size)))
    return icon
