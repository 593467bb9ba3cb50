"""The community resource directory: everyone finds resources here as they type;
administrators and supervisors add, change and retire them, and load or save
the whole list as a spreadsheet (CSV)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.common.actor import Actor
from domain.common.errors import ConflictError
from domain.common.policy import Permission
from domain.referrals.resource_csv import CsvImportError
from domain.referrals.resources import Resource, ResourceCategory, ResourceForm
from domain.services import Services
from gui.common.conflict_resolution import ConflictResolution, wrapped
from gui.common.error_presenter import present_error
from gui.common.form_fields import ERROR_COLOUR, FormFields
from gui.common.runner import BackgroundRunner
from gui.referrals.resource_finder import ResourceFinder, resource_details

# The inputs of one line, and the boxes of several.
_LINES = ("organisation", "service", "phone", "email", "website", "hours", "languages")
_TEXTS = ("address", "eligibility", "intake_notes")


def _text_box(parent: QWidget, height: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * height + 12)
    return box


class ResourceDialog(QDialog):
    def __init__(self, runner, service, actor, resource: Resource | None = None, parent=None):
        super().__init__(parent)
        self._runner, self._service, self._actor, self._resource = (
            runner,
            service,
            actor,
            resource,
        )
        self.result_resource: Resource | None = None
        self.setWindowTitle(self.tr("New resource") if resource is None else resource.name)
        self.fields = FormFields(self)
        f = self.fields
        f.add_line_edit("organisation", self.tr("&Organisation"), max_length=150)
        f.add_line_edit(
            "service", self.tr("&Service"), max_length=150, placeholder=self.tr("Optional")
        )
        boxes = QWidget(self)
        grid = QGridLayout(boxes)
        grid.setContentsMargins(0, 0, 0, 0)
        self.category_boxes: dict[ResourceCategory, QCheckBox] = {}
        for i, category in enumerate(ResourceCategory):
            box = QCheckBox(self.tr(category.label), boxes)
            grid.addWidget(box, i // 4, i % 4)
            self.category_boxes[category] = box
        f.add("categories", self.tr("&Categories"), boxes)
        f.add("address", self.tr("&Address"), _text_box(self))
        f.add_line_edit("phone", self.tr("&Phone"), max_length=40)
        f.add_line_edit("email", self.tr("&Email"), max_length=254)
        f.add_line_edit("website", self.tr("&Website"), max_length=300)
        f.add_line_edit("hours", self.tr("&Hours"), max_length=200)
        f.add("eligibility", self.tr("Eli&gibility"), _text_box(self))
        f.add("intake_notes", self.tr("&Intake notes"), _text_box(self))
        f.add_line_edit(
            "languages",
            self.tr("&Languages"),
            max_length=300,
            placeholder=self.tr("English, Spanish…"),
        )
        self.active = QCheckBox(self.tr("Offered (shown in the finder)"), self)
        f.add("active", self.tr("Acti&ve"), self.active)
        self.load_form(resource.to_form() if resource else ResourceForm())
        self.conflict = ConflictResolution(self, runner, self.caption, self.shown)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(f.layout)
        layout.addWidget(self.buttons)
        self.resize(640, self.sizeHint().height())

    def load_form(self, form: ResourceForm) -> None:
        f = self.fields
        for name in _LINES:
            f.inputs[name].setText(getattr(form, name))
        for name in _TEXTS:
            f.inputs[name].setPlainText(getattr(form, name))
        for category, box in self.category_boxes.items():
            box.setChecked(category.value in form.categories)
        self.active.setChecked(form.active)

    def caption(self, name: str) -> str:
        return self.fields.captions.get(name, name)

    def shown(self, name: str, value) -> str:
        """A detail as the compare dialog shows it: categories and "offered" in words."""
        if name == "categories":
            return ", ".join(self.tr(ResourceCategory(code).label) for code in value)
        if name == "active":
            return self.tr("Offered") if value else self.tr("Retired")
        return wrapped(value)

    def form(self) -> ResourceForm:
        f = self.fields
        return ResourceForm(
            organisation=f.text("organisation"),
            service=f.text("service"),
            categories=tuple(c.value for c, box in self.category_boxes.items() if box.isChecked()),
            address=f.inputs["address"].toPlainText(),
            phone=f.text("phone"),
            email=f.text("email"),
            website=f.text("website"),
            hours=f.text("hours"),
            eligibility=f.inputs["eligibility"].toPlainText(),
            intake_notes=f.inputs["intake_notes"].toPlainText(),
            languages=f.text("languages"),
            active=self.active.isChecked(),
        )

    def save(self) -> None:
        self.buttons.setEnabled(False)
        if self._resource is None:
            call, args = self._service.create, (self._actor, self.form())
        else:
            r = self._resource
            call, args = self._service.change, (self._actor, r.id, r.version, self.form())
        self._runner.submit(call, *args, on_success=self._saved, on_error=self._failed, owner=self)

    def _saved(self, resource: Resource) -> None:
        self.result_resource = resource
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ConflictError) and self._resource is not None:
            opened = self._resource
            self.conflict.start(
                error,
                what=self.tr("the resource {0}").format(opened.name),
                read=partial(self._service.get, self._actor, opened.id),
                form_of=Resource.to_form,
                original=opened.to_form(),
                mine=self.form(),
                save=self._save_over,
            )
            return
        self.fields.present(error)

    def _save_over(self, current: Resource, form: ResourceForm) -> None:
        """The details picked, saved over the version stored now."""
        self._resource = current
        self.load_form(form)  # a problem on saving shows beside its field
        self.save()


class ResourcesPage(QWidget):
    status_message = Signal(str)

    def __init__(
        self,
        runner: BackgroundRunner,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._service, self._actor = runner, services.resources, actor
        keeper = actor.may(Permission.RESOURCE_MANAGE)
        self.finder = ResourceFinder(runner, services, actor, self, include_inactive=keeper)
        self.finder.current_changed.connect(self._selected)
        self.finder.table.activated.connect(lambda _index: self.edit())
        self.details = QLabel(self)
        self.details.setObjectName("resource_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # What the last import or export did (a refused import: every bad line).
        self.notice = QLabel(self)
        self.notice.setObjectName("csv_notice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()
        self.add_button = QPushButton(self.tr("&Add a resource…"), self)
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(self.tr("C&hange…"), self)
        self.edit_button.clicked.connect(self.edit)
        self.retire_button = QPushButton(self.tr("&Retire"), self)
        self.retire_button.clicked.connect(self.toggle_active)
        self.import_button = QPushButton(self.tr("&Import CSV…"), self)
        self.import_button.clicked.connect(self.import_csv)
        self.export_button = QPushButton(self.tr("E&xport CSV…"), self)
        self.export_button.clicked.connect(self.export_csv)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.retire_button):
            buttons.addWidget(button)
            button.setVisible(keeper)
        buttons.addStretch(1)
        for button in (self.import_button, self.export_button):
            buttons.addWidget(button)
            button.setVisible(keeper)
        layout = QVBoxLayout(self)
        if keeper:
            layout.addLayout(buttons)
        layout.addWidget(self.notice)
        layout.addWidget(self.finder, 1)
        layout.addWidget(self.details)
        self.setFocusProxy(self.finder)
        self._selected(None)
        self.finder.refresh()

    @staticmethod
    def ask_open_path(parent: QWidget) -> Path | None:
        """Which spreadsheet to import (tests replace it)."""
        path, _ = QFileDialog.getOpenFileName(
            parent, parent.tr("Import resources"), "", parent.tr("CSV files (*.csv)")
        )
        return Path(path) if path else None

    @staticmethod
    def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
        """Where to export (tests replace it)."""
        path, _ = QFileDialog.getSaveFileName(
            parent, parent.tr("Export resources"), suggested, parent.tr("CSV files (*.csv)")
        )
        return Path(path) if path else None

    def _selected(self, resource: Resource | None) -> None:
        self.details.setText(resource_details(resource) if resource else "")
        self.edit_button.setEnabled(resource is not None)
        self.retire_button.setEnabled(resource is not None)
        if resource is not None:
            self.retire_button.setText(
                self.tr("&Retire") if resource.active else self.tr("&Bring back")
            )

    def add(self) -> ResourceDialog:
        return self._ask(None)

    def edit(self) -> ResourceDialog | None:
        resource = self.finder.selected()
        if resource is None or not self._actor.may(Permission.RESOURCE_MANAGE):
            return None
        return self._ask(resource)

    def _ask(self, resource: Resource | None) -> ResourceDialog:
        dialog = ResourceDialog(self._runner, self._service, self._actor, resource, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.finder.refresh)
        dialog.open()
        return dialog

    def toggle_active(self) -> None:
        resource = self.finder.selected()
        if resource is None:
            return
        self._runner.submit(
            self._service.set_active,
            self._actor,
            resource.id,
            resource.version,
            not resource.active,
            on_success=lambda _r: self.finder.refresh(),
            owner=self,
        )

    def import_csv(self) -> None:
        path = self.ask_open_path(self)
        if path is None:
            return
        data = path.read_bytes()
        self._runner.submit(
            self._service.import_csv,
            self._actor,
            data,
            on_success=self._imported,
            on_error=self._import_failed,
            owner=self,
        )

    def _imported(self, result) -> None:
        self._tell(self.tr(result.message))
        self.status_message.emit(self.tr(result.message))
        self.finder.refresh()
        self._runner.submit(
            self._service.languages,
            self._actor,
            on_success=self.finder._show_languages,
            owner=self,
        )

    def _import_failed(self, error: BaseException) -> None:
        if isinstance(error, CsvImportError):
            self._tell(error.errors["csv"], problem=True)
        present_error(self, error)

    def export_csv(self) -> None:
        path = self.ask_save_path(self, "resources.csv")
        if path is None:
            return
        if path.suffix.lower() != ".csv":
            path = path.with_suffix(".csv")
        self._runner.submit(
            self._service.export_csv,
            self._actor,
            on_success=lambda data: self._exported(path, data),
            owner=self,
        )

    def _exported(self, path: Path, data: bytes) -> None:
        path.write_bytes(data)
        message = self.tr("The directory was saved to {0}.").format(path.name)
        self._tell(message)
        self.status_message.emit(message)

    def _tell(self, text: str, *, problem: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet(f"color: {ERROR_COLOUR};" if problem else "")
        self.notice.setVisible(bool(text))
