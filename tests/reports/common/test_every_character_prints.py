"""Every character a person may type prints: drawn by an embedded font that has
its glyph, or shown as the replacement mark with the page's footnote saying what
the mark means. Nothing is dropped without a trace, nothing spurious is added.

A note's narrative takes any text the app accepts (domain/common/field_rules.py,
reject_invisible_characters), so each class of character is printed in one, as
part of a signed note, and the PDF is read back glyph by glyph. What a renderer
shows nothing for (Unicode's default-ignorable characters: joiners, variation
selectors) is not drawn, and neither is a skin-tone modifier after its emoji.
"""

from __future__ import annotations

import io
import unicodedata
from collections import Counter
from functools import cache

import pytest
from pypdf import PdfReader

from domain.common.field_rules import FieldProblem, reject_invisible_characters
from reports.common.page_frame import UNDRAWABLE_FOOTNOTE
from reports.notes.case_notes_pdf import case_notes_pdf
from tests.reports.drawn_text import DrawnGlyph, drawn_runs, page_text
from tests.reports.sample_records import PRINTED_AT, agency, notes_with
from tests.reports.shipped_glyphs import inked_somewhere, shipped_cmap

REPLACEMENT = "\ufffd"
START, END = "START>", "<END"

CLASSES = {
    "latin with diacritics": "Zoë Bùi, François-Çağrı Łukasiewicz-Øster, Ångström, ẞ ß œ ð þ",
    "vietnamese": "Nguyễn Thị Ánh, Trần Văn Đức",
    "latin typed with combining marks": "Zoe\u0308 Bu\u0300i Nguye\u0302\u0303n",
    "greek": "Γιώργος Παπαδόπουλος ΑΒΓ αβγ ϊΰ",
    "cyrillic": "Наталья Смирнова, Ґґ Єє Її Ўў Ққ Әә",
    "arabic": "محمد عبد الله، لا إله، ٠١٢٣ ۴۵۶",
    "persian with zero-width non-joiner": "زهرا رضایی می\u200cخواهم",
    "hebrew with points": "שָׁלוֹם שרה כֹּהֵן",
    "chinese": "王秀英，张伟。刘洋（先生）",
    "japanese kana": "さくら サントス ｶﾀｶﾅ ー",
    "korean": "김민준 한글 ㄱㄴㄷ",
    "emoji": "Met at 🏠 — doing well 😀👍❤🎉🫠",
    "emoji with variation selectors": "❤️ ☺️ ✔️ ☎️ ✉︎",
    "emoji zwj sequences": "👩‍💻 👨‍👩‍👧 🏳️‍🌈 👁️‍🗨️",
    "skin tones": "👍🏽 👋🏿 🧑🏻‍⚕️ 🏽",
    "flags and keycaps": "🇺🇸 🇲🇽 1️⃣ #️⃣",
    "symbols": "✓ ✗ ★ ☐ ☑ ● ■ → ⇒ ↔ € £ ¥ ₹ ₩ ① ② ™ © ® § ¶ ° ½ ♀ ♂ ⚠",
    "mathematics": "≤ ≥ ≠ ≈ ∞ √ ∑ ± × ÷ 𝐀𝐁𝐂 𝔸𝔹",
    "punctuation": "“quoted” «guillemets» ‘single’ — – … ¿¡ ‰ † ‡ • ·",
    "spaces": "no\u00a0break ideographic\u3000space em\u2003space thin\u2009space",
    "line and paragraph separators": "first\u2028second\u2029third\tafter a tab",
    "devanagari (not shipped)": "नमस्ते राम",
    "ethiopic (not shipped)": "ሰላም ኢትዮጵያ",
    "rare ideographs (not shipped)": "𠀀𪚥",
}

# Unicode 14's default-ignorable code points: a renderer draws nothing for them.
_IGNORABLE_RANGES = [
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
]
_SKIN_TONES = range(0x1F3FB, 0x1F400)


def _accepted(char: str) -> bool:
    try:
        reject_invisible_characters(char)
    except FieldProblem:
        return False
    return True


def _sweep() -> str:
    """The first character the app accepts in each stretch of 128 code points."""
    chosen = []
    for start in range(0, 0x110000, 128):
        char = next((chr(c) for c in range(start, start + 128) if _accepted(chr(c))), None)
        if char is not None and not char.isspace():
            chosen.append(char)
    # A space between each, so that marks and joining letters stand alone.
    return " ".join(chosen)


def _ignorable(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in _IGNORABLE_RANGES)


def expected(text: str) -> tuple[Counter, int]:
    """The characters that must be drawn (as NFKC letters), and how many marks.

    Spaces and ignorables print as nothing, and so does a skin tone after its emoji.
    """
    drawn: Counter = Counter()
    marks = 0
    previous = None  # the last character with a look of its own, or a space
    for char in text:
        if _ignorable(char):
            continue
        after_emoji = previous is not None and unicodedata.category(previous) == "So"
        if ord(char) in _SKIN_TONES and after_emoji:
            continue
        previous = char
        if char.isspace():
            continue
        if inked_somewhere(char):
            drawn.update(unicodedata.normalize("NFKC", char))
        else:
            marks += 1
    return drawn, marks


def _normalised(glyphs: list[DrawnGlyph]) -> Counter:
    counted: Counter = Counter()
    for glyph in glyphs:
        if glyph.char != REPLACEMENT and not glyph.char.isspace():
            counted.update(unicodedata.normalize("NFKC", glyph.char))
    return counted


@cache
def printed(text: str):
    """The note's one page, and the glyphs drawn for its narrative alone."""
    pdf = case_notes_pdf(notes_with([f"{START} {text} {END}"]), agency(), PRINTED_AT)
    pages = drawn_runs(pdf)
    assert len(pages) == 1
    glyphs = [glyph for run in pages[0] for glyph in run.glyphs]
    chars = "".join(glyph.char for glyph in glyphs)
    begin, end = chars.index(START) + len(START), chars.index(END)
    return pages[0], glyphs[begin:end]


SAMPLES = {**CLASSES, "one of every 128 code points": _sweep()}


def test_every_sample_is_text_the_app_accepts():
    for text in SAMPLES.values():
        reject_invisible_characters(text)
    assert len(SAMPLES["one of every 128 code points"]) > 1500


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_each_character_is_drawn_by_a_font_that_has_it_or_marked(sample):
    text = SAMPLES[sample]
    runs, narrative = printed(text)
    for run in runs:
        cmap = shipped_cmap(run.font)
        for glyph in run.glyphs:
            assert glyph.is_real, f"{glyph.char!r} drawn as an empty or missing glyph"
            assert ord(glyph.char) in cmap, f"{glyph.char!r} drawn in {run.font}, which lacks it"
    must_draw, marks = expected(text)
    drawn = _normalised(narrative)
    missing, spurious = must_draw - drawn, drawn - must_draw
    assert not missing, f"not printed: {''.join(missing.elements())!r}"
    assert not spurious, f"printed but not typed: {''.join(spurious.elements())!r}"
    assert sum(glyph.char == REPLACEMENT for glyph in narrative) == marks


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_a_page_with_a_mark_says_what_it_means_and_only_then(sample):
    runs, _ = printed(SAMPLES[sample])
    _, marks = expected(SAMPLES[sample])
    assert (UNDRAWABLE_FOOTNOTE in page_text(runs)) == (marks > 0)


def test_an_emoji_in_a_narrative_prints_from_the_emoji_font():
    runs, narrative = printed(CLASSES["emoji"])
    assert "".join(glyph.char for glyph in narrative).startswith(" Met at 🏠 — doing well")
    emoji = "".join(run.text for run in runs if run.font == "NotoEmoji-Regular")
    assert {"🏠", "😀", "👍", "❤", "🎉", "🫠"} <= set(emoji)


def test_emoji_and_other_characters_beyond_u_ffff_copy_out_of_the_pdf_as_typed():
    pdf = case_notes_pdf(notes_with(["Met at 🏠 — doing well 😀 𝐀"]), agency(), PRINTED_AT)
    copied = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Met at 🏠 — doing well 😀 𝐀" in copied


def test_an_emoji_sequence_prints_each_emoji_and_nothing_between():
    _, narrative = printed(CLASSES["emoji zwj sequences"])
    assert "".join(glyph.char for glyph in narrative).split() == ["👩💻", "👨👩👧", "🏳🌈", "👁🗨"]
    _, narrative = printed(CLASSES["skin tones"])
    # A tone colours its emoji, which a colour-free print cannot; alone, it prints.
    assert "".join(glyph.char for glyph in narrative).split() == ["👍", "👋", "🧑⚕", "🏽"]


def test_the_footnote_is_on_the_page_with_the_mark():
    plain = "Purpose of call: rent. " * 30
    document = notes_with([plain] * 6 + ["Her name is written ሰላም in Ge'ez."])
    pages = drawn_runs(case_notes_pdf(document, agency(), PRINTED_AT))
    assert len(pages) > 1
    texts = [page_text(runs) for runs in pages]
    marked = [REPLACEMENT in text.replace(UNDRAWABLE_FOOTNOTE, "") for text in texts]
    assert [UNDRAWABLE_FOOTNOTE in text for text in texts] == marked
    assert UNDRAWABLE_FOOTNOTE in texts[-1] and UNDRAWABLE_FOOTNOTE not in texts[0]
