"""CaseDesk survives a long day of signals and clicks (see gui/qt_refcount_guard.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A working day's worth of events, far past the point where the reference counts
# of None and True used to run out under PySide6 6.12 on Python 3.11.
BUSY_DAY = """
import gui  # installs the guard, as the application does
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

class Source(QObject):
    ping = Signal(object)

app = QApplication([])
source, seen = Source(), []
source.ping.connect(seen.append)
button, edit = QPushButton(), QLineEdit()
button.clicked.connect(lambda: None)
for n in range(30_000):
    source.ping.emit(n)
    button.click()
    edit.setText(str(n))
assert len(seen) == 30_000
print("survived")
"""


def test_thirty_thousand_signals_and_clicks_do_not_crash_the_app():
    result = subprocess.run(
        [sys.executable, "-c", BUSY_DAY],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout
