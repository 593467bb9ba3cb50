"""Two saves of one record, field by field: what a person picks from after a conflict.

When someone else saved first, each field that differs between my form and
theirs is listed. The pick offered first: theirs where I left the field as I
found it (they changed it, I did not), mine where I changed it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

Form = TypeVar("Form")

MINE = "mine"
THEIRS = "theirs"


@dataclass(frozen=True)
class FieldDifference:
    name: str
    mine: Any
    theirs: Any
    suggested: str  # MINE or THEIRS
    both_changed: bool  # I changed it and so did they: a real choice


def differences(original: Form, mine: Form, theirs: Form) -> list[FieldDifference]:
    found = []
    for field in fields(mine):
        before, ours, others = (getattr(x, field.name) for x in (original, mine, theirs))
        if ours == others:
            continue
        i_changed = ours != before
        found.append(
            FieldDifference(
                field.name,
                ours,
                others,
                MINE if i_changed else THEIRS,
                both_changed=i_changed and others != before,
            )
        )
    return found


def combined(mine: Form, theirs: Form, picks: dict[str, str]) -> Form:
    """Theirs, with the fields picked as mine taken from my form."""
    return replace(
        theirs, **{name: getattr(mine, name) for name, pick in picks.items() if pick == MINE}
    )
