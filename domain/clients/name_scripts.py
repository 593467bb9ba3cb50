"""The scripts a name is written in, as far as finding and printing names care.

Some scripts put no space between words (Chinese, Japanese, Korean names, Thai,
Lao, Khmer, Burmese): a name in them is one run of characters, and a person
may look it up by any part of that run. Chinese, Japanese and Korean names put
the family name first and are written without a space between the two.

Python's unicodedata knows no scripts, so the blocks are listed here.
"""

from __future__ import annotations

import unicodedata

# Han ideographs, with the marks written inside Japanese names (々 〆 〇).
_HAN = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3005, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303B),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x323AF),  # extensions B to H and compatibility supplement
)
# Hiragana and katakana; the katakana middle dot (・, U+30FB) is left out: it
# separates the words of a foreign name written in katakana.
_KANA = (
    (0x3041, 0x30FA),
    (0x30FC, 0x30FF),
    (0x31F0, 0x31FF),
    (0xFF66, 0xFF9F),  # half-width katakana (NFKC makes them full width)
    (0x1B000, 0x1B16F),
)
_HANGUL = (
    (0x1100, 0x11FF),
    (0x3131, 0x318E),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7A3),
    (0xD7B0, 0xD7FF),
)
_SOUTHEAST_ASIAN = (
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
)

_FAMILY_FIRST = _HAN + _KANA + _HANGUL
_UNSPACED = _FAMILY_FIRST + _SOUTHEAST_ASIAN


def _within(char: str, blocks: tuple[tuple[int, int], ...]) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in blocks)


def is_unspaced(char: str) -> bool:
    """Is ``char`` of a script that writes words without spaces between them?"""
    return _within(char, _UNSPACED)


def is_family_first_script(char: str) -> bool:
    """Han, kana or Hangul: scripts whose names put the family name first."""
    return _within(char, _FAMILY_FIRST)


def written_family_first(name: str) -> bool:
    """Is this name written in a family-name-first script (judged by its first letter)?"""
    for char in unicodedata.normalize("NFKC", name):
        if unicodedata.category(char)[0] == "L":
            return is_family_first_script(char)
    return False


def split_by_spacing(text: str) -> list[tuple[str, bool]]:
    """``text`` (NFKC) cut where it passes between unspaced and other scripts:
    (piece, unspaced) pairs in order. A combining mark stays with its letter."""
    pieces: list[tuple[str, bool]] = []
    for char in unicodedata.normalize("NFKC", text):
        mark = unicodedata.category(char)[0] == "M"
        unspaced = pieces[-1][1] if mark and pieces else is_unspaced(char)
        if pieces and pieces[-1][1] == unspaced:
            pieces[-1] = (pieces[-1][0] + char, unspaced)
        else:
            pieces.append((char, unspaced))
    return pieces


def unspaced_runs(text: str) -> list[str]:
    """The runs of unspaced-script characters in ``text``, NFKC-normalised."""
    return [piece for piece, unspaced in split_by_spacing(text) if unspaced]


def tails(run: str) -> list[str]:
    """Every ending of ``run`` that starts on a letter, not on a combining mark:
    any part of the run is the start of one of them."""
    return [run[start:] for start in range(len(run)) if unicodedata.category(run[start])[0] != "M"]
