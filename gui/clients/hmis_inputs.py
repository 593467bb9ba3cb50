"""Inputs for HMIS answers: a combo box of one answer list, and the race and
ethnicity check list. Both speak HUD codes (domain/clients/hmis.py), as ClientForm does."""

from __future__ import annotations

from enum import IntEnum
from functools import partial

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QVBoxLayout, QWidget

from domain.clients.hmis import NO_ANSWER, RaceEthnicity, choices


def answer_text(text: str) -> str:
    """HUD's wording, translated when a translation is installed."""
    return QCoreApplication.translate("HmisAnswers", text)


class AnswerCombo(QComboBox):
    """The answers of one HMIS element; ``code()`` is the chosen HUD code.

    With ``infer_label`` the first choice means None: the domain infers the
    answer from what was typed (data-quality codes).
    """

    def __init__(
        self, kind: type[IntEnum], parent: QWidget | None = None, *, infer_label: str | None = None
    ):
        super().__init__(parent)
        self._infers = infer_label is not None
        if infer_label is not None:
            self.addItem(infer_label, None)
        for code, text in choices(kind):
            self.addItem(answer_text(text), code)
        # HUD's longer labels must not dictate the form's width: the closed combo
        # may cut them short, so the tooltip always carries the whole answer.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)
        self.currentTextChanged.connect(self.setToolTip)

    def code(self) -> int | None:
        data = self.currentData()
        return None if data is None else int(data)

    def set_code(self, code: int | None) -> None:
        if code is None:
            self.setCurrentIndex(0 if self._infers else -1)
        else:
            self.setCurrentIndex(self.findData(int(code)))

    def set_infer_label(self, text: str) -> None:
        if self._infers:
            self.setItemText(0, text)


class RaceEthnicityChecklist(QWidget):
    """Race and ethnicity, every answer that applies.

    "Doesn't know", "prefers not to answer" and "not collected" stand alone
    (HUD's rule, checked again by the domain): ticking one of them clears the
    rest, and ticking a real answer clears them.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.boxes: dict[int, QCheckBox] = {}
        for code, text in choices(RaceEthnicity):
            if code == min(NO_ANSWER):
                layout.addSpacing(6)  # sets the "no answer" choices apart
            box = QCheckBox(answer_text(text), self)
            box.setObjectName(f"race_{code}")
            box.toggled.connect(partial(self._toggled, code))
            layout.addWidget(box)
            self.boxes[code] = box
        self.setFocusProxy(next(iter(self.boxes.values())))

    def codes(self) -> frozenset[int]:
        return frozenset(code for code, box in self.boxes.items() if box.isChecked())

    def set_codes(self, codes) -> None:
        for code, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(code in codes)
            box.blockSignals(False)
        self.changed.emit()

    def focus_widgets(self) -> list[QWidget]:
        """Each box, for the dialog's Tab order."""
        return list(self.boxes.values())

    def _toggled(self, code: int, checked: bool) -> None:
        if checked:
            clear = set(self.boxes) - {code} if code in NO_ANSWER else NO_ANSWER
            for other in clear:
                box = self.boxes[other]
                box.blockSignals(True)
                box.setChecked(False)
                box.blockSignals(False)
        self.changed.emit()
