"""Social Security numbers: what may be stored, and how they are shown.

A number is stored as nine characters. A partial one (HUD's "approximate or
partial SSN": often only the last four, sometimes the first five) keeps the
digits the client knows and 'x' for the others, as HUD's HMIS CSV writes it.
Known digits are checked against the numbers the Social Security
Administration never issues (SSA POMS RM 10201.035) and the sample numbers
that were publicised and then voided.
"""

from __future__ import annotations

import re

from domain.common.field_rules import FieldProblem, reject_invisible_characters

_SEPARATORS = re.compile(r"[\s-]")
_CHARACTERS = re.compile(r"^[0-9x]+$")
UNKNOWN = "x"
LENGTH = 9
# Written over a stored number when the answer becomes "refused" or "not known".
ERASED = ""

# Printed on sample cards and pamphlets, then claimed by thousands as their own.
_PUBLICISED = {
    "078051120": (
        "078-05-1120 is a voided sample number, printed on the sample card sold in "
        "wallets from 1938: it is nobody's SSN."
    ),
    "219099999": (
        "219-09-9999 is the sample number of a 1940 Social Security pamphlet: it is nobody's SSN."
    ),
}
# The SSA asks advertisers to show these; none is ever issued.
_ADVERTISING = re.compile(r"^98765432[0-9]$")


def clean_ssn(raw: str) -> str | None:
    """Nine characters, digits and x for unknown digits, or blank.

    Separators are ignored; four characters alone are the last four.
    """
    reject_invisible_characters(raw)
    text = _SEPARATORS.sub("", raw).lower()
    if not text:
        return None
    if not text.isascii() or not _CHARACTERS.match(text):
        raise FieldProblem(
            "Use digits, and x for each digit the client doesn't know: "
            "123-45-6789, xxx-xx-6789, or just the last four."
        )
    if len(text) == 4:
        text = UNKNOWN * (LENGTH - 4) + text
    if len(text) != LENGTH:
        raise FieldProblem(
            f"An SSN has 9 digits (this has {len(text)}): type x for each digit the "
            "client doesn't know, or only the last four."
        )
    if text == UNKNOWN * LENGTH:
        raise FieldProblem(
            "No digit is known: leave the SSN blank and choose “Client doesn't know”."
        )
    _refuse_never_issued(text)
    return text


def _refuse_never_issued(ssn: str) -> None:
    """Refuse what the SSA never issued; a part with unknown digits is not judged."""
    if ssn in _PUBLICISED:
        raise FieldProblem(_PUBLICISED[ssn])
    if _ADVERTISING.match(ssn):
        raise FieldProblem(
            "987-65-4320 to 987-65-4329 are set aside for advertisements: they are nobody's SSN."
        )
    area, group, serial = ssn[:3], ssn[3:5], ssn[5:]
    never = "the Social Security Administration never issues such a number."
    if area[0] == "9":
        # Individual Taxpayer Identification Numbers (IRS) begin with 9.
        raise FieldProblem(f"No SSN begins with 9 (an ITIN does): {never}")
    if area in ("000", "666"):
        raise FieldProblem(f"No SSN begins with {area}: {never}")
    if group == "00":
        raise FieldProblem(f"No SSN has 00 in the middle (digits 4 and 5): {never}")
    if serial == "0000":
        raise FieldProblem(f"No SSN ends in 0000: {never}")


def is_partial(ssn: str) -> bool:
    """Some digits are unknown (stored with x, or as the bare last four of old records)."""
    return UNKNOWN in ssn or len(ssn) < LENGTH


def last_four(ssn: str | None) -> str | None:
    """The last four digits, when all four are known: what search and duplicates use."""
    if not ssn:
        return None
    tail = ssn[-4:]
    return tail if tail.isdigit() else None


def masked(ssn: str | None) -> str:
    """How the number shows to everyone until someone allowed reveals it."""
    if not ssn:
        return ""
    return f"•••-••-{ssn[-4:]}"


def formatted(ssn: str) -> str:
    """The revealed number as 123-45-6789; unknown digits show as x."""
    whole = ssn.rjust(LENGTH, UNKNOWN)  # records from before x: the last four alone
    return f"{whole[:3]}-{whole[3:5]}-{whole[5:]}"
