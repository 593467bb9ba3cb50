"""What every printed page carries: the agency's letterhead, the form's title, the
client's name and number, the print date and "Page n of m".

"m" is known only when the story has been laid out, so the canvas keeps each
finished page and draws letterhead and footer when the document is saved. One
document may hold several forms (a batch of packets): each form starts on a new
page, carries its own title and client, and counts its own pages.

A blank form (no client yet) prints write-in lines where the name and number go.

Names as long as the record allows fit: in the header and footer a long name is
made a little smaller and then wrapped, and the header or footer grows to hold
it, so each form's body has its own page template. A page that draws the
replacement mark for a character no font has (reports/common/script_text.py)
says in its footer what the mark means.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFDictionary
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from domain.clients.record import ClientRecord
from domain.common.field_rules import format_date
from domain.settings.agency import AgencyDetails
from reports.common.font_registry import report_fonts
from reports.common.script_text import (
    REPLACEMENT,
    UNDRAWABLE_CALLBACK,
    draw_string,
    fit_lines,
    text_width,
)

log = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = 0.6 * inch
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN

INK = colors.HexColor("#1f2a33")
MUTED = colors.HexColor("#5b6770")
ACCENT = colors.HexColor("#1d5c63")
RULE = colors.HexColor("#9aa5ad")
WARNING = colors.HexColor("#b3261e")

UNDRAWABLE_FOOTNOTE = (
    f"{REPLACEMENT} stands for a character the printer could not draw; "
    "the record in CaseDesk holds the original."
)

_TOP = PAGE_HEIGHT - MARGIN
# The header and footer are at least this tall; a long name makes them taller.
_HEADER_LEAST = 0.95 * inch
_FOOTER_LEAST = 0.45 * inch
_BODY_GAP = 8  # from the header's rule down to the body, and from the body to the footer's
_LOGO_BOX = 0.62 * inch
_LOGO_GAP = 10
_COLUMN_GAP = 18  # between the letterhead and the form's own column
_LETTERHEAD_SHARE = 0.55  # of the width, at most, before the letterhead wraps
_WRITE_IN = 1.9 * inch  # the line a blank form leaves for the client's name
_LEADING = 1.2
_PAGE_LABEL_ROOM = "Page 999 of 999"
_CONFIDENTIAL = "Confidential client information"


def _leading(size: float) -> float:
    return size * _LEADING


@dataclass(frozen=True)
class PageFrame:
    """The furniture of one document's pages."""

    agency: AgencyDetails
    form_title: str
    client_name: str  # "" on a blank form
    client_number: str
    printed_at: datetime
    # What the line under the name says the number is (a report: its period).
    number_label: str = "Client no."

    @property
    def is_blank(self) -> bool:
        return not self.client_name


def printed_label(printed_at: datetime) -> str:
    return f"Printed {format_date(printed_at.date())} {printed_at:%H:%M}"


@dataclass(frozen=True)
class _Lines:
    """Text fitted to a width: its size and lines, with the first line's baseline."""

    size: float
    lines: tuple[str, ...]
    baseline: float
    bold: bool = False

    @classmethod
    def fit(cls, text, width, baseline, *, size, smallest, bold=False) -> _Lines:
        fitted, lines = fit_lines(text, width, size=size, smallest=smallest, bold=bold)
        return cls(fitted, tuple(lines), baseline, bold)

    def moved_to(self, baseline: float) -> _Lines:
        return replace(self, baseline=baseline)

    @property
    def last_baseline(self) -> float:
        return self.baseline - (len(self.lines) - 1) * _leading(self.size)

    @property
    def width(self) -> float:
        return max(text_width(line, self.size, bold=self.bold) for line in self.lines)

    def draw(self, canvas: Canvas, x: float, *, align: str = "left") -> None:
        for row, line in enumerate(self.lines):
            y = self.baseline - row * _leading(self.size)
            draw_string(canvas, x, y, line, size=self.size, bold=self.bold, align=align)


@dataclass(frozen=True)
class _Header:
    """The letterhead at the left, the form's title, client name and number at the right."""

    text_left: float  # right of the logo
    agency: _Lines
    details: tuple[_Lines, ...]
    title: _Lines
    name: _Lines | None  # None on a blank form
    number_baseline: float
    rule: float

    @property
    def height(self) -> float:
        return _TOP - self.rule + _BODY_GAP


@dataclass(frozen=True)
class _Footer:
    """The client's name with the page number, above the confidentiality line and date."""

    name: _Lines
    last_line: float  # the baseline of "Confidential client information" and the date
    rule: float

    @property
    def height(self) -> float:
        return self.rule + _BODY_GAP - MARGIN


@dataclass(frozen=True)
class _Layout:
    """Where one form's letterhead and footer go: a long client or agency name wraps
    (after shrinking a little), and the header or footer grows to hold it."""

    header: _Header
    footer: _Footer


def _header(frame: PageFrame, has_logo: bool) -> _Header:
    text_left = MARGIN + (_LOGO_BOX + _LOGO_GAP if has_logo else 0)
    letterhead_width = BODY_WIDTH * _LETTERHEAD_SHARE - (text_left - MARGIN)
    agency = _Lines.fit(
        frame.agency.name, letterhead_width, _TOP - 13, size=13, smallest=9, bold=True
    )
    details: list[_Lines] = []
    baseline = agency.last_baseline - 13
    lines = [*frame.agency.address_lines]
    if frame.agency.phone:
        lines.append(f"Phone {frame.agency.phone}")
    for line in lines:
        details.append(_Lines.fit(line, letterhead_width, baseline, size=8, smallest=6.5))
        baseline = details[-1].last_baseline - 10
    letterhead_bottom = min(
        (details[-1] if details else agency).last_baseline - 4,
        _TOP - _LOGO_BOX if has_logo else _TOP,
    )

    # The form's column takes the width the letterhead leaves.
    used = max([agency.width, *(line.width for line in details)])
    column = BODY_WIDTH - (text_left - MARGIN) - used - _COLUMN_GAP
    title = _Lines.fit(frame.form_title.upper(), column, _TOP - 13, size=12, smallest=9, bold=True)
    name = None
    if frame.is_blank:
        number_baseline = title.last_baseline - 31  # below the write-in line for the name
    else:
        name = _Lines.fit(
            frame.client_name, column, title.last_baseline - 17, size=10, smallest=8, bold=True
        )
        number_baseline = name.last_baseline - 12
    rule = min(_TOP - _HEADER_LEAST + _BODY_GAP, letterhead_bottom, number_baseline - 6)
    return _Header(text_left, agency, tuple(details), title, name, number_baseline, rule)


def _footer(frame: PageFrame) -> _Footer:
    last_line = MARGIN + 2
    who = f"{frame.client_name} · {frame.client_number}" if frame.client_name else "Blank form"
    room = BODY_WIDTH - text_width(_PAGE_LABEL_ROOM, 8, bold=True) - _COLUMN_GAP
    name = _Lines.fit(who, room, 0, size=8, smallest=7)
    # The name grows upwards from just above the last line; the page number goes
    # beside its first line.
    first_baseline = last_line + 10 + (len(name.lines) - 1) * _leading(name.size)
    rule = max(MARGIN + _FOOTER_LEAST - _BODY_GAP, first_baseline + 10.5)
    return _Footer(name.moved_to(first_baseline), last_line, rule)


def _layout(frame: PageFrame, has_logo: bool) -> _Layout:
    return _Layout(_header(frame, has_logo), _footer(frame))


def _logo(agency: AgencyDetails) -> ImageReader | None:
    if not agency.logo_png:
        return None
    try:
        return ImageReader(io.BytesIO(agency.logo_png))
    except Exception:
        # A broken logo in settings must not stop a form from printing.
        log.warning("The agency logo could not be read; printing without it.")
        return None


def _draw_letterhead(
    canvas: Canvas, frame: PageFrame, header: _Header, logo: ImageReader | None
) -> None:
    if logo is not None:
        width, height = logo.getSize()
        scale = _LOGO_BOX / max(width, height)
        canvas.drawImage(
            logo,
            MARGIN,
            _TOP - height * scale,
            width * scale,
            height * scale,
            mask="auto",
        )
    canvas.setFillColor(INK)
    header.agency.draw(canvas, header.text_left)
    canvas.setFillColor(MUTED)
    for line in header.details:
        line.draw(canvas, header.text_left)

    right = PAGE_WIDTH - MARGIN
    canvas.setFillColor(ACCENT)
    header.title.draw(canvas, right, align="right")
    if header.name is None:
        _write_in(canvas, right, header.number_baseline + 14, "Client name", _WRITE_IN)
        _write_in(canvas, right, header.number_baseline, "Client no.", _WRITE_IN / 2)
    else:
        canvas.setFillColor(INK)
        header.name.draw(canvas, right, align="right")
        canvas.setFillColor(MUTED)
        number = f"{frame.number_label} {frame.client_number}"
        draw_string(canvas, right, header.number_baseline, number, size=8, align="right")

    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.5)
    canvas.line(MARGIN, header.rule, PAGE_WIDTH - MARGIN, header.rule)


def _write_in(canvas: Canvas, right: float, y: float, label: str, length: float) -> None:
    """A caption and a line to write on, ending at ``right``."""
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(right - length, y - 2, right, y - 2)
    canvas.setFillColor(MUTED)
    draw_string(canvas, right - length - 4, y, label, size=8, align="right")


def _draw_footer(canvas: Canvas, frame: PageFrame, footer: _Footer) -> None:
    """All of the footer but the page number, which only save() knows."""
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, footer.rule, PAGE_WIDTH - MARGIN, footer.rule)
    canvas.setFillColor(MUTED)
    draw_string(canvas, MARGIN, footer.last_line, _CONFIDENTIAL, size=7)
    printed = printed_label(frame.printed_at)
    draw_string(canvas, PAGE_WIDTH - MARGIN, footer.last_line, printed, size=7, align="right")
    footer.name.draw(canvas, MARGIN)


def _draw_page_number(canvas: Canvas, footer: _Footer, number: int, total: int) -> None:
    canvas.setFillColor(MUTED)
    page = f"Page {number} of {total}"
    right = PAGE_WIDTH - MARGIN
    draw_string(canvas, right, footer.name.baseline, page, size=8, bold=True, align="right")


def _draw_footnote(canvas: Canvas, frame: PageFrame, footer: _Footer) -> None:
    """What the replacement mark means, between the footer's last two texts."""
    left = text_width(_CONFIDENTIAL, 7)
    printed = text_width(printed_label(frame.printed_at), 7)
    room = BODY_WIDTH - left - printed - 2 * _COLUMN_GAP
    size, _ = fit_lines(UNDRAWABLE_FOOTNOTE, room, size=7, smallest=4)
    canvas.setFillColor(WARNING)
    centre = MARGIN + left + _COLUMN_GAP + room / 2
    draw_string(canvas, centre, footer.last_line, UNDRAWABLE_FOOTNOTE, size=size, align="centre")


class _NumberedCanvas(Canvas):
    """Holds each laid-out page until save(), when each form's page count is known."""

    def __init__(self, *args, logo: ImageReader | None, **kwargs):
        super().__init__(*args, **kwargs)
        self._logo = logo
        self._held_pages: list[dict] = []
        # Set by _FormStart as each form begins; kept with every page it fills.
        self.form_frame: PageFrame | None = None
        self.form_layout: _Layout | None = None
        self.form_index = 0
        self._page_annotations: list = []
        # Whether this page draws a replacement mark, and so needs the footnote.
        self._page_undrawable = False
        self.setNamedCB(UNDRAWABLE_CALLBACK, self._heard_undrawable)

    def _heard_undrawable(self, canvas, kind, label):
        self._page_undrawable = True

    def _addAnnotation(self, annotation, name=None, addtopage=1):
        self._page_annotations.append(annotation)
        return super()._addAnnotation(annotation, name, addtopage)

    def showPage(self):
        self._held_pages.append(dict(self.__dict__))
        self._page_annotations = []
        self._page_undrawable = False
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
            frame, layout = self.form_frame, self.form_layout
            _draw_letterhead(self, frame, layout.header, self._logo)
            _draw_footer(self, frame, layout.footer)
            # Body, letterhead and footer are drawn: whether they hold a mark is known.
            if self._page_undrawable:
                _draw_footnote(self, frame, layout.footer)
            _draw_page_number(self, layout.footer, number, totals[self.form_index])
            super().showPage()
        super().save()


class _FormStart(Flowable):
    """Marks where a form begins: the pages from here on carry its frame."""

    def __init__(
        self,
        index: int,
        frame: PageFrame,
        layout: _Layout,
        on_start: Callable[[int], None] | None,
    ):
        super().__init__()
        self.index, self.frame, self.layout, self.on_start = index, frame, layout, on_start

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.canv.form_index = self.index
        self.canv.form_frame = self.frame
        self.canv.form_layout = self.layout
        if self.on_start is not None:
            self.on_start(self.index)


def framed_pdf(story: Sequence[Flowable], frame: PageFrame) -> bytes:
    """Lay ``story`` out on letter pages with the frame's letterhead and footer."""
    title = f"{frame.form_title} {frame.client_number}".strip()
    return framed_forms([(story, frame)], title=title)


def _body_template(template_id: str, layout: _Layout) -> PageTemplate:
    bottom = MARGIN + layout.footer.height
    body = Frame(
        MARGIN,
        bottom,
        BODY_WIDTH,
        PAGE_HEIGHT - MARGIN - layout.header.height - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    return PageTemplate(id=template_id, frames=[body])


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
    logo = _logo(agency)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        # Numbers, not names: document properties show up in file previews.
        title=title,
        author=agency.name,
        creator="CaseDesk",
    )
    # Each form's body fits between its own header and footer; forms whose names
    # fit the same room share a page template. The first form's comes first.
    templates: dict[tuple[float, float], str] = {}
    story: list[Flowable] = []
    for index, (form_story, frame) in enumerate(forms):
        layout = _layout(frame, logo is not None)
        room = (layout.header.height, layout.footer.height)
        if room not in templates:
            templates[room] = f"body-{len(templates)}"
            doc.addPageTemplates(_body_template(templates[room], layout))
        if index:
            story += [NextPageTemplate(templates[room]), PageBreak()]
        story.append(_FormStart(index, frame, layout, on_form_start))
        story.extend(form_story)
    doc.build(story, canvasmaker=partial(_NumberedCanvas, logo=logo))
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
