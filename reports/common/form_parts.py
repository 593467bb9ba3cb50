"""The parts agency forms are made of: numbered section bars, captioned boxes
filled with a value or holding a fillable field, tick boxes, agency text and
signature lines.

A filled form and its blank twin are built from the same parts, so they keep
the same layout: a filled box prints the value, a blank one an AcroForm field of
the same size. Field values use the viewer's Helvetica (AcroForm fields take
only the PDF standard fonts), so the fields are for typing in Latin script;
anything else is written on paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from reports.common.font_registry import report_fonts
from reports.common.page_frame import ACCENT, BODY_WIDTH, INK, MUTED, RULE
from reports.common.script_text import draw_string, script_paragraph, text_width

GRID_UNITS = 12  # box widths are twelfths of the body, as on a ruled paper form
PADDING = 4
LINE = 12  # the leading of a value, and of one line of a blank field
TICK = 9  # the side of a tick box

FIELD_TINT = colors.HexColor("#f1f6fb")  # what a viewer shows a fillable field in
BOX_EDGE = colors.HexColor("#7d8a93")


@cache
def styles() -> dict[str, ParagraphStyle]:
    fonts = report_fonts()
    regular, bold = fonts.regular.primary, fonts.bold.primary

    def style(name, font, size, leading, color=INK, **extra):
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=leading, textColor=color, **extra
        )

    return {
        "title": style("title", bold, 15, 19),
        "lead": style("lead", regular, 9, 12, MUTED),
        "section": style("section", bold, 9.5, 12, colors.white),
        "caption": style("caption", regular, 6.8, 8, MUTED),
        "value": style("value", regular, 9.5, LINE),
        "body": style("body", regular, 9, 12, spaceAfter=3),
        "body_bold": style("body_bold", bold, 9, 12),
        "small": style("small", regular, 7.5, 9.5, MUTED),
        "cell": style("cell", regular, 8.5, 10.5),
        "cell_bold": style("cell_bold", bold, 8.5, 10.5),
        "head": style("head", bold, 7.5, 9, MUTED),
    }


def para(text: str, style: str, width: float, *, bold: bool = False) -> Flowable:
    return script_paragraph(text, styles()[style], width=width, bold=bold)


class Line(Flowable):
    """One line of text that never wraps: captions, headings, labels.

    Drawn straight on the canvas (any script, as draw_string does): a form has a
    hundred of these, and a Paragraph each would cost more than the rest of the page.
    """

    def __init__(self, text: str, style: str, *, bold: bool = False, centre: bool = False):
        super().__init__()
        self.text, self.style, self.bold, self.centre = text, styles()[style], bold, centre

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.style.leading

    def draw(self):
        style = self.style
        self.canv.setFillColor(style.textColor)
        baseline = style.leading - style.fontSize  # where a Paragraph puts its first line
        x, align = (self.width / 2, "centre") if self.centre else (0, "left")
        draw_string(
            self.canv, x, baseline, self.text, size=style.fontSize, bold=self.bold, align=align
        )


def cell_text(text: str, style: str, width: float, *, bold: bool = False) -> Flowable:
    """A value: a Line when it fits on one, else a Paragraph that wraps."""
    size = styles()[style].fontSize
    if "\n" not in text and text_width(text, size, bold=bold) <= width:
        return Line(text, style, bold=bold)
    return para(text, style, width, bold=bold)


def form_title(title: str, lead: str) -> list[Flowable]:
    """The form's own heading under the letterhead, and a line saying what it is for."""
    return [
        para(title, "title", BODY_WIDTH, bold=True),
        para(lead, "lead", BODY_WIDTH),
        Spacer(1, 8),
    ]


def section_bar(title: str) -> Table:
    bar = Table([[para(title, "section", BODY_WIDTH - 2 * PADDING, bold=True)]], [BODY_WIDTH])
    bar.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING + 2),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return bar


class TextField(Flowable):
    """A fillable AcroForm text field, drawn where the flowable lands.

    Field names join words with "_": PDF reads a "." in a name as a field hierarchy.
    """

    def __init__(self, name: str, width: float, height: float, *, tooltip: str, lines: int = 1):
        super().__init__()
        self.name, self.width, self.height = name, width, height
        self.tooltip, self.lines = tooltip, lines

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        self.canv.acroForm.textfield(
            name=self.name,
            tooltip=self.tooltip,
            x=0,
            y=0,
            relative=True,
            width=self.width,
            height=self.height,
            fontName="Helvetica",
            fontSize=9,
            textColor=INK,
            fillColor=FIELD_TINT,
            borderWidth=0,
            fieldFlags="multiline" if self.lines > 1 else "",
            maxlen=4000 if self.lines > 1 else 200,
        )


class TickBox(Flowable):
    """A square to tick: drawn ticked or empty on a filled form; on a blank form
    also a fillable check box (or one choice of a radio group, when ``group``)."""

    def __init__(
        self,
        *,
        ticked: bool = False,
        field: str | None = None,
        group: str | None = None,
        value: str = "Yes",
        tooltip: str = "",
    ):
        super().__init__()
        self.ticked, self.field, self.group, self.value = ticked, field, group, value
        self.tooltip = tooltip
        self.width = self.height = TICK

    def wrap(self, available_width, available_height):
        return TICK, TICK

    def draw(self):
        canvas = self.canv
        # The square is page content, so the form prints right whatever the viewer
        # does with fields; the field sits on top of it.
        canvas.setStrokeColor(BOX_EDGE)
        canvas.setLineWidth(0.7)
        canvas.rect(0, 0, TICK, TICK, stroke=1, fill=0)
        if self.ticked:
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(1.4)
            path = canvas.beginPath()
            path.moveTo(1.8, 4.6)
            path.lineTo(3.8, 2.0)
            path.lineTo(7.6, 7.4)
            canvas.drawPath(path, stroke=1, fill=0)
        options = dict(
            x=0,
            y=0,
            relative=True,
            size=TICK,
            buttonStyle="check",
            shape="square",
            borderWidth=None,
            fillColor=None,
            textColor=INK,
            tooltip=self.tooltip,
        )
        if self.group:
            # One choice per group, which a client may still clear.
            canvas.acroForm.radio(name=self.group, value=self.value, fieldFlags="radio", **options)
        elif self.field:
            canvas.acroForm.checkbox(name=self.field, fieldFlags="", **options)


def tick_line(label: str, width: float, **tick) -> Table:
    """A tick box with its label to the right; ``tick`` as for TickBox."""
    row = Table(
        [[TickBox(**tick), para(label, "cell", width - TICK - 6)]],
        [TICK + 6, width - TICK - 6],
    )
    row.setStyle(TableStyle([*_no_padding(), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return row


def _no_padding() -> list:
    return [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]


@dataclass(frozen=True)
class Box:
    """One captioned box of a form: ``span`` twelfths of the row wide, ``lines``
    tall when blank. ``field`` names the fillable field of the blank form."""

    caption: str
    field: str
    span: int = 6
    value: str = ""
    lines: int = 1


def _box_width(span: int) -> float:
    return BODY_WIDTH * span / GRID_UNITS


def box_rows(rows: Sequence[Sequence[Box]], *, blank: bool) -> Table:
    """Rows of captioned boxes on a twelve-column grid, one ruled table."""
    unit = BODY_WIDTH / GRID_UNITS
    data, commands = [], []
    for row_index, row in enumerate(rows):
        assert sum(box.span for box in row) == GRID_UNITS, [box.caption for box in row]
        cells: list = []
        column = 0
        for box in row:
            inner = _box_width(box.span) - 2 * PADDING
            caption = Line(box.caption.upper(), "caption")
            if blank:
                height = box.lines * LINE + 3
                content = TextField(box.field, inner, height, tooltip=box.caption, lines=box.lines)
            else:
                content = cell_text(box.value, "value", inner) if box.value else Spacer(1, LINE)
            cells.append([caption, content])
            cells.extend([""] * (box.span - 1))
            if box.span > 1:
                commands.append(("SPAN", (column, row_index), (column + box.span - 1, row_index)))
            column += box.span
        data.append(cells)
    table = Table(data, colWidths=[unit] * GRID_UNITS)
    table.setStyle(
        TableStyle(
            [
                *commands,
                ("BOX", (0, 0), (-1, -1), 0.8, BOX_EDGE),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def section(title: str, *parts: Flowable, keep: bool = True) -> list[Flowable]:
    """A section bar and what follows it; kept on one page unless ``keep`` is False."""
    flowables = [section_bar(title), Spacer(1, 3), *parts, Spacer(1, 10)]
    return [KeepTogether(flowables)] if keep else flowables


def agency_text(paragraphs: Sequence[tuple[str, str]]) -> list[Flowable]:
    """Headed paragraphs of the agency's own wording: (heading, text)."""
    flowables: list[Flowable] = []
    for heading, text in paragraphs:
        body = [para(heading, "body_bold", BODY_WIDTH, bold=True)] if heading else []
        body.append(para(text, "body", BODY_WIDTH))
        flowables.append(KeepTogether(body))
    return flowables


@dataclass(frozen=True)
class Signer:
    """Who signs: "Client", "Staff member"... and, on a filled form, their printed name."""

    role: str
    field: str  # prefix of the blank form's fields
    printed_name: str = ""


_SIGNATURE_HEIGHT = 22  # room to sign above the line
_DATE_SPAN = 3
_GAP = 18
_NAME_CAPTION = 62


def signature_lines(signers: Sequence[Signer], *, blank: bool) -> Table:
    """Per signer: a line to sign and a line for the date, then the printed name.

    Signatures are always ink; a blank form has fields for the printed name and date.
    """
    sign_width = _box_width(GRID_UNITS - _DATE_SPAN) - _GAP
    date_width = _box_width(_DATE_SPAN)
    name_width = sign_width - _NAME_CAPTION
    rows, commands = [], []
    for index, signer in enumerate(signers):
        top = index * 3
        if blank:
            date = TextField(
                f"{signer.field}_date", date_width, LINE + 2, tooltip=f"{signer.role}: date"
            )
            name = TextField(
                f"{signer.field}_printed_name",
                name_width,
                LINE + 2,
                tooltip=f"{signer.role}: printed name",
            )
        else:
            date = ""
            name = cell_text(signer.printed_name, "value", name_width)
        rows += [
            ["", "", date],
            [Line(f"{signer.role} signature", "small"), "", Line("Date", "small")],
            [_captioned(Line("Printed name", "small"), name, name_width), "", ""],
        ]
        commands += [
            ("LINEBELOW", (0, top), (0, top), 0.8, INK),
            ("LINEBELOW", (2, top), (2, top), 0.8, INK),
            ("VALIGN", (0, top), (-1, top), "BOTTOM"),
            # A field paints over what is under it: keep it clear of the line.
            ("BOTTOMPADDING", (0, top), (-1, top), 2),
            ("TOPPADDING", (0, top + 1), (-1, top + 1), 2),
            ("BOTTOMPADDING", (0, top + 2), (-1, top + 2), 12),
        ]
    heights = [_SIGNATURE_HEIGHT if row % 3 == 0 else None for row in range(len(rows))]
    table = Table(rows, colWidths=[sign_width, _GAP, date_width], rowHeights=heights)
    table.setStyle(TableStyle([*_no_padding(), *commands]))
    return table


def _captioned(caption: Flowable, content, width: float) -> Table:
    """A small caption with its value (or field) beside it, on one line."""
    row = Table([[caption, content]], [_NAME_CAPTION, width])
    row.setStyle(
        TableStyle(
            [
                *_no_padding(),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, 0), 0.4, RULE),
                ("BOTTOMPADDING", (1, 0), (1, 0), 1.5),
            ]
        )
    )
    return row


_NOTICE_SHADE = colors.HexColor("#fbe9e7")
_NOTICE_EDGE = colors.HexColor("#b3261e")


def notice_band(text: str) -> list[Flowable]:
    """A band no reader can miss: this form is revoked, expired, not in effect."""
    band = Table([[para(text, "body_bold", BODY_WIDTH - 3 * PADDING, bold=True)]], [BODY_WIDTH])
    band.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), _NOTICE_SHADE),
                ("BOX", (0, 0), (-1, -1), 1, _NOTICE_EDGE),
                ("LINEBEFORE", (0, 0), (0, -1), 4, _NOTICE_EDGE),
                ("LEFTPADDING", (0, 0), (-1, -1), 2 * PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [band, Spacer(1, 8)]


def tick_columns(items: Sequence[Flowable], columns: int = 2) -> Table:
    """Tick lines (tick_line) laid out in columns, filled row by row."""
    width = BODY_WIDTH / columns
    rows = [list(items[start : start + columns]) for start in range(0, len(items), columns)]
    rows[-1] += [""] * (columns - len(rows[-1]))
    table = Table(rows, colWidths=[width] * columns)
    table.setStyle(
        TableStyle(
            [
                *_no_padding(),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
