"""The printed face sheet: the client's data, on the agency's letterhead, with the
client's name, the page number and the print date on every page."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from domain.clients.face_sheet import face_sheet
from reports.clients.face_sheet_pdf import face_sheet_pdf
from tests.reports.drawn_text import drawn_runs, page_text
from tests.reports.sample_records import PRINTED_AT, agency, client


def _pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def one_page_pdf() -> bytes:
    return face_sheet_pdf(client(), agency(), PRINTED_AT)


def test_the_face_sheet_is_a_pdf_of_one_page(one_page_pdf):
    assert one_page_pdf.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(one_page_pdf)).pages) == 1


def test_the_face_sheet_shows_the_clients_data(one_page_pdf):
    text = page_text(drawn_runs(one_page_pdf)[0])
    for expected in (
        "Nguyễn Thị Ánh",
        "C000042",
        "Annie",
        "07/09/1986 (age 38)",
        "•••-••-6789",
        "(541) 555-0199",
        "anh.nguyen@example.org",
        "77 Willow Street",
        "Apt 4 & 5",
        "Springfield, OR 97477",
        "Vietnamese — interpreter needed",
        "Zoë Bùi, Sister, (541) 555-0110",
        "Asian or Asian American",
        "Female",
        # The flags staff must not miss.
        "Interpreter: Vietnamese",
        "Disabling condition",
    ):
        assert expected in text


def test_the_letterhead_names_the_agency(one_page_pdf):
    text = _pages_text(one_page_pdf)[0]
    for expected in (
        "Riverside Family Services",
        "1200 Harbor Avenue, Suite 3",
        "Springfield, OR 97477",
        "Phone (541) 555-0142",
        "CLIENT FACE SHEET",
    ):
        assert expected in text


def test_the_logo_is_drawn_when_the_agency_has_one(one_page_pdf):
    without_logo = face_sheet_pdf(client(), agency(logo=False), PRINTED_AT)
    images = [list(page.images) for page in PdfReader(io.BytesIO(one_page_pdf)).pages]
    assert len(images[0]) == 1
    assert list(PdfReader(io.BytesIO(without_logo)).pages[0].images) == []


def test_a_broken_logo_does_not_stop_the_printing():
    broken = replace(agency(), logo_png=b"not a png")
    pdf = face_sheet_pdf(client(), broken, PRINTED_AT)
    assert "Riverside Family Services" in _pages_text(pdf)[0]


def test_values_not_recorded_print_as_a_dash():
    pdf = face_sheet_pdf(client(email=None, preferred_name=None), agency(), PRINTED_AT)
    drawn = [run.text for run in drawn_runs(pdf)[0]]
    assert drawn[drawn.index("Email") + 1] == "—"
    assert drawn[drawn.index("Goes by") + 1] == "—"


def test_the_document_properties_hold_the_number_not_the_name(one_page_pdf):
    metadata = PdfReader(io.BytesIO(one_page_pdf)).metadata
    assert metadata.title == "Client face sheet C000042"
    assert "Ánh" not in str(dict(metadata))


def test_every_page_carries_the_client_the_page_of_total_and_the_print_date():
    record = client()
    sheet = face_sheet(record, PRINTED_AT.date())
    # A sheet long enough for three pages, as household, plans and notes will make it.
    extra = tuple(
        (
            f"Section {section}",
            tuple((f"Line {row}", f"value {section}.{row}") for row in range(20)),
        )
        for section in range(6)
    )
    long_sheet = replace(sheet, facts=sheet.facts + extra)
    pdf = face_sheet_pdf(record, agency(), PRINTED_AT, sheet=long_sheet)

    pages = drawn_runs(pdf)
    assert len(pages) >= 3
    for number, runs in enumerate(pages, start=1):
        text = page_text(runs)
        assert text.count("Nguyễn Thị Ánh") >= 2  # header and footer
        assert "Client no. C000042" in text
        assert f"Page {number} of {len(pages)}" in text
        assert "Printed 03/14/2025 09:41" in text
        assert "Riverside Family Services" in text
    everything = "".join(page_text(runs) for runs in pages)
    assert "value 5.19" in everything
