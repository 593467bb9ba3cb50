"""Cases as read models: one episode of service for a client in a program."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class CaseStatus(StrEnum):
    INTAKE = "intake"  # opened, waiting for a supervisor to assign a caseworker
    OPEN = "open"
    ON_HOLD = "on_hold"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            CaseStatus.INTAKE: "Waiting for assignment",
            CaseStatus.OPEN: "Open",
            CaseStatus.ON_HOLD: "On hold",
            CaseStatus.CLOSED: "Closed",
        }[self]


class CloseReason(StrEnum):
    GOALS_MET = "goals_met"
    CLIENT_WITHDREW = "client_withdrew"
    LOST_CONTACT = "lost_contact"
    MOVED_AWAY = "moved_away"
    REFERRED_ELSEWHERE = "referred_elsewhere"
    NOT_ELIGIBLE = "not_eligible"
    DECEASED = "deceased"
    OTHER = "other"  # needs a note saying what

    @property
    def label(self) -> str:
        return {
            CloseReason.GOALS_MET: "Goals met",
            CloseReason.CLIENT_WITHDREW: "Client withdrew",
            CloseReason.LOST_CONTACT: "Lost contact",
            CloseReason.MOVED_AWAY: "Moved out of the area",
            CloseReason.REFERRED_ELSEWHERE: "Referred to another agency",
            CloseReason.NOT_ELIGIBLE: "Not eligible",
            CloseReason.DECEASED: "Deceased",
            CloseReason.OTHER: "Other",
        }[self]


class CaseOutcome(StrEnum):
    ACHIEVED = "achieved"
    PARTLY_ACHIEVED = "partly_achieved"
    NOT_ACHIEVED = "not_achieved"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            CaseOutcome.ACHIEVED: "Goals achieved",
            CaseOutcome.PARTLY_ACHIEVED: "Goals partly achieved",
            CaseOutcome.NOT_ACHIEVED: "Goals not achieved",
            CaseOutcome.UNKNOWN: "Outcome unknown",
        }[self]


@dataclass(frozen=True)
class CaseSummary:
    id: int
    version: int
    client_id: int
    program_id: int | None
    program_name: str
    status: CaseStatus
    assigned_staff_id: int | None
    assigned_name: str
    opened_on: date
    closed_on: date | None
    # The day the case last changed hands (None: not since it was opened).
    assigned_on: date | None = None
    close_reason: CloseReason | None = None
    close_outcome: CaseOutcome | None = None
    close_note: str = ""
    closed_by: str = ""
    # The day its service plan was last reviewed (or agreed): the next review counts from it.
    last_review_on: date | None = None
    # Where the client went (HMIS 3.12, HUD's code) with its follow-ups; None while open.
    exit_destination: int | None = None
    exit_destination_subsidy: int | None = None
    exit_destination_other: str = ""

    @property
    def number(self) -> str:
        return case_number(self.id)

    @property
    def is_active(self) -> bool:
        return self.status is not CaseStatus.CLOSED


def case_number(case_id: int) -> str:
    return f"K{case_id:06d}"


@dataclass(frozen=True)
class AssignmentEntry:
    """One line of a case's assignment history: who had it, who handed it on, why."""

    id: int
    case_id: int
    staff_id: int | None  # None: the case was taken back to the unassigned queue
    staff_name: str
    previous_staff_id: int | None
    previous_name: str
    assigned_by: str
    assigned_at: datetime
    note: str


@dataclass(frozen=True)
class CaseStatusChange:
    """One line of a case's own history: put on hold, resumed, closed or reopened.
    (Opening is the case itself; a change of hands is an ``AssignmentEntry``.)"""

    id: int
    case_id: int
    status_before: CaseStatus | None  # None: recorded from the case as it stood
    status_after: CaseStatus
    changed_by: str
    changed_at: datetime
    close_reason: CloseReason | None = None
    close_outcome: CaseOutcome | None = None
    note: str = ""
