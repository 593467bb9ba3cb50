"""Programs: what an agency offers (rental help, family support...). Every case
belongs to one; its review interval sets when a service plan is due for review."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, clean_text
from domain.hmis_export.project import (
    FORM_FIELDS as HMIS_FORM_FIELDS,
)
from domain.hmis_export.project import (
    HmisProject,
    HmisProjectForm,
    validate_hmis_project,
)

DEFAULT_REVIEW_DAYS = 90
SHORTEST_REVIEW_DAYS = 7
LONGEST_REVIEW_DAYS = 366
LONGEST_COSIGN_DAYS = 366


@dataclass(frozen=True)
class Program:
    id: int
    version: int
    name: str
    description: str
    review_interval_days: int
    active: bool
    # A supervisor co-signs the notes of staff hired within this many days (0: off).
    cosign_new_staff_days: int = 0
    # The program as an HMIS project (project type, CoC, funder...): its HMIS tab.
    hmis: HmisProject = field(default_factory=HmisProject)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_by: str = ""

    def as_form(self) -> ProgramForm:
        """As the program dialog shows it, to compare with what was typed."""
        return ProgramForm(
            self.name,
            self.description,
            str(self.review_interval_days),
            self.active,
            str(self.cosign_new_staff_days),
            **asdict(self.hmis.as_form()),
        )


@dataclass(frozen=True)
class ProgramForm:
    name: str = ""
    description: str = ""
    review_interval_days: str = str(DEFAULT_REVIEW_DAYS)
    active: bool = True
    cosign_new_staff_days: str = "0"
    # The HMIS tab (domain/hmis_export/project.py, HmisProjectForm: the same fields).
    hmis_project_type: str = ""
    hmis_operating_start: str = ""
    hmis_operating_end: str = ""
    hmis_continuum_project: str = ""
    hmis_housing_type: str = ""
    hmis_rrh_subtype: str = ""
    hmis_residential_affiliation: str = ""
    hmis_target_population: str = ""
    hmis_hopwa_facility: str = ""
    hmis_coc_code: str = ""
    hmis_geocode: str = ""
    hmis_geography_type: str = ""
    hmis_address: str = ""
    hmis_city: str = ""
    hmis_state: str = ""
    hmis_zip: str = ""
    hmis_funder: str = ""
    hmis_other_funder: str = ""
    hmis_grant_id: str = ""
    hmis_grant_start: str = ""
    hmis_grant_end: str = ""
    hmis_participation: str = ""
    hmis_participation_start: str = ""

    def hmis_form(self) -> HmisProjectForm:
        return HmisProjectForm(**{name: getattr(self, name) for name in HMIS_FORM_FIELDS})


@dataclass(frozen=True)
class ProgramValues:
    name: str
    description: str
    review_interval_days: int
    active: bool
    cosign_new_staff_days: int = 0
    hmis: HmisProject = field(default_factory=HmisProject)


def validate_program_form(form: ProgramForm) -> ProgramValues:
    errors: dict[str, str] = {}
    name = description = None
    try:
        name = clean_text(form.name, longest=100)
        if not name:
            errors["name"] = "Give the program a name."
    except FieldProblem as problem:
        errors["name"] = str(problem)
    try:
        description = clean_text(form.description, longest=300)
    except FieldProblem as problem:
        errors["description"] = str(problem)
    days = 0
    text = form.review_interval_days.strip()
    if not text.isdigit() or not SHORTEST_REVIEW_DAYS <= int(text) <= LONGEST_REVIEW_DAYS:
        errors["review_interval_days"] = (
            f"Enter a number of days from {SHORTEST_REVIEW_DAYS} to {LONGEST_REVIEW_DAYS}."
        )
    else:
        days = int(text)
    cosign = 0
    typed = form.cosign_new_staff_days.strip() or "0"
    if not typed.isdigit() or int(typed) > LONGEST_COSIGN_DAYS:
        errors["cosign_new_staff_days"] = (
            f"Enter a number of days from 0 (no co-signing) to {LONGEST_COSIGN_DAYS}."
        )
    else:
        cosign = int(typed)
    hmis = HmisProject()
    try:
        hmis = validate_hmis_project(form.hmis_form())
    except ValidationError as error:
        errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    return ProgramValues(name or "", description or "", days, form.active, cosign, hmis)
