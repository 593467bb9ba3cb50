"""The program editor's HMIS tab: the program as an HMIS project, in HUD's words.

Each coded element is a list of HUD's answers; the answers that apply only to
some projects (housing type, RRH subtype, residential affiliation, the other
funder's name, the HOPWA facility) show only when they apply, and are cleared
when hidden, so that what is saved is what the tab shows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from domain.hmis_export import codes
from domain.hmis_export.project import (
    FORM_FIELDS,
    LABELS,
    HmisProject,
    HmisProjectForm,
)
from gui.common.form_fields import FormFields

NOT_SET = "Not set"

# Coded fields and HUD's answers for each.
ANSWERS: dict[str, dict] = {
    "hmis_project_type": codes.PROJECT_TYPE,
    "hmis_continuum_project": codes.NO_YES,
    "hmis_housing_type": codes.HOUSING_TYPE,
    "hmis_rrh_subtype": codes.RRH_SUBTYPE,
    "hmis_residential_affiliation": codes.NO_YES,
    "hmis_target_population": codes.TARGET_POPULATION,
    "hmis_hopwa_facility": codes.HOPWA_MED_ASSISTED_LIVING_FAC,
    "hmis_coc_code": codes.COC_CODES,
    "hmis_geography_type": codes.GEOGRAPHY_TYPE,
    "hmis_funder": codes.FUNDING_SOURCE,
    "hmis_participation": codes.HMIS_PARTICIPATION_TYPE,
}
LENGTHS = {
    "hmis_geocode": 6,
    "hmis_address": 100,
    "hmis_city": 50,
    "hmis_state": 2,
    "hmis_zip": 5,
    "hmis_other_funder": 100,
    "hmis_grant_id": 100,
}
DATE_HINT = "MM/DD/YYYY"
SECTIONS = {
    "hmis_project_type": "Project (2.02)",
    "hmis_coc_code": "Continuum of Care and place (2.03)",
    "hmis_funder": "Funding (2.06)",
    "hmis_participation": "HMIS participation (2.08)",
}


def _answer_text(code, words: str) -> str:
    return f"{code} — {words}" if isinstance(code, str) else words


class HmisProjectFields(QWidget):
    """The tab's form; field names are the domain's (``hmis_project_type``...)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = True  # no following of choices until every field is there
        self.fields = FormFields(self)
        intro = QLabel(
            self.tr(
                "What HUD's HMIS CSV export says of this program as a project. Leave it "
                "blank if the program does not report to HMIS; an export of it names "
                "what is still missing."
            ),
            self,
        )
        intro.setWordWrap(True)
        for name in FORM_FIELDS:
            if name in SECTIONS:
                heading = QLabel(f"<b>{self.tr(SECTIONS[name])}</b>", self)
                self.fields.layout.addRow(heading)
            label = self.tr(LABELS[name])
            if name in ANSWERS:
                combo = QComboBox(self)
                combo.addItem(self.tr(NOT_SET), "")
                for code, words in ANSWERS[name].items():
                    combo.addItem(self.tr(_answer_text(code, words)), str(code))
                combo.setMaxVisibleItems(16)
                # HUD's long answers must not widen the tab past its window.
                combo.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                combo.setMinimumContentsLength(24)
                combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
                combo.currentIndexChanged.connect(self._follow_choices)
                self.fields.add(name, label, combo)
            else:
                edit = self.fields.add_line_edit(name, label, max_length=LENGTHS.get(name, 10))
                if name.endswith(("_start", "_end")):
                    edit.setPlaceholderText(DATE_HINT)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.fields.layout)
        layout.addStretch(1)
        self._loading = False
        self._follow_choices()

    @property
    def captions(self) -> dict[str, str]:
        return self.fields.captions

    def load(self, form: HmisProjectForm) -> None:
        self._loading = True
        try:
            for name in FORM_FIELDS:
                self._set(name, getattr(form, name))
        finally:
            self._loading = False
        self._follow_choices()

    def _set(self, name: str, value: str) -> None:
        widget = self.fields.inputs[name]
        if isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        else:
            assert isinstance(widget, QLineEdit)
            widget.setText(value)

    def value(self, name: str) -> str:
        widget = self.fields.inputs[name]
        if isinstance(widget, QComboBox):
            return widget.currentData() or ""
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def values(self) -> dict[str, str]:
        return {name: self.value(name) for name in FORM_FIELDS}

    def shown(self, name: str, value: str) -> str:
        """A stored value as a person reads it (the compare dialog)."""
        answers = ANSWERS.get(name)
        if answers is None or not value:
            return value or self.tr(NOT_SET)
        code = value if name == "hmis_coc_code" else int(value)
        return _answer_text(code, answers.get(code, value))

    def _follow_choices(self) -> None:
        """Show the answers that apply to what is chosen; clear the others."""
        if self._loading:
            return
        project = HmisProject(
            project_type=_number(self.value("hmis_project_type")),
            rrh_subtype=_number(self.value("hmis_rrh_subtype")),
            funder=_number(self.value("hmis_funder")),
        )
        for name, applies in (
            ("hmis_rrh_subtype", project.project_type == codes.RAPID_REHOUSING),
            ("hmis_housing_type", project.houses_people),
            ("hmis_residential_affiliation", project.asks_residential_affiliation),
            ("hmis_other_funder", project.funder == codes.OTHER_FUNDER),
            ("hmis_hopwa_facility", project.hopwa_funded),
        ):
            self.fields.show_row(name, applies)
            # Showing a row shows its message label too: only a message is shown.
            self.fields.show_message(name, self.fields.messages[name].text() if applies else "")
            if not applies:
                self._set(name, "")

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        return self.fields.show_errors(errors)


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None
