"""Labelled form inputs, each with a red message label under it.

Every form shows a field's problem right under that field, in words a person
can act on, and focuses the first field that needs fixing. ``FormFields``
builds those rows and shows a ``ValidationError``'s messages on them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain.common.errors import ValidationError
from gui.common.error_presenter import present_error

ERROR_COLOUR = "#b00020"


class FormFields:
    """The rows of one form: ``inputs[name]`` and ``messages[name]`` per field.

    Field names are the ones the domain raises in ``ValidationError.errors``.
    """

    def __init__(self, owner: QWidget):
        self._owner = owner
        self.layout = QFormLayout()
        # Every field column spans the form, so a message under a narrow input
        # (a combo box, a number) still has the width to be read.
        self.layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.inputs: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self.captions: dict[str, str] = {}  # as shown, without the & of a mnemonic
        self._rows: dict[str, int] = {}

    def add_line_edit(
        self,
        name: str,
        label: str,
        *,
        placeholder: str = "",
        password: bool = False,
        max_length: int | None = None,
    ) -> QLineEdit:
        edit = QLineEdit(self._owner)
        edit.setPlaceholderText(placeholder)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        if max_length is not None:
            edit.setMaxLength(max_length)
        self.add(name, label, edit)
        return edit

    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
        """A row for any input widget (a combo box, say), with its message under it."""
        caption, column = self.make_field(name, label, widget)
        self.layout.addRow(caption, column)
        self._rows[name] = self.layout.rowCount() - 1
        return widget

    def present(self, error: BaseException) -> None:
        """What a save failed on: problems next to their fields, and any left over
        (or any other error) in a message box."""
        if isinstance(error, ValidationError):
            leftover = self.show_errors(error.errors)
            if leftover:
                present_error(self._owner, ValidationError(leftover))
        else:
            present_error(self._owner, error)

    def show_row(self, name: str, shown: bool) -> None:
        """Show or hide a whole row (caption, input and message), for fields that
        apply only to some choices."""
        self.layout.setRowVisible(self._rows[name], shown)

    def make_field(
        self, name: str, label: str, widget: QWidget, *, beside: Sequence[QWidget] = ()
    ) -> tuple[QLabel, QVBoxLayout]:
        """The caption and the input-over-message column of one field, for a caller
        that places them in a layout of its own (a filter bar, say).

        ``beside`` go on the input's line, right of it (a "Show" button, say).
        """
        widget.setObjectName(name)
        message = QLabel(self._owner)
        message.setObjectName(f"{name}_message")
        message.setStyleSheet(f"color: {ERROR_COLOUR};")
        message.setWordWrap(True)
        message.hide()
        column = QVBoxLayout()
        column.setSpacing(2)
        if beside:
            line = QHBoxLayout()
            line.addWidget(widget, 1)
            for other in beside:
                line.addWidget(other)
            column.addLayout(line)
        else:
            column.addWidget(widget)
        column.addWidget(message)
        caption = QLabel(label, self._owner)
        caption.setBuddy(widget)  # the label's &mnemonic jumps to the input
        self.inputs[name] = widget
        self.messages[name] = message
        self.captions[name] = label.replace("&&", "\0").replace("&", "").replace("\0", "&")
        return caption, column

    def text(self, name: str) -> str:
        widget = self.inputs[name]
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def show_message(self, name: str, text: str) -> None:
        message, widget = self.messages[name], self.inputs[name]
        message.setText(text)
        message.setVisible(bool(text))
        widget.setProperty("invalid", bool(text))
        if isinstance(widget, QLineEdit):
            # Only line edits get the red frame: a styled combo box loses its arrow.
            widget.setStyleSheet(f"border: 1px solid {ERROR_COLOUR};" if text else "")
        # Screen readers announce the problem with the field.
        widget.setAccessibleDescription(text)

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Show each message under its field, clear the others, focus the first bad one.

        Returns the messages for fields this form does not have, for the caller
        to present another way.
        """
        for name in self.inputs:
            self.show_message(name, errors.get(name, ""))
        first_bad = next((name for name in self.inputs if name in errors), None)
        if first_bad is not None:
            self.inputs[first_bad].setFocus()
            self._scroll_into_view(first_bad)
        return {name: text for name, text in errors.items() if name not in self.inputs}

    def _scroll_into_view(self, name: str) -> None:
        """On a form taller than its window, bring the field and its message into view."""
        widget, message = self.inputs[name], self.messages[name]
        area = widget.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is None:
            return

        def scroll() -> None:
            area.ensureWidgetVisible(message)
            area.ensureWidgetVisible(widget)

        # After the messages just shown have been laid out, or the places are stale.
        QTimer.singleShot(0, area, scroll)

    def clear_messages(self) -> None:
        for name in self.inputs:
            self.show_message(name, "")
