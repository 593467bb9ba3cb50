"""Steps of a test that meets the compare dialog after someone else saved first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from gui.common.compare_dialog import CompareDialog
from gui.common.conflict_resolution import ConflictResolution


def compare_opened(qtbot, conflict: ConflictResolution) -> CompareDialog:
    qtbot.waitUntil(lambda: conflict.dialog is not None and conflict.dialog.isVisible())
    assert isinstance(conflict.dialog, CompareDialog)
    return conflict.dialog


def cancel_compare(qtbot, conflict: ConflictResolution) -> None:
    """Cancel, as a person clicks it: back to the editor."""
    box = compare_opened(qtbot, conflict).findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: conflict.dialog is None)


def save_picks(qtbot, compare: CompareDialog) -> None:
    qtbot.mouseClick(compare.save_button, Qt.MouseButton.LeftButton)


def look(widget, path) -> None:
    """A picture of the dialog as a person would see it."""
    for _ in range(3):
        QApplication.processEvents()
    widget.grab().save(str(path))
