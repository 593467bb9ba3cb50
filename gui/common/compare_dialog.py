"""After a conflict: my version against the one saved meanwhile, field by field.

The person picks, per field, mine or theirs (or all of one side) and saves
against the new version. Cancel leaves the editor as it was, with every
character typed still in it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain.common.compare import MINE, THEIRS, FieldDifference


class CompareDialog(QDialog):
    def __init__(
        self,
        what: str,
        who: str,
        when: datetime | None,
        found: list[FieldDifference],
        caption: Callable[[str], str],
        shown: Callable[[str, object], str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("compare_dialog")
        self.setWindowTitle(self.tr("Someone saved {0} first").format(what))
        at = f"{when.astimezone():%m/%d/%Y %H:%M}" if when else self.tr("just now")
        lead = QLabel(
            self.tr(
                "{0} saved {1} at {2}, after you opened it. Pick, for each detail, your "
                "version or theirs; then save. Cancel takes you back to your form as you left it."
            ).format(who or self.tr("Someone"), what, at)
        )
        lead.setWordWrap(True)

        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.addWidget(QLabel(self.tr("<b>Detail</b>")), 0, 0)
        grid.addWidget(QLabel(self.tr("<b>Yours</b>")), 0, 1)
        grid.addWidget(QLabel(self.tr("<b>Theirs ({0}, {1})</b>").format(who, at)), 0, 2)
        self.groups: dict[str, QButtonGroup] = {}
        self.buttons: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        for row, difference in enumerate(found, start=1):
            label = caption(difference.name)
            if difference.both_changed:
                label += " " + self.tr("(both changed)")
            grid.addWidget(QLabel(label), row, 0)
            # "&&": a value's & ("Food & Shelter") is text, not a keyboard shortcut.
            mine = QRadioButton((shown(difference.name, difference.mine) or "—").replace("&", "&&"))
            theirs = QRadioButton(
                (shown(difference.name, difference.theirs) or "—").replace("&", "&&")
            )
            mine.setObjectName(f"{difference.name}_mine")
            theirs.setObjectName(f"{difference.name}_theirs")
            group = QButtonGroup(self)
            group.addButton(mine)
            group.addButton(theirs)
            (mine if difference.suggested == MINE else theirs).setChecked(True)
            grid.addWidget(mine, row, 1)
            grid.addWidget(theirs, row, 2)
            self.groups[difference.name] = group
            self.buttons[difference.name] = (mine, theirs)
        grid.setRowStretch(len(found) + 1, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)

        box = QDialogButtonBox(self)
        self.all_mine = QPushButton(self.tr("Keep all &mine"), self)
        self.all_theirs = QPushButton(self.tr("Take all &theirs"), self)
        box.addButton(self.all_mine, QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(self.all_theirs, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = box.addButton(
            self.tr("&Save these"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        box.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.all_mine.clicked.connect(lambda: self._pick_all(MINE))
        self.all_theirs.clicked.connect(lambda: self._pick_all(THEIRS))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(lead)
        layout.addWidget(scroll, 1)
        layout.addWidget(box)
        self.resize(720, min(560, 160 + 36 * len(found)))

    def _pick_all(self, side: str) -> None:
        for mine, theirs in self.buttons.values():
            (mine if side == MINE else theirs).setChecked(True)

    def picks(self) -> dict[str, str]:
        return {
            name: MINE if mine.isChecked() else THEIRS
            for name, (mine, _theirs) in self.buttons.items()
        }
