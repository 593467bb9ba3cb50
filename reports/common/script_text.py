"""Text in any script, as ReportLab paragraphs and canvas strings.

ReportLab draws a string in one font and has no fallback, so a string is cut
into runs, each in the first font of the chain that has its glyphs; Arabic and
Hebrew are joined and put in visual order first (reports/common/rtl_text.py).

Every character a person typed prints, or is seen not to: one that no shipped
font has is drawn as the replacement mark (U+FFFD), and the canvas is told
through its ``UNDRAWABLE_CALLBACK`` so that the page can say what the mark means
(reports/common/page_frame.py). What has no ink of its own is not drawn: the
joiners and variation selectors inside emoji and Persian words, and a skin-tone
modifier after its emoji, since a colour-free print has no tone to give it.

ReportLab breaks a paragraph's lines only at spaces, after reordering: it would
run a Chinese name, written without spaces, off the page, and put the first
words of an Arabic sentence on its last line. Such lines are broken here, as are
the header's and footer's names (fit_lines).
"""

from __future__ import annotations

import unicodedata
from itertools import accumulate
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from reports.common.font_registry import FontChain, report_fonts
from reports.common.rtl_text import has_rtl, visual_order

REPLACEMENT = "\ufffd"
# The name a canvas registers (setNamedCB) to hear of each replacement it draws.
UNDRAWABLE_CALLBACK = "casedesk_undrawable"

# Marks, spaces, punctuation and symbols stay in the font of the text around them
# when it has them, so "Nguyễn, Ánh" or "王 (さくら)" is not cut into needless runs.
_FOLLOWERS = {"M", "Z", "P", "S"}
# An emoji or symbol font's space is as wide as its emoji: text around it keeps its own.
_SYMBOL_FOLLOWERS = {"M", "S"}
# A hair of slack so a line broken here is not broken again by the Paragraph.
_WRAP_SLACK = 0.5
_LINE_SEPARATORS = ("\u2028", "\u2029")
_ZWJ = "\u200d"
_SKIN_TONES = range(0x1F3FB, 0x1F400)
# Unicode's default-ignorable characters that the app accepts in text (the others
# are format characters, category Cf, dropped as such): the combining grapheme
# joiner, Hangul fillers, Khmer inherent vowels, Mongolian and emoji variation
# selectors. A renderer shows none of them.
_IGNORABLE = frozenset(
    {
        *(0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0),
        *range(0x180B, 0x1810),
        *range(0xFE00, 0xFE10),
        *range(0xE0100, 0xE01F0),
    }
)
# A line may break before or after a character of these East Asian widths: Chinese,
# Japanese and Korean are written without spaces between words.
_WIDE = {"W", "F"}


def _drops(char: str, previous: str | None) -> bool:
    if ord(char) in _IGNORABLE:
        return True
    # After its emoji (a symbol), a skin-tone modifier only colours it.
    after_emoji = previous is not None and unicodedata.category(previous) == "So"
    return ord(char) in _SKIN_TONES and after_emoji


def _kept(line: str) -> list[tuple[int, str]]:
    """The characters of ``line`` that are drawn or shape those that are, by position."""
    kept: list[tuple[int, str]] = []
    previous = None  # the last character kept that is not a joiner
    for index, char in enumerate(line):
        if _drops(char, previous):
            continue
        kept.append((index, " " if char in _LINE_SEPARATORS or char == "\t" else char))
        if unicodedata.category(char) != "Cf":
            previous = kept[-1][1]
    return kept


def printable(line: str) -> str:
    """One line as drawn, left to right, without the characters that have no ink."""
    # Joiners shape Arabic and Persian letters, so they go only after reordering.
    ordered = visual_order("".join(char for _, char in _kept(line)))
    return "".join(char for char in ordered if unicodedata.category(char) != "Cf")


def font_runs(text: str, chain: FontChain) -> list[tuple[str, str]]:
    """``text`` (already printable) as (font name, characters) runs.

    A character that no font of the chain has becomes REPLACEMENT (a space that
    none has, a plain space).
    """
    runs: list[tuple[str, str]] = []
    current: str | None = None
    for char in text:
        followers = _SYMBOL_FOLLOWERS if current in chain.symbol_fonts else _FOLLOWERS
        if current and unicodedata.category(char)[0] in followers and chain.has(current, char):
            font = current
        else:
            font = chain.font_for(char)
            if font is None:
                char = " " if char.isspace() else REPLACEMENT
                font = current if current and chain.has(current, char) else chain.primary
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
        current = font
    return runs


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    chain = report_fonts().chain(bold=bold)
    return sum(stringWidth(run, font, size) for font, run in font_runs(printable(text), chain))


def _tell_undrawable(canvas: Canvas) -> None:
    callback = canvas.getNamedCB(UNDRAWABLE_CALLBACK)
    if callback is not None:
        callback(canvas, "onDraw", None)


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
    runs = font_runs(printable(text), chain)
    width = sum(stringWidth(run, font, size) for font, run in runs)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for font, run in runs:
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, font, size)
    if any(REPLACEMENT in run for _, run in runs):
        _tell_undrawable(canvas)
    return width


def _break_before(char: str, previous: str) -> bool:
    """Whether a line may break between ``previous`` and ``char`` inside a word."""
    if unicodedata.category(char)[0] in "MP" or ord(char) in _IGNORABLE or previous == _ZWJ:
        return False  # a mark or punctuation stays with what it follows
    wide = unicodedata.east_asian_width
    return wide(char) in _WIDE or wide(previous) in _WIDE


def _pieces(line: str) -> list[tuple[int, int]]:
    """Where ``line`` may break: after spaces, and around East Asian characters.

    Each piece, as (start, end), carries the spaces that follow it.
    """
    starts = [0] if line else []
    for index in range(1, len(line)):
        char, previous = line[index], line[index - 1]
        if char.isspace():
            continue
        if previous.isspace() or _break_before(char, previous):
            starts.append(index)
    return list(zip(starts, [*starts[1:], len(line)], strict=True))


def _clusters(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """A word too long for a line, cut between characters that may stand apart."""
    starts = [start]
    for index in range(start + 1, end):
        char = line[index]
        joined = unicodedata.category(char)[0] == "M" or ord(char) in _IGNORABLE
        joined = joined or char == _ZWJ or ord(char) in _SKIN_TONES or line[index - 1] == _ZWJ
        if not joined:
            starts.append(index)
    return list(zip(starts, [*starts[1:], end], strict=True))


def _measure(line: str, size: float, bold: bool):
    """A function giving the drawn width of ``line[start:end]``.

    Without right-to-left text, each character keeps its width wherever the line
    is cut, so the line is measured once; Arabic letters change shape with their
    neighbours, so each part of such a line is measured as drawn.
    """
    if has_rtl(line):
        return lambda start, end: text_width(line[start:end], size, bold=bold)
    widths = [0.0] * len(line)
    drawn = [(index, char) for index, char in _kept(line) if unicodedata.category(char) != "Cf"]
    chain = report_fonts().chain(bold=bold)
    position = 0
    for font, run in font_runs("".join(char for _, char in drawn), chain):
        for char in run:
            widths[drawn[position][0]] = stringWidth(char, font, size)
            position += 1
    sums = [0.0, *accumulate(widths)]
    return lambda start, end: sums[end] - sums[start]


def wrap_lines(line: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """One line of text broken into lines no wider than ``width``, in logical order.

    Breaking happens before reordering, and each line is reordered on its own, so
    the first words of an Arabic sentence stay on the first line. A word wider
    than ``width`` is cut between characters.
    """
    limit = width - _WRAP_SLACK
    measure = _measure(line, size, bold)
    if measure(0, len(line)) <= limit:
        return [line]
    lines: list[str] = []
    start = end = 0  # the line being filled, line[start:end]
    filled = 0.0

    def add(piece_start: int, piece_end: int) -> None:
        nonlocal start, end, filled
        word_end = piece_start + len(line[piece_start:piece_end].rstrip())
        inked = measure(piece_start, word_end)
        if end > start and filled + inked > limit:
            lines.append(line[start:end].rstrip())
            start = end = piece_start
            filled = 0.0
        clusters = _clusters(line, piece_start, piece_end) if end == start else []
        if inked > limit and len(clusters) > 1:
            for cluster in clusters:
                add(*cluster)
            return
        end = piece_end
        filled += measure(piece_start, piece_end)

    for piece in _pieces(line):
        add(*piece)
    lines.append(line[start:end].rstrip())
    return lines


def fit_lines(
    text: str, width: float, *, size: float, smallest: float, bold: bool = False
) -> tuple[float, list[str]]:
    """``text`` at ``size``, made smaller (down to ``smallest``) to keep it on one
    line of ``width``; wrapped at ``smallest`` when even that is too wide.

    Returns the size and the lines, in logical order.
    """
    at_one_point = text_width(text, 1, bold=bold)  # widths grow with size exactly
    fitting = width / at_one_point if at_one_point else size
    if fitting >= smallest:
        return min(size, int(fitting * 4) / 4), [text]
    return smallest, wrap_lines(text, width, smallest, bold=bold)


def logical_lines(text: str) -> list[str]:
    """``text`` cut at its line breaks, including Unicode's line and paragraph separators."""
    for separator in _LINE_SEPARATORS:
        text = text.replace(separator, "\n")
    return text.split("\n")


_MARK_HEARD = f'<onDraw name="{UNDRAWABLE_CALLBACK}" label="mark"/>'


def _line_markup(line: str, chain: FontChain) -> str:
    parts = []
    for font, run in font_runs(line, chain):
        # Each mark is heard by the canvas as it is drawn, on whichever page that is.
        pieces = [f'<font face="{font}">{escape(piece)}</font>' for piece in run.split(REPLACEMENT)]
        parts.append(f'{_MARK_HEARD}<font face="{font}">{REPLACEMENT}</font>'.join(pieces))
    return "".join(parts)


def script_paragraph(text: str, style, *, width: float, bold: bool = False) -> Paragraph:
    """A Paragraph of plain ``text`` (newlines kept) in whatever scripts it holds.

    ``width`` is the width it will be laid out in: lines that ReportLab would break
    wrongly (right-to-left text, Chinese written without spaces, a word longer
    than a line) are broken here.
    A paragraph holding a replacement mark must be drawn on a canvas that has
    registered UNDRAWABLE_CALLBACK (every page of reports/common/page_frame.py does).
    """
    chain = report_fonts().chain(bold=bold)
    size = style.fontSize
    lines: list[str] = []
    for line in logical_lines(text):
        if _breaks_at_spaces(line, width, size, bold):
            lines.append(line)  # the Paragraph breaks it as well, and faster
        else:
            lines.extend(wrap_lines(line, width, size, bold=bold))
    markup = "<br/>".join(_line_markup(printable(line), chain) for line in lines)
    return Paragraph(markup, style)


# No character is wider than this many times its size (emoji are the widest we ship).
_WIDEST = 1.3


def _breaks_at_spaces(line: str, width: float, size: float, bold: bool) -> bool:
    """Whether breaking ``line`` at its spaces alone is right: no right-to-left text,
    no East Asian script, no word longer than ``width``."""
    if has_rtl(line) or any(unicodedata.east_asian_width(char) in _WIDE for char in line):
        return False
    limit = width - _WRAP_SLACK
    return all(
        len(word) * size * _WIDEST <= limit or text_width(word, size, bold=bold) <= limit
        for word in line.split()
    )
