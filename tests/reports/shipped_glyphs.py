"""What the font files shipped in reports/common/fonts hold, read with fontTools
rather than through the code under test: which characters each maps to a glyph
with ink, so a test can tell a character that should print from one that
cannot."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from fontTools.ttLib import TTFont

FONTS = files("reports.common") / "fonts"


@cache
def _shipped() -> dict[str, TTFont]:
    """Each shipped font by the PostScript name a PDF embeds it under."""
    fonts = {}
    for entry in FONTS.iterdir():
        if entry.name.endswith(".ttf"):
            with entry.open("rb") as stream:
                font = TTFont(stream)
            fonts[font["name"].getDebugName(6)] = font
    return fonts


@cache
def shipped_cmap(font_name: str) -> dict[int, str]:
    """The character map of the shipped font a PDF embeds as ``font_name``."""
    return _shipped()[font_name].getBestCmap()


@cache
def _inked(font_name: str) -> frozenset[int]:
    font = _shipped()[font_name]
    glyphs = font["glyf"]
    return frozenset(
        code
        for code, glyph in font.getBestCmap().items()
        # Simple outlines have contours; composite glyphs count -1 and have ink too.
        if glyphs[glyph].numberOfContours != 0
    )


def inked_somewhere(char: str) -> bool:
    """Whether some shipped font has a glyph with ink for ``char``."""
    return any(ord(char) in _inked(name) for name in _shipped())
