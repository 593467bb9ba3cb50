"""The outcome report on paper: the agency's letterhead, what the report covers, then
each figure as its table and its chart, the charts drawn as vectors (the same
drawings the Reports page shows)."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from domain.outcome_reports.figures import OutcomeReport
from domain.outcome_reports.tables import Kind, ReportSection, ReportTable, cell_text, header_lines
from domain.outcome_reports.tables import sections as report_sections
from reports.common.font_registry import report_fonts
from reports.common.form_parts import cell_text as fitted
from reports.common.form_parts import form_title, para, section_bar, styles
from reports.common.page_frame import BODY_WIDTH, INK, RULE, PageFrame, framed_pdf
from reports.common.script_text import script_paragraph
from reports.outcome_reports.charts import section_charts

TITLE = "Outcome report"
LEAD = (
    "Clients served, how cases ended, what changed for clients, referrals, the time "
    "notes take and caseloads: counted by CaseDesk from the records of the cases below."
)
_SHADE = colors.HexColor("#eef3f4")
# A table wider than this many columns (the caseloads month by month) prints smaller.
_WIDE = 8


@cache
def _right(style: str) -> ParagraphStyle:
    return ParagraphStyle(f"{style}_right", parent=styles()[style], alignment=TA_RIGHT)


def _column_widths(table: ReportTable) -> list[float]:
    count = len(table.columns)
    if count == 1:
        return [BODY_WIDTH]
    first = BODY_WIDTH * (0.34 if count <= 4 else 0.26 if count <= _WIDE else 0.2)
    return [first] + [(BODY_WIDTH - first) / (count - 1)] * (count - 1)


def _table(table: ReportTable) -> Flowable:
    """Names and words in any script (a Line, or a Paragraph when they wrap); numbers
    and dates, which the main face always draws, as plain right-aligned cell text."""
    widths = _column_widths(table)
    small = len(table.columns) > _WIDE
    cell, head = ("small", "small") if small else ("cell", "head")
    size = styles()[cell].fontSize
    header = [
        script_paragraph(
            c.title,
            _right(head) if c.kind is not Kind.TEXT else styles()[head],
            width=w - 6,
            bold=True,
        )
        for c, w in zip(table.columns, widths, strict=True)
    ]
    body = []
    for n, row in enumerate(table.rows):
        bold = table.total_row and n == len(table.rows) - 1
        body.append(
            [
                fitted(cell_text(value, column.kind), cell, w - 6, bold=bold)
                if column.kind is Kind.TEXT
                else cell_text(value, column.kind)
                for value, column, w in zip(row, table.columns, widths, strict=True)
            ]
        )
    if not body:
        empty = para("Nothing to show for this period.", cell, BODY_WIDTH - 6)
        body = [[empty] + [""] * (len(widths) - 1)]
    flowable = Table([header, *body], colWidths=widths, repeatRows=1)
    fonts = report_fonts()
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 1), (-1, -1), fonts.regular.primary, size),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for index, column in enumerate(table.columns):
        if column.kind is not Kind.TEXT:
            style.append(("ALIGN", (index, 1), (index, -1), "RIGHT"))
    if table.total_row and table.rows:
        style.append(("BACKGROUND", (0, -1), (-1, -1), _SHADE))
        style.append(("FONT", (1, -1), (-1, -1), fonts.bold.primary, size))
    if not table.rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    flowable.setStyle(TableStyle(style))
    return flowable


def _section(section: ReportSection, report: OutcomeReport) -> list[Flowable]:
    parts: list[Flowable] = [section_bar(section.title), Spacer(1, 4)]
    parts.append(para(section.about, "small", BODY_WIDTH))
    parts.append(Spacer(1, 4))
    # KeepTogether never nests: an inner one counts as endless height, a page of its own.
    story: list[Flowable] = [KeepTogether([*parts, *_titled(section.tables[0])])]
    for table in section.tables[1:]:
        story.append(KeepTogether([Spacer(1, 6), *_titled(table)]))
    for chart in section_charts(report, section.key, width=BODY_WIDTH):
        story += [Spacer(1, 8), KeepTogether([chart])]
    story.append(Spacer(1, 14))
    return story


def _titled(table: ReportTable) -> list[Flowable]:
    return [para(table.title, "body_bold", BODY_WIDTH, bold=True), Spacer(1, 2), _table(table)]


def _about(report: OutcomeReport) -> Flowable:
    rows = [
        [para(label, "head", 70, bold=True), para(value, "cell", BODY_WIDTH - 82)]
        for label, value in header_lines(report)
    ]
    table = Table(rows, colWidths=[76, BODY_WIDTH - 76])
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def outcome_report_pdf(report: OutcomeReport) -> bytes:
    styles()  # the fonts, registered once
    frame = PageFrame(
        agency=report.agency,
        form_title=TITLE,
        client_name=report.scope.label,
        client_number=report.period.label,
        printed_at=report.made_at.astimezone(),
        number_label="Period",
    )
    story: list[Flowable] = [*form_title(TITLE, LEAD), _about(report), Spacer(1, 12)]
    for section in report_sections(report):
        story += _section(section, report)
    return framed_pdf(story, frame)
