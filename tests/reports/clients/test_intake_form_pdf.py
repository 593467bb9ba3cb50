"""The intake form, filled from the record and blank for paper with fillable fields."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.assessments.assessment import SCORE_LABELS, LifeDomain
from reports.clients.intake_form_pdf import (
    BLANK_HOUSEHOLD_ROWS,
    blank_intake_form_pdf,
    intake_form_pdf,
)
from tests.reports.form_reading import drawn, drawn_pages, fields, reader, widgets_on_their_pages
from tests.reports.sample_records import PRINTED_AT, agency, packet

SIGNATURE_TEXT = ("Client signature", "Staff member signature", "Date", "Printed name")


@pytest.fixture(scope="module")
def filled() -> bytes:
    return intake_form_pdf(packet(), agency(), PRINTED_AT)


@pytest.fixture(scope="module")
def blank() -> bytes:
    return blank_intake_form_pdf(agency(), PRINTED_AT)


def test_the_filled_form_shows_the_client_as_the_face_sheet_does(filled):
    text = drawn(filled)
    for expected in (
        "Nguyễn Thị Ánh",
        "Annie",
        "07/09/1986 (age 38)",
        "•••-••-6789",
        "(541) 555-0199",
        "anh.nguyen@example.org",
        "77 Willow Street",
        "Springfield, OR 97477",
        "Vietnamese — interpreter needed",
        "Zoë Bùi, Sister, (541) 555-0110",
        "Asian or Asian American",
        "Female",
    ):
        assert expected in text


def test_the_filled_form_shows_household_program_and_case(filled):
    text = drawn(filled)
    for expected in (
        "Self (head of household)",
        "Minh Trần",
        "Head of household's child",
        "05/02/2014",
        "C000043",
        "Rental assistance",
        "K000007",
        "03/10/2025",
        "Waiting for assignment",  # no caseworker assigned yet
    ):
        assert expected in text


def test_the_assessment_lists_every_domain_with_score_meaning_and_note(filled):
    text = drawn(filled)
    for domain in LifeDomain:
        assert domain.label in text
    for meaning in SCORE_LABELS.values():
        assert meaning in text  # each of 1..5 is scored once in the sample
    assert "Eviction notice for 03/31; two months behind on rent" in text
    assert text.count("Not assessed") == len(LifeDomain) - 5
    assert "Initial assessment — 03/10/2025, recorded by mrivera" in text
    assert "Sister nearby helps with childcare." in text
    assert "A bus pass for job interviews." in text


def test_the_filled_form_has_signature_lines_and_no_fields(filled):
    text = drawn(filled)
    for expected in (*SIGNATURE_TEXT, "Tamara Brooks", "true and complete"):
        assert expected in text
    assert fields(filled) == {}


def test_every_page_carries_the_client_and_its_number(filled):
    pages = drawn_pages(filled)
    for number, text in enumerate(pages, start=1):
        assert text.count("Nguyễn Thị Ánh") >= 2
        assert f"Page {number} of {len(pages)}" in text


def test_an_intake_without_assessment_or_household_still_prints():
    sparse = packet(assessment=None, household=(), program=None, case=None, staff_name="")
    text = drawn(intake_form_pdf(sparse, agency(), PRINTED_AT))
    assert "Initial assessment — not yet recorded" in text
    assert "a household of one" in text
    assert text.count("Not assessed") == len(LifeDomain)


def test_the_blank_form_has_a_field_for_every_value(blank):
    names = set(fields(blank))
    client = {
        "client_name", "client_goes_by", "client_date_of_birth", "client_ssn", "client_sex",
        "client_race_and_ethnicity", "client_veteran", "client_disabling_condition",
        "client_language", "client_phone", "client_email", "client_address",
        "client_emergency_contact",
    }  # fmt: skip
    intake = {"intake_program", "intake_case_number", "intake_date", "intake_caseworker"}
    household = {
        f"household_{row}_{key}"
        for row in range(1, BLANK_HOUSEHOLD_ROWS + 1)
        for key in ("name", "relationship", "date_of_birth", "client_number")
    }
    assessment = {f"{kind}_{domain.value}" for domain in LifeDomain for kind in ("score", "note")}
    signatures = {
        f"signature_{who}_{what}"
        for who in ("client", "staff")
        for what in ("date", "printed_name")
    }
    expected = client | intake | household | assessment | signatures | {"strengths", "needs"}
    assert names == expected


def test_each_domain_scores_by_one_choice_of_five(blank):
    pdf_fields = fields(blank)
    for domain in LifeDomain:
        field = pdf_fields[f"score_{domain.value}"]
        assert field["/FT"] == "/Btn"
        assert set(field["/_States_"]) == {"/1", "/2", "/3", "/4", "/5", "/Off"}
    assert pdf_fields["client_address"]["/Ff"] & (1 << 12)  # multiline


def test_the_blank_form_has_signature_lines_and_no_client(blank):
    text = drawn(blank)
    for expected in (*SIGNATURE_TEXT, "Client name", "Client no.", "Blank form"):
        assert expected in text
    assert "Ánh" not in text
    assert reader(blank).metadata.title == "Intake form"


def test_fields_name_the_page_they_are_on(blank):
    assert len(reader(blank).pages) == 2
    assert widgets_on_their_pages(blank)


def test_a_long_household_runs_onto_more_pages():
    many = packet()
    extra = tuple(replace(many.household[1], client=replace(many.household[1].client, id=i))
                  for i in range(100, 140))  # fmt: skip
    text = drawn(
        intake_form_pdf(replace(many, household=many.household + extra), agency(), PRINTED_AT)
    )
    assert "C000139" in text
