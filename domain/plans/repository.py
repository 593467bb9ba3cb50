"""What service plans need from storage."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from domain.plans.plan import Agreement, GoalValues, PlanVersionSummary, ServicePlan
from domain.plans.reviews import PlanReview, ReviewValues


class PlanRepository(Protocol):
    """Service plans: versions of goals and steps, agreements and reviews."""

    def latest(self, case_id: int) -> ServicePlan | None:
        """The case's newest version, agreed or draft."""
        ...

    def get(self, plan_id: int) -> ServicePlan | None: ...

    def versions(self, case_id: int) -> list[PlanVersionSummary]:
        """Newest first."""
        ...

    def add_version(
        self,
        case_id: int,
        number: int,
        goals: tuple[GoalValues, ...],
        *,
        drafted_on: date,
        by: str,
        at: datetime,
    ) -> int:
        """A new draft; a goal's ``goal_id`` here names the goal it copies."""
        ...

    def save_goals(
        self,
        plan_id: int,
        expected_version: int,
        goals: tuple[GoalValues, ...],
        *,
        by: str,
        at: datetime,
    ) -> None:
        """Replace a draft's goals and steps (a goal's ``goal_id`` keeps that goal's
        row); ``ConflictError`` if the version is stale."""
        ...

    def agree(
        self, plan_id: int, expected_version: int, agreement: Agreement, *, by: str, at: datetime
    ) -> None: ...

    def add_review(
        self, plan_id: int, values: ReviewValues, next_review_on: date, *, by: str, at: datetime
    ) -> int:
        """Store the review and move the goals' statuses and steps on with it (and those
        of a draft copying them)."""
        ...

    def reviews(self, case_id: int) -> list[PlanReview]:
        """Every version's reviews, newest first."""
        ...
