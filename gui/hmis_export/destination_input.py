"""Where the client went, as the close-case dialog asks it: HUD's destinations at
exit (HMIS 3.12) in HUD's groups, the kind of subsidy for "Rental by client,
with ongoing housing subsidy" and the words for "Other", each shown only when
it applies. The domain checks the answers (domain/hmis_export/exit_destination.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from domain.hmis_export import codes
from domain.hmis_export.exit_destination import LONGEST_OTHER
from gui.common.form_fields import FormFields


def destination_combo(parent: QWidget) -> QComboBox:
    """HUD's destinations under their groups' headings (which cannot be chosen)."""
    combo = QComboBox(parent)
    combo.addItem(combo.tr("Choose…"), "")
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    for group, members in codes.DESTINATION_GROUPS:
        combo.addItem(combo.tr(group), None)
        heading = model.item(combo.count() - 1)
        not_chosen = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        heading.setFlags(heading.flags() & ~not_chosen)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        for code in members:
            combo.addItem(combo.tr(codes.DESTINATION[code]), str(code))
    combo.setMaxVisibleItems(20)
    return combo


class DestinationInput:
    """The destination's rows in a dialog's form (fields ``destination``,
    ``destination_subsidy`` and ``destination_other``, as the domain names them)."""

    def __init__(self, fields: FormFields, parent: QWidget):
        self._fields = fields
        self.combo = destination_combo(parent)
        self.combo.setToolTip(parent.tr("HUD's destination at exit (HMIS 3.12)"))
        fields.add("destination", parent.tr("&Destination"), self.combo)
        self.subsidy = QComboBox(parent)
        self.subsidy.addItem(parent.tr("Choose…"), "")
        for code, words in codes.RENTAL_SUBSIDY_TYPE.items():
            self.subsidy.addItem(parent.tr(words), str(code))
        fields.add("destination_subsidy", parent.tr("&Subsidy"), self.subsidy)
        self.other = QLineEdit(parent)
        self.other.setMaxLength(LONGEST_OTHER)
        self.other.setPlaceholderText(parent.tr("Where the client went"))
        fields.add("destination_other", parent.tr("&Where"), self.other)
        self.combo.currentIndexChanged.connect(self._follow)
        self._follow()

    def choose(self, code: int) -> None:
        self.combo.setCurrentIndex(self.combo.findData(str(code)))

    def _follow(self) -> None:
        chosen = self.combo.currentData() or ""
        with_subsidy = chosen == str(codes.DESTINATION_WITH_SUBSIDY)
        other = chosen == str(codes.DESTINATION_OTHER)
        for name, shown in (("destination_subsidy", with_subsidy), ("destination_other", other)):
            self._fields.show_row(name, shown)
            # Showing a row shows its message label too: only a message is shown.
            self._fields.show_message(name, self._fields.messages[name].text() if shown else "")
        if not with_subsidy:
            self.subsidy.setCurrentIndex(0)
        if not other:
            self.other.clear()

    def answers(self) -> tuple[str, str, str]:
        return (
            self.combo.currentData() or "",
            self.subsidy.currentData() or "",
            self.other.text(),
        )
