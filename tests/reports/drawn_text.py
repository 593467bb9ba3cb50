"""What a PDF actually draws: each string shown, in which embedded font, and
whether each glyph it used is a real outline or the missing-glyph box.

Text extraction alone cannot tell: a character drawn as .notdef still extracts
as itself through the font's ToUnicode map. So this reads the content streams
(Tf and Tj/TJ), maps each byte through ToUnicode for the character, and looks
the byte up in the embedded font program (fontTools) for the glyph drawn.
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


@dataclass(frozen=True)
class DrawnRun:
    font: str  # the embedded font's name without its subset tag
    glyphs: tuple[DrawnGlyph, ...]

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

    def glyph(self, code: int) -> DrawnGlyph:
        char = self.to_unicode.get(code, "\ufffd")
        name = self.code_to_glyph.get(code, ".notdef")
        glyph_id = self.program.getGlyphID(name)
        glyph = self.program["glyf"][name]
        return DrawnGlyph(char, glyph_id, glyph.numberOfContours != 0)


def _string_bytes(operand) -> bytes:
    return operand.get_original_bytes() if hasattr(operand, "get_original_bytes") else operand


def drawn_runs(pdf: bytes) -> list[list[DrawnRun]]:
    """Per page, every string drawn, in content-stream order."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        fonts = {
            name: _PdfFont(ref.get_object()) for name, ref in page["/Resources"]["/Font"].items()
        }
        runs = []
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = fonts[operands[0]]
                continue
            if operator == b"Tj":
                strings = [operands[0]]
            elif operator == b"TJ":
                strings = [item for item in operands[0] if not isinstance(item, int | float)]
            else:
                continue
            for string in strings:
                raw = _string_bytes(string)
                if not raw:
                    continue
                assert current is not None and current.embedded, (
                    f"text drawn in a font that is not embedded: {raw!r}"
                )
                runs.append(DrawnRun(current.name, tuple(current.glyph(code) for code in raw)))
        pages.append(runs)
    return pages


def page_text(runs: list[DrawnRun]) -> str:
    return "".join(run.text for run in runs)
