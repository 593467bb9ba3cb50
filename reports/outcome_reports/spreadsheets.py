"""The outcome report for grant reports: a CSV file (every table one under another)
and an Excel workbook (a sheet per figure), with the same numbers the screen and
the PDF show, as numbers a spreadsheet can add up."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from domain.outcome_reports.figures import OutcomeReport
from domain.outcome_reports.tables import (
    Cell,
    Kind,
    ReportSection,
    header_lines,
    rounded,
    sections,
)

TITLE = "Outcome report"
# Excel's number formats for each kind of column.
NUMBER_FORMATS = {
    Kind.COUNT: "#,##0",
    Kind.DAYS: "0.0",
    Kind.SCORE: "0.00",
    Kind.CHANGE: "+0.00;-0.00;0.00",
    Kind.PERCENT: '0.0"%"',
    Kind.DATE: "mm/dd/yyyy",
}
_HEAD_FILL = PatternFill("solid", fgColor="DCE7E9")
_TOTAL_FILL = PatternFill("solid", fgColor="EEF3F4")
# A cell a spreadsheet would run as a formula: written with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: str) -> str:
    """Text from the records (a resource's name, a recipient) never starts a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_value(value: Cell, kind: Kind) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _safe_text(value)
    return str(rounded(value, kind))


def report_csv(report: OutcomeReport) -> str:
    """CSV text (CRLF line ends, as the csv module writes them); saved with a byte-order
    mark, Excel reads names in every script right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([TITLE])
    for label, value in header_lines(report):
        writer.writerow([label, value])
    for section in sections(report):
        writer.writerow([])
        writer.writerow([section.title])
        for table in section.tables:
            writer.writerow([])
            writer.writerow([table.title])
            writer.writerow(table.headers)
            for row in table.rows:
                writer.writerow(
                    [
                        _csv_value(value, column.kind)
                        for value, column in zip(row, table.columns, strict=True)
                    ]
                )
    return out.getvalue()


def _sheet_name(section: ReportSection, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", section.title)[:31].strip()
    while name in taken:
        name = name[:28] + f" {len(taken)}"
    taken.add(name)
    return name


def report_xlsx(report: OutcomeReport) -> bytes:
    book = Workbook()
    about = book.active
    about.title = "About"
    about.append([TITLE])
    about["A1"].font = Font(bold=True, size=14)
    for label, value in header_lines(report):
        about.append([label, value])
    about.append([])
    for section in sections(report):
        about.append([section.title, section.about])
    about.column_dimensions["A"].width = 34
    about.column_dimensions["B"].width = 100
    taken = {about.title}
    for section in sections(report):
        sheet = book.create_sheet(_sheet_name(section, taken))
        sheet.append([section.title])
        sheet["A1"].font = Font(bold=True, size=12)
        widths: dict[int, int] = {}
        for table in section.tables:
            sheet.append([])
            sheet.append([table.title])
            sheet.cell(sheet.max_row, 1).font = Font(bold=True)
            sheet.append(list(table.headers))
            head = sheet.max_row
            for column in range(1, len(table.columns) + 1):
                cell = sheet.cell(head, column)
                cell.font, cell.fill = Font(bold=True), _HEAD_FILL
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for n, row in enumerate(table.rows):
                sheet.append(
                    [
                        rounded(value, column.kind)
                        for value, column in zip(row, table.columns, strict=True)
                    ]
                )
                at = sheet.max_row
                total = table.total_row and n == len(table.rows) - 1
                for index, column in enumerate(table.columns, start=1):
                    cell = sheet.cell(at, index)
                    if cell.data_type == "f":  # text from the records, never a formula
                        cell.data_type = "s"
                    if column.kind in NUMBER_FORMATS:
                        cell.number_format = NUMBER_FORMATS[column.kind]
                    if total:
                        cell.font, cell.fill = Font(bold=True), _TOTAL_FILL
            for index, column in enumerate(table.columns, start=1):
                longest = max(
                    [len(column.title) // 2 + 2]
                    + [len(str(row[index - 1] or "")) + 2 for row in table.rows]
                )
                widths[index] = min(max(widths.get(index, 10), longest), 60)
        for index, width in widths.items():
            sheet.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
