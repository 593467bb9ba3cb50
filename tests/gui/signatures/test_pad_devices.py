"""The pad draws with a pen and with a finger, not only a mouse: a pen's pressure
is kept with each point, a touch draws one stroke per finger down, and the pad's
units do not depend on the widget's size on screen."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from domain.signatures.signature import PAD_WIDTH
from gui.signatures.pad import SignatureField
from tests.gui.test_main_window import type_text

NO_KEYS = Qt.KeyboardModifier.NoModifier


def shown_field(qtbot, width: int = 620) -> SignatureField:
    field = SignatureField("client")
    qtbot.addWidget(field)
    field.resize(width, 260)
    field.show()
    qtbot.waitExposed(field)
    return field


@cache
def pen() -> QPointingDevice:
    """One pen for the whole run: Qt remembers the last device that drew, and a
    device Python has freed behind its back crashes the next event."""
    return QPointingDevice(
        "Test pen",
        7001,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        2,
    )


def pen_stroke(pad, device, points: list[tuple[float, float, float]]) -> None:
    """Press, move and lift the pen through (x, y, pressure), as a tablet sends them."""
    last = len(points) - 1
    for i, (x, y, pressure) in enumerate(points):
        kind = (
            QEvent.Type.TabletPress
            if i == 0
            else QEvent.Type.TabletRelease
            if i == last
            else QEvent.Type.TabletMove
        )
        down = Qt.MouseButton.NoButton if i == last else Qt.MouseButton.LeftButton
        position = QPointF(x, y)
        event = QTabletEvent(
            kind,
            device,
            position,
            QPointF(pad.mapToGlobal(position)),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            NO_KEYS,
            Qt.MouseButton.LeftButton,
            down,
        )
        QApplication.sendEvent(pad, event)


def test_a_pen_keeps_its_pressure_at_every_point(qtbot):
    field = shown_field(qtbot)
    device = pen()
    pressures = [0.2 + 0.6 * i / 19 for i in range(20)]
    pen_stroke(field.pad, device, [(40 + 20 * i, 80, p) for i, p in enumerate(pressures)])

    [stroke] = field.pad.strokes().strokes
    assert [round(p.pressure, 3) for p in stroke.points] == [round(p, 3) for p in pressures]
    xs = [p.x for p in stroke.points]
    assert xs == sorted(xs) and xs[0] < xs[-1]  # it followed the pen
    assert field.accepted() is None  # still needs the printed name
    type_text(field.name, "Nguyễn Thị Lan")
    strokes, name = field.accepted()
    assert name == "Nguyễn Thị Lan" and strokes.strokes[0].points[5].pressure is not None


def test_a_finger_draws_one_stroke_per_touch():
    scenario = Path(__file__).with_name("touch_scenario.py")
    done = subprocess.run(
        [sys.executable, str(scenario)], capture_output=True, text=True, timeout=120, check=True
    )
    first, second = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(first) >= 15 and len(second) >= 2
    assert first[-1][0] > first[0][0]  # it followed the finger to the right


def test_the_same_gesture_is_the_same_signature_on_a_wider_pad(qtbot):
    """Pad units: 1000 across, so a signature prints the same from any desk."""
    ends = []
    for width in (520, 1040):
        field = shown_field(qtbot, width)
        pad = field.pad
        scale = pad._scale()  # pad pixels per pad unit on this desk
        points = [QPoint(int(100 * scale + i * 20 * scale), int(100 * scale)) for i in range(10)]
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, NO_KEYS, points[0])
        for point in points[1:]:
            QTest.mouseMove(pad, point)
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, NO_KEYS, points[-1])
        [stroke] = pad.strokes().strokes
        ends.append((round(stroke.points[0].x), round(stroke.points[-1].x)))
        assert pad.strokes().width == PAD_WIDTH
    assert abs(ends[0][0] - ends[1][0]) <= 2 and abs(ends[0][1] - ends[1][1]) <= 2
