"""What an editor does when its save meets someone else's (a ConflictError):
read what they saved, show both versions side by side, and save the details the
person picks over the version now stored.

The editor stays as typed until the person saves the picks: Cancel in the
compare dialog changes nothing, and the next Save compares again.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QDialog, QMessageBox, QScrollArea, QWidget

from domain.common.compare import FieldDifference, combined, differences
from domain.common.errors import ConflictError
from gui.common.compare_dialog import CompareDialog
from gui.common.error_presenter import error_title, present_error
from gui.common.runner import BackgroundRunner

WIDEST_LINE = 40  # characters: both sides side by side fit a laptop screen


def wrapped(text: str) -> str:
    """Long text (an address, eligibility rules) in lines a compare column can hold."""
    return "\n".join(
        textwrap.fill(line, WIDEST_LINE) if line.strip() else "" for line in text.splitlines()
    )


def _fit(dialog: CompareDialog) -> None:
    """Large enough to show both versions whole (rows of several lines, a plan's
    goals), within the screen: the dialog's own size counts one line a row."""
    scroll = dialog.findChild(QScrollArea)
    screen = dialog.screen().availableGeometry()
    content = scroll.widget().sizeHint()
    width = min(max(dialog.width(), content.width() + 48), int(screen.width() * 0.9))
    height = min(max(dialog.height(), content.height() + 150), int(screen.height() * 0.85))
    dialog.resize(width, height)


class ConflictResolution:
    """One editor's compare-and-pick after a stale save; ``dialog`` while it is open."""

    def __init__(
        self,
        owner: QWidget,
        runner: BackgroundRunner,
        caption: Callable[[str], str],
        shown: Callable[[str, Any], str],
    ):
        self._owner, self._runner = owner, runner
        self._caption, self._shown = caption, shown
        self.dialog: CompareDialog | None = None

    def start(
        self,
        error: ConflictError,
        *,
        what: str,
        read: Callable[[], Any],
        form_of: Callable[[Any], Any],
        original: Any,
        mine: Any,
        save: Callable[[Any, Any], None],
        compare: Callable[[Any, Any, Any], list[FieldDifference]] = differences,
        merge: Callable[[Any, Any, dict[str, str]], Any] = combined,
        stamp: Callable[[Any], tuple[str | None, datetime | None]] | None = None,
        refuse: Callable[[Any], str] | None = None,
    ) -> None:
        """``read`` runs on the runner and returns the record as stored now;
        ``save(current, form)`` puts the picked form in the editor and saves it over
        ``current``'s version. ``stamp`` says who saved ``current`` and when (else the
        error does); ``refuse`` may say why ``current`` cannot be saved over at all."""

        def compare_with(current) -> None:
            reason = refuse(current) if refuse is not None else ""
            if reason:
                box = QMessageBox(
                    QMessageBox.Icon.Warning,
                    error_title(error),
                    reason,
                    QMessageBox.StandardButton.Ok,
                    self._owner,
                )
                box.setObjectName("conflict_refused")
                box.open()
                return
            theirs = form_of(current)
            found = compare(original, mine, theirs)
            if not found:  # they saved what I typed: nothing to choose
                save(current, merge(mine, theirs, {}))
                return
            who, when = stamp(current) if stamp else (error.changed_by, error.changed_at)
            dialog = CompareDialog(
                what, who or "", when, found, self._caption, self._shown, self._owner
            )
            _fit(dialog)
            self.dialog = dialog

            def chosen(result: int) -> None:
                self.dialog = None
                if result == QDialog.DialogCode.Accepted:
                    save(current, merge(mine, theirs, dialog.picks()))

            dialog.finished.connect(chosen)
            dialog.open()

        self._runner.submit(
            read,
            on_success=compare_with,
            on_error=lambda failure: present_error(self._owner, failure),
            owner=self._owner,
        )
