"""What a person types for HMIS, checked in the domain field by field: a program's
project elements, the destination at exit, and an export's options."""

from __future__ import annotations

from datetime import date

import pytest

from domain.cases.lifecycle import validate_closing
from domain.common.errors import ValidationError
from domain.hmis_export.exit_destination import DestinationProblems, validate_destination
from domain.hmis_export.options import ExportForm, PiiHandling, validate_export_form
from domain.hmis_export.project import (
    HmisProjectForm,
    missing_for_export,
    validate_hmis_project,
)

TODAY = date(2026, 11, 23)


def project(**typed) -> HmisProjectForm:
    return HmisProjectForm(**{f"hmis_{k}": v for k, v in typed.items()})


def test_a_blank_hmis_tab_saves_and_the_export_names_all_it_needs():
    blank = validate_hmis_project(HmisProjectForm())
    assert missing_for_export(blank)[:3] == [
        "hmis_project_type",
        "hmis_operating_start",
        "hmis_continuum_project",
    ]


def test_each_code_must_be_one_of_hud_s_and_dates_must_be_dates():
    with pytest.raises(ValidationError) as refused:
        validate_hmis_project(
            project(
                project_type="5",
                funder="12",
                coc_code="XX-123",
                geocode="12345",
                zip="4540",
                operating_start="2/30/2026",
                state="Ohio",
            )
        )
    errors = refused.value.errors
    assert set(errors) == {
        "hmis_project_type",
        "hmis_funder",
        "hmis_coc_code",
        "hmis_geocode",
        "hmis_zip",
        "hmis_operating_start",
        "hmis_state",
    }
    assert errors["hmis_operating_start"] == "February 2026 has 28 days."


def test_answers_that_apply_to_other_projects_are_refused():
    with pytest.raises(ValidationError) as refused:
        validate_hmis_project(
            project(
                project_type="6",
                rrh_subtype="1",
                housing_type="1",
                funder="3",
                other_funder="Lions Club",
                hopwa_facility="0",
            )
        )
    assert set(refused.value.errors) == {
        "hmis_rrh_subtype",
        "hmis_housing_type",
        "hmis_other_funder",
        "hmis_hopwa_facility",
    }
    with pytest.raises(ValidationError) as refused:
        validate_hmis_project(project(grant_start="07/01/2026", grant_end="06/30/2026"))
    assert "07/01/2026" in refused.value.errors["hmis_grant_end"]


def test_what_an_export_needs_follows_the_project_type():
    rrh = validate_hmis_project(
        project(project_type="13", rrh_subtype="2", funder="46", coc_code="oh-505")
    )
    assert rrh.coc_code == "OH-505"
    missing = missing_for_export(rrh)
    assert {"hmis_housing_type", "hmis_other_funder"} <= set(missing)
    assert "hmis_residential_affiliation" not in missing
    services = validate_hmis_project(project(project_type="6", funder="15"))
    assert {"hmis_residential_affiliation", "hmis_hopwa_facility"} <= set(
        missing_for_export(services)
    )
    assert "hmis_housing_type" not in missing_for_export(services)


def test_a_destination_is_one_of_hud_s_with_its_follow_ups():
    assert validate_destination("435", "419").subsidy == 419
    assert validate_destination("17", "", " A cousin's farm ").other == "A cousin's farm"
    assert validate_destination("99").code == 99
    for typed, field in (
        (("",), "destination"),
        (("435",), "destination_subsidy"),
        (("17", "", ""), "destination_other"),
        (("410", "", "x" * 51), "destination_other"),
    ):
        with pytest.raises(DestinationProblems) as refused:
            validate_destination(*typed)
        assert field in refused.value.errors


def test_closing_reports_the_destination_s_problems_with_the_others():
    with pytest.raises(ValidationError) as refused:
        validate_closing("", "achieved", "", "")
    assert set(refused.value.errors) == {"reason", "destination"}
    assert validate_closing("goals_met", "achieved", "", None).destination is None
    closing = validate_closing("deceased", "unknown", "", "24")
    assert closing.destination.code == 24


def test_the_export_s_options():
    options = validate_export_form(
        ExportForm("01/01/2026", "2026-06-30", (3, 1, 3), "hashed"), today=TODAY
    )
    assert (options.start, options.end, options.program_ids, options.pii) == (
        date(2026, 1, 1),
        date(2026, 6, 30),
        (3, 1),
        PiiHandling.HASHED,
    )
    assert options.describe() == "from=2026-01-01;to=2026-06-30;programs=3,1"
    with pytest.raises(ValidationError) as refused:
        validate_export_form(ExportForm("", "", ()), today=TODAY)
    assert refused.value.errors == {
        "start": "Give the period's first day.",
        "end": "Give the period's last day.",
        "programs": "Choose at least one program.",
    }
