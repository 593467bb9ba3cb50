"""Tasks and reminders: something to do by a date, for one person, often on a case.

People create tasks by hand; the system creates reminders (a plan review due, a
consent expiring) once each, keyed by what they remind of, so generating them
again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from domain.cases.case import case_number
from domain.cases.lifecycle import clean_note
from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, clean_text, parse_date

LONGEST_TITLE = 200
FURTHEST_DUE_DAYS = 2 * 366
# Reminders appear this long before what they remind of.
REVIEW_LEAD_DAYS = 7
CONSENT_LEAD_DAYS = 30
CONSENT_TASK_LEAD_DAYS = 14


class TaskSource(StrEnum):
    MANUAL = "manual"
    PLAN_REVIEW = "plan_review"
    CONSENT_EXPIRY = "consent_expiry"
    REFERRAL_FOLLOW_UP = "referral_follow_up"

    @property
    def label(self) -> str:
        return {
            TaskSource.MANUAL: "Task",
            TaskSource.PLAN_REVIEW: "Plan review reminder",
            TaskSource.CONSENT_EXPIRY: "Consent expiry reminder",
            TaskSource.REFERRAL_FOLLOW_UP: "Referral follow-up",
        }[self]


@dataclass(frozen=True)
class TaskForm:
    title: str = ""
    due_on: str = ""  # MM/DD/YYYY or YYYY-MM-DD
    case_id: int | None = None
    assignee_id: int | None = None  # None: the person creating it
    note: str = ""


@dataclass(frozen=True)
class TaskValues:
    title: str
    due_on: date
    case_id: int | None
    assignee_id: int
    note: str
    source: TaskSource = TaskSource.MANUAL
    source_key: str | None = None


@dataclass(frozen=True)
class Task:
    id: int
    version: int
    title: str
    note: str
    due_on: date
    assignee_id: int | None
    assignee_name: str
    case_id: int | None
    client_id: int | None
    client_name: str
    source: TaskSource
    done_at: datetime | None
    done_by: str
    created_by: str

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def case_number(self) -> str:
        return case_number(self.case_id) if self.case_id is not None else ""

    def is_overdue(self, today: date) -> bool:
        return not self.is_done and self.due_on < today


def validate_task(form: TaskForm, *, today: date, assignee_id: int) -> TaskValues:
    errors: dict[str, str] = {}
    title = ""
    try:
        title = clean_text(form.title, longest=LONGEST_TITLE) or ""
        if not title:
            errors["title"] = "Say what is to be done."
    except FieldProblem as problem:
        errors["title"] = str(problem)
    due_on = today
    try:
        typed = parse_date(form.due_on)
        if typed is None:
            errors["due_on"] = "Choose the date it is due."
        elif typed < today:
            errors["due_on"] = "A new task cannot be due in the past."
        elif typed > today + timedelta(days=FURTHEST_DUE_DAYS):
            errors["due_on"] = "Choose a date within the next two years."
        else:
            due_on = typed
    except FieldProblem as problem:
        errors["due_on"] = str(problem)
    note = ""
    try:
        note = clean_note(form.note)
    except ValidationError as error:
        errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    return TaskValues(title, due_on, form.case_id, assignee_id, note)


@dataclass(frozen=True)
class ReviewDue:
    """An open case whose service plan is due for review, as reminders need it."""

    case_id: int
    assigned_staff_id: int
    due_on: date


@dataclass(frozen=True)
class ConsentExpiring:
    consent_id: int
    case_id: int
    assigned_staff_id: int
    expires_on: date


def review_reminder(review: ReviewDue) -> TaskValues:
    return TaskValues(
        title="Review the service plan",
        due_on=review.due_on,
        case_id=review.case_id,
        assignee_id=review.assigned_staff_id,
        note="",
        source=TaskSource.PLAN_REVIEW,
        source_key=f"case:{review.case_id}:{review.due_on.isoformat()}",
    )


def consent_reminder(consent: ConsentExpiring, today: date) -> TaskValues:
    return TaskValues(
        title="Renew the client's consent before it expires",
        due_on=max(today, consent.expires_on - timedelta(days=CONSENT_TASK_LEAD_DAYS)),
        case_id=consent.case_id,
        assignee_id=consent.assigned_staff_id,
        note=f"Expires {consent.expires_on:%m/%d/%Y}.",
        source=TaskSource.CONSENT_EXPIRY,
        source_key=f"consent:{consent.consent_id}:{consent.expires_on.isoformat()}",
    )
