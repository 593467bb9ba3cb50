"""Arabic joined and right to left, for a PDF library that draws characters as given.

ReportLab draws each character's own glyph left to right. Its built-in bidi needs
``rlbidi``, which is not on PyPI, so Arabic is prepared here: letters become
their joined presentation forms (arabic-reshaper), then the line is put in
visual order (python-bidi, the Unicode bidi algorithm). Presentation forms are
real Unicode characters, so text copied out of the PDF still reads as Arabic.
"""

from __future__ import annotations

import unicodedata

import arabic_reshaper
from bidi import get_display

_RTL_CLASSES = {"R", "AL", "RLE", "RLO", "RLI"}


def has_rtl(text: str) -> bool:
    """Whether any character of ``text`` is written right to left."""
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


def visual_order(line: str) -> str:
    """One line of text as drawn left to right: Arabic joined, RTL runs reversed.

    Our forms are English documents, so every line is a left-to-right paragraph
    (as an HTML table cell is) with right-to-left runs inside: "محمد, Sister"
    keeps "Sister" after the name. Give it one line at a time: reordering a
    paragraph first and breaking it afterwards would put its lines in the wrong order.
    """
    if not has_rtl(line):
        return line
    return get_display(arabic_reshaper.reshape(line), base_dir="L")
