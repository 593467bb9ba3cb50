"""Plan reviews: on a date, how each goal has progressed, which goals changed
status and which steps were done; the next review is due a program's interval
later. Reviews are the one way an agreed plan's progress moves on: its goals
and steps as agreed never change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, parse_date, reject_invisible_characters
from domain.plans.plan import GoalStatus, ServicePlan

LONGEST_PROGRESS = 2000


@dataclass(frozen=True)
class GoalReviewForm:
    goal_id: int
    progress: str = ""
    status: str = ""  # blank: unchanged
    # Steps found done at this review; steps done before stay done.
    steps_done: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReviewForm:
    reviewed_on: str = ""
    goals: tuple[GoalReviewForm, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class GoalReviewValues:
    goal_id: int
    progress: str
    status_before: GoalStatus
    status_after: GoalStatus
    steps_done: frozenset[int]


@dataclass(frozen=True)
class ReviewValues:
    reviewed_on: date
    goals: tuple[GoalReviewValues, ...]


@dataclass(frozen=True)
class GoalProgress:
    goal_id: int
    description: str
    progress: str
    status_before: GoalStatus
    status_after: GoalStatus

    @property
    def status_changed(self) -> bool:
        return self.status_before is not self.status_after


@dataclass(frozen=True)
class PlanReview:
    id: int
    plan_id: int
    plan_number: int
    reviewed_on: date
    next_review_on: date
    reviewed_by: str
    recorded_at: datetime
    goals: tuple[GoalProgress, ...]


def _progress(raw: str) -> str:
    reject_invisible_characters(raw.replace("\n", " ").replace("\t", " "))
    text = "\n".join(line.rstrip() for line in raw.replace("\r\n", "\n").split("\n")).strip()
    if len(text) > LONGEST_PROGRESS:
        raise FieldProblem(f"Use at most {LONGEST_PROGRESS} characters (this has {len(text)}).")
    return text


def validate_review(form: ReviewForm, plan: ServicePlan, *, today: date) -> ReviewValues:
    """Errors are keyed ``reviewed_on`` and ``goal.N.progress`` / ``goal.N.status``, N
    being the goal's place in the plan. Every goal still open needs a word on its
    progress; a goal already closed may be left as it is."""
    errors: dict[str, str] = {}
    reviewed_on = None
    try:
        reviewed_on = parse_date(form.reviewed_on)
        if reviewed_on is None:
            errors["reviewed_on"] = "Give the date of the review."
        elif reviewed_on > today:
            errors["reviewed_on"] = "A review cannot be dated in the future."
        elif plan.agreed_on is not None and reviewed_on < plan.agreed_on:
            errors["reviewed_on"] = "A review comes after the client agreed to the plan."
    except FieldProblem as problem:
        errors["reviewed_on"] = str(problem)
    given = {entry.goal_id: entry for entry in form.goals}
    unknown = set(given) - {goal.id for goal in plan.goals}
    if unknown:
        errors["goals"] = "The review names a goal that is not in this plan."
    result = []
    for number, goal in enumerate(plan.goals):
        prefix = f"goal.{number}"
        entry = given.get(goal.id, GoalReviewForm(goal.id))
        progress = ""
        try:
            progress = _progress(entry.progress)
        except FieldProblem as problem:
            errors[f"{prefix}.progress"] = str(problem)
        status = goal.status
        if entry.status:
            try:
                status = GoalStatus(entry.status)
            except ValueError:
                errors[f"{prefix}.status"] = "Choose a status."
        needs_word = goal.status.is_open or status is not goal.status
        if not progress and needs_word and f"{prefix}.progress" not in errors:
            errors[f"{prefix}.progress"] = "Say how this goal has progressed."
        step_ids = {step.id for step in goal.steps}
        if not set(entry.steps_done) <= step_ids:
            errors[f"{prefix}.steps"] = "A step named is not one of this goal's."
        result.append(
            GoalReviewValues(
                goal.id, progress, goal.status, status, frozenset(entry.steps_done) & step_ids
            )
        )
    if errors:
        raise ValidationError(errors)
    assert reviewed_on is not None
    return ReviewValues(reviewed_on, tuple(result))
