"""Which status a case may move to, and what closing one asks for.

intake -> open happens by assigning a caseworker; taking the caseworker away
sends an active case back to intake ("waiting for assignment"), so an active
case has a caseworker exactly when it is open or on hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.cases.case import CaseOutcome, CaseStatus, CloseReason
from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, reject_invisible_characters
from domain.hmis_export.exit_destination import (
    DestinationProblems,
    ExitDestination,
    validate_destination,
)

INTAKE, OPEN, ON_HOLD, CLOSED = CaseStatus
LONGEST_NOTE = 500
DECEASED_DESTINATION = 24  # HUD 3.12 "Deceased"

MOVES = {
    (INTAKE, OPEN),
    (INTAKE, CLOSED),  # the client withdrew before anyone was assigned
    (OPEN, ON_HOLD),
    (OPEN, CLOSED),
    (OPEN, INTAKE),
    (ON_HOLD, OPEN),
    (ON_HOLD, CLOSED),
    (ON_HOLD, INTAKE),
    (CLOSED, OPEN),
    (CLOSED, INTAKE),  # reopened without a caseworker
}

REFUSED = {
    (INTAKE, ON_HOLD): "A case waiting for assignment cannot be put on hold; assign it first.",
    (CLOSED, ON_HOLD): "A closed case cannot be put on hold; reopen it first.",
}


def check_move(current: CaseStatus, target: CaseStatus) -> None:
    if current is target:
        raise ValidationError({"status": f"The case is already {target.label.lower()}."})
    if (current, target) not in MOVES:
        raise ValidationError(
            {
                "status": REFUSED.get(
                    (current, target),
                    f"A case cannot go from {current.label.lower()} to {target.label.lower()}.",
                )
            }
        )


def status_after_resuming(current: CaseStatus) -> CaseStatus:
    if current is not ON_HOLD:
        raise ValidationError({"status": "Only a case on hold can be resumed."})
    return OPEN


def status_after_assignment(current: CaseStatus, staff_id: int | None) -> CaseStatus:
    if current is CLOSED:
        raise ValidationError({"status": "This case is closed; reopen it before assigning it."})
    if staff_id is None:
        return INTAKE
    return OPEN if current is INTAKE else current


def status_after_reopening(current: CaseStatus, assigned_staff_id: int | None) -> CaseStatus:
    if current is not CLOSED:
        raise ValidationError({"status": "Only a closed case can be reopened."})
    return INTAKE if assigned_staff_id is None else OPEN


def clean_note(raw: str, field: str = "note") -> str:
    """A short free-text note (several lines allowed)."""
    try:
        reject_invisible_characters(raw)
    except FieldProblem as problem:
        raise ValidationError({field: str(problem)}) from None
    text = "\n".join(" ".join(line.split()) for line in raw.strip().splitlines()).strip()
    if len(text) > LONGEST_NOTE:
        raise ValidationError(
            {field: f"Use at most {LONGEST_NOTE} characters (this has {len(text)})."}
        )
    return text


@dataclass(frozen=True)
class Closing:
    reason: CloseReason
    outcome: CaseOutcome
    note: str
    # HMIS 3.12, where the client went; None only from callers that do not ask it.
    destination: ExitDestination | None = None


def validate_closing(
    reason: str,
    outcome: str,
    note: str,
    destination: str | None = None,
    destination_subsidy: str = "",
    destination_other: str = "",
) -> Closing:
    """``destination`` is HUD's code as the dialog sends it ("" when none was chosen,
    which is refused); None records no destination (callers that do not ask it)."""
    errors: dict[str, str] = {}
    exit_to = None
    if destination is not None:
        try:
            exit_to = validate_destination(destination, destination_subsidy, destination_other)
        except DestinationProblems as problems:
            errors.update(problems.errors)
    try:
        close_reason = CloseReason(reason)
    except ValueError:
        errors["reason"] = "Choose why the case is closed."
        close_reason = CloseReason.OTHER
    try:
        close_outcome = CaseOutcome(outcome)
    except ValueError:
        errors["outcome"] = "Choose the outcome for the client."
        close_outcome = CaseOutcome.UNKNOWN
    text = ""
    try:
        text = clean_note(note)
    except ValidationError as error:
        errors.update(error.errors)
    if close_reason is CloseReason.OTHER and not text and "reason" not in errors:
        errors["note"] = "Say what the other reason is."
    if exit_to is not None and "reason" not in errors:
        died = exit_to.code == DECEASED_DESTINATION
        if died != (close_reason is CloseReason.DECEASED):
            errors["destination"] = (
                "The reason says the client died: choose “Deceased”."
                if not died
                else "“Deceased” goes with the reason “Deceased”."
            )
    if errors:
        raise ValidationError(errors)
    return Closing(close_reason, close_outcome, text, exit_to)
