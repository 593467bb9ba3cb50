"""The fonts shipped in reports/common/fonts/, registered with ReportLab once per process.

Each weight is a fallback chain: the first font that has a glyph for a
character draws it (reports/common/script_text.py). Fonts are read as bytes through
importlib.resources, so they are found wherever the package is installed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# (registered name, file) in fallback order: Latin, Greek and Cyrillic first, so that
# digits and punctuation print in the main face; then the other scripts of names;
# then emoji, then symbols and mathematics, for what people type in notes.
_SYMBOLS = (
    ("CaseDesk-Emoji", "NotoEmoji-Regular.ttf"),
    ("CaseDesk-Symbols", "NotoSansSymbols-Regular.ttf"),
    ("CaseDesk-Symbols2", "NotoSansSymbols2-Regular.ttf"),
    ("CaseDesk-Math", "NotoSansMath-Regular.ttf"),
)
_REGULAR = (
    ("CaseDesk-Sans", "NotoSans-Regular.ttf"),
    ("CaseDesk-Arabic", "NotoSansArabic-Regular.ttf"),
    ("CaseDesk-Hebrew", "NotoSansHebrew-Regular.ttf"),
    ("CaseDesk-CJK", "DroidSansFallback.ttf"),
    *_SYMBOLS,
)
_BOLD = (
    ("CaseDesk-Sans-Bold", "NotoSans-Bold.ttf"),
    ("CaseDesk-Arabic-Bold", "NotoSansArabic-Bold.ttf"),
    ("CaseDesk-Hebrew-Bold", "NotoSansHebrew-Bold.ttf"),
    # Droid Sans Fallback, the emoji and the symbol fonts have no bold: they print
    # in the regular weight.
    ("CaseDesk-CJK", "DroidSansFallback.ttf"),
    *_SYMBOLS,
)


@dataclass(frozen=True)
class FontChain:
    """Registered font names in fallback order, each with the characters it maps."""

    names: tuple[str, ...]
    coverage: tuple[Mapping[int, int], ...]
    # Fonts of emoji and symbols, whose spaces and punctuation are not made for text.
    symbol_fonts: frozenset[str] = frozenset()

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


_TO_UNICODE = "toUnicodeCMap:"  # how ReportLab names each subset's ToUnicode map
_ASTRAL_TARGET = re.compile(r"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>$", re.MULTILINE)


def _as_utf16(match: re.Match) -> str:
    return f"{match.group(1)}<{chr(int(match.group(2), 16)).encode('utf-16-be').hex().upper()}>"


class _EmbeddedFont(TTFont):
    """A TrueType font whose emoji copy out of the PDF as emoji.

    A subset's ToUnicode map tells a viewer which character each glyph is, in
    UTF-16. ReportLab writes a character beyond U+FFFF as plain hex (<1F600>),
    which viewers misread when text is copied or searched; the maps are mended to
    surrogate pairs (<D83DDE00>) once ReportLab has made them.
    """

    def addObjects(self, doc):
        super().addObjects(doc)
        own = f"+{self.face.name.decode('latin-1')}"  # each subset is "AAAAAA+<font name>"
        for key, stream in doc.idToObject.items():
            if key.startswith(_TO_UNICODE) and key.endswith(own):
                stream.content = _ASTRAL_TARGET.sub(_as_utf16, stream.content)


def _register(name: str, filename: str) -> TTFont:
    if name in pdfmetrics.getRegisteredFontNames():
        return pdfmetrics.getFont(name)
    data = (files("reports.common") / "fonts" / filename).read_bytes()
    font = _EmbeddedFont(name, io.BytesIO(data))
    pdfmetrics.registerFont(font)
    return font


def _inked(font: TTFont) -> dict[int, int]:
    """The characters ``font`` draws: its cmap, less those mapped to an empty glyph.

    Some fonts map characters they do not really have to an outline-less glyph;
    such a character would print as a gap, so another font (or the replacement
    mark) must draw it. Spaces have no outline by nature and stay.
    """
    face = font.face
    offsets = face.glyphPos  # the loca table: a glyph without outline has no bytes
    return {
        code: glyph
        for code, glyph in face.charToGlyph.items()
        if offsets[glyph + 1] > offsets[glyph] or chr(code).isspace()
    }


def _chain(entries: tuple[tuple[str, str], ...]) -> FontChain:
    fonts = [_register(name, filename) for name, filename in entries]
    return FontChain(
        names=tuple(font.fontName for font in fonts),
        coverage=tuple(_inked(font) for font in fonts),
        symbol_fonts=frozenset(name for name, _ in _SYMBOLS),
    )


@cache
def report_fonts() -> ReportFonts:
    """Register the shipped fonts (parsing them takes a few tenths of a second, once)."""
    return ReportFonts(regular=_chain(_REGULAR), bold=_chain(_BOLD))
