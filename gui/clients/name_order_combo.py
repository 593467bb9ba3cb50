"""The choice of the order a client's names are written in (domain/clients/name_order.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from domain.clients.name_order import LABELS


class NameOrderCombo(QComboBox):
    """``value()`` is what ClientForm.name_order takes: "" for "by the script"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        for order, text in LABELS.items():
            self.addItem(self.tr(text), "" if order is None else order.value)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)
        self.currentTextChanged.connect(self.setToolTip)

    def value(self) -> str:
        return self.currentData() or ""

    def set_value(self, value: str | None) -> None:
        self.setCurrentIndex(max(0, self.findData(value or "")))
