"""The client face sheet as a PDF: the facts and flags of domain/clients/face_sheet.py on
the agency's letterhead."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from domain.clients.face_sheet import FaceSheet, face_sheet
from domain.clients.record import ClientRecord
from domain.common.field_rules import format_date
from domain.settings.agency import AgencyDetails
from reports.common.font_registry import report_fonts
from reports.common.page_frame import ACCENT, BODY_WIDTH, INK, MUTED, RULE, PageFrame, framed_pdf
from reports.common.script_text import script_paragraph

FORM_TITLE = "Client face sheet"
NOT_RECORDED = "—"

_LABEL_WIDTH = 1.75 * inch
_VALUE_WIDTH = BODY_WIDTH - _LABEL_WIDTH
_CELL_PADDING = 5
_LABEL_SHADE = colors.HexColor("#eef2f4")
_FLAG_SHADE = colors.HexColor("#fff4d6")
_FLAG_EDGE = colors.HexColor("#c98a00")


def _styles() -> dict[str, ParagraphStyle]:
    fonts = report_fonts()
    regular, bold = fonts.regular.primary, fonts.bold.primary
    return {
        "name": ParagraphStyle("name", fontName=bold, fontSize=17, leading=21, textColor=INK),
        "sub": ParagraphStyle("sub", fontName=regular, fontSize=9, leading=12, textColor=MUTED),
        "section": ParagraphStyle(
            "section", fontName=bold, fontSize=10, leading=13, textColor=colors.white
        ),
        "label": ParagraphStyle(
            "label", fontName=regular, fontSize=8.5, leading=11, textColor=MUTED
        ),
        "value": ParagraphStyle("value", fontName=regular, fontSize=10, leading=13, textColor=INK),
        "empty": ParagraphStyle("empty", fontName=regular, fontSize=10, leading=13, textColor=RULE),
        "flag": ParagraphStyle("flag", fontName=bold, fontSize=9.5, leading=12, textColor=INK),
    }


def _banner(client: ClientRecord, sheet: FaceSheet, styles) -> list[Flowable]:
    full_name = dict(sheet.facts[0][1]).get("Name") if sheet.facts else None
    subtitle = [f"Client no. {client.number}"]
    if client.created_at:
        subtitle.append(f"registered {format_date(client.created_at.date())}")
    if client.updated_at:
        updated = f"record updated {format_date(client.updated_at.date())}"
        subtitle.append(f"{updated} by {client.updated_by}" if client.updated_by else updated)
    return [
        script_paragraph(
            full_name or client.display_name, styles["name"], width=BODY_WIDTH, bold=True
        ),
        script_paragraph(" · ".join(subtitle), styles["sub"], width=BODY_WIDTH),
        Spacer(1, 10),
    ]


def _flags(sheet: FaceSheet, styles) -> list[Flowable]:
    if not sheet.flags:
        return []
    text_width = BODY_WIDTH - 2 * _CELL_PADDING - 2
    rows = [
        [script_paragraph(flag, styles["flag"], width=text_width, bold=True)]
        for flag in sheet.flags
    ]
    table = Table(rows, colWidths=[BODY_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), _FLAG_SHADE),
                ("BOX", (0, 0), (-1, -1), 1, _FLAG_EDGE),
                ("LINEBEFORE", (0, 0), (0, -1), 4, _FLAG_EDGE),
                ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING + 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [table, Spacer(1, 12)]


def _section(title: str, facts: tuple[tuple[str, str], ...], styles) -> list[Flowable]:
    value_text_width = _VALUE_WIDTH - 2 * _CELL_PADDING
    label_text_width = _LABEL_WIDTH - 2 * _CELL_PADDING
    rows = [[script_paragraph(title, styles["section"], width=BODY_WIDTH, bold=True), ""]]
    for label, value in facts:
        rows.append(
            [
                script_paragraph(label, styles["label"], width=label_text_width),
                script_paragraph(value, styles["value"], width=value_text_width)
                if value
                else script_paragraph(NOT_RECORDED, styles["empty"], width=value_text_width),
            ]
        )
    table = Table(rows, colWidths=[_LABEL_WIDTH, _VALUE_WIDTH], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("BACKGROUND", (0, 1), (0, -1), _LABEL_SHADE),
                ("BOX", (0, 0), (-1, -1), 0.75, RULE),
                ("INNERGRID", (0, 1), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    # A short section moves whole to the next page rather than leave its heading behind;
    # a long one splits, its heading repeated on the next page.
    gap = Spacer(1, 12)
    return [KeepTogether([table, gap])] if len(rows) <= 12 else [table, gap]


def face_sheet_pdf(
    client: ClientRecord,
    agency: AgencyDetails,
    printed_at: datetime,
    *,
    sheet: FaceSheet | None = None,
) -> bytes:
    """The printable face sheet of ``client``, ages as of the print date.

    ``sheet`` defaults to ``face_sheet(client, printed_at.date())``.
    """
    sheet = sheet or face_sheet(client, printed_at.date())
    styles = _styles()
    story: list[Flowable] = [*_banner(client, sheet, styles), *_flags(sheet, styles)]
    for title, facts in sheet.facts:
        story.extend(_section(title, facts, styles))
    frame = PageFrame(
        agency=agency,
        form_title=FORM_TITLE,
        client_name=client.display_name,
        client_number=client.number,
        printed_at=printed_at,
    )
    return framed_pdf(story, frame)
