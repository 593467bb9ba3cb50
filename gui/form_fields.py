"""Labelled form inputs, each with a red message label under it.

Every form shows a field's problem right under that field, in words a person
can act on, and focuses the first field that needs fixing. ``FormFields``
builds those rows and shows a ``ValidationError``'s messages on them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

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
        return widget

    def make_field(self, name: str, label: str, widget: QWidget) -> tuple[QLabel, QVBoxLayout]:
        """The caption and the input-over-message column of one field, for a caller
        that places them in a layout of its own (a filter bar, say)."""
        widget.setObjectName(name)
        message = QLabel(self._owner)
        message.setObjectName(f"{name}_message")
        message.setStyleSheet(f"color: {ERROR_COLOUR};")
        message.setWordWrap(True)
        message.hide()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(message)
        caption = QLabel(label, self._owner)
        caption.setBuddy(widget)  # the label's &mnemonic jumps to the input
        self.inputs[name] = widget
        self.messages[name] = message
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
        return {name: text for name, text in errors.items() if name not in self.inputs}

    def clear_messages(self) -> None:
        for name in self.inputs:
            self.show_message(name, "")
