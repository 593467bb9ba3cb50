"""The Household tab of a client's record: who lives with them, and how related."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.clients.hmis import RelationshipToHead, choices, label
from domain.clients.households import HouseholdMember
from domain.common.actor import Actor
from domain.common.field_rules import format_date
from domain.common.policy import Permission
from domain.services import Services
from gui.clients.search_popup import SearchPopup
from gui.common.error_presenter import present_error
from gui.common.list_view import record_list
from gui.common.record_table_model import RecordTableModel
from gui.common.runner import BackgroundRunner


class HouseholdModel(RecordTableModel):
    COL_NUMBER, COL_NAME, COL_RELATIONSHIP, COL_BORN = range(4)

    def __init__(self, parent=None):
        super().__init__(
            (
                self.tr("Client #"),
                self.tr("Name"),
                self.tr("Relationship"),
                self.tr("Date of birth"),
            ),
            parent,
        )

    def display(self, member: HouseholdMember, column: int) -> str | None:
        client = member.client
        if column == self.COL_NUMBER:
            return client.number
        if column == self.COL_NAME:
            return client.display_name
        if column == self.COL_RELATIONSHIP:
            return label(member.relationship) if member.relationship else ""
        if column == self.COL_BORN:
            return format_date(client.date_of_birth)
        return None


class RelationshipDialog(QDialog):
    """How the person joining relates to the head of household."""

    def __init__(self, who: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Join household"))
        self.combo = QComboBox(self)
        for code, text in choices(RelationshipToHead):
            if code != RelationshipToHead.SELF:
                self.combo.addItem(self.tr(text), code)
        form = QFormLayout()
        form.addRow(QLabel(self.tr("{0} is the head's").format(who), self))
        form.addRow(self.tr("&Relationship"), self.combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, who: str, parent=None) -> int | None:
        dialog = cls(who, parent)
        return dialog.combo.currentData() if dialog.exec() == QDialog.DialogCode.Accepted else None


class HouseholdTab(QWidget):
    changed = Signal()

    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        client,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self._services = services
        self._actor = actor
        self.client = client
        self.model = HouseholdModel(self)
        self.table = record_list(self, self.model, "household_members")
        self.table.horizontalHeader().setSectionResizeMode(
            HouseholdModel.COL_NAME, QHeaderView.ResizeMode.Stretch
        )
        self.summary = QLabel(self)
        self.join_button = QPushButton(self.tr("&Join a household…"), self)
        self.join_button.clicked.connect(self.choose_head)
        self.leave_button = QPushButton(self.tr("&Leave household"), self)
        self.leave_button.clicked.connect(self.leave)
        may_edit = actor.may(Permission.CLIENT_EDIT)
        self.join_button.setVisible(may_edit)
        self.leave_button.setVisible(may_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.join_button)
        buttons.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.refresh()

    def refresh(self) -> None:
        self._runner.submit(
            self._services.households.members,
            self._actor,
            self.client.id,
            on_success=self._show,
            on_error=partial(present_error, self),
            owner=self,
        )

    def _show(self, members: list[HouseholdMember]) -> None:
        self.model.reset_to(members)
        alone = not members
        self.summary.setText(
            self.tr("Not part of a household yet.")
            if alone
            else self.tr("{0} people in this household.").format(len(members))
        )
        self.join_button.setEnabled(alone)
        self.leave_button.setEnabled(not alone)

    def choose_head(self) -> None:
        popup = SearchPopup(self._runner, self._services.clients, self._actor, self)
        popup.setWindowTitle(self.tr("Find the head of household"))
        popup.open_client_requested.connect(self._join)
        popup.open()

    def _join(self, head_id: int) -> None:
        relationship = RelationshipDialog.ask(self.client.display_name, self)
        if relationship is None:
            return
        self._runner.submit(
            self._services.households.join,
            self._actor,
            self.client.id,
            head_id,
            relationship,
            on_success=self._done,
            on_error=partial(present_error, self),
            owner=self,
        )

    def leave(self) -> None:
        self._runner.submit(
            self._services.households.leave,
            self._actor,
            self.client.id,
            on_success=self._done,
            on_error=partial(present_error, self),
            owner=self,
        )

    def _done(self, client) -> None:
        self.client = client
        self.refresh()
        self.changed.emit()
