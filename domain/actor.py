"""Who is acting, and from where: handed to every use case."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The staff member on whose behalf a use case runs.

    ``username`` is what the audit trail records; ``workstation`` is the computer
    the request came from.
    """

    username: str
    display_name: str
    workstation: str
