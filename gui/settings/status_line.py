"""The line beside a settings section's save button: what was saved, or why not."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from domain.common.errors import ConflictError
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
        """Beside the section it concerns, not in a box; it stays after Cancel in the
        compare dialog, so that the person knows why nothing was saved."""
        self.setStyleSheet(f"color: {ERROR_COLOUR};")
        when = f"{error.changed_at.astimezone():%H:%M}" if error.changed_at else ""
        who = error.changed_by or self.tr("Someone else")
        if when:
            text = self.tr("Not saved: {0} saved this at {1}, after you opened it.")
        else:
            text = self.tr("Not saved: {0} saved this after you opened it.")
        text = text.format(who, when) + " "
        text += self.tr("Your typing is kept; Save compares the two versions.")
        self.setText(text)
        self.setAccessibleDescription(text)  # screen readers announce it with the section
