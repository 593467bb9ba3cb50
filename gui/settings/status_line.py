"""The line beside a settings section's save button: what was saved, or why not."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from domain.common.errors import ConflictError
from gui.common.error_presenter import error_text
from gui.common.form_fields import ERROR_COLOUR


class StatusLine(QLabel):
    def __init__(self, name: str, parent: QWidget):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)

    def saved(self, text: str) -> None:
        self.setStyleSheet("")
        self.setText(text)
        self.setAccessibleDescription("")

    def conflict(self, error: ConflictError) -> None:
        """Beside the section it concerns, not in a box, while that section reloads."""
        self.setStyleSheet(f"color: {ERROR_COLOUR};")
        text = " ".join((error_text(error), self.tr("This section now shows the current version.")))
        self.setText(text)
        self.setAccessibleDescription(text)  # screen readers announce it with the section
