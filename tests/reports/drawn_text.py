"""What a PDF actually draws: each string shown, in which embedded font, where
on the page, and whether each glyph it used is a real outline or the
missing-glyph box.

Text extraction alone cannot tell: a character drawn as .notdef still extracts
as itself through the font's ToUnicode map. So this reads the content streams
(Tf and Tj/TJ), maps each byte through ToUnicode for the character, and looks
the byte up in the embedded font program (fontTools) for the glyph drawn. The
text and graphics state (cm, q/Q, Tm, Td, T*, ...) is followed far enough to
know each string's box on the page, from the font's advance widths.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cached_property

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


@dataclass(frozen=True)
class DrawnGlyph:
    char: str
    glyph_id: int
    has_outline: bool

    @property
    def is_real(self) -> bool:
        """Not .notdef, and visible ink unless the character is a space."""
        return self.glyph_id != 0 and (self.has_outline or self.char.isspace())


# The box a string's letters take, in em above and below the baseline: capital
# letters reach 0.72 em, descenders 0.24 em. Not the font's whole line box, which
# is taller than the leading of our paragraphs and would make every line touch.
_INK_TOP = 0.72
_INK_BOTTOM = 0.24


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: Box, *, slack: float = 0.25) -> bool:
        """Whether the two share more than ``slack`` points each way (touching is not)."""
        wide = min(self.right, other.right) - max(self.left, other.left)
        tall = min(self.top, other.top) - max(self.bottom, other.bottom)
        return wide > slack and tall > slack

    def inside(self, left: float, bottom: float, right: float, top: float) -> bool:
        slack = 0.01
        return (
            self.left >= left - slack
            and self.right <= right + slack
            and self.bottom >= bottom - slack
            and self.top <= top + slack
        )


@dataclass(frozen=True)
class DrawnRun:
    font: str  # the embedded font's name without its subset tag
    glyphs: tuple[DrawnGlyph, ...]
    box: Box | None = None  # in page coordinates (points from the bottom left)

    @property
    def text(self) -> str:
        return "".join(glyph.char for glyph in self.glyphs)


class _PdfFont:
    def __init__(self, font_dict):
        self.name = str(font_dict["/BaseFont"]).lstrip("/").split("+")[-1]
        descriptor = font_dict.get("/FontDescriptor")
        self.embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
        self._dict = font_dict

    @cached_property
    def to_unicode(self) -> dict[int, str]:
        data = self._dict["/ToUnicode"].get_object().get_data()
        mapping = {}
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
            for code, target in _BFCHAR.findall(block):
                mapping[int(code, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
        return mapping

    @cached_property
    def program(self) -> TTFont:
        descriptor = self._dict["/FontDescriptor"].get_object()
        return TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))

    @cached_property
    def code_to_glyph(self) -> dict[int, str]:
        # ReportLab's subsets map codes 0-255 with a single Macintosh (1, 0) cmap.
        return self.program["cmap"].tables[0].cmap

    @cached_property
    def widths(self) -> dict[int, float]:
        """Advance width per code, in thousandths of the font size."""
        first = int(self._dict.get("/FirstChar", 0))
        return {first + i: float(w) for i, w in enumerate(self._dict.get("/Widths", []))}

    def glyph(self, code: int) -> DrawnGlyph:
        char = self.to_unicode.get(code, "\ufffd")
        name = self.code_to_glyph.get(code, ".notdef")
        glyph_id = self.program.getGlyphID(name)
        glyph = self.program["glyf"][name]
        return DrawnGlyph(char, glyph_id, glyph.numberOfContours != 0)


def _string_bytes(operand) -> bytes:
    return operand.get_original_bytes() if hasattr(operand, "get_original_bytes") else operand


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m then n, as PDF composes matrices."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _translate(x: float, y: float) -> Matrix:
    return (1, 0, 0, 1, x, y)


class _TextState:
    """Just enough of PDF's graphics and text state to place each string."""

    def __init__(self):
        self.ctm: Matrix = _IDENTITY
        self.saved: list[Matrix] = []
        self.matrix: Matrix = _IDENTITY  # Tm
        self.line: Matrix = _IDENTITY  # Tlm
        self.font: _PdfFont | None = None
        self.size = 0.0
        self.char_space = self.word_space = self.rise = self.leading = 0.0
        self.scale = 1.0

    def move_line(self, x: float, y: float) -> None:
        self.line = self.matrix = _times(_translate(x, y), self.line)

    def show(self, raw: bytes, adjustments: list[float] | None = None) -> Box:
        """Advance over ``raw`` (one string of a Tj or TJ) and return its box."""
        start = self.matrix
        advance = 0.0
        for code in raw:
            width = self.font.widths.get(code, 0) / 1000 * self.size
            width += self.char_space + (self.word_space if code == 32 else 0)
            advance += width * self.scale
        self.matrix = _times(_translate(advance, 0), self.matrix)
        device = _times(start, self.ctm)
        low, high = self.rise - _INK_BOTTOM * self.size, self.rise + _INK_TOP * self.size
        corners = [_apply(device, x, y) for x in (0, advance) for y in (low, high)]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        return Box(min(xs), min(ys), max(xs), max(ys))

    def kern(self, amount: float) -> None:
        shift = -amount / 1000 * self.size * self.scale
        self.matrix = _times(_translate(shift, 0), self.matrix)


def drawn_runs(pdf: bytes) -> list[list[DrawnRun]]:
    """Per page, every string drawn, in content-stream order, with its box."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        fonts = {
            name: _PdfFont(ref.get_object()) for name, ref in page["/Resources"]["/Font"].items()
        }
        runs = []
        state = _TextState()
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            match operator:
                case b"q":
                    state.saved.append(state.ctm)
                case b"Q":
                    state.ctm = state.saved.pop()
                case b"cm":
                    state.ctm = _times(tuple(float(v) for v in operands), state.ctm)
                case b"BT":
                    state.matrix = state.line = _IDENTITY
                case b"Tf":
                    state.font, state.size = fonts[operands[0]], float(operands[1])
                case b"Tm":
                    state.matrix = state.line = tuple(float(v) for v in operands)
                case b"Td":
                    state.move_line(float(operands[0]), float(operands[1]))
                case b"TD":
                    state.leading = -float(operands[1])
                    state.move_line(float(operands[0]), float(operands[1]))
                case b"T*":
                    state.move_line(0, -state.leading)
                case b"TL":
                    state.leading = float(operands[0])
                case b"Tc":
                    state.char_space = float(operands[0])
                case b"Tw":
                    state.word_space = float(operands[0])
                case b"Tz":
                    state.scale = float(operands[0]) / 100
                case b"Ts":
                    state.rise = float(operands[0])
            if operator in (b"'", b'"'):
                if operator == b'"':
                    state.word_space, state.char_space = float(operands[0]), float(operands[1])
                state.move_line(0, -state.leading)
                items = [operands[-1]]
            elif operator == b"Tj":
                items = [operands[0]]
            elif operator == b"TJ":
                items = list(operands[0])
            else:
                continue
            for item in items:
                if isinstance(item, int | float):
                    state.kern(float(item))
                    continue
                raw = _string_bytes(item)
                if not raw:
                    continue
                current = state.font
                assert current is not None and current.embedded, (
                    f"text drawn in a font that is not embedded: {raw!r}"
                )
                glyphs = tuple(current.glyph(code) for code in raw)
                runs.append(DrawnRun(current.name, glyphs, state.show(raw)))
        pages.append(runs)
    return pages


def page_text(runs: list[DrawnRun]) -> str:
    return "".join(run.text for run in runs)
