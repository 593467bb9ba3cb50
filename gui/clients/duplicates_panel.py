"""Beside the new-client form: people already registered who may be this one.

The dialog fills it while the person types; it shows who matched and why, and
opens an existing record on request. When the save is refused as a likely
duplicate, it asks why this is a different person.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain.clients.service import DuplicateCandidate
from domain.common.field_rules import format_date
from gui.common.form_fields import FormFields

LIKELY_COLOUR = "#b00020"
PANEL_WIDTH = 270


def reason_text(reason: str) -> str:
    """The domain's reason ("same date of birth"), translated when one is installed."""
    return QCoreApplication.translate("DuplicateReasons", reason)


class CandidateCard(QFrame):
    """One possible match: number, name, date of birth, reasons, and Open."""

    def __init__(self, candidate: DuplicateCandidate, parent: QWidget | None = None):
        super().__init__(parent)
        self.candidate = candidate
        client = candidate.client
        self.setObjectName("duplicate_card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        if candidate.likely:
            # A thicker red edge: the one card that must not be overlooked.
            self.setStyleSheet(
                f"#duplicate_card {{ border: 2px solid {LIKELY_COLOUR}; border-radius: 4px; }}"
            )

        self.likely_label = QLabel(
            self.tr("Likely the same person") if candidate.likely else self.tr("Possible match"),
            self,
        )
        self.likely_label.setObjectName("likely" if candidate.likely else "possible")
        self.likely_label.setWordWrap(True)  # wraps before the card outgrows the panel
        self.likely_label.setStyleSheet(
            f"color: {LIKELY_COLOUR}; font-weight: bold;" if candidate.likely else "color: gray;"
        )
        name = QLabel(f"<b>{client.number}</b>&nbsp;&nbsp;{_escaped(client.display_name)}", self)
        name.setTextFormat(Qt.TextFormat.RichText)
        name.setWordWrap(True)
        born = format_date(client.date_of_birth)
        self.born_label = QLabel(
            self.tr("Born {0}").format(born) if born else self.tr("No date of birth on file"), self
        )
        reasons = ", ".join(reason_text(r) for r in candidate.reasons)
        self.reasons_label = QLabel(reasons or self.tr("similar details"), self)
        self.reasons_label.setWordWrap(True)

        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setAccessibleName(
            self.tr("Open {0}, {1}").format(client.number, client.display_name)
        )
        self.open_button.setAutoDefault(False)  # Enter in the form still means Save

        top = QHBoxLayout()
        top.addWidget(self.likely_label, 1)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(name)
        layout.addWidget(self.born_label)
        layout.addWidget(self.reasons_label)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class DuplicatesPanel(QFrame):
    open_client_requested = Signal(int)  # a client id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duplicates_panel")
        self.setFixedWidth(PANEL_WIDTH)
        self.candidates: list[DuplicateCandidate] = []
        self.cards: list[CandidateCard] = []

        title = QLabel(self.tr("Already registered?"), self)
        title.setStyleSheet("font-weight: bold;")
        self.status = QLabel(self)
        self.status.setObjectName("duplicates_status")
        self.status.setWordWrap(True)

        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._list)

        # Asked only when a save is refused as a likely duplicate.
        self.reason_fields = FormFields(self)
        self.reason_input = QLineEdit(self)
        self.reason_input.setMaxLength(300)
        self.reason_input.setPlaceholderText(self.tr("e.g. twin sister, confirmed by ID"))
        caption, column = self.reason_fields.make_field(
            "duplicate_reason",
            self.tr("This is a different person because…"),
            self.reason_input,
        )
        caption.setWordWrap(True)
        self.reason_message = self.reason_fields.messages["duplicate_reason"]
        self.reason_box = QWidget(self)
        self.reason_box.setObjectName("duplicate_reason_box")
        reason_layout = QVBoxLayout(self.reason_box)
        reason_layout.setContentsMargins(0, 6, 0, 0)
        reason_layout.addWidget(caption)
        reason_layout.addLayout(column)
        self.reason_box.hide()
        self.reason_input.textEdited.connect(lambda _text: self.show_reason_problem(""))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.reason_box)
        self.show_candidates([], typed=False)

    @property
    def asking_reason(self) -> bool:
        return not self.reason_box.isHidden()

    def reason(self) -> str:
        """What the person said, when they were asked; otherwise nothing."""
        return self.reason_input.text() if self.asking_reason else ""

    def show_checking(self) -> None:
        self.status.setText(self.tr("Looking for matches…"))

    def show_unavailable(self, why: str) -> None:
        self.status.setText(self.tr("Could not look for matches: {0}").format(why))

    def show_candidates(self, candidates: list[DuplicateCandidate], *, typed: bool = True) -> None:
        for card in self.cards:
            card.hide()  # at once: deletion waits for the event loop
            card.deleteLater()
        self.candidates = list(candidates)
        self.cards = []
        for candidate in candidates:
            card = CandidateCard(candidate, self._list)
            card.open_button.clicked.connect(
                partial(self.open_client_requested.emit, candidate.client.id)
            )
            self._list_layout.insertWidget(self._list_layout.count() - 1, card)
            self.cards.append(card)
        likely = any(c.likely for c in candidates)
        if not typed:
            text = self.tr("Matches appear here as you type a name, date of birth or SSN.")
        elif not candidates:
            text = self.tr("No one registered looks like this person.")
        elif likely:
            text = self.tr("Check before saving: open the record if this is the same person.")
        else:
            text = self.tr("Possible matches, for a second look:")
        self.status.setText(text)

    def ask_reason(self, message: str, *, focus: bool = True) -> None:
        """Ask why this is a different person; the save refused it without a reason.

        Once asked, the question stays: the save's own check has the last word,
        and a reason given for someone no longer alike is simply not used.
        """
        self.reason_box.show()
        self.show_reason_problem(message)
        if focus:
            self.reason_input.setFocus()

    def show_reason_problem(self, message: str) -> None:
        self.reason_fields.show_message("duplicate_reason", message)
