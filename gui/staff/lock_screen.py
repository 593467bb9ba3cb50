"""What an idle-locked CaseDesk shows: no client data, only a way back in."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.staff.sign_in_dialogs import ERROR_STYLE


class LockScreen(QWidget):
    unlock_requested = Signal(str)  # the password typed
    sign_out_requested = Signal()

    def __init__(self, display_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lock_screen")
        panel = QFrame(self)
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setFixedWidth(440)  # a fixed width lets the wrapped texts take their height
        title = QLabel(self.tr("CaseDesk is locked"), panel)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        explanation = QLabel(
            self.tr(
                "The session of {0} was locked to keep client information private. "
                "Enter your password to continue where you left off."
            ).format(display_name),
            panel,
        )
        explanation.setWordWrap(True)
        self.password = QLineEdit(panel)
        self.password.setObjectName("unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.returnPressed.connect(self._unlock)
        self.message = QLabel(panel)
        self.message.setObjectName("unlock_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.unlock_button = QPushButton(self.tr("Unlock"), panel)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)
        sign_out = QPushButton(self.tr("Sign out"), panel)
        sign_out.clicked.connect(self.sign_out_requested)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(sign_out)
        buttons.addWidget(self.unlock_button)
        column = QVBoxLayout(panel)
        column.setContentsMargins(24, 24, 24, 24)
        column.setSpacing(12)
        column.addWidget(title)
        column.addWidget(explanation)
        column.addWidget(self.password)
        column.addWidget(self.message)
        column.addLayout(buttons)
        # Stretches rather than an alignment flag: an aligned widget gets only its
        # size hint, which is too short for its wrapped text.
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(panel)
        row.addStretch()
        outer = QVBoxLayout(self)
        outer.addStretch()
        outer.addLayout(row)
        outer.addStretch()

    def reset(self) -> None:
        self.password.clear()
        self.show_message("")
        self.unlock_button.setEnabled(True)
        self.password.setFocus()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _unlock(self) -> None:
        password = self.password.text()
        self.password.clear()
        if password:
            self.unlock_button.setEnabled(False)
            self.unlock_requested.emit(password)
