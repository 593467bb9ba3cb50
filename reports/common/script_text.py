"""Text in any script, as ReportLab paragraphs and canvas strings.

ReportLab draws a string in one font and has no fallback, so a string is cut
into runs, each in the first font of the chain that has its glyphs; Arabic is
joined and put in visual order first (reports/common/rtl_text.py).
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from reports.common.font_registry import FontChain, report_fonts
from reports.common.rtl_text import has_rtl, visual_order

# Marks, spaces, punctuation and symbols stay in the font of the text around them
# when it has them, so "Nguyễn, Ánh" or "王 (さくら)" is not cut into needless runs.
_FOLLOWERS = {"M", "Z", "P", "S"}
# A hair of slack so a line broken here is not broken again by the Paragraph.
_WRAP_SLACK = 0.5


def _drawable(line: str) -> str:
    """The line in visual order, without invisible format characters (ZWJ, bidi marks)."""
    ordered = visual_order(line)
    return "".join(char for char in ordered if unicodedata.category(char) != "Cf")


def font_runs(text: str, chain: FontChain) -> list[tuple[str, str]]:
    """``text`` (already in visual order) as (font name, characters) runs."""
    runs: list[tuple[str, str]] = []
    current: str | None = None
    for char in text:
        if current and unicodedata.category(char)[0] in _FOLLOWERS and chain.has(current, char):
            font = current
        else:
            # No font has it: the main font draws its missing-glyph box, which is
            # what a reader should see rather than a silently dropped character.
            font = chain.font_for(char) or current or chain.primary
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
        current = font
    return runs


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    chain = report_fonts().chain(bold=bold)
    return sum(stringWidth(run, font, size) for font, run in font_runs(_drawable(text), chain))


def draw_string(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    bold: bool = False,
    align: str = "left",
) -> float:
    """Draw one line at baseline ``y``; ``x`` is its left, right or centre. Returns its width."""
    chain = report_fonts().chain(bold=bold)
    runs = font_runs(_drawable(text), chain)
    width = sum(stringWidth(run, font, size) for font, run in runs)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for font, run in runs:
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, font, size)
    return width


def _line_markup(line: str, chain: FontChain) -> str:
    return "".join(
        f'<font face="{font}">{escape(run)}</font>' for font, run in font_runs(line, chain)
    )


def _break_rtl(line: str, width: float, size: float, bold: bool) -> list[str]:
    """Break a line holding right-to-left text into lines that fit ``width``.

    Breaking happens in logical order, and each line is reordered on its own, so
    the first words of an Arabic sentence stay on the first line.
    """
    lines: list[str] = []
    current = ""
    for word in line.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold=bold) > width - _WRAP_SLACK:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


def script_paragraph(text: str, style, *, width: float, bold: bool = False) -> Paragraph:
    """A Paragraph of plain ``text`` (newlines kept) in whatever scripts it holds.

    ``width`` is the width it will be laid out in: lines holding right-to-left
    text are broken here, the rest by the Paragraph as usual.
    """
    chain = report_fonts().chain(bold=bold)
    lines: list[str] = []
    for line in text.split("\n"):
        if has_rtl(line):
            lines.extend(_break_rtl(line, width, style.fontSize, bold))
        else:
            lines.append(line)
    markup = "<br/>".join(_line_markup(_drawable(line), chain) for line in lines)
    return Paragraph(markup, style)
