"""Intake, household step: lives alone, heads a household (members listed here,
new or already registered), or joins the household of someone registered."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from domain.clients.hmis import RelationshipToHead
from domain.clients.intake import MAX_NEW_MEMBERS, HouseholdMode, HouseholdPlan, NewMember
from domain.clients.record import ClientSummary
from gui.clients.hmis_inputs import choices
from gui.common.form_fields import ERROR_COLOUR


class RelationshipCombo(QComboBox):
    """How someone relates to the head of household; never "self" here."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.addItem(self.tr("Choose…"), None)
        for code, text in choices(RelationshipToHead):
            if code != RelationshipToHead.SELF:
                self.addItem(self.tr(text), int(code))

    def code(self) -> int | None:
        return self.currentData()


@dataclass
class MemberRow:
    first_name: QLineEdit | None
    last_name: QLineEdit | None
    date_of_birth: QLineEdit | None
    registered: ClientSummary | None
    relationship: RelationshipCombo
    message: QLabel
    widgets: list[QWidget]

    def member(self) -> NewMember:
        if self.registered is not None:
            return NewMember(
                relationship=self.relationship.code(), existing_client_id=self.registered.id
            )
        return NewMember(
            self.first_name.text(),
            self.last_name.text(),
            self.date_of_birth.text(),
            self.relationship.code(),
        )


def _error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setWordWrap(True)
    label.hide()
    return label


class HouseholdStep(QWidget):
    # The person wants to pick a registered client: as a member, or as the head to join.
    find_member_requested = Signal()
    find_head_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[MemberRow] = []
        self.head: ClientSummary | None = None

        self.alone = QRadioButton(self.tr("Lives &alone (a household of one)"), self)
        self.heads = QRadioButton(self.tr("&Heads a household: list who lives with them"), self)
        self.joins = QRadioButton(
            self.tr("&Joins the household of someone already registered"), self
        )
        self.mode_group = QButtonGroup(self)
        for mode, button in zip(HouseholdMode, (self.alone, self.heads, self.joins), strict=True):
            button.setObjectName(f"household_{mode}")
            self.mode_group.addButton(button)
        self.alone.setChecked(True)
        self.mode_group.buttonToggled.connect(lambda *_: self._show_mode())

        # Members of the client's household.
        self.members_box = QWidget(self)
        self.grid = QGridLayout()
        self.grid.setVerticalSpacing(2)
        for column, title in enumerate(
            (
                self.tr("First name"),
                self.tr("Last name"),
                self.tr("Date of birth"),
                self.tr("Relationship to the client"),
            )
        ):
            self.grid.addWidget(QLabel(f"<b>{title}</b>", self.members_box), 0, column)
        self.add_member_button = QPushButton(self.tr("Add a &member"), self.members_box)
        self.add_member_button.setObjectName("add_member")
        self.add_member_button.clicked.connect(lambda: self.add_member())
        self.add_registered_button = QPushButton(
            self.tr("Add someone &registered…"), self.members_box
        )
        self.add_registered_button.setObjectName("add_registered_member")
        self.add_registered_button.clicked.connect(self.find_member_requested)
        self.members_message = _error_label(self.members_box, "members_message")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_member_button)
        buttons.addWidget(self.add_registered_button)
        buttons.addStretch(1)
        members_layout = QVBoxLayout(self.members_box)
        members_layout.setContentsMargins(24, 0, 0, 0)
        members_layout.addLayout(self.grid)
        members_layout.addLayout(buttons)
        members_layout.addWidget(self.members_message)

        # The household the client joins.
        self.join_box = QWidget(self)
        self.head_label = QLabel(self.tr("No head of household chosen yet."), self.join_box)
        self.head_label.setObjectName("head_label")
        self.find_head_button = QPushButton(self.tr("&Find the head of household…"), self.join_box)
        self.find_head_button.setObjectName("find_head")
        self.find_head_button.clicked.connect(self.find_head_requested)
        self.relationship = RelationshipCombo(self.join_box)
        self.relationship.setObjectName("relationship")
        self.head_message = _error_label(self.join_box, "head_message")
        self.relationship_message = _error_label(self.join_box, "relationship_message")
        caption = QLabel(self.tr("The client is the head's &relationship:"), self.join_box)
        caption.setBuddy(self.relationship)
        join_layout = QGridLayout(self.join_box)
        join_layout.setContentsMargins(24, 0, 0, 0)
        join_layout.addWidget(self.head_label, 0, 0)
        join_layout.addWidget(self.find_head_button, 0, 1)
        join_layout.addWidget(self.head_message, 1, 0, 1, 2)
        join_layout.addWidget(caption, 2, 0)
        join_layout.addWidget(self.relationship, 2, 1)
        join_layout.addWidget(self.relationship_message, 3, 0, 1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.alone)
        layout.addWidget(self.heads)
        layout.addWidget(self.members_box)
        layout.addWidget(self.joins)
        layout.addWidget(self.join_box)
        layout.addStretch(1)
        self._show_mode()

    def mode(self) -> HouseholdMode:
        if self.heads.isChecked():
            return HouseholdMode.HEAD
        if self.joins.isChecked():
            return HouseholdMode.JOINS
        return HouseholdMode.ALONE

    def _show_mode(self) -> None:
        mode = self.mode()
        self.members_box.setVisible(mode is HouseholdMode.HEAD)
        self.join_box.setVisible(mode is HouseholdMode.JOINS)
        if mode is HouseholdMode.HEAD and not self.rows:
            self.add_member()

    def add_member(self, registered: ClientSummary | None = None) -> MemberRow | None:
        if len(self.rows) >= MAX_NEW_MEMBERS:
            return None
        row = len(self.rows) * 2 + 1
        widgets: list[QWidget] = []
        index = len(self.rows)
        if registered is None:
            edits = []
            for column, (name, hint, longest) in enumerate(
                (
                    ("first_name", self.tr("Required"), 100),
                    ("last_name", self.tr("Required"), 100),
                    ("date_of_birth", self.tr("MM/DD/YYYY"), 10),
                )
            ):
                edit = QLineEdit(self.members_box)
                edit.setObjectName(f"member.{index}.{name}")
                edit.setPlaceholderText(hint)
                edit.setMaxLength(longest)
                self.grid.addWidget(edit, row, column)
                edits.append(edit)
            widgets += edits
        else:
            edits = [None, None, None]
            who = QLabel(f"{registered.display_name} · {registered.number}", self.members_box)
            who.setObjectName(f"member.{index}.registered")
            self.grid.addWidget(who, row, 0, 1, 3)
            widgets.append(who)
        relationship = RelationshipCombo(self.members_box)
        relationship.setObjectName(f"member.{index}.relationship")
        remove = QPushButton(self.tr("Remove"), self.members_box)
        remove.setAutoDefault(False)
        message = _error_label(self.members_box, f"member.{index}_message")
        self.grid.addWidget(relationship, row, 3)
        self.grid.addWidget(remove, row, 4)
        self.grid.addWidget(message, row + 1, 0, 1, 5)
        widgets += [relationship, remove, message]
        member = MemberRow(*edits, registered, relationship, message, widgets)
        remove.clicked.connect(lambda: self._remove(member))
        self.rows.append(member)
        (edits[0] or relationship).setFocus()
        return member

    def _remove(self, member: MemberRow) -> None:
        # Re-lay the remaining rows so that row numbers match the domain's indexes.
        kept = [r for r in self.rows if r is not member]
        saved = [(r.member(), r.registered) for r in kept]
        for r in self.rows:
            for widget in r.widgets:
                widget.deleteLater()
        self.rows = []
        for values, registered in saved:
            row = self.add_member(registered)
            if registered is None:
                row.first_name.setText(values.first_name)
                row.last_name.setText(values.last_name)
                row.date_of_birth.setText(values.date_of_birth)
            row.relationship.setCurrentIndex(max(0, row.relationship.findData(values.relationship)))

    def set_head(self, head: ClientSummary) -> None:
        self.head = head
        self.head_label.setText(
            self.tr("Joins the household of {0} · {1}").format(head.display_name, head.number)
        )
        self.relationship.setFocus()

    def load(
        self,
        plan: HouseholdPlan,
        head: ClientSummary | None,
        registered: list[ClientSummary | None],
    ) -> None:
        """Show ``plan`` (work kept on this computer): ``registered[i]`` is the
        registered person of member ``i``, if that member is one."""
        {
            HouseholdMode.ALONE: self.alone,
            HouseholdMode.HEAD: self.heads,
            HouseholdMode.JOINS: self.joins,
        }[plan.mode].setChecked(True)
        for row in self.rows:
            for widget in row.widgets:
                widget.deleteLater()
        self.rows = []
        for index, values in enumerate(plan.members):
            person = registered[index] if index < len(registered) else None
            row = self.add_member(person if values.existing_client_id is not None else None)
            if row is None:
                break
            if row.registered is None:
                row.first_name.setText(values.first_name)
                row.last_name.setText(values.last_name)
                row.date_of_birth.setText(values.date_of_birth)
            row.relationship.setCurrentIndex(max(0, row.relationship.findData(values.relationship)))
        if plan.mode is HouseholdMode.HEAD and not self.rows:
            self.add_member()
        if head is not None:
            self.set_head(head)
        self.relationship.setCurrentIndex(max(0, self.relationship.findData(plan.relationship)))
        self._show_mode()

    def registered(self) -> list[ClientSummary | None]:
        """The registered person of each member row (None for one typed in)."""
        return [row.registered for row in self.rows]

    def plan(self) -> HouseholdPlan:
        mode = self.mode()
        if mode is HouseholdMode.HEAD:
            return HouseholdPlan(mode, members=tuple(r.member() for r in self.rows))
        if mode is HouseholdMode.JOINS:
            return HouseholdPlan(
                mode,
                head_id=self.head.id if self.head else None,
                relationship=self.relationship.code(),
            )
        return HouseholdPlan()

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        shown = set()
        for index, row in enumerate(self.rows):
            mine = {k: v for k, v in errors.items() if k.startswith(f"member.{index}.")}
            shown |= set(mine)
            # One line under the row, each problem named by its column.
            captions = {
                "first_name": self.tr("First name"),
                "last_name": self.tr("Last name"),
                "date_of_birth": self.tr("Date of birth"),
                "relationship": self.tr("Relationship"),
            }
            parts = []
            for key, message in mine.items():
                caption = captions.get(key.rsplit(".", 1)[1])
                parts.append(f"{caption}: {message}" if caption else message)
            text = " ".join(parts)
            row.message.setText(text)
            row.message.setVisible(bool(text))
        for name, label in (
            ("members", self.members_message),
            ("head", self.head_message),
            ("relationship", self.relationship_message),
        ):
            text = errors.get(name, "")
            label.setText(text)
            label.setVisible(bool(text))
            if text:
                shown.add(name)
        return {k: v for k, v in errors.items() if k not in shown}
