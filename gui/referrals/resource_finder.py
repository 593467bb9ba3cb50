"""Finding a resource as one types: name words, a category and a language, the
list refreshed when typing pauses. Used by the Resources page and by the new
referral dialog (which puts the categories meeting the client's need first)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from domain.assessments.assessment import LifeDomain
from domain.common.actor import Actor
from domain.referrals.resources import (
    Resource,
    ResourceCategory,
    categories_for_need,
    ordered_for_need,
)
from gui.common.list_view import record_list
from gui.common.record_table_model import RecordTableModel
from gui.common.runner import BackgroundRunner

TYPING_PAUSE_MS = 200


class ResourceTableModel(RecordTableModel):
    COL_NAME, COL_CATEGORIES, COL_LANGUAGES, COL_PHONE, COL_HOURS = range(5)

    def __init__(self, parent=None):
        super().__init__(
            (
                self.tr("Organisation and service"),
                self.tr("Categories"),
                self.tr("Languages"),
                self.tr("Phone"),
                self.tr("Hours"),
            ),
            parent,
        )
        self.matching: tuple[ResourceCategory, ...] = ()

    def display(self, resource: Resource, column: int) -> str | None:
        name = resource.name if resource.active else self.tr("{0} (retired)").format(resource.name)
        return (
            name,
            ", ".join(self.tr(c.label) for c in resource.categories),
            ", ".join(resource.languages),
            resource.phone,
            resource.hours,
        )[column]

    def other_data(self, resource: Resource, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole and not resource.active:
            return QColor("#7d8a93")
        meets_need = any(c in resource.categories for c in self.matching)
        if role == Qt.ItemDataRole.FontRole and column == self.COL_NAME and meets_need:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return resource_details(resource)
        return None


def resource_details(resource: Resource) -> str:
    lines = [resource.name]
    for label, value in (
        ("Address", resource.address.replace("\n", ", ")),
        ("Phone", resource.phone),
        ("Email", resource.email),
        ("Website", resource.website),
        ("Hours", resource.hours),
        ("Eligibility", resource.eligibility),
        ("Intake", resource.intake_notes),
        ("Languages", ", ".join(resource.languages)),
    ):
        if value:
            lines.append(f"{label}: {value}")
    return "\n".join(lines)


class ResourceFinder(QWidget):
    """The search row and the list; ``current_changed`` with the chosen resource (or None)."""

    current_changed = Signal(object)

    def __init__(
        self,
        runner: BackgroundRunner,
        services,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        include_inactive: bool = False,
    ):
        super().__init__(parent)
        self._runner, self._service, self._actor = runner, services.resources, actor
        self._need: LifeDomain | None = None
        self.include_inactive = include_inactive
        self.search = QLineEdit(self)
        self.search.setObjectName("resource_search")
        self.search.setPlaceholderText(self.tr("Type part of a name: “food”, “legal aid”…"))
        self.search.setClearButtonEnabled(True)
        self.category = QComboBox(self)
        self.category.setObjectName("resource_category")
        self.category.addItem(self.tr("Every category"), "")
        for category in ResourceCategory:
            self.category.addItem(self.tr(category.label), category.value)
        self.language = QComboBox(self)
        self.language.setObjectName("resource_language")
        self.language.setEditable(True)
        self.language.lineEdit().setPlaceholderText(self.tr("Any language"))
        self.hint = QLabel(self)
        self.hint.setObjectName("need_hint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.model = ResourceTableModel(self)
        self.table = record_list(
            self, self.model, "resource_table", stretch=ResourceTableModel.COL_NAME
        )
        self.count = QLabel(self)
        self.count.setObjectName("resource_count")
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._pause.start())
        self.language.currentTextChanged.connect(lambda _text: self._pause.start())
        self.category.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(
            lambda *_args: self.current_changed.emit(self.selected())
        )
        self.model.modelReset.connect(lambda: self.current_changed.emit(self.selected()))
        row = QHBoxLayout()
        search_label = QLabel(self.tr("&Find"), self)
        search_label.setBuddy(self.search)
        row.addWidget(search_label)
        row.addWidget(self.search, 3)
        category_label = QLabel(self.tr("Ca&tegory"), self)
        category_label.setBuddy(self.category)
        row.addWidget(category_label)
        row.addWidget(self.category, 1)
        language_label = QLabel(self.tr("&Language"), self)
        language_label.setBuddy(self.language)
        row.addWidget(language_label)
        row.addWidget(self.language, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.setFocusProxy(self.search)
        self._runner.submit(
            self._service.languages, actor, on_success=self._show_languages, owner=self
        )

    def set_need(self, need: LifeDomain | None) -> None:
        """Resources of the categories that meet this need come first, in bold."""
        self._need = need
        matching = categories_for_need(need)
        self.model.matching = matching
        if matching:
            self.hint.setText(
                self.tr("For {0}: {1} first.").format(
                    self.tr(need.label).lower(), ", ".join(self.tr(c.label) for c in matching)
                )
            )
        self.hint.setVisible(bool(matching))
        self.refresh()

    def _show_languages(self, languages: list[str]) -> None:
        typed = self.language.currentText()
        self.language.blockSignals(True)
        self.language.clear()
        self.language.addItems(languages)
        self.language.setCurrentIndex(-1)
        self.language.setEditText(typed)
        self.language.blockSignals(False)

    def refresh(self) -> None:
        self._pause.stop()
        asked = (self.search.text(), self.category.currentData(), self.language.currentText())
        self._runner.submit(
            lambda: self._service.search(
                self._actor, *asked, include_inactive=self.include_inactive
            ),
            on_success=lambda found: self._show(asked, found),
            owner=self,
        )

    def _show(self, asked, found: list[Resource]) -> None:
        now = (self.search.text(), self.category.currentData(), self.language.currentText())
        if asked != now:
            return  # typed on since: a newer search is on its way
        chosen = self.selected()
        self.model.reset_to(ordered_for_need(found, self._need))
        self.count.setText(self.tr("{0} resource(s)").format(len(found)))
        row = self.model.row_of(chosen.id) if chosen else None
        if row is None and found and self._need is not None:
            row = 0
        if row is not None:
            self.table.selectRow(row)

    def selected(self) -> Resource | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None
