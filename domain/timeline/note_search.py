"""Searching all of a client's notes, not only the pages already on screen.

The timeline's search box keeps every entry holding every word typed, in any
case (``filter_entries``). Most of the client's notes are not read yet, so the
database narrows them first and ``filter_entries`` then decides exactly as
before. The database must therefore never leave out a note that would match:
from each word only the runs of ASCII letters and digits are asked of it
(folding non-ASCII letters is a matter of the server's locale), and only runs
that cannot come from what the timeline adds to a note (its kind, minutes,
dates, case number: ``NOTE_WORDING``). A note is fetched when each such run is
in its narrative, location, author or one of its addenda; a word with no such
run narrows nothing. (The sharp s folds to "ss" on both sides; the few rarer
letters that Python folds to ASCII, typographic ligatures such as "ﬁ", do not,
so "file" no longer finds a note typed with "ﬁle" before it is on screen.)
"""

from __future__ import annotations

import re

from domain.common.errors import ValidationError
from domain.timeline.entries import NOTE_WORDING

LONGEST_SEARCH = 200
_RUN = re.compile(r"[a-z0-9]+")
_CASE_NUMBER = re.compile(r"k?[0-9]+")
_ADDED = tuple(piece.casefold() for piece in NOTE_WORDING)


def validate_search(text: str) -> str:
    if len(text) > LONGEST_SEARCH:
        raise ValidationError(
            {"search": f"Search for at most {LONGEST_SEARCH} characters (this has {len(text)})."}
        )
    return text


def narrowing_terms(text: str) -> tuple[str, ...]:
    """What the database may require of a note for ``text`` to match it (or of one
    of its addenda's entries): lower-case ASCII runs, each at least two long."""
    terms: list[str] = []
    for word in text.casefold().split():
        for run in _RUN.findall(word):
            if len(run) < 2 or _CASE_NUMBER.fullmatch(run):
                continue
            if any(run in piece for piece in _ADDED):
                continue
            if run not in terms:
                terms.append(run)
    return tuple(terms)
