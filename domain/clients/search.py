"""Reading what a person types into the search box.

One box finds a client by any part of a name, a date of birth, a phone number
or part of one, a client number, or the last four digits of an SSN. The typed
text is read into the query storage runs; nothing typed is put into SQL as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from domain.clients._name_matching import fold
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
    words = tuple(fold(text).split()[:MAX_NAME_WORDS])
    return SearchQuery(name_prefixes=words)


def name_search_words(*parts: str | None) -> set[str]:
    """The folded words under which a client is found by name."""
    words: set[str] = set()
    for part in parts:
        if part:
            words.update(fold(part).split())
    return words
