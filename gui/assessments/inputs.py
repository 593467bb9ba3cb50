"""The life-domain scores of an assessment, with strengths and needs: one row per
domain (score 1-5 or "not assessed", a short note), keyboard first."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from domain.assessments.assessment import (
    LONGEST_NOTE,
    SCORE_LABELS,
    AssessmentForm,
    LifeDomain,
)
from gui.common.form_fields import ERROR_COLOUR

# Colours the score's meaning, so a crisis stands out in a column of numbers.
SCORE_COLOURS = {1: "#b00020", 2: "#c25e00", 3: "#6b6b00", 4: "#2e7d32", 5: "#1b5e20"}


class ScoreCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.addItem(self.tr("— not assessed —"), None)
        for score, label in SCORE_LABELS.items():
            self.addItem(f"{score} · {self.tr(label)}", score)

    def score(self) -> int | None:
        return self.currentData()

    def set_score(self, score: int | None) -> None:
        self.setCurrentIndex(max(0, self.findData(score)))


class AssessmentInputs(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.scores: dict[LifeDomain, ScoreCombo] = {}
        self.notes: dict[LifeDomain, QLineEdit] = {}
        self.messages: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        for column, title in enumerate(
            (self.tr("Life domain"), self.tr("Score"), self.tr("Note (optional)"))
        ):
            heading = QLabel(f"<b>{title}</b>", self)
            grid.addWidget(heading, 0, column)
        for row, domain in enumerate(LifeDomain, start=1):
            caption = QLabel(self.tr(domain.label), self)
            combo = ScoreCombo(self)
            combo.setObjectName(f"score.{domain}")
            combo.setAccessibleName(self.tr("{0} score").format(domain.label))
            caption.setBuddy(combo)
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._colour(c))
            note = QLineEdit(self)
            note.setObjectName(f"note.{domain}")
            note.setMaxLength(LONGEST_NOTE)
            note.setAccessibleName(self.tr("{0} note").format(domain.label))
            message = self._message(f"score.{domain}")
            self.messages[f"note.{domain}"] = message
            line = QHBoxLayout()  # the note and, beside it when there is one, its problem
            line.addWidget(note, 1)
            line.addWidget(message, 1)
            grid.addWidget(caption, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addLayout(line, row, 2)
            self.scores[domain] = combo
            self.notes[domain] = note
        grid.setColumnStretch(2, 1)

        self.strengths = QPlainTextEdit(self)
        self.strengths.setObjectName("strengths")
        self.strengths.setTabChangesFocus(True)
        self.strengths.setPlaceholderText(
            self.tr("What the client brings: skills, people, resources")
        )
        self.needs = QPlainTextEdit(self)
        self.needs.setObjectName("needs")
        self.needs.setTabChangesFocus(True)
        self.needs.setPlaceholderText(self.tr("What the client asks for help with"))
        for edit in (self.strengths, self.needs):
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)

        stories = QGridLayout()
        for column, (title, edit, name) in enumerate(
            (
                (self.tr("&Strengths"), self.strengths, "strengths"),
                (self.tr("&Needs"), self.needs, "needs"),
            )
        ):
            caption = QLabel(title, self)
            caption.setBuddy(edit)
            stories.addWidget(caption, 0, column)
            stories.addWidget(edit, 1, column)
            stories.addWidget(self._message(name), 2, column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.addLayout(grid)
        layout.addWidget(self._message("scores"))
        layout.addSpacing(8)
        layout.addLayout(stories)
        layout.addStretch(1)

    def _message(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(f"{name}_message")
        label.setStyleSheet(f"color: {ERROR_COLOUR};")
        label.setWordWrap(True)
        label.hide()
        self.messages[name] = label
        return label

    @staticmethod
    def _colour(combo: ScoreCombo) -> None:
        score = combo.score()
        combo.setStyleSheet(f"color: {SCORE_COLOURS[score]};" if score else "")

    def form(self) -> AssessmentForm:
        return AssessmentForm(
            scores={d: c.score() for d, c in self.scores.items() if c.score() is not None},
            notes={d: e.text() for d, e in self.notes.items() if e.text().strip()},
            strengths=self.strengths.toPlainText(),
            needs=self.needs.toPlainText(),
        )

    def load(self, form: AssessmentForm) -> None:
        """Show ``form`` (work kept on this computer) in place of what is there."""
        for domain, combo in self.scores.items():
            combo.set_score(form.scores.get(domain))
        for domain, edit in self.notes.items():
            edit.setText(form.notes.get(domain, ""))
        self.strengths.setPlainText(form.strengths)
        self.needs.setPlainText(form.needs)

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Each message beside its domain (or under its box); the rest for the caller."""
        shown = set()
        for label in set(self.messages.values()):
            label.hide()
        for name, text in errors.items():
            label = self.messages.get(name)
            if label is None:
                continue
            label.setText(text)
            label.show()
            shown.add(name)
        first = next((name for name in errors if name in shown), None)
        if first is not None:
            domain = first.split(".", 1)[1] if "." in first else None
            if domain in set(LifeDomain):
                self.scores[LifeDomain(domain)].setFocus()
            elif first in ("strengths", "needs"):
                getattr(self, first).setFocus()
            else:
                self.scores[LifeDomain.HOUSING].setFocus()
        return {name: text for name, text in errors.items() if name not in shown}
