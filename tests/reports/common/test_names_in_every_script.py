"""Every script a client's name may be written in prints as real glyphs, not boxes.

Each name goes through the whole face sheet; then the PDF itself is read back:
every character it draws must be a real outline in the embedded font, and a
glyph of that character in the shipped font file it came from (fontTools).
"""

from __future__ import annotations

import unicodedata
from functools import cache

import pytest

from reports.clients.face_sheet_pdf import face_sheet_pdf
from reports.common.page_frame import UNDRAWABLE_FOOTNOTE
from tests.reports.drawn_text import drawn_runs, page_text
from tests.reports.sample_records import PRINTED_AT, agency, client
from tests.reports.shipped_glyphs import shipped_cmap

# (first name, last name) as people write them.
NAMES = {
    "latin with diacritics": ("Zoë", "Bùi"),
    "vietnamese": ("Nguyễn Thị", "Ánh"),
    "more latin": ("François-Çağrı", "Łukasiewicz-Øster"),
    "cyrillic": ("Наталья", "Смирнова"),
    "greek": ("Γιώργος", "Παπαδόπουλος"),
    "arabic": ("محمد", "عبد الله"),
    "persian": ("زهرا", "رضایی"),
    "chinese": ("秀英", "王"),
    "japanese": ("さくら", "佐藤"),
    "katakana": ("マリア", "サントス"),
    "korean": ("민준", "김"),
    "hebrew": ("שרה", "כֹּהֵן"),
}


@cache
def printed(script: str):
    first, last = NAMES[script]
    record = client(first_name=first, last_name=last, emergency_name=f"{first} {last}")
    return record, drawn_runs(face_sheet_pdf(record, agency(), PRINTED_AT))


@pytest.mark.parametrize("script", sorted(NAMES))
def test_every_glyph_drawn_is_a_real_glyph_of_the_font_that_drew_it(script):
    _, pages = printed(script)
    for runs in pages:
        for run in runs:
            cmap = shipped_cmap(run.font)
            for glyph in run.glyphs:
                assert glyph.is_real, f"{glyph.char!r} drawn as an empty or missing glyph"
                assert cmap.get(ord(glyph.char), ".notdef") != ".notdef", (
                    f"{glyph.char!r} drawn in {run.font}, which has no glyph for it"
                )


@pytest.mark.parametrize("script", sorted(set(NAMES) - {"arabic", "persian", "hebrew"}))
def test_the_name_is_printed_on_every_page_as_written(script):
    record, pages = printed(script)
    for runs in pages:
        assert page_text(runs).count(record.display_name) >= 2  # header and footer


@pytest.mark.parametrize("script", ["arabic", "persian"])
def test_arabic_script_is_joined_and_right_to_left(script):
    record, pages = printed(script)
    arabic_runs = [run.text for run in pages[0] if run.font.startswith("NotoSansArabic")]
    letters = [char for text in arabic_runs for char in text if unicodedata.category(char) == "Lo"]
    assert letters
    # Shaped: every letter is drawn as a presentation form (initial, medial, final,
    # isolated or a ligature), never as the bare letter that would print unjoined.
    assert all("FORM" in unicodedata.name(char) for char in letters)
    # Right to left: the header draws the name alone, and read from the right it
    # is the name as typed.
    read_from_the_right = {unicodedata.normalize("NFKC", text[::-1]) for text in arabic_runs}
    assert record.display_name in read_from_the_right


def test_mohammed_is_drawn_in_its_joined_forms_from_the_right():
    _, pages = printed("arabic")
    # م initial, ح medial, م medial, د final: drawn left to right, the final form comes first.
    joined_from_the_right = "\ufeaa\ufee4\ufea4\ufee3"
    assert joined_from_the_right in page_text(pages[0])


def test_hebrew_is_drawn_right_to_left():
    _, pages = printed("hebrew")
    hebrew = "".join(run.text for run in pages[0] if run.font.startswith("NotoSansHebrew"))
    assert "שרה"[::-1] in hebrew and "שרה" not in hebrew


def test_a_letter_no_shipped_font_has_prints_as_a_mark_explained_on_the_page():
    # Ethiopic is not shipped: each letter is the replacement mark, never a blank
    # or a missing-glyph box, and the footer says what the mark means.
    record = client(first_name="ሰላም", last_name="Bekele")
    pages = drawn_runs(face_sheet_pdf(record, agency(), PRINTED_AT))
    text = page_text(pages[0])
    assert "\ufffd\ufffd\ufffd Bekele" in text  # header, footer and the sheet itself
    assert "ሰ" not in text
    assert UNDRAWABLE_FOOTNOTE in text
    assert all(glyph.is_real for run in pages[0] for glyph in run.glyphs)
