"""Text in any script: which font draws what, Arabic order, right-to-left line breaks."""

from __future__ import annotations

import unicodedata

from reportlab.lib.styles import ParagraphStyle

from reports.common.font_registry import report_fonts
from reports.common.rtl_text import has_rtl, visual_order
from reports.common.script_text import font_runs, script_paragraph, text_width


def test_fonts_are_registered_once():
    assert report_fonts() is report_fonts()


def test_each_script_goes_to_the_font_that_has_it():
    chain = report_fonts().regular
    assert font_runs("Zoë 王秀英 김민준 1980", chain) == [
        ("CaseDesk-Sans", "Zoë "),
        ("CaseDesk-CJK", "王秀英 김민준 "),
        ("CaseDesk-Sans", "1980"),
    ]
    assert font_runs(visual_order("Ahmed محمد"), chain) == [
        ("CaseDesk-Sans", "Ahmed "),
        ("CaseDesk-Arabic", "\ufeaa\ufee4\ufea4\ufee3"),
    ]


def test_right_to_left_runs_sit_inside_a_left_to_right_line():
    assert has_rtl("محمد") and not has_rtl("Nguyễn Ánh")
    assert visual_order("Nguyễn Ánh") == "Nguyễn Ánh"
    assert visual_order("محمد, Sister") == "\ufeaa\ufee4\ufea4\ufee3, Sister"


def test_a_long_arabic_line_breaks_with_its_first_words_on_the_first_line():
    words = "واحد اثنان ثلاثة أربعة خمسة ستة"
    style = ParagraphStyle("t", fontName=report_fonts().regular.primary, fontSize=10)
    pairs = ["واحد اثنان", "ثلاثة أربعة", "خمسة ستة"]
    width = max(text_width(pair, 10) for pair in pairs) + 2
    paragraph = script_paragraph(words, style, width=width)
    lines = paragraph.text.split("<br/>")
    assert len(lines) == 3

    def logical(line: str) -> str:
        drawn = "".join(part.split(">")[-1] for part in line.split("</font>"))
        return unicodedata.normalize("NFKC", drawn[::-1]).strip()

    assert [logical(line) for line in lines] == pairs


def test_markup_characters_in_values_are_escaped():
    style = ParagraphStyle("t", fontName=report_fonts().regular.primary, fontSize=10)
    paragraph = script_paragraph("Apt 4 & 5 <rear>", style, width=300)
    assert "&amp;" in paragraph.text and "&lt;rear&gt;" in paragraph.text
