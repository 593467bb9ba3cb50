"""The agency's letterhead, as every printed form carries it (administrators)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from domain.common.actor import Actor
from domain.common.policy import Permission
from domain.settings.office_settings import AgencyForm, OfficeSettings
from domain.settings.section_forms import agency_form
from domain.settings.service import SettingsService
from gui.common.conflict_resolution import wrapped
from gui.common.form_fields import FormFields
from gui.common.runner import BackgroundRunner
from gui.settings.save_failure import SaveFailure
from gui.settings.status_line import StatusLine


class AgencySettings(QWidget):
    def __init__(
        self,
        runner: BackgroundRunner,
        service: SettingsService,
        actor: Actor,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._runner, self._service, self._actor = runner, service, actor
        self._versions: dict[str, int] = {}  # of the letterhead shown; the save carries them
        may_change = actor.may(Permission.SETTINGS_MANAGE)
        heading = QLabel(f"<b>{self.tr('Letterhead on printed forms')}</b>", self)
        self.fields = FormFields(self)
        self.name = self.fields.add_line_edit(
            "agency_name", self.tr("Agency &name"), max_length=150
        )
        self.address = QPlainTextEdit(self)
        self.address.setTabChangesFocus(True)
        self.address.setPlaceholderText(self.tr("Street\nCity, State ZIP"))
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 3 + 14)
        self.fields.add("agency_address", self.tr("A&ddress (up to 3 lines)"), self.address)
        self.phone = self.fields.add_line_edit("agency_phone", self.tr("P&hone"), max_length=40)
        for widget in (self.name, self.phone):
            widget.setReadOnly(not may_change)
        self.address.setReadOnly(not may_change)
        self.save_button = QPushButton(self.tr("Save &letterhead"), self)
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(may_change)
        self.save_button.clicked.connect(self.save)
        self.confirmation = StatusLine("agency_confirmation", self)
        self.what = self.tr("the letterhead")
        self.opened_form = AgencyForm()
        self._failed = SaveFailure(
            self,
            runner,
            partial(self._service.read, self._actor),
            self.fields,
            self.confirmation,
            self.save_button,
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.confirmation, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(heading)
        layout.addLayout(self.fields.layout)
        layout.addLayout(buttons)

    def show_settings(self, settings: OfficeSettings) -> None:
        self.opened_form = agency_form(settings)
        self._load(self.opened_form)
        self._versions = settings.agency_versions

    def _load(self, form: AgencyForm) -> None:
        self.name.setText(form.name)
        self.address.setPlainText(form.address)
        self.phone.setText(form.phone)

    def form(self) -> AgencyForm:
        return AgencyForm(self.name.text(), self.address.toPlainText(), self.phone.text())

    # --- after a stale save: this section's side of the compare dialog ------------

    form_of = staticmethod(agency_form)

    def save_over(self, settings: OfficeSettings, form: AgencyForm) -> None:
        self.opened_form = agency_form(settings)
        self._versions = settings.agency_versions
        self._load(form)
        self.save()

    def caption(self, name: str) -> str:
        return self.fields.captions.get(f"agency_{name}", name)

    def shown(self, name: str, value: str) -> str:
        return wrapped(value)

    def save(self) -> None:
        self.save_button.setEnabled(False)
        self.confirmation.clear()
        self._runner.submit(
            self._service.set_agency_details,
            self._actor,
            self.form(),
            self._versions,
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, settings: OfficeSettings) -> None:
        self.save_button.setEnabled(True)
        self.fields.clear_messages()
        self.show_settings(settings)
        self.confirmation.saved(self.tr("Saved: forms print with this letterhead from now on."))
