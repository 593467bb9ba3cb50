"""Comparing people's names the way a front-desk worker would.

Case, accents, punctuation and script are folded away (Наталья and Natalya are
one name), common nicknames count as their full name (Bob is Robert, Pepe is
José), and names that sound alike (Smith, Smyth) are close.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import jellyfish
from anyascii import anyascii

# Spanish short forms, which the English nickname list does not carry; many
# clients of US agencies go by them.
_SPANISH_NICKNAMES = {
    "pepe": "jose",
    "chepe": "jose",
    "paco": "francisco",
    "pancho": "francisco",
    "lupe": "guadalupe",
    "chuy": "jesus",
    "memo": "guillermo",
    "nacho": "ignacio",
    "lalo": "eduardo",
    "tono": "antonio",
    "beto": "alberto",
    "chelo": "consuelo",
    "concha": "concepcion",
    "lola": "dolores",
    "quique": "enrique",
    "rafa": "rafael",
    "chema": "jose maria",
    "tere": "teresa",
    "charo": "rosario",
    "nando": "fernando",
    "poncho": "alfonso",
    "licha": "alicia",
    "maru": "maria eugenia",
    "toni": "antonio",
    "fito": "adolfo",
    "goyo": "gregorio",
    "chucho": "jesus",
    "pili": "pilar",
}


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits, one space between words."""
    ascii_text = anyascii(unicodedata.normalize("NFKC", text)).lower()
    # Apostrophes join (O'Brien is obrien; anyascii writes the Cyrillic soft sign
    # as one: Наталья is natalya); other punctuation separates words.
    ascii_text = re.sub(r"['`]", "", ascii_text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text).split())


def tokens(text: str) -> list[str]:
    return fold(text).split()


@cache
def _nicknamer():
    from nicknames import NickNamer

    return NickNamer()


@cache
def canonical_forms(given: str) -> frozenset[str]:
    """The full names a folded given name may stand for, itself included."""
    forms = {given}
    forms |= set(_nicknamer().canonicals_of(given))
    if given in _SPANISH_NICKNAMES:
        forms.add(_SPANISH_NICKNAMES[given])
    return frozenset(forms)


@cache
def sound(token: str) -> str:
    return jellyfish.metaphone(token) if token else ""


def similarity(a: str, b: str) -> float:
    """0 to 1: how alike two folded name words are (typos, sound-alikes)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    # Jaro-Winkler gives unrelated names about 0.6 (Diana and Blanca share their
    # a's); stretch 0.6..1 over 0..1 so that only real likeness scores high.
    close = max(0.0, (jellyfish.jaro_winkler_similarity(a, b) - 0.6) / 0.4)
    if sound(a) == sound(b) and len(sound(a)) >= 2:
        close = max(close, 0.9)
    return close


def given_name_similarity(a: str, b: str) -> float:
    """Like ``similarity``, but Bob and Robert are the same person's name."""
    if a and b and (canonical_forms(a) & canonical_forms(b)):
        return 1.0 if a == b else 0.96
    return similarity(a, b)


def name_similarity(first_a: str, last_a: str, first_b: str, last_b: str) -> float:
    """0 to 1 for two people's names, tolerant of first and last swapped."""
    fa, la, fb, lb = (fold(x) for x in (first_a, last_a, first_b, last_b))

    def pair(f1: str, l1: str, f2: str, l2: str) -> float:
        # Compound last names (García López) match on any of their words.
        last = max(
            (similarity(x, y) for x in l1.split() or [""] for y in l2.split() or [""]),
            default=0.0,
        )
        last = max(last, similarity(l1.replace(" ", ""), l2.replace(" ", "")))
        first = given_name_similarity(f1.split()[0] if f1 else "", f2.split()[0] if f2 else "")
        # Both names must agree: relatives share a last name, strangers a first.
        return 0.5 * min(first, last) + 0.5 * (0.55 * last + 0.45 * first)

    return max(pair(fa, la, fb, lb), pair(fa, la, lb, fb) - 0.03)
