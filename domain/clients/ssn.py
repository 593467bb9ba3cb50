"""Social Security numbers: what may be stored, and how they are shown.

Full numbers are checked against the Social Security Administration's rules for
numbers it never issues; partial numbers (often only the last four digits are
known) are kept as digits with the data-quality code saying so.
"""

from __future__ import annotations

import re

from domain.common.field_rules import FieldProblem, reject_invisible_characters

_SEPARATORS = re.compile(r"[\s-]")
# Written over a stored number when the answer becomes "refused" or "not known".
ERASED = ""


def clean_ssn(raw: str) -> str | None:
    """Nine digits, or four (the last four), or blank; separators are ignored."""
    reject_invisible_characters(raw)
    digits = _SEPARATORS.sub("", raw)
    if not digits:
        return None
    if not digits.isdigit() or not digits.isascii():
        raise FieldProblem("Use digits only, as 123-45-6789 (or just the last four).")
    if len(digits) == 4:
        return digits
    if len(digits) != 9:
        raise FieldProblem("An SSN has 9 digits; enter all 9, or only the last four.")
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area.startswith("9") or group == "00" or serial == "0000":
        raise FieldProblem("This is not a number the Social Security Administration issues.")
    return digits


def last_four(ssn: str | None) -> str | None:
    return ssn[-4:] if ssn else None


def masked(ssn: str | None) -> str:
    """How the number shows to everyone until someone allowed reveals it."""
    if not ssn:
        return ""
    return f"•••-••-{ssn[-4:]}"


def formatted(ssn: str) -> str:
    return f"{ssn[:3]}-{ssn[3:5]}-{ssn[5:]}" if len(ssn) == 9 else f"last four {ssn}"
