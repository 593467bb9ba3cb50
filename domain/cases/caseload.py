"""What supervisors and caseworkers look at first: the caseload board and "My day".

Read models only. Plan reviews are due a program's review interval after the
case was opened or last changed hands (service plans and their reviews arrive
with issue 6, which will move the anchor to the last review).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain.cases.case import CaseStatus, case_number
from domain.cases.tasks import Task
from domain.clients.record import client_number

NEW_CASE_DAYS = 7  # "new this week": changed hands within the last seven days
REVIEW_SOON_DAYS = 7  # My day lists reviews due within a week, and overdue ones
CONSENT_SOON_DAYS = 30
RECENT_CHANGE_DAYS = 7
MAX_RECENT_CHANGES = 30
MAX_QUEUE = 500


@dataclass(frozen=True)
class CaseRow:
    """One case in a caseload list (the board's selection, My day's cases)."""

    id: int
    version: int
    client_id: int
    client_name: str
    program_name: str
    status: CaseStatus
    assigned_staff_id: int | None
    opened_on: date
    assigned_on: date | None
    review_due_on: date | None  # None when on hold: no review runs then

    @property
    def number(self) -> str:
        return case_number(self.id)

    @property
    def client_number(self) -> str:
        return client_number(self.client_id)

    def review_overdue(self, today: date) -> bool:
        return self.review_due_on is not None and self.review_due_on < today


@dataclass(frozen=True)
class CaseworkerLoad:
    staff_id: int
    name: str
    active: bool  # an inactive caseworker who still holds cases needs them reassigned
    open_cases: int
    new_this_week: int
    overdue_reviews: int
    overdue_tasks: int


@dataclass(frozen=True)
class WaitingCase:
    """A case in the unassigned queue."""

    case_id: int
    version: int
    client_id: int
    client_name: str
    program_name: str
    waiting_since: date

    @property
    def number(self) -> str:
        return case_number(self.case_id)


@dataclass(frozen=True)
class CaseloadBoard:
    today: date
    caseworkers: tuple[CaseworkerLoad, ...]
    unassigned: tuple[WaitingCase, ...]


class ConsentDue(StrEnum):
    """Why a consent is on My day, most urgent first."""

    MISSING = "no consent to services"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    EXPIRING = "expiring"


@dataclass(frozen=True)
class ExpiringConsent:
    """A consent of one of my active cases to act on: running out within
    CONSENT_SOON_DAYS, past its date and not renewed, or (no ``consent_id``) a
    consent to services the case goes on without."""

    consent_id: int | None
    client_id: int
    client_name: str
    case_id: int
    kind: str
    expires_on: date | None
    recipient: str = ""  # whom a release is for
    revoked_on: date | None = None

    def due(self, today: date) -> ConsentDue:
        if self.consent_id is None:
            return ConsentDue.MISSING
        if self.revoked_on is not None and self.revoked_on <= today:
            return ConsentDue.WITHDRAWN
        if self.expires_on is not None and self.expires_on < today:
            return ConsentDue.EXPIRED
        return ConsentDue.EXPIRING


@dataclass(frozen=True)
class RecentChange:
    """Someone else changed one of my cases (or its client, or a task on it)."""

    at: datetime
    by: str  # username
    what: str  # "case", "client", "task"
    case_id: int
    client_id: int
    client_name: str
    by_name: str = ""  # the staff member's display name, as people know them

    @property
    def who(self) -> str:
        return self.by_name or self.by


@dataclass(frozen=True)
class MyDay:
    today: date
    cases: tuple[CaseRow, ...]
    tasks_due: tuple[Task, ...]  # due today or overdue, not done
    reviews_due: tuple[CaseRow, ...]
    consents_expiring: tuple[ExpiringConsent, ...]  # and lapsed, and missing: to act on
    recent_changes: tuple[RecentChange, ...]
