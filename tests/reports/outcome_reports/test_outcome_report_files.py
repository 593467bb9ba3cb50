"""The outcome report as files: the PDF renders (its charts as vectors, no pictures)
and says the figures; the CSV and the workbook read back to the same numbers."""

from __future__ import annotations

import csv
import io
import os
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from domain.outcome_reports.period import ReportForm
from domain.outcome_reports.tables import rounded, sections
from reports.outcome_reports.charts import section_charts, svg_bytes
from reports.outcome_reports.report_pdf import outcome_report_pdf
from reports.outcome_reports.spreadsheets import report_csv, report_xlsx
from tests.pdf_pages import pdf_pictures
from tests.storage.outcome_reports.scene import embedded_scene
from tests.storage.outcome_reports.small_office import PERIOD


@pytest.fixture
def scene(sqlite_engine, clock):
    return embedded_scene(sqlite_engine, clock)


@pytest.fixture
def report(scene):
    return scene.supervisor.services.outcome_reports.report(
        scene.supervisor.actor, ReportForm(*PERIOD)
    )


def pdf_text(pdf: bytes) -> str:
    """The words of every page, each run of spaces and line ends made one space."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_pdf_says_each_figure_and_draws_its_charts_as_vectors(report, tmp_path):
    pdf = outcome_report_pdf(report)
    reader = PdfReader(io.BytesIO(pdf))
    text = pdf_text(pdf)
    for words in (
        "OUTCOME REPORT",
        "Period 01/01/2026 to 06/30/2026",
        "Whole office",
        "Clients served and new intakes",
        "Documentation lag",
        "Ana Alvarez",
        "Valley Food Pantry",
        "Days from contact to signed note",
        "Open cases per caseworker",
        "Olivia One",
    ):
        assert words in text, words
    # Ana's notes: median 2.0, 90th percentile 4.4 days
    assert "Ana Alvarez 3 2.0 4.4 1 33.3% 1" in text
    # No page carries a picture: every chart is drawn (paths and text).
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        assert not [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    pages = pdf_pictures(path, tmp_path / "page", dpi=50)
    assert len(pages) == len(reader.pages) >= 3
    if shots := os.environ.get("CASEDESK_SCREENSHOTS"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        path.replace(Path(shots) / "outcome-report.pdf")
        for page in pages:
            page.replace(Path(shots) / f"outcome-report-{page.name}")


def _as_read(value):
    """A workbook gives dates back as midnight datetimes, and empty text as nothing."""
    if isinstance(value, datetime):
        return value.date()
    return None if value == "" else value


def _under(rows: list[list], title: list, headers: list) -> int:
    """Where a table's header row is: right under its title."""
    found = [n + 1 for n in range(len(rows) - 1) if rows[n] == title and rows[n + 1] == headers]
    assert len(found) == 1, (title, headers)
    return found[0]


def test_the_csv_reads_back_to_the_reports_numbers(report):
    rows = list(csv.reader(io.StringIO(report_csv(report))))
    assert rows[0] == ["Outcome report"]
    assert ["Period", "01/01/2026 to 06/30/2026"] in rows
    for section in sections(report):
        for table in section.tables:
            at = _under(rows, [table.title], list(table.headers))
            for offset, row in enumerate(table.rows, start=1):
                expected = [
                    "" if value is None else str(rounded(value, column.kind))
                    for value, column in zip(row, table.columns, strict=True)
                ]
                assert rows[at + offset] == expected
    ana = next(r for r in rows if r[:2] == ["Ana Alvarez", "3"])
    assert ana == ["Ana Alvarez", "3", "2.0", "4.4", "1", "33.3", "1"]


def test_the_workbook_reads_back_to_the_reports_numbers(report):
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    assert book.sheetnames[0] == "About"
    for section in sections(report):
        sheet = next(s for s in book.worksheets if s["A1"].value == section.title)
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        for table in section.tables:
            width = len(table.columns)
            cut = [row[:width] for row in values]
            at = _under(cut, [table.title, *[None] * (width - 1)], list(table.headers))
            for offset, row in enumerate(table.rows, start=1):
                got = [_as_read(v) for v in values[at + offset][: len(table.columns)]]
                assert got == [
                    _as_read(rounded(value, column.kind))
                    for value, column in zip(row, table.columns, strict=True)
                ], table.key
    lag = next(s for s in book.worksheets if s["A1"].value == "Documentation lag")
    ana = next(row for row in lag.iter_rows() if row[0].value == "Ana Alvarez")
    assert [c.value for c in ana[:7]] == ["Ana Alvarez", 3, 2.0, 4.4, 1, 33.3, 1]
    assert ana[3].number_format == "0.0"


def test_text_from_the_records_never_becomes_a_formula(report):
    from dataclasses import replace

    from domain.outcome_reports.figures import ResourceTimes

    figures = report.referrals
    evil = ResourceTimes(99, '=HYPERLINK("http://x")', 1, 0, None, 0, None)
    tampered = replace(report, referrals=replace(figures, by_resource=(evil,)))
    assert "'=HYPERLINK" in report_csv(tampered)
    book = load_workbook(io.BytesIO(report_xlsx(tampered)))
    sheet = next(s for s in book.worksheets if s["A1"].value == "Referrals")
    cell = next(
        c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)
    )
    assert cell.data_type == "s"


def test_every_chart_renders_for_the_screen_too(report):
    for section in sections(report):
        drawings = section_charts(report, section.key)
        assert drawings, section.key
        for drawing in drawings:
            svg = svg_bytes(drawing).decode()
            assert svg.startswith("<?xml") and "CaseDesk-" not in svg
            assert "clipPath" not in svg  # Qt's renderer would paint it black
            assert ": None" not in svg  # nor an absent fill written "None"


def test_a_report_with_nothing_in_it_still_prints(scene):
    empty = scene.ana.services.outcome_reports.report(
        scene.ana.actor, ReportForm("01/01/2020", "12/31/2020")
    )
    text = pdf_text(outcome_report_pdf(empty))
    assert "Caseload of Ana Alvarez" in text
    assert "No referral sent in this period." in text
    assert "Nothing to show for this period." in text
    rows = list(csv.reader(io.StringIO(report_csv(empty))))
    assert ["All notes", "0", "", "", "0", "0.0", "0"] in rows
    load_workbook(io.BytesIO(report_xlsx(empty)))  # opens
