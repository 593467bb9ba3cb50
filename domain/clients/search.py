"""Reading what a person types into the search box.

One box finds a client by any part of a name, a date of birth, a phone number
or part of one, a client number, or the last four digits of an SSN. The typed
text is read into the query storage runs; nothing typed is put into SQL as is.

Names are found by the start of their words, folded to ASCII (nata finds
Наталья). A script written without spaces (王秀英, 山田太郎, 김민준, Thai) has no
words to start: each run of it is kept as typed, and the client is stored under
every tail of their name's runs, so that any part typed (秀英, 太郎, 민준) is the
start of one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from domain.clients._name_matching import fold
from domain.clients.name_scripts import split_by_spacing, tails, unspaced_runs
from domain.clients.record import CLIENT_NUMBER_PREFIX
from domain.common.field_rules import FieldProblem, parse_date

MAX_QUERY_LENGTH = 100
MAX_NAME_WORDS = 4
_CLIENT_NUMBER = re.compile(rf"^{CLIENT_NUMBER_PREFIX}0*(\d{{1,9}})$", re.IGNORECASE)
_DIGITS_AND_PUNCTUATION = re.compile(r"^[\d\s().+\-/]+$")


@dataclass(frozen=True)
class SearchQuery:
    """What to look for; empty fields are not part of the search."""

    name_prefixes: tuple[str, ...] = ()  # every word must start one of the name's words
    birth_date: date | None = None
    phone_digits: str = ""  # a run of digits anywhere in the phone number
    client_id: int | None = None
    ssn_last4: str = ""

    @property
    def empty(self) -> bool:
        return not (
            self.name_prefixes
            or self.birth_date
            or self.phone_digits
            or self.client_id
            or self.ssn_last4
        )


def read_query(typed: str) -> SearchQuery:
    text = typed.strip()[:MAX_QUERY_LENGTH]
    if not text:
        return SearchQuery()
    number = _CLIENT_NUMBER.match(text.replace(" ", ""))
    if number:
        return SearchQuery(client_id=int(number.group(1)))
    if "/" in text or re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        try:
            born = parse_date(text)
        except FieldProblem:
            born = None
        if born:
            return SearchQuery(birth_date=born)
    if _DIGITS_AND_PUNCTUATION.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) == 4:
            # Four digits: the last four of an SSN, or of a phone number.
            return SearchQuery(ssn_last4=digits, phone_digits=digits)
        if len(digits) >= 3:
            return SearchQuery(phone_digits=digits)
        return SearchQuery()
    return SearchQuery(name_prefixes=tuple(typed_name_words(text)[:MAX_NAME_WORDS]))


def typed_name_words(text: str) -> list[str]:
    """The name words typed: folded words, and each run of an unspaced script as is."""
    words: list[str] = []
    for piece, unspaced in split_by_spacing(text):
        words.extend([piece] if unspaced else fold(piece).split())
    return words


def name_search_words(*parts: str | None) -> set[str]:
    """The folded words under which a client is found by name."""
    words: set[str] = set()
    for part in parts:
        if part:
            words.update(fold(part).split())
    return words


def unspaced_name_words(
    given: str | None, middle: str | None, family: str | None, preferred: str | None
) -> set[str]:
    """Every tail of each run of an unspaced script in the name.

    The names are joined in both orders (王 and 秀英 as 王秀英 and 秀英王), so
    that a run typed across the family and the given name is found too.
    """
    given, middle, family = given or "", middle or "", family or ""
    words: set[str] = set()
    for written in (family + given + middle, given + middle + family, preferred or ""):
        for run in unspaced_runs(written):
            words.update(tails(run))
    return words
