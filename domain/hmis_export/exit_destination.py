"""Where a client went when their case closed: HMIS element 3.12, destination at
exit, with its follow-ups (3.12.A the rental subsidy of destination 435, and the
words for "Other"). Asked by the close-case dialog; stored with the case
(cases.exit_destination and the two beside it), exported in Exit.csv."""

from __future__ import annotations

from dataclasses import dataclass

from domain.common.field_rules import FieldProblem, clean_text
from domain.hmis_export import codes

LONGEST_OTHER = 50  # Exit.csv's OtherDestination is S50


@dataclass(frozen=True)
class ExitDestination:
    code: int
    subsidy: int | None = None  # 3.12.A, only with 435
    other: str | None = None  # what "Other" (17) was

    @property
    def label(self) -> str:
        return codes.DESTINATION[self.code]


def destination_label(code: int | None) -> str:
    """HUD's words for a stored code; "" for none."""
    return "" if code is None else codes.DESTINATION.get(code, str(code))


def validate_destination(destination: str, subsidy: str = "", other: str = "") -> ExitDestination:
    """The answers as the close-case dialog sends them (codes as text); raises a dict
    of field -> message through ``DestinationProblems``."""
    errors: dict[str, str] = {}
    code = _code(destination, codes.DESTINATION)
    if code is None:
        errors["destination"] = (
            "Choose where the client went; if nobody knows, choose “No exit interview "
            "completed” or “Data not collected”."
        )
    subsidy_code = None
    try:
        subsidy_code = _code(subsidy, codes.RENTAL_SUBSIDY_TYPE, required=False)
    except FieldProblem as problem:
        errors["destination_subsidy"] = str(problem)
    if code == codes.DESTINATION_WITH_SUBSIDY and subsidy_code is None:
        errors.setdefault("destination_subsidy", "Choose the kind of housing subsidy.")
    elif code is not None and code != codes.DESTINATION_WITH_SUBSIDY and subsidy_code is not None:
        errors.setdefault(
            "destination_subsidy", "Only for a rental with an ongoing subsidy: clear it."
        )
    words = None
    try:
        words = clean_text(other, longest=LONGEST_OTHER)
    except FieldProblem as problem:
        errors["destination_other"] = str(problem)
    if code == codes.DESTINATION_OTHER and not words and "destination_other" not in errors:
        errors["destination_other"] = "Say where the client went."
    elif code is not None and code != codes.DESTINATION_OTHER and words:
        errors.setdefault("destination_other", "Only for “Other”: clear it.")
    if errors:
        raise DestinationProblems(errors)
    assert code is not None
    return ExitDestination(code, subsidy_code, words)


class DestinationProblems(Exception):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


def _code(raw: str, answers: dict[int, str], *, required: bool = True) -> int | None:
    text = (raw or "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) not in answers:
        if required:
            return None
        raise FieldProblem("Choose one of HUD's answers.")
    return int(text)
