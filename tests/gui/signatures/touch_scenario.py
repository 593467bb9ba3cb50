"""Two finger strokes on a fresh signature pad, in a process of their own; prints
the strokes as JSON. tests/gui/signatures/test_pad_devices.py runs it: PySide's
synthesized touch crashes once other windows of the test run have come and gone,
which says nothing about the pad."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.signatures.pad import SignatureField


def touch(pad, screen, action: str, x: int, y: int) -> None:
    """One finger's press, move or release. The sequence is kept in a name and
    committed once: chaining on PySide's temporary sequence crashes."""
    sequence = QTest.touchEvent(pad, screen)
    getattr(sequence, action)(0, QPoint(x, y), pad)
    sequence.commit()


def main() -> None:
    app = QApplication([])
    field = SignatureField("client")
    field.resize(620, 260)
    field.show()
    QTest.qWaitForWindowExposed(field)
    pad, screen = field.pad, QTest.createTouchDevice()
    touch(pad, screen, "press", 50, 60)
    for i in range(1, 15):
        touch(pad, screen, "move", 50 + 25 * i, 60 + i)
    touch(pad, screen, "release", 420, 75)
    touch(pad, screen, "press", 60, 110)
    touch(pad, screen, "move", 300, 112)
    touch(pad, screen, "release", 400, 115)
    strokes = [[[p.x, p.y] for p in stroke.points] for stroke in pad.strokes().strokes]
    print(json.dumps(strokes))
    field.close()
    app.processEvents()


if __name__ == "__main__":
    main()
