"""In which order a client's names are written: the order that person's culture uses.

Each client may have an order chosen in the form; left unchosen (None), it
follows the script of the family name: Chinese, Japanese and Korean names put
the family name first (王秀英, 山田太郎, 김민준), others the given name.

Written in those scripts, family and given name join without a space: that is
how Chinese and Japanese names are written, and the Korean spelling rules
(Hangul orthography, article 48) say the same for Korean names, as Korean
identity cards print them (김민준, not 김 민준). The record keeps the two names in
separate fields, so nothing is lost by joining them. Names in other scripts,
or a chosen given-name-first order, are spaced.
"""

from __future__ import annotations

from enum import StrEnum

from domain.clients.name_scripts import is_family_first_script, written_family_first


class NameOrder(StrEnum):
    GIVEN_FIRST = "given_first"
    FAMILY_FIRST = "family_first"


# For the form's choice; None is "by the script of the family name".
LABELS: dict[NameOrder | None, str] = {
    None: "By the script of the family name",
    NameOrder.GIVEN_FIRST: "Given name first",
    NameOrder.FAMILY_FIRST: "Family name first",
}


def read_name_order(chosen: str | None) -> NameOrder | None:
    """The order a form chose, None for "not chosen"; ValueError for anything else."""
    if chosen in (None, ""):
        return None
    return NameOrder(chosen)


def effective_order(chosen: str | None, family_name: str) -> NameOrder:
    """The order chosen or, when none was, the one the family name's script uses."""
    order = read_name_order(chosen)
    if order is not None:
        return order
    return NameOrder.FAMILY_FIRST if written_family_first(family_name) else NameOrder.GIVEN_FIRST


def _joined(parts: list[str], *, tight: bool) -> str:
    text = ""
    for part in parts:
        if text:
            close_up = tight and is_family_first_script(text[-1])
            text += "" if close_up and is_family_first_script(part[0]) else " "
        text += part
    return text


def full_name(
    given: str | None,
    family: str | None,
    order: str | None = None,
    *,
    middle: str | None = None,
    suffix: str | None = None,
) -> str:
    """The name as that person writes it; "" when no part is known.

    Family first: family, middle, given (as Vietnamese names go, when chosen).
    """
    given, family, middle = (part.strip() if part else "" for part in (given, family, middle))
    if effective_order(order, family) is NameOrder.FAMILY_FIRST:
        name = _joined([p for p in (family, middle, given) if p], tight=True)
    else:
        name = _joined([p for p in (given, middle, family) if p], tight=False)
    return " ".join(part for part in (name, (suffix or "").strip()) if part)


def filed_name(given: str | None, family: str | None, order: str | None = None) -> str:
    """The name as a list sorted by family name shows it: "Diaz, Ana". A name
    written family first stays as written (王秀英), and one name alone is just that."""
    given, family = (given or "").strip(), (family or "").strip()
    if given and family and effective_order(order, family) is NameOrder.GIVEN_FIRST:
        return f"{family}, {given}"
    return full_name(given, family, order)
