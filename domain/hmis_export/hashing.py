"""HUD's hashing of a client's identifying details (HMIS CSV, HashStatus 4, "SHA-256
(RHY)"): each name is the SHA-256 of its Soundex code; the SSN is its last four
characters as they are, followed by the SHA-256 of all nine. A receiving system
matches people across providers without learning their names or numbers.

Digests are written as lowercase hexadecimal, as the public FY2026
implementation (greenriver/hmis-warehouse) writes them.
"""

from __future__ import annotations

import hashlib
import unicodedata

_CODES = {
    **dict.fromkeys("BFPV", "1"),
    **dict.fromkeys("CGJKQSXZ", "2"),
    **dict.fromkeys("DT", "3"),
    "L": "4",
    **dict.fromkeys("MN", "5"),
    "R": "6",
}
# Letters that separate two consonants of one code (both are coded); H and W do not.
_VOWELS = set("AEIOUY")


def soundex(name: str) -> str:
    """American Soundex: the first letter and three digits (Robert and Rupert: R163).

    Accents are folded first (José is JOSE); letters of other scripts have no
    Soundex, so a name written only in them gives "".
    """
    folded = unicodedata.normalize("NFKD", name)
    letters = [ch for ch in folded.upper() if "A" <= ch <= "Z"]
    if not letters:
        return ""
    first = letters[0]
    digits: list[str] = []
    previous = _CODES.get(first, "")
    for letter in letters[1:]:
        code = _CODES.get(letter)
        if code is None:
            if letter in _VOWELS:
                previous = ""  # a vowel parts two of the same code
            continue  # H and W: the code before still counts as the previous
        if code != previous:
            digits.append(code)
        previous = code
    return (first + "".join(digits) + "000")[:4]


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hashed_name(name: str | None) -> str | None:
    """SHA-256 of the name's Soundex; None for no name (or one with no Soundex)."""
    if not name:
        return None
    code = soundex(name)
    return sha256_hex(code) if code else None


def hashed_ssn(ssn: str | None) -> str | None:
    """The last four as stored (digits, or x where unknown) and the SHA-256 of the
    nine characters, unknown digits as x."""
    if not ssn:
        return None
    nine = ssn.rjust(9, "x")
    return nine[-4:] + sha256_hex(nine)
