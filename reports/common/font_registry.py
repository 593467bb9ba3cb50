"""The fonts shipped in reports/common/fonts/, registered with ReportLab once per process.

Each weight is a fallback chain: the first font that has a glyph for a
character draws it (reports/common/script_text.py). Fonts are read as bytes through
importlib.resources, so they are found wherever the package is installed.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# (registered name, file) in fallback order: Latin, Greek and Cyrillic first, so that
# digits and punctuation print in the main face; then Arabic; then CJK.
_REGULAR = (
    ("CaseDesk-Sans", "NotoSans-Regular.ttf"),
    ("CaseDesk-Arabic", "NotoSansArabic-Regular.ttf"),
    ("CaseDesk-CJK", "DroidSansFallback.ttf"),
)
_BOLD = (
    ("CaseDesk-Sans-Bold", "NotoSans-Bold.ttf"),
    ("CaseDesk-Arabic-Bold", "NotoSansArabic-Bold.ttf"),
    # Droid Sans Fallback has no bold: bold CJK prints in the regular weight.
    ("CaseDesk-CJK", "DroidSansFallback.ttf"),
)


@dataclass(frozen=True)
class FontChain:
    """Registered font names in fallback order, each with the characters it maps."""

    names: tuple[str, ...]
    coverage: tuple[Mapping[int, int], ...]

    @property
    def primary(self) -> str:
        return self.names[0]

    def font_for(self, char: str) -> str | None:
        """The first font of the chain with a glyph for ``char``, or None."""
        code = ord(char)
        for name, mapped in zip(self.names, self.coverage, strict=True):
            if code in mapped:
                return name
        return None

    def has(self, name: str, char: str) -> bool:
        return ord(char) in self.coverage[self.names.index(name)]


@dataclass(frozen=True)
class ReportFonts:
    regular: FontChain
    bold: FontChain

    def chain(self, *, bold: bool = False) -> FontChain:
        return self.bold if bold else self.regular


def _register(name: str, filename: str) -> TTFont:
    if name in pdfmetrics.getRegisteredFontNames():
        return pdfmetrics.getFont(name)
    data = (files("reports.common") / "fonts" / filename).read_bytes()
    font = TTFont(name, io.BytesIO(data))
    pdfmetrics.registerFont(font)
    return font


def _chain(entries: tuple[tuple[str, str], ...]) -> FontChain:
    fonts = [_register(name, filename) for name, filename in entries]
    # charToGlyph is the font's cmap; it is read to pick fonts, never changed here.
    return FontChain(
        names=tuple(font.fontName for font in fonts),
        coverage=tuple(font.face.charToGlyph for font in fonts),
    )


@cache
def report_fonts() -> ReportFonts:
    """Register the shipped fonts (parsing them takes a few tenths of a second, once)."""
    return ReportFonts(regular=_chain(_REGULAR), bold=_chain(_BOLD))
