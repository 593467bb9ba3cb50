"""A program as an HMIS project: the project descriptor data elements (2.02 to 2.08)
an administrator keeps with the program, and what an export still needs of them.

Saving checks what is typed (a code from HUD's list, a date, a CoC code HUD
knows, an answer that applies to the project type); nothing is required to
save, since a program need not report to HMIS. ``missing_for_export`` says what
an HMIS export of the program still needs, so that nothing is made up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date

from domain.common.errors import ValidationError
from domain.common.field_rules import (
    FieldProblem,
    clean_state,
    clean_text,
    format_date,
    parse_date,
)
from domain.hmis_export import codes

_GEOCODE = re.compile(r"^[0-9]{6}$")
_ZIP5 = re.compile(r"^[0-9]{5}$")
LONGEST_GRANT_ID = 100
LONGEST_OTHER_FUNDER = 100


@dataclass(frozen=True)
class HmisProjectForm:
    """What the program editor's HMIS tab holds: codes as their number's text,
    dates as typed. Blank is "not set"."""

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


FORM_FIELDS = tuple(f.name for f in fields(HmisProjectForm))


@dataclass(frozen=True)
class HmisProject:
    """The stored descriptors; None where not set."""

    project_type: int | None = None
    operating_start: date | None = None
    operating_end: date | None = None
    continuum_project: int | None = None
    housing_type: int | None = None
    rrh_subtype: int | None = None
    residential_affiliation: int | None = None
    target_population: int | None = None
    hopwa_facility: int | None = None
    coc_code: str | None = None
    geocode: str | None = None
    geography_type: int | None = None
    address: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    funder: int | None = None
    other_funder: str | None = None
    grant_id: str | None = None
    grant_start: date | None = None
    grant_end: date | None = None
    participation: int | None = None
    participation_start: date | None = None

    def as_form(self) -> HmisProjectForm:
        values = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, date):
                text = format_date(value)
            else:
                text = "" if value is None else str(value)
            values[f"hmis_{f.name}"] = text
        return HmisProjectForm(**values)

    @property
    def houses_people(self) -> bool:
        """Whether 2.02.D housing type applies."""
        return self.project_type in codes.RESIDENTIAL_PROJECT_TYPES or (
            self.project_type == codes.RAPID_REHOUSING and self.rrh_subtype == codes.RRH_HOUSING
        )

    @property
    def asks_residential_affiliation(self) -> bool:
        return self.project_type == codes.SERVICES_ONLY or (
            self.project_type == codes.RAPID_REHOUSING
            and self.rrh_subtype == codes.RRH_SERVICES_ONLY
        )

    @property
    def hopwa_funded(self) -> bool:
        return self.funder in codes.HOPWA_FUNDERS


# The elements of an export, named as the HMIS tab names them.
LABELS = {
    "hmis_project_type": "Project type (2.02.6)",
    "hmis_operating_start": "Operating start date (2.02.3)",
    "hmis_operating_end": "Operating end date (2.02.4)",
    "hmis_continuum_project": "Continuum project (2.02.5)",
    "hmis_housing_type": "Housing type (2.02.D)",
    "hmis_rrh_subtype": "RRH subtype (2.02.A)",
    "hmis_residential_affiliation": "Affiliated with a residential project (2.02.B)",
    "hmis_target_population": "Target population (2.02.7)",
    "hmis_hopwa_facility": "HOPWA medically assisted living facility (2.02.8)",
    "hmis_coc_code": "CoC code (2.03.1)",
    "hmis_geocode": "Geocode (2.03.2)",
    "hmis_geography_type": "Geography type (2.03.4)",
    "hmis_address": "Project address (2.03.3)",
    "hmis_city": "City",
    "hmis_state": "State",
    "hmis_zip": "ZIP",
    "hmis_funder": "Funding source (2.06.1)",
    "hmis_other_funder": "Other funding source (2.06.A)",
    "hmis_grant_id": "Grant identifier (2.06.2)",
    "hmis_grant_start": "Grant start date (2.06.3)",
    "hmis_grant_end": "Grant end date (2.06.4)",
    "hmis_participation": "HMIS participation (2.08.1)",
    "hmis_participation_start": "HMIS participation start date (2.08.2)",
}


def _code(raw: str, answers: dict[int, str]) -> int | None:
    text = raw.strip()
    if not text:
        return None
    if not text.lstrip("-").isdigit() or int(text) not in answers:
        raise FieldProblem("Choose one of HUD's answers.")
    return int(text)


def _coc(raw: str) -> str | None:
    text = raw.strip().upper()
    if not text:
        return None
    if text not in codes.COC_CODES:
        raise FieldProblem(
            "Use a CoC code from HUD's list, two letters, a dash and three digits (OH-505)."
        )
    return text


def _pattern(raw: str, pattern: re.Pattern, problem: str) -> str | None:
    text = raw.strip()
    if not text:
        return None
    if not pattern.match(text):
        raise FieldProblem(problem)
    return text


NOT_THIS_TYPE = "Applies to another project type: clear it."


def validate_hmis_project(form: HmisProjectForm) -> HmisProject:
    """Check what is typed; ``ValidationError`` names each field (``hmis_...``)."""
    errors: dict[str, str] = {}

    def check(field: str, rule):
        try:
            return rule(getattr(form, field))
        except FieldProblem as problem:
            errors[field] = str(problem)
            return None

    project = HmisProject(
        project_type=check("hmis_project_type", lambda v: _code(v, codes.PROJECT_TYPE)),
        operating_start=check("hmis_operating_start", parse_date),
        operating_end=check("hmis_operating_end", parse_date),
        continuum_project=check("hmis_continuum_project", lambda v: _code(v, codes.NO_YES)),
        housing_type=check("hmis_housing_type", lambda v: _code(v, codes.HOUSING_TYPE)),
        rrh_subtype=check("hmis_rrh_subtype", lambda v: _code(v, codes.RRH_SUBTYPE)),
        residential_affiliation=check(
            "hmis_residential_affiliation", lambda v: _code(v, codes.NO_YES)
        ),
        target_population=check(
            "hmis_target_population", lambda v: _code(v, codes.TARGET_POPULATION)
        ),
        hopwa_facility=check(
            "hmis_hopwa_facility", lambda v: _code(v, codes.HOPWA_MED_ASSISTED_LIVING_FAC)
        ),
        coc_code=check("hmis_coc_code", _coc),
        geocode=check(
            "hmis_geocode",
            lambda v: _pattern(v, _GEOCODE, "A geocode has six digits (HUD's list for the CoC)."),
        ),
        geography_type=check("hmis_geography_type", lambda v: _code(v, codes.GEOGRAPHY_TYPE)),
        address=check("hmis_address", lambda v: clean_text(v, longest=100)),
        city=check("hmis_city", lambda v: clean_text(v, longest=50)),
        state=check("hmis_state", clean_state),
        zip=check("hmis_zip", lambda v: _pattern(v, _ZIP5, "Use a five-digit ZIP code.")),
        funder=check("hmis_funder", lambda v: _code(v, codes.FUNDING_SOURCE)),
        other_funder=check(
            "hmis_other_funder", lambda v: clean_text(v, longest=LONGEST_OTHER_FUNDER)
        ),
        grant_id=check("hmis_grant_id", lambda v: clean_text(v, longest=LONGEST_GRANT_ID)),
        grant_start=check("hmis_grant_start", parse_date),
        grant_end=check("hmis_grant_end", parse_date),
        participation=check(
            "hmis_participation", lambda v: _code(v, codes.HMIS_PARTICIPATION_TYPE)
        ),
        participation_start=check("hmis_participation_start", parse_date),
    )
    _check_together(project, errors)
    if errors:
        raise ValidationError(errors)
    return project


def _check_together(p: HmisProject, errors: dict[str, str]) -> None:
    """Answers that apply only to some projects, and dates that must follow others."""

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, message)

    if p.project_type is not None:
        if p.rrh_subtype is not None and p.project_type != codes.RAPID_REHOUSING:
            refuse("hmis_rrh_subtype", "Only for rapid re-housing: clear it.")
        if p.housing_type is not None and not p.houses_people:
            refuse("hmis_housing_type", NOT_THIS_TYPE)
        if p.residential_affiliation is not None and not p.asks_residential_affiliation:
            refuse("hmis_residential_affiliation", NOT_THIS_TYPE)
    if p.hopwa_facility is not None and p.funder is not None and not p.hopwa_funded:
        refuse("hmis_hopwa_facility", "Only for HOPWA-funded projects: clear it.")
    if p.other_funder is not None and p.funder is not None and p.funder != codes.OTHER_FUNDER:
        refuse("hmis_other_funder", "Only for a local or other funding source: clear it.")
    for start, end, what in (
        ("operating_start", "operating_end", "the operating start"),
        ("grant_start", "grant_end", "the grant's start"),
    ):
        began, ended = getattr(p, start), getattr(p, end)
        if began is not None and ended is not None and ended < began:
            refuse(f"hmis_{end}", f"Cannot be before {what} ({format_date(began)}).")


def missing_for_export(p: HmisProject) -> list[str]:
    """The form fields an HMIS export of this program needs and does not have, in
    the tab's order."""
    needed = [
        "hmis_project_type",
        "hmis_operating_start",
        "hmis_continuum_project",
        "hmis_coc_code",
        "hmis_geocode",
        "hmis_geography_type",
        "hmis_funder",
        "hmis_grant_id",
        "hmis_grant_start",
        "hmis_participation",
        "hmis_participation_start",
    ]
    if p.project_type == codes.RAPID_REHOUSING:
        needed.append("hmis_rrh_subtype")
    if p.houses_people:
        needed.append("hmis_housing_type")
    if p.asks_residential_affiliation:
        needed.append("hmis_residential_affiliation")
    if p.funder == codes.OTHER_FUNDER:
        needed.append("hmis_other_funder")
    if p.hopwa_funded:
        needed.append("hmis_hopwa_facility")
    missing = {name for name in needed if getattr(p, name.removeprefix("hmis_")) is None}
    return [name for name in FORM_FIELDS if name in missing]
