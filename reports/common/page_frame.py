"""What every printed page carries: the agency's letterhead, the form's title, the
client's name and number, the print date and "Page n of m".

"m" is known only when the story has been laid out, so the canvas keeps each
finished page and draws letterhead and footer when the document is saved. One
document may hold several forms (a batch of packets): each form starts on a new
page, carries its own title and client, and counts its own pages.

A blank form (no client yet) prints write-in lines where the name and number go.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFDictionary
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from domain.clients.record import ClientRecord
from domain.common.field_rules import format_date
from domain.settings.agency import AgencyDetails
from reports.common.font_registry import report_fonts
from reports.common.script_text import draw_string

log = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = 0.6 * inch
HEADER_HEIGHT = 0.95 * inch
FOOTER_HEIGHT = 0.45 * inch
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN

INK = colors.HexColor("#1f2a33")
MUTED = colors.HexColor("#5b6770")
ACCENT = colors.HexColor("#1d5c63")
RULE = colors.HexColor("#9aa5ad")

_LOGO_BOX = 0.62 * inch
_WRITE_IN = 1.9 * inch  # the line a blank form leaves for the client's name


@dataclass(frozen=True)
class PageFrame:
    """The furniture of one document's pages."""

    agency: AgencyDetails
    form_title: str
    client_name: str  # "" on a blank form
    client_number: str
    printed_at: datetime

    @property
    def is_blank(self) -> bool:
        return not self.client_name


def printed_label(printed_at: datetime) -> str:
    return f"Printed {format_date(printed_at.date())} {printed_at:%H:%M}"


def _logo(agency: AgencyDetails) -> ImageReader | None:
    if not agency.logo_png:
        return None
    try:
        return ImageReader(io.BytesIO(agency.logo_png))
    except Exception:
        # A broken logo in settings must not stop a form from printing.
        log.warning("The agency logo could not be read; printing without it.")
        return None


def _draw_letterhead(canvas: Canvas, frame: PageFrame, logo: ImageReader | None) -> None:
    top = PAGE_HEIGHT - MARGIN
    left = MARGIN
    if logo is not None:
        width, height = logo.getSize()
        scale = _LOGO_BOX / max(width, height)
        canvas.drawImage(
            logo,
            left,
            top - height * scale,
            width * scale,
            height * scale,
            mask="auto",
        )
        left += _LOGO_BOX + 10
    canvas.setFillColor(INK)
    draw_string(canvas, left, top - 13, frame.agency.name, size=13, bold=True)
    canvas.setFillColor(MUTED)
    details = [*frame.agency.address_lines]
    if frame.agency.phone:
        details.append(f"Phone {frame.agency.phone}")
    # Four lines fill the letterhead band; more would run into the rule below it.
    for row, line in enumerate(details[:4]):
        draw_string(canvas, left, top - 26 - row * 10, line, size=8)

    right = PAGE_WIDTH - MARGIN
    canvas.setFillColor(ACCENT)
    draw_string(
        canvas, right, top - 13, frame.form_title.upper(), size=12, bold=True, align="right"
    )
    if frame.is_blank:
        _write_in(canvas, right, top - 30, "Client name", _WRITE_IN)
        _write_in(canvas, right, top - 44, "Client no.", _WRITE_IN / 2)
    else:
        canvas.setFillColor(INK)
        draw_string(canvas, right, top - 30, frame.client_name, size=10, bold=True, align="right")
        canvas.setFillColor(MUTED)
        number = f"Client no. {frame.client_number}"
        draw_string(canvas, right, top - 42, number, size=8, align="right")

    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.5)
    rule_y = PAGE_HEIGHT - MARGIN - HEADER_HEIGHT + 8
    canvas.line(MARGIN, rule_y, PAGE_WIDTH - MARGIN, rule_y)


def _write_in(canvas: Canvas, right: float, y: float, label: str, length: float) -> None:
    """A caption and a line to write on, ending at ``right``."""
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(right - length, y - 2, right, y - 2)
    canvas.setFillColor(MUTED)
    draw_string(canvas, right - length - 4, y, label, size=8, align="right")


def _draw_footer(canvas: Canvas, frame: PageFrame, number: int, total: int) -> None:
    rule_y = MARGIN + FOOTER_HEIGHT - 12
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, rule_y, PAGE_WIDTH - MARGIN, rule_y)
    baseline = MARGIN + 8
    canvas.setFillColor(MUTED)
    if frame.is_blank:
        draw_string(canvas, MARGIN, baseline, "Blank form", size=8)
    else:
        client = f"{frame.client_name} · {frame.client_number}"
        draw_string(canvas, MARGIN, baseline, client, size=8)
    draw_string(canvas, MARGIN, baseline - 10, "Confidential client information", size=7)
    draw_string(
        canvas, PAGE_WIDTH / 2, baseline, printed_label(frame.printed_at), size=8, align="centre"
    )
    draw_string(
        canvas,
        PAGE_WIDTH - MARGIN,
        baseline,
        f"Page {number} of {total}",
        size=8,
        bold=True,
        align="right",
    )


class _NumberedCanvas(Canvas):
    """Holds each laid-out page until save(), when each form's page count is known."""

    def __init__(self, *args, logo: ImageReader | None, **kwargs):
        super().__init__(*args, **kwargs)
        self._logo = logo
        self._held_pages: list[dict] = []
        # Set by _FormStart as each form begins; kept with every page it fills.
        self.form_frame: PageFrame | None = None
        self.form_index = 0
        self._page_annotations: list = []

    def _addAnnotation(self, annotation, name=None, addtopage=1):
        self._page_annotations.append(annotation)
        return super()._addAnnotation(annotation, name, addtopage)

    def showPage(self):
        self._held_pages.append(dict(self.__dict__))
        self._page_annotations = []
        self._startPage()

    def save(self):
        totals: dict[int, int] = {}
        for state in self._held_pages:
            totals[state["form_index"]] = totals.get(state["form_index"], 0) + 1
        numbers: dict[int, int] = {}
        for state in self._held_pages:
            self.__dict__.update(state)
            number = numbers[self.form_index] = numbers.get(self.form_index, 0) + 1
            # A form field names its page (/P) when drawn, and pages are only numbered
            # here: point each of this page's fields at the page it is really on.
            for annotation in self._page_annotations:
                if isinstance(annotation, PDFDictionary) and "P" in annotation:
                    annotation["P"] = self._doc.thisPageRef()
            _draw_letterhead(self, self.form_frame, self._logo)
            _draw_footer(self, self.form_frame, number, totals[self.form_index])
            super().showPage()
        super().save()


class _FormStart(Flowable):
    """Marks where a form begins: the pages from here on carry its frame."""

    def __init__(self, index: int, frame: PageFrame, on_start: Callable[[int], None] | None):
        super().__init__()
        self.index, self.frame, self.on_start = index, frame, on_start

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.canv.form_index = self.index
        self.canv.form_frame = self.frame
        if self.on_start is not None:
            self.on_start(self.index)


def framed_pdf(story: Sequence[Flowable], frame: PageFrame) -> bytes:
    """Lay ``story`` out on letter pages with the frame's letterhead and footer."""
    title = f"{frame.form_title} {frame.client_number}".strip()
    return framed_forms([(story, frame)], title=title)


def framed_forms(
    forms: Sequence[tuple[Sequence[Flowable], PageFrame]],
    *,
    title: str,
    on_form_start: Callable[[int], None] | None = None,
) -> bytes:
    """Several forms in one document, each from a new page with its own frame.

    ``on_form_start(index)`` is called as layout reaches each form (progress, and
    a place to cancel by raising). All forms share the first frame's agency.
    """
    report_fonts()
    agency = forms[0][1].agency
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        # Numbers, not names: document properties show up in file previews.
        title=title,
        author=agency.name,
        creator="CaseDesk",
    )
    body = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates(PageTemplate(id="framed", frames=[body]))
    story: list[Flowable] = []
    for index, (form_story, frame) in enumerate(forms):
        if index:
            story.append(PageBreak())
        story.append(_FormStart(index, frame, on_form_start))
        story.extend(form_story)
    doc.build(story, canvasmaker=partial(_NumberedCanvas, logo=_logo(agency)))
    return buffer.getvalue()


def client_frame(
    title: str, client: ClientRecord | None, agency: AgencyDetails, printed_at: datetime
) -> PageFrame:
    """The frame of a form about one client (``None``: a blank form, name left empty)."""
    return PageFrame(
        agency=agency,
        form_title=title,
        client_name=client.display_name if client else "",
        client_number=client.number if client else "",
        printed_at=printed_at,
    )
