"""The signature pad: mouse, pen (QTabletEvent, with pressure) and touch.

Strokes are kept in pad units (domain/signatures/signature.py): 1000 across,
whatever the widget's size on screen, so that a signature prints the same.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import QElapsedTimer, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPen, QTabletEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from domain.signatures.signature import (
    PAD_WIDTH,
    SIGNER_LABELS,
    Point,
    SignatureError,
    Stroke,
    Strokes,
    check,
)
from domain.signatures.signing import Signer

ASPECT = 3.0  # width : height


class SignaturePad(QWidget):
    """Draws and records strokes. ``changed`` after each stroke and on Clear."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setAccessibleName("Signature pad")
        self.setMinimumSize(360, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(160)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._strokes: list[list[Point]] = []
        self._current: list[Point] | None = None
        self._clock = QElapsedTimer()

    # --- what was drawn --------------------------------------------------
    def strokes(self) -> Strokes:
        done = [s for s in self._strokes if s]
        return Strokes(tuple(Stroke(tuple(s)) for s in done), PAD_WIDTH, PAD_WIDTH / ASPECT)

    def clear(self) -> None:
        self._strokes.clear()
        self._current = None
        self.update()
        self.changed.emit()

    # --- geometry ----------------------------------------------------------
    def _scale(self) -> float:
        return min(self.width() / PAD_WIDTH, self.height() / (PAD_WIDTH / ASPECT)) or 1.0

    def _to_pad(self, position: QPointF, pressure: float | None) -> Point:
        if not self._clock.isValid():
            self._clock.start()
        scale = self._scale()
        x = min(max(position.x() / scale, 0.0), PAD_WIDTH)
        y = min(max(position.y() / scale, 0.0), PAD_WIDTH / ASPECT)
        return Point(x, y, int(self._clock.elapsed()), pressure)

    def _begin(self, position: QPointF, pressure: float | None) -> None:
        self._current = [self._to_pad(position, pressure)]
        self._strokes.append(self._current)

    def _extend(self, position: QPointF, pressure: float | None) -> None:
        if self._current is not None:
            self._current.append(self._to_pad(position, pressure))
            self.update()

    def _end(self) -> None:
        if self._current is not None:
            self._current = None
            self.update()
            self.changed.emit()

    # --- devices -----------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), None)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position(), None)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position(), None)
            self._end()
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        pressure = float(event.pressure())
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletMove and self._current is not None:
            self._extend(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._extend(event.position(), pressure)
            self._end()
        event.accept()  # no synthesized mouse events: the pen drew already

    def event(self, event) -> bool:
        kind = event.type()
        if kind in (event.Type.TouchBegin, event.Type.TouchUpdate, event.Type.TouchEnd):
            points = event.points()
            if points:
                point = points[0]
                pressure = float(point.pressure()) if point.pressure() > 0 else None
                if kind == event.Type.TouchBegin:
                    self._begin(point.position(), pressure)
                else:
                    self._extend(point.position(), pressure)
                if kind == event.Type.TouchEnd:
                    self._end()
            event.accept()
            return True
        return super().event(event)

    # --- painting ------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        scale = self._scale()
        base = (PAD_WIDTH / ASPECT) * 0.75 * scale
        painter.setPen(QPen(QColor("#9aa0a6"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(20, base), QPointF(PAD_WIDTH * scale - 20, base))
        painter.drawText(QPointF(22, base + 16), "Sign above the line")
        painter.setPen(QPen(QColor("#c0c4c8"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        for stroke in self._strokes:
            if len(stroke) == 1:
                p = stroke[0]
                painter.setPen(QPen(QColor("#0b1f4d"), 2.5, cap=Qt.PenCapStyle.RoundCap))
                painter.drawPoint(QPointF(p.x * scale, p.y * scale))
                continue
            for a, b in itertools.pairwise(stroke):
                width = 1.2 + 2.6 * (b.pressure if b.pressure is not None else 0.5)
                pen = QPen(QColor("#0b1f4d"), width)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                painter.drawLine(
                    QPointF(a.x * scale, a.y * scale), QPointF(b.x * scale, b.y * scale)
                )
        painter.end()


def strokes_path(strokes: Strokes, scale: float) -> QPainterPath:
    path = QPainterPath()
    for stroke in strokes.strokes:
        if stroke.points:
            path.moveTo(stroke.points[0].x * scale, stroke.points[0].y * scale)
            for p in stroke.points[1:]:
                path.lineTo(p.x * scale, p.y * scale)
    return path


class SignatureField(QWidget):
    """A pad with Clear, the printed name and the message beside the pad."""

    def __init__(self, signer_kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signer_kind = signer_kind
        self.setObjectName(f"signature_{signer_kind}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(f"<b>{SIGNER_LABELS[signer_kind]}'s signature</b>")
        self.pad = SignaturePad(self)
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setObjectName("clear_signature")
        self.clear_button.clicked.connect(self.pad.clear)
        self.pad_error = QLabel("", self)
        self.pad_error.setObjectName("pad_error")
        self.pad_error.setStyleSheet("color: #b00020;")
        self.pad_error.setWordWrap(True)
        # A wrapped message would otherwise take half the pad's width when it shows.
        self.pad_error.setMaximumWidth(self.fontMetrics().horizontalAdvance("x" * 26))
        self.pad_error.hide()
        row = QHBoxLayout()
        row.addWidget(self.pad, 1, Qt.AlignmentFlag.AlignTop)  # level with Clear
        side = QVBoxLayout()
        side.addWidget(self.clear_button)
        side.addWidget(self.pad_error)
        side.addStretch(1)
        row.addLayout(side)
        self.name = QLineEdit(self)
        self.name.setObjectName("printed_name")
        self.name.setPlaceholderText("Printed name")
        self.name.setAccessibleName(f"{SIGNER_LABELS[signer_kind]}'s printed name")
        self.name_error = QLabel("", self)
        self.name_error.setObjectName("name_error")
        self.name_error.setStyleSheet("color: #b00020;")
        self.name_error.hide()
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(QLabel("Printed name:", self))
        layout.addWidget(self.name)
        layout.addWidget(self.name_error)
        self.pad.changed.connect(self._forget_pad_error)
        self.name.textEdited.connect(lambda _text: self.name_error.hide())

    def _forget_pad_error(self) -> None:
        self.pad_error.hide()

    def accepted(self) -> tuple[Strokes, str] | None:
        """The strokes and the printed name, or None with the messages shown."""
        self.pad_error.hide()
        self.name_error.hide()
        strokes = self.pad.strokes()
        try:
            name = check(strokes, self.name.text(), self.signer_kind)
        except SignatureError as error:
            label = self.pad_error if error.field == "pad" else self.name_error
            label.setText(error.message)
            label.show()
            return None
        return strokes, name


def drawn_signers(client: SignatureField, witness: SignatureField) -> list[Signer]:
    """What the pads hand to the service: the client always (an empty pad is
    refused beside it), the witness only if they drew, their name filled in for them."""
    signers: list[Signer] = [("client", client.pad.strokes(), client.name.text())]
    strokes = witness.pad.strokes()
    if strokes.strokes:
        signers.append(("witness", strokes, witness.name.text()))
    return signers


def show_signer_errors(fields: Sequence[SignatureField], errors: dict[str, str]) -> dict[str, str]:
    """Each "<kind>.pad" or "<kind>.name" message beside its pad or under its name
    (a field without one is cleared); the form's other messages are returned."""
    rest = dict(errors)
    for field in fields:
        for part, label in (("pad", field.pad_error), ("name", field.name_error)):
            text = rest.pop(f"{field.signer_kind}.{part}", "")
            label.setText(text)
            label.setVisible(bool(text))
    return rest
