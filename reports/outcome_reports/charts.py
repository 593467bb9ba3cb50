"""The outcome report's charts, defined once as ReportLab drawings: the PDF draws them
as vectors and the Reports page shows the same drawing as SVG (``svg_bytes``).

Two kinds: horizontal bars (one series, grouped or stacked series) and lines over
time. Colours are Okabe-Ito's, told apart with any common colour-vision
deficiency; every bar carries its value, so a chart reads in black and white too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from domain.outcome_reports.figures import LATE_NOTE_DAYS, OutcomeReport
from reports.common.font_registry import report_fonts

WIDTH = 500.0
BLUE, VERMILLION, GREEN = "#0072B2", "#D55E00", "#009E73"
PINK, ORANGE, SKY, GREY = "#CC79A7", "#E69F00", "#56B4E9", "#8c8c8c"
INK, MUTED, GRID = (
    colors.HexColor("#1f2a33"),
    colors.HexColor("#5b6770"),
    colors.HexColor("#d9dee2"),
)
MAX_BARS = 20  # categories in one bar chart; the table holds the rest

_TITLE_SIZE, _TEXT_SIZE, _SMALL = 10.0, 8.0, 7.0
_BAND = 15.0  # one category's height with one series
_BAR_GAP = 4.0
_PAD = 6.0


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    colour: str


def _font(text: str, *, bold: bool = False) -> str:
    """The shipped font that draws every character of ``text`` (a label is one string,
    so one font): the main face when it can, else the first of the chain that can."""
    chain = report_fonts().chain(bold=bold)
    for name, mapped in zip(chain.names, chain.coverage, strict=True):
        if name in chain.symbol_fonts:
            break
        if all(ord(char) in mapped or char.isspace() for char in text):
            return name
    return chain.primary


def _text(x, y, text, *, size=_TEXT_SIZE, bold=False, anchor="start", colour=INK) -> String:
    return String(
        x,
        y,
        text,
        fontName=_font(text, bold=bold),
        fontSize=size,
        textAnchor=anchor,
        fillColor=colour,
    )


def _width(text: str, size: float = _TEXT_SIZE, bold: bool = False) -> float:
    return stringWidth(text, _font(text, bold=bold), size)


def _fit(text: str, room: float, size: float = _TEXT_SIZE) -> str:
    """``text`` cut with an ellipsis to fit ``room`` points."""
    if _width(text, size) <= room:
        return text
    while text and _width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def nice_top(largest: float) -> tuple[float, float]:
    """An axis end at or above ``largest`` and its tick step (1, 2 or 5 times a power of ten)."""
    if largest <= 0:
        return 1.0, 1.0
    raw = largest / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if step < 1 and largest >= 1:
        step = 1.0
    return math.ceil(largest / step - 1e-9) * step, step


def _number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}" if decimals else f"{round(value):,}"


def _header(drawing: Drawing, top: float, title: str, series: Sequence[Series]) -> float:
    """Title and legend from ``top`` down; returns where the plot may start."""
    drawing.add(_text(0, top - _TITLE_SIZE, title, size=_TITLE_SIZE, bold=True))
    y = top - _TITLE_SIZE - 8
    if len(series) > 1:
        x = 0.0
        for s in series:
            drawing.add(Rect(x, y - 7, 8, 8, fillColor=colors.HexColor(s.colour), strokeColor=None))
            drawing.add(_text(x + 11, y - 6, s.name, size=_SMALL))
            x += 11 + _width(s.name, _SMALL) + 14
        y -= 14
    return y - 4


def empty_chart(title: str, message: str, width: float = WIDTH) -> Drawing:
    drawing = Drawing(width, 44)
    _header(drawing, 44, title, ())
    drawing.add(_text(0, 8, message, colour=MUTED))
    return drawing


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    decimals: int = 0,
    top: float | None = None,
    unit: str = "",
    reference: float | None = None,
    reference_label: str = "",
    width: float = WIDTH,
    empty: str = "Nothing to chart for this period.",
) -> Drawing:
    """Horizontal bars, a row per category: one series, several side by side, or
    several ``stacked`` into one bar (``top`` fixes the axis end, 100 for shares)."""
    if not categories or not any(v for s in series for v in s.values if v):
        return empty_chart(title, empty, width)
    per_row = 1 if stacked or len(series) == 1 else len(series)
    bar = _BAND - _BAR_GAP if per_row == 1 else 9.0
    band = per_row * bar + _BAR_GAP + (0 if per_row == 1 else 3)
    legend = 14 if len(series) > 1 else 0
    plot_height = band * len(categories)
    height = _TITLE_SIZE + 12 + legend + plot_height + 24
    drawing = Drawing(width, height)
    plot_top = _header(drawing, height, title, series)
    label_room = min(max(_width(c) for c in categories) + _PAD, width * 0.38)
    left, right = label_room + _PAD, width - 34
    totals = [
        sum(s.values[i] or 0 for s in series) if stacked else max(s.values[i] or 0 for s in series)
        for i in range(len(categories))
    ]
    end, step = (top, top / 4) if top else nice_top(max([*totals, reference or 0]))
    scale = (right - left) / end
    bottom = plot_top - plot_height
    # grid and axis
    tick = 0.0
    while tick <= end + 1e-9:
        x = left + tick * scale
        drawing.add(Line(x, bottom, x, plot_top, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(
            _text(
                x,
                bottom - 10,
                _number(tick, 0 if step >= 1 else 1) + unit,
                size=_SMALL,
                anchor="middle",
                colour=MUTED,
            )
        )
        tick += step
    drawing.add(Line(left, bottom, left, plot_top, strokeColor=MUTED, strokeWidth=0.7))
    for row, category in enumerate(categories):
        band_top = plot_top - row * band
        centre = band_top - band / 2
        drawing.add(_text(label_room, centre - 3, _fit(category, label_room - 2), anchor="end"))
        x = left
        for n, s in enumerate(series):
            value = s.values[row]
            if value is None:
                continue
            y = (
                band_top - _BAR_GAP / 2 - bar
                if stacked or per_row == 1
                else (band_top - _BAR_GAP / 2 - (n + 1) * bar)
            )
            length = value * scale
            start = x if stacked else left
            if length > 0:
                drawing.add(
                    Rect(
                        start,
                        y,
                        length,
                        bar - 1,
                        fillColor=colors.HexColor(s.colour),
                        strokeColor=None,
                    )
                )
            if not stacked:
                drawing.add(
                    _text(
                        start + length + 3,
                        y + bar / 2 - 3.5,
                        _number(value, decimals) + unit,
                        size=_SMALL,
                        colour=INK,
                    )
                )
            x += length if stacked else 0
        if stacked and top is None:
            drawing.add(
                _text(x + 3, centre - 3, _number(totals[row], decimals) + unit, size=_SMALL)
            )
        elif stacked:  # shares: each segment says its part where it has room
            x = left
            for s in series:
                value = s.values[row] or 0
                label = _number(value, decimals) + unit
                if value * scale > _width(label, _SMALL) + 4:
                    drawing.add(
                        _text(
                            x + value * scale / 2,
                            centre - 3,
                            label,
                            size=_SMALL,
                            anchor="middle",
                            colour=colors.white,
                        )
                    )
                x += value * scale
    if reference is not None and reference <= end:
        x = left + reference * scale
        drawing.add(
            Line(
                x,
                bottom,
                x,
                plot_top + 2,
                strokeColor=VERMILLION_INK,
                strokeWidth=1,
                strokeDashArray=(3, 2),
            )
        )
        drawing.add(_text(x + 2, plot_top + 3, reference_label, size=_SMALL, colour=VERMILLION_INK))
    return drawing


VERMILLION_INK = colors.HexColor("#a33c00")


def _month_label(day: date) -> str:
    return f"{day:%b} {day.year}" if day.month == 1 else f"{day:%b}"


def line_chart(
    title: str,
    days: Sequence[date],
    background: Sequence[tuple[float, ...]],
    highlighted: Sequence[Series],
    *,
    background_name: str = "",
    width: float = WIDTH,
    height: float = 190.0,
    empty: str = "Nothing to chart for this period.",
) -> Drawing:
    """Lines over time: thin grey ``background`` lines (each caseworker) under the
    ``highlighted`` ones, dates at their true distance apart."""
    if not days or not (background or highlighted):
        return empty_chart(title, empty, width)
    legend = [*highlighted]
    if background and background_name:
        legend.append(Series(background_name, (), GREY))
    drawing = Drawing(width, height)
    plot_top = _header(drawing, height, title, legend if len(legend) > 1 else ())
    if len(legend) == 1:  # one line: say what it is under the title
        drawing.add(_text(0, plot_top - 2, legend[0].name, size=_SMALL, colour=MUTED))
        plot_top -= 10
    values = [v for line in background for v in line] + [
        v for s in highlighted for v in s.values if v is not None
    ]
    end, step = nice_top(max(values or [0]))
    left, right, bottom = 30.0, width - 10, 22.0
    scale = (plot_top - bottom) / end
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return left + (right - left) * ((day - first).days / span if len(days) > 1 else 0.5)

    tick = 0.0
    while tick <= end + 1e-9:
        y = bottom + tick * scale
        drawing.add(Line(left, y, right, y, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(
            _text(left - 4, y - 3, _number(tick, 0), size=_SMALL, anchor="end", colour=MUTED)
        )
        tick += step
    weekly = len(days) > 1 and (days[1] - days[0]) <= timedelta(days=7)
    shown = max(1, math.ceil(len(days) / 12))
    for n, day in enumerate(days):
        if n % shown and n != len(days) - 1:
            continue
        label = f"{day:%m/%d}" if weekly else _month_label(day)
        drawing.add(
            _text(x_of(day), bottom - 11, label, size=_SMALL, anchor="middle", colour=MUTED)
        )
    drawing.add(Line(left, bottom, right, bottom, strokeColor=MUTED, strokeWidth=0.7))

    def draw(points: Sequence[float | None], colour, stroke: float) -> None:
        run: list[float] = []
        for day, value in zip(days, points, strict=True):
            if value is None:
                if len(run) > 2:
                    drawing.add(PolyLine(run, strokeColor=colour, strokeWidth=stroke))
                run = []
                continue
            run += [x_of(day), bottom + value * scale]
        if len(run) > 2:
            drawing.add(PolyLine(run, strokeColor=colour, strokeWidth=stroke))
        elif len(run) == 2:
            drawing.add(Rect(run[0] - 1.5, run[1] - 1.5, 3, 3, fillColor=colour, strokeColor=None))

    for line in background:
        draw(line, colors.HexColor("#c4c9cd"), 0.6)
    for s in highlighted:
        draw(s.values, colors.HexColor(s.colour), 2.0)
    return drawing


# --- the report's charts ------------------------------------------------------------


def _top(items: Sequence, key, limit: int = MAX_BARS) -> tuple[list, str]:
    """At most ``limit`` items, the largest by ``key`` first; and a note when cut."""
    if len(items) <= limit:
        return list(items), ""
    return sorted(items, key=key, reverse=True)[:limit], f" ({limit} of {len(items)})"


def section_charts(
    report: OutcomeReport, section: str, width: float = WIDTH
) -> tuple[Drawing, ...]:
    return _CHARTS[section](report, width)


def _clients_chart(report: OutcomeReport, width: float) -> tuple[Drawing, ...]:
    c = report.clients
    return (
        bar_chart(
            f"Clients served: {c.served:,}",
            ("New", "Returning", "Continuing"),
            (Series("Clients", (c.new, c.returning, c.continuing), BLUE),),
            width=width,
        ),
    )


def _cases_chart(report: OutcomeReport, width: float) -> tuple[Drawing, ...]:
    flow = report.cases
    charts = [
        bar_chart(
            "Cases opened and closed",
            ("Opened", "Closed"),
            (Series("Cases", (flow.opened, flow.closed), BLUE),),
            width=width,
        )
    ]
    reasons = [c for c in flow.by_reason if c.count]
    charts.append(
        bar_chart(
            "Cases closed, by reason",
            [c.label for c in reasons],
            (Series("Cases", tuple(c.count for c in reasons), VERMILLION),),
            width=width,
            empty="No case closed in this period.",
        )
    )
    groups = [c for c in flow.destination_groups() if c.count]
    charts.append(
        bar_chart(
            "Cases closed, by kind of destination at exit",
            [c.label or "Not recorded" for c in groups],
            (Series("Cases", tuple(c.count for c in groups), GREEN),),
            width=width,
            empty="No case closed in this period.",
        )
    )
    return tuple(charts)


def _assessments_chart(report: OutcomeReport, width: float) -> tuple[Drawing, ...]:
    rows = report.assessments
    return (
        bar_chart(
            "Clients improved, unchanged and worsened, by life domain",
            [f"{d.domain.label} ({d.clients})" for d in rows],
            (
                Series("Improved", tuple(100 * d.share(d.improved) for d in rows), GREEN),
                Series("Unchanged", tuple(100 * d.share(d.unchanged) for d in rows), GREY),
                Series("Worsened", tuple(100 * d.share(d.worsened) for d in rows), VERMILLION),
            ),
            stacked=True,
            top=100,
            unit="%",
            width=width,
            empty="No client was assessed twice with the latest in this period.",
        ),
    )


def _goals_chart(report: OutcomeReport, width: float) -> tuple[Drawing, ...]:
    rows = report.goals.by_domain
    return (
        bar_chart(
            "Plan goals by status and life domain",
            [g.domain.label for g in rows if g.domain is not None],
            (
                Series("Achieved", tuple(g.achieved for g in rows), GREEN),
                Series("Not achieved", tuple(g.not_achieved for g in rows), VERMILLION),
                Series("In progress", tuple(g.in_progress for g in rows), BLUE),
                Series("Not started", tuple(g.not_started for g in rows), SKY),
                Series("Discontinued", tuple(g.discontinued for g in rows), GREY),
            ),
            stacked=True,
            width=width,
            empty="No plan goal on the cases of this period.",
        ),
    )


def _referrals_chart(report: OutcomeReport, width: float) -> tuple[Drawing, ...]:
    r = report.referrals
    outcomes = bar_chart(
        f"Referrals sent: {r.sent:,}, by outcome",
        [c.label for c in r.by_outcome],
        (Series("Referrals", tuple(c.count for c in r.by_outcome), BLUE),),
        width=width,
        empty="No referral sent in this period.",
    )
    shown, cut = _top(list(r.by_resource), key=lambda t: t.referrals)
    times = bar_chart(
        "Median days to an answer and to completion, per resource" + cut,
        [t.resource_name for t in shown],
        (
            Series("To an answer", tuple(t.median_days_to_answer for t in shown), ORANGE),
            Series("To completion", tuple(t.median_days_to_completion for t in shown), GREEN),
        ),
        decimals=1,
        width=width,
        empty="No resource answered a referral of this period.",
    )
    return outcomes, times


def _documentation_chart(report: OutcomeReport, width: float) -> tuple[Drawing, ...]:
    rows = [row for row in report.documentation.rows if row.signed]
    shown, cut = _top(rows, key=lambda row: (row.median_days or 0, row.p90_days or 0))
    if cut:
        cut = f" ({len(shown)} of {len(rows)}, the slowest)"
    return (
        bar_chart(
            "Days from contact to signed note" + cut,
            [row.name for row in shown],
            (
                Series("Median", tuple(row.median_days for row in shown), BLUE),
                Series("90th percentile", tuple(row.p90_days for row in shown), PINK),
            ),
            decimals=1,
            reference=LATE_NOTE_DAYS,
            reference_label=f"{LATE_NOTE_DAYS} days",
            width=width,
            empty="No note about a contact in this period was signed.",
        ),
    )


def _caseloads_chart(report: OutcomeReport, width: float) -> tuple[Drawing, ...]:
    series = report.caseloads
    if report.scope.is_office:
        background = [line.counts for line in series.lines]
        highlighted = (Series("Median caseload", series.median_per_day(), BLUE),)
        name = "Each caseworker"
    else:
        background = []
        highlighted = tuple(Series(line.name, line.counts, BLUE) for line in series.lines)
        name = ""
    return (
        line_chart(
            "Open cases per caseworker",
            series.days,
            background,
            highlighted,
            background_name=name,
            width=width,
            empty="No case was open in this period.",
        ),
    )


def _consents_chart(report: OutcomeReport, width: float) -> tuple[Drawing, ...]:
    c = report.consents
    weeks = []
    start = c.from_on
    while start <= c.until:
        weeks.append((start, min(start + timedelta(days=6), c.until)))
        start += timedelta(days=7)
    kinds = sorted({e.kind for e in c.consents}, key=lambda k: k.value)
    palette = (BLUE, ORANGE, PINK)
    return (
        bar_chart(
            f"Consents expiring by week: {len(c.consents):,}",
            [f"{a:%m/%d}–{b:%m/%d}" for a, b in weeks],
            tuple(
                Series(
                    kind.label,
                    tuple(
                        sum(1 for e in c.consents if e.kind is kind and a <= e.expires_on <= b)
                        for a, b in weeks
                    ),
                    palette[n % len(palette)],
                )
                for n, kind in enumerate(kinds)
            ),
            stacked=True,
            width=width,
            empty="No consent expires in the next 30 days.",
        ),
    )


_CHARTS = {
    "clients": _clients_chart,
    "cases": _cases_chart,
    "assessments": _assessments_chart,
    "goals": _goals_chart,
    "referrals": _referrals_chart,
    "documentation": _documentation_chart,
    "caseloads": _caseloads_chart,
    "consents": _consents_chart,
}

# --- on screen --------------------------------------------------------------------------

_FAMILY = re.compile(r"font-family: CaseDesk-([A-Za-z0-9]+?)(-Bold)?;")
# ReportLab clips the drawing to its own box; Qt's SVG renderer (SVG Tiny) knows no
# clipPath and would paint the clip's rectangle black. Nothing is drawn outside it.
_CLIP = re.compile(r"\s*<clipPath id=\"clip\">.*?</clipPath>", re.S)
_FAMILIES = {
    "Sans": "Noto Sans",
    "Arabic": "Noto Sans Arabic",
    "Hebrew": "Noto Sans Hebrew",
    "CJK": "Droid Sans Fallback",
}


def svg_bytes(drawing: Drawing) -> bytes:
    """The drawing as SVG for the screen, its fonts named by their families (the page
    loads the same shipped files into Qt), bold said as a weight."""
    text = _CLIP.sub("", renderSVG.drawToString(drawing))
    text = text.replace(' style="clip-path: url(#clip)"', "")
    # ReportLab writes an absent fill as "None", which SVG readers take for black.
    text = text.replace("fill: None;", "fill: none;").replace("stroke: None;", "stroke: none;")

    def family(match: re.Match) -> str:
        weight = " font-weight: bold;" if match.group(2) else ""
        return f"font-family: {_FAMILIES.get(match.group(1), 'Noto Sans')};{weight}"

    return _FAMILY.sub(family, text).encode("utf-8")
