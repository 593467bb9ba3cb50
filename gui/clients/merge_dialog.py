"""The merge plan, shown to the supervisor before anything is merged.

It says what moves to the surviving record, which details the survivor takes
and which it keeps where both records hold one, and asks why these are one
person. Confirming asks the record window to merge; the dialog stays open to
show a problem with the reason next to the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.clients.merge_plan import KEEP, TAKE, MergePlan


class MergePlanDialog(QDialog):
    confirm_requested = Signal(str)  # the reason typed

    def __init__(self, plan: MergePlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(
            self.tr("Merge {0} into {1}").format(plan.merged_number, plan.survivor_number)
        )
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)

        lead = QLabel(
            self.tr(
                "{0} ({1}) will be hidden, and everything that belongs to the person "
                "moves to {2} ({3}). You can undo the merge afterwards."
            ).format(plan.merged_name, plan.merged_number, plan.survivor_name, plan.survivor_number)
        )
        lead.setWordWrap(True)
        layout.addWidget(lead)

        moving = [f"• {label}: {count}" for label, count in plan.moving]
        self.moving_label = QLabel(
            self.tr("Moves to {0}:").format(plan.survivor_number)
            + "\n"
            + ("\n".join(moving) if moving else self.tr("• No cases, consents or other records"))
        )
        self.moving_label.setObjectName("moving")
        layout.addWidget(self.moving_label)

        differing = [c for c in plan.fields if c.outcome in (TAKE, KEEP)]
        self.fields_table = QTableWidget(len(differing), 4, self)
        self.fields_table.setObjectName("fields")
        self.fields_table.setHorizontalHeaderLabels(
            [
                self.tr("Detail"),
                self.tr("After the merge"),
                self.tr("This record ({0})").format(plan.survivor_number),
                self.tr("Duplicate ({0})").format(plan.merged_number),
            ]
        )
        for row, choice in enumerate(differing):
            outcome = (
                self.tr("Takes {0}'s").format(plan.merged_number)
                if choice.outcome == TAKE
                else self.tr("Keeps its own")
            )
            for column, text in enumerate(
                (choice.label, outcome, choice.survivor_value or "—", choice.merged_value)
            ):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.fields_table.setItem(row, column, item)
        self.fields_table.verticalHeader().hide()
        self.fields_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.fields_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.fields_table.setVisible(bool(differing))
        self.fields_table.resizeRowsToContents()
        rows_height = sum(self.fields_table.rowHeight(r) for r in range(len(differing)))
        self.fields_table.setFixedHeight(
            min(360, rows_height + header.sizeHint().height() + 2 * self.fields_table.frameWidth())
        )
        layout.addWidget(self.fields_table)
        if not differing:
            layout.addWidget(QLabel(self.tr("Both records hold the same details.")))

        for text in (plan.household, plan.found_by):
            note = QLabel(text)
            note.setWordWrap(True)
            layout.addWidget(note)

        layout.addWidget(QLabel(self.tr("&Why are these the same person?"), buddy=None))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("e.g. Same ID card and date of birth"))
        self.reason.setMaxLength(300)
        layout.itemAt(layout.count() - 1).widget().setBuddy(self.reason)
        layout.addWidget(self.reason)
        self.problem = QLabel(self)
        self.problem.setObjectName("reason_problem")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)

        buttons = QDialogButtonBox(self)
        self.merge_button = buttons.addButton(
            self.tr("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _confirm(self) -> None:
        self.problem.hide()
        self.merge_button.setEnabled(False)  # once: the merge runs in the background
        self.confirm_requested.emit(self.reason.text())

    def show_problem(self, message: str) -> None:
        self.merge_button.setEnabled(True)
        self.problem.setText(message)
        self.problem.show()
        self.reason.setFocus()
