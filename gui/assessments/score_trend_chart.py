"""A small line chart of life-domain scores over time, drawn with QPainter.

Scores 1-5 up the side (each band tinted with its meaning), assessment dates
along the bottom at their true distance apart, one line per chosen domain with
its own colour *and* marker shape (so it reads without colour too). A domain
not scored in an assessment leaves a gap in its line rather than a made-up
slope across it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from domain.assessments.assessment import SCORE_LABELS, Assessment, LifeDomain
from domain.common.field_rules import format_date
from gui.assessments.inputs import SCORE_COLOURS

# Okabe-Ito: told apart by people with any common colour-vision deficiency.
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
MARKERS = ("circle", "square", "triangle", "diamond", "down", "cross")
MAX_SERIES = len(SERIES_COLOURS)
LOWEST, HIGHEST = min(SCORE_LABELS), max(SCORE_LABELS)

MARGIN = 8
INNER_PAD = 22  # keeps the first and last points off the plot's edges
MARKER_RADIUS = 4.5
DODGE = 5.0  # px between domains' points on one date, so equal scores stay visible


@dataclass(frozen=True)
class PlottedPoint:
    domain: LifeDomain
    assessed_on: date
    score: int
    x: float
    y: float


class ScoreTrendChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("score_trend_chart")
        self.setAccessibleName(self.tr("Score trend"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 200)
        self._assessments: list[Assessment] = []
        self._domains: list[LifeDomain] = []

    # --- what to show ----------------------------------------------------------------

    def set_assessments(self, assessments: Sequence[Assessment]) -> None:
        """Any order; drawn oldest to newest."""
        self._assessments = sorted(assessments, key=lambda a: (a.assessed_on, a.id))
        self._changed()

    def set_domains(self, domains: Sequence[LifeDomain]) -> None:
        unique = list(dict.fromkeys(domains))
        self._domains = unique[:MAX_SERIES]
        self._changed()

    def domains(self) -> list[LifeDomain]:
        return list(self._domains)

    def _changed(self) -> None:
        self.setAccessibleDescription(self.describe())
        self.update()

    def describe(self) -> str:
        """The chart in words, for screen readers."""
        if not self._assessments:
            return self.tr("No assessment recorded yet.")
        parts = []
        for domain in self._domains:
            scored = [
                f"{a.score_of(domain)} {self.tr('on')} {format_date(a.assessed_on)}"
                for a in self._assessments
                if a.score_of(domain) is not None
            ]
            shown = ", ".join(scored) if scored else self.tr("not scored")
            parts.append(f"{self.tr(domain.label)}: {shown}")
        return "; ".join(parts)

    def sizeHint(self) -> QSize:
        return QSize(380, 280)

    # --- geometry (also what the tests measure) --------------------------------------

    def _legend_rows(self, width: float) -> list[list[tuple[LifeDomain, float]]]:
        """Legend entries wrapped into rows that fit ``width``: (domain, entry width)."""
        metrics = QFontMetrics(self.font())
        rows: list[list[tuple[LifeDomain, float]]] = [[]]
        used = 0.0
        for domain in self._domains:
            entry = 22 + metrics.horizontalAdvance(self._legend_text(domain)) + 14
            if rows[-1] and used + entry > width:
                rows.append([])
                used = 0.0
            rows[-1].append((domain, entry))
            used += entry
        return [row for row in rows if row]

    def _legend_text(self, domain: LifeDomain) -> str:
        scored = any(a.score_of(domain) is not None for a in self._assessments)
        return self.tr(domain.label) + ("" if scored else " " + self.tr("(not scored)"))

    def _axis_labels(self) -> dict[int, str]:
        """ "5 Thriving" ... when there is room, else the numbers alone."""
        metrics = QFontMetrics(self.font())
        named = {s: f"{s} {self.tr(label)}" for s, label in SCORE_LABELS.items()}
        widest = max(metrics.horizontalAdvance(text) for text in named.values())
        if self.width() - widest > 260:
            return named
        return {s: str(s) for s in SCORE_LABELS}

    def plot_area(self) -> QRectF:
        """Where the scores are drawn: score 5 on the top edge, 1 on the bottom. Each
        score's band reaches half a step beyond, so the area sits inside the bands."""
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        left = MARGIN + max(metrics.horizontalAdvance(t) for t in self._axis_labels().values()) + 8
        right = self.width() - MARGIN - 4
        legend = len(self._legend_rows(right - left)) * (line + 4)
        bands_top = MARGIN + legend + 4
        bands_bottom = self.height() - MARGIN - line - 6  # the dates' row below
        half = max(1.0, bands_bottom - bands_top) / (HIGHEST - LOWEST + 1) / 2
        return QRectF(
            left,
            bands_top + half,
            max(1.0, right - left),
            max(1.0, bands_bottom - bands_top - 2 * half),
        )

    def y_of(self, score: float) -> float:
        area = self.plot_area()
        return area.bottom() - (score - LOWEST) / (HIGHEST - LOWEST) * area.height()

    def x_of(self, day: date) -> float:
        """Dates at their true distance apart; a single date sits in the middle."""
        area = self.plot_area()
        first, last = self._assessments[0].assessed_on, self._assessments[-1].assessed_on
        if first == last:
            return area.center().x()
        span = area.width() - 2 * INNER_PAD
        return area.left() + INNER_PAD + (day - first).days / (last - first).days * span

    def _series(self) -> dict[LifeDomain, list[PlottedPoint | None]]:
        """Per domain, a point (or None: not scored) for each assessment, oldest first."""
        series: dict[LifeDomain, list[PlottedPoint | None]] = {}
        count = len(self._domains)
        for index, domain in enumerate(self._domains):
            dodge = (index - (count - 1) / 2) * DODGE
            series[domain] = [
                None
                if (score := assessment.score_of(domain)) is None
                else PlottedPoint(
                    domain,
                    assessment.assessed_on,
                    score,
                    self.x_of(assessment.assessed_on) + dodge,
                    self.y_of(score),
                )
                for assessment in self._assessments
            ]
        return series

    def plotted_points(self) -> list[PlottedPoint]:
        """Every point drawn, domain by domain, oldest first."""
        return [p for points in self._series().values() for p in points if p is not None]

    def segments(self) -> list[tuple[PlottedPoint, PlottedPoint]]:
        """The lines drawn: between consecutive assessments that both scored the domain."""
        return [
            (start, end)
            for points in self._series().values()
            for start, end in pairwise(points)
            if start is not None and end is not None
        ]

    # --- painting --------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        area = self.plot_area()
        self._paint_bands(painter, area)
        if not self._assessments:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("No assessment yet"))
            painter.end()
            return
        self._paint_dates(painter, area)
        self._paint_series(painter)
        self._paint_legend(painter)
        painter.end()

    def _paint_bands(self, painter: QPainter, area: QRectF) -> None:
        half = area.height() / (HIGHEST - LOWEST) / 2
        labels = self._axis_labels()
        text_colour = self.palette().text().color()
        for score in SCORE_LABELS:
            y = self.y_of(score)
            band = QRectF(area.left(), y - half, area.width(), 2 * half).intersected(
                area.adjusted(0, -half, 0, half)
            )
            tint = QColor(SCORE_COLOURS[score])
            tint.setAlpha(22)
            painter.fillRect(band, tint)
            painter.setPen(QPen(QColor(0, 0, 0, 40), 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text_colour)
            box = QRectF(MARGIN, y - 10, area.left() - MARGIN - 8, 20)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, labels[score]
            )
        painter.setPen(QPen(QColor(0, 0, 0, 110), 1))
        painter.drawLine(area.bottomLeft() + QPointF(0, half), area.topLeft() - QPointF(0, half))

    def _paint_dates(self, painter: QPainter, area: QRectF) -> None:
        metrics = QFontMetrics(self.font())
        baseline = area.bottom() + area.height() / (HIGHEST - LOWEST) / 2
        painter.setPen(QPen(QColor(0, 0, 0, 110), 1))
        painter.drawLine(QPointF(area.left(), baseline), QPointF(area.right(), baseline))
        days = list(dict.fromkeys(a.assessed_on for a in self._assessments))
        # Label as many dates as fit; the first and the newest always.
        placed: list[tuple[float, float, date]] = []
        order = [days[-1], days[0], *days[1:-1]] if len(days) > 1 else days
        for day in order:
            text = format_date(day)
            width = metrics.horizontalAdvance(text)
            x = self.x_of(day)
            left = min(max(x - width / 2, 0.0), self.width() - width)
            if all(left + width + 6 < start or left > end + 6 for start, end, _d in placed):
                placed.append((left, left + width, day))
        painter.setPen(self.palette().text().color())
        for day in days:
            x = self.x_of(day)
            painter.drawLine(QPointF(x, baseline), QPointF(x, baseline + 4))
        for left, right, day in placed:
            painter.drawText(
                QRectF(left, baseline + 5, right - left, metrics.height()),
                Qt.AlignmentFlag.AlignCenter,
                format_date(day),
            )

    def _paint_series(self, painter: QPainter) -> None:
        colour_of = {d: QColor(SERIES_COLOURS[i]) for i, d in enumerate(self._domains)}
        for start, end in self.segments():
            painter.setPen(QPen(colour_of[start.domain], 2.2))
            painter.drawLine(QPointF(start.x, start.y), QPointF(end.x, end.y))
        label_scores = len(self._domains) == 1  # a lone line carries its numbers
        metrics = QFontMetrics(self.font())
        for point in self.plotted_points():
            index = self._domains.index(point.domain)
            self._marker(
                painter, MARKERS[index], QPointF(point.x, point.y), colour_of[point.domain]
            )
            if label_scores:
                painter.setPen(self.palette().text().color())
                text = str(point.score)
                width = metrics.horizontalAdvance(text)
                above = point.score < HIGHEST
                y = point.y - 8 - metrics.descent() if above else point.y + 8 + metrics.ascent()
                painter.drawText(QPointF(point.x - width / 2, y), text)

    def _paint_legend(self, painter: QPainter) -> None:
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        y = MARGIN
        area = self.plot_area()
        for row in self._legend_rows(area.width()):
            x = area.left()
            for domain, width in row:
                index = self._domains.index(domain)
                colour = QColor(SERIES_COLOURS[index])
                middle = y + line / 2
                painter.setPen(QPen(colour, 2.2))
                painter.drawLine(QPointF(x, middle), QPointF(x + 16, middle))
                self._marker(painter, MARKERS[index], QPointF(x + 8, middle), colour)
                painter.setPen(self.palette().text().color())
                painter.drawText(
                    QRectF(x + 22, y, width - 22, line),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    self._legend_text(domain),
                )
                x += width
            y += line + 4

    @staticmethod
    def _marker(painter: QPainter, shape: str, at: QPointF, colour: QColor) -> None:
        r = MARKER_RADIUS
        painter.setPen(QPen(QColor("white"), 1.2))
        painter.setBrush(colour)
        if shape == "circle":
            painter.drawEllipse(at, r, r)
        elif shape == "square":
            painter.drawRect(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r))
        elif shape == "cross":
            path = QPainterPath()
            w = r / 2.2
            path.addRect(QRectF(at.x() - r, at.y() - w, 2 * r, 2 * w))
            path.addRect(QRectF(at.x() - w, at.y() - r, 2 * w, 2 * r))
            painter.drawPath(path.simplified())
        else:
            corners = {
                "triangle": ((0, -1.2), (1.1, 0.8), (-1.1, 0.8)),
                "down": ((0, 1.2), (1.1, -0.8), (-1.1, -0.8)),
                "diamond": ((0, -1.25), (1.1, 0), (0, 1.25), (-1.1, 0)),
            }[shape]
            painter.drawPolygon(
                QPolygonF([QPointF(at.x() + dx * r, at.y() + dy * r) for dx, dy in corners])
            )
        painter.setBrush(Qt.BrushStyle.NoBrush)
