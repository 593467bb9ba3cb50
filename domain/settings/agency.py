"""Who prints a form: the agency's letterhead, as settings hold it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AgencyDetails:
    """The agency's name, address, phone and logo, printed at the top of every form."""

    name: str
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    # A PNG image as stored in settings; None prints the letterhead without a logo.
    logo_png: bytes | None = None
