"""Service plans in SQL: versions with their goals and steps, agreements, reviews."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from domain.assessments.assessment import LifeDomain
from domain.common.errors import ConflictError, NotFound
from domain.plans.plan import (
    Agreement,
    AgreementMethod,
    GoalStatus,
    GoalValues,
    PlanGoal,
    PlanStep,
    PlanVersionSummary,
    ServicePlan,
    StepOwner,
    StepValues,
)
from domain.plans.reviews import GoalProgress, PlanReview, ReviewValues
from storage.cases.tables import cases
from storage.common.timestamps import as_utc
from storage.plans.tables import (
    plan_goals,
    plan_review_goals,
    plan_reviews,
    plan_steps,
    service_plans,
)

P, G, S = service_plans.c, plan_goals.c, plan_steps.c


def _stamps(by: str, at: datetime) -> dict:
    return {"created_at": at, "created_by": by, "updated_at": at, "updated_by": by}


class SqlPlanRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    # --- reading -------------------------------------------------------------

    def latest(self, case_id: int) -> ServicePlan | None:
        plan_id = self._conn.execute(
            select(P.id).where(P.case_id == case_id).order_by(P.number.desc()).limit(1)
        ).scalar_one_or_none()
        return None if plan_id is None else self.get(plan_id)

    def get(self, plan_id: int) -> ServicePlan | None:
        head = self._conn.execute(
            select(service_plans, cases.c.client_id)
            .select_from(service_plans.join(cases, cases.c.id == P.case_id))
            .where(P.id == plan_id)
        ).one_or_none()
        if head is None:
            return None
        latest = self._conn.execute(
            select(func.max(P.number)).where(P.case_id == head.case_id)
        ).scalar_one()
        return ServicePlan(
            id=head.id,
            version=head.version,
            case_id=head.case_id,
            client_id=head.client_id,
            number=head.number,
            goals=self._goals(plan_id),
            drafted_on=head.drafted_on,
            drafted_by=head.created_by,
            updated_at=as_utc(head.updated_at),
            updated_by=head.updated_by,
            agreed_on=head.agreed_on,
            agreed_how=AgreementMethod(head.agreed_how) if head.agreed_how else None,
            agreement_recorded_by=head.agreement_recorded_by or "",
            latest_number=latest,
        )

    def _goals(self, plan_id: int) -> tuple[PlanGoal, ...]:
        goals = self._conn.execute(
            select(plan_goals).where(G.plan_id == plan_id).order_by(G.position, G.id)
        ).all()
        steps = defaultdict(list)
        if goals:
            for row in self._conn.execute(
                select(plan_steps)
                .where(S.goal_id.in_([g.id for g in goals]))
                .order_by(S.goal_id, S.position, S.id)
            ):
                steps[row.goal_id].append(
                    PlanStep(
                        row.id, row.what, StepOwner(row.who), row.provider, row.due_on, row.done
                    )
                )
        return tuple(
            PlanGoal(
                g.id,
                g.description,
                LifeDomain(g.domain),
                g.target_on,
                GoalStatus(g.status),
                tuple(steps[g.id]),
            )
            for g in goals
        )

    def versions(self, case_id: int) -> list[PlanVersionSummary]:
        counts = select(G.plan_id, func.count().label("goals")).group_by(G.plan_id).subquery()
        rows = self._conn.execute(
            select(service_plans, func.coalesce(counts.c.goals, 0).label("goals"))
            .select_from(service_plans.outerjoin(counts, counts.c.plan_id == P.id))
            .where(P.case_id == case_id)
            .order_by(P.number.desc())
        )
        return [
            PlanVersionSummary(
                id=row.id,
                case_id=row.case_id,
                number=row.number,
                goal_count=int(row.goals),
                drafted_on=row.drafted_on,
                drafted_by=row.created_by,
                agreed_on=row.agreed_on,
                agreed_how=AgreementMethod(row.agreed_how) if row.agreed_how else None,
            )
            for row in rows
        ]

    def reviews(self, case_id: int) -> list[PlanReview]:
        R = plan_reviews.c
        heads = self._conn.execute(
            select(plan_reviews, P.number)
            .select_from(plan_reviews.join(service_plans, P.id == R.plan_id))
            .where(P.case_id == case_id)
            .order_by(R.reviewed_on.desc(), R.id.desc())
        ).all()
        if not heads:
            return []
        per_review = defaultdict(list)
        RG = plan_review_goals.c
        for row in self._conn.execute(
            select(plan_review_goals, G.description)
            .select_from(plan_review_goals.join(plan_goals, G.id == RG.goal_id))
            .where(RG.review_id.in_([h.id for h in heads]))
            .order_by(RG.review_id, G.position, G.id)
        ):
            per_review[row.review_id].append(
                GoalProgress(
                    row.goal_id,
                    row.description,
                    row.progress,
                    GoalStatus(row.status_before),
                    GoalStatus(row.status_after),
                )
            )
        return [
            PlanReview(
                id=h.id,
                plan_id=h.plan_id,
                plan_number=h.number,
                reviewed_on=h.reviewed_on,
                next_review_on=h.next_review_on,
                reviewed_by=h.created_by,
                recorded_at=as_utc(h.created_at),
                goals=tuple(per_review[h.id]),
            )
            for h in heads
        ]

    # --- writing -------------------------------------------------------------

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
        at = as_utc(at)
        try:
            # A savepoint, so that on PostgreSQL the transaction can still say who won.
            with self._conn.begin_nested():
                plan_id = self._conn.execute(
                    insert(service_plans)
                    .values(
                        case_id=case_id,
                        number=number,
                        drafted_on=drafted_on,
                        version=1,
                        **_stamps(by, at),
                    )
                    .returning(P.id)
                ).scalar_one()
        except IntegrityError:
            self._raise_if_taken(case_id, number)
            raise
        for position, goal in enumerate(goals):
            self._insert_goal(plan_id, position, goal, goal.goal_id, by, at)
        return plan_id

    def _raise_if_taken(self, case_id: int, number: int) -> None:
        """Another desk wrote this version of the case's plan first."""
        winner = self._conn.execute(
            select(P.created_by, P.created_at).where(P.case_id == case_id, P.number == number)
        ).one_or_none()
        if winner is not None:
            raise ConflictError("The service plan", winner.created_by, as_utc(winner.created_at))

    def _insert_goal(
        self,
        plan_id: int,
        position: int,
        goal: GoalValues,
        copied_from: int | None,
        by: str,
        at: datetime,
    ) -> int:
        goal_id = self._conn.execute(
            insert(plan_goals)
            .values(
                plan_id=plan_id,
                position=position,
                copied_from_id=copied_from,
                version=1,
                **self._goal_fields(goal),
                **_stamps(by, at),
            )
            .returning(G.id)
        ).scalar_one()
        self._insert_steps(goal_id, goal.steps, by, at)
        return goal_id

    @staticmethod
    def _goal_fields(goal: GoalValues) -> dict:
        return {
            "description": goal.description,
            "domain": goal.domain.value,
            "target_on": goal.target_on,
            "status": goal.status.value,
        }

    def _insert_steps(
        self, goal_id: int, steps: tuple[StepValues, ...], by: str, at: datetime
    ) -> None:
        if steps:
            self._conn.execute(
                insert(plan_steps),
                [
                    {
                        "goal_id": goal_id,
                        "position": position,
                        "what": step.what,
                        "who": step.who.value,
                        "provider": step.provider,
                        "due_on": step.due_on,
                        "done": step.done,
                        "version": 1,
                        **_stamps(by, at),
                    }
                    for position, step in enumerate(steps)
                ],
            )

    def save_goals(
        self,
        plan_id: int,
        expected_version: int,
        goals: tuple[GoalValues, ...],
        *,
        by: str,
        at: datetime,
    ) -> None:
        at = as_utc(at)
        self._bump(plan_id, expected_version, {}, by=by, at=at)
        existing = set(self._conn.execute(select(G.id).where(G.plan_id == plan_id)).scalars())
        kept = {goal.goal_id for goal in goals if goal.goal_id in existing}
        # Steps are rewritten whole: nothing refers to a draft's steps.
        if existing:
            self._conn.execute(delete(plan_steps).where(S.goal_id.in_(sorted(existing))))
        gone = sorted(existing - kept)
        if gone:
            self._conn.execute(delete(plan_goals).where(G.id.in_(gone)))
        for position, goal in enumerate(goals):
            if goal.goal_id in kept:
                self._conn.execute(
                    update(plan_goals)
                    .where(G.id == goal.goal_id)
                    .values(
                        position=position,
                        **self._goal_fields(goal),
                        version=G.version + 1,
                        updated_at=at,
                        updated_by=by,
                    )
                )
                self._insert_steps(goal.goal_id, goal.steps, by, at)
            else:
                self._insert_goal(plan_id, position, goal, None, by, at)

    def agree(
        self, plan_id: int, expected_version: int, agreement: Agreement, *, by: str, at: datetime
    ) -> None:
        values = {
            "agreed_on": agreement.agreed_on,
            "agreed_how": agreement.how.value,
            "agreement_recorded_by": by,
        }
        self._bump(plan_id, expected_version, values, by=by, at=as_utc(at))

    def _bump(
        self, plan_id: int, expected_version: int, values: dict, *, by: str, at: datetime
    ) -> None:
        changed = self._conn.execute(
            update(service_plans)
            .where(P.id == plan_id, P.version == expected_version)
            .values(**values, version=P.version + 1, updated_at=at, updated_by=by)
            .returning(P.id)
        ).one_or_none()
        if changed is None:
            current = self._conn.execute(
                select(P.updated_by, P.updated_at).where(P.id == plan_id)
            ).one_or_none()
            if current is None:
                raise NotFound("That service plan does not exist.")
            raise ConflictError("The service plan", current.updated_by, as_utc(current.updated_at))

    def add_review(
        self, plan_id: int, values: ReviewValues, next_review_on: date, *, by: str, at: datetime
    ) -> int:
        at = as_utc(at)
        review_id = self._conn.execute(
            insert(plan_reviews)
            .values(
                plan_id=plan_id,
                reviewed_on=values.reviewed_on,
                next_review_on=next_review_on,
                created_at=at,
                created_by=by,
            )
            .returning(plan_reviews.c.id)
        ).scalar_one()
        self._conn.execute(
            insert(plan_review_goals),
            [
                {
                    "review_id": review_id,
                    "goal_id": goal.goal_id,
                    "progress": goal.progress,
                    "status_before": goal.status_before.value,
                    "status_after": goal.status_after.value,
                }
                for goal in values.goals
            ],
        )
        stamp = {"version": None, "updated_at": at, "updated_by": by}
        for goal in values.goals:
            if goal.status_after is not goal.status_before:
                # The goal, and its copy in a draft of the next version, move on.
                draft_copies = select(G.id).where(
                    G.copied_from_id == goal.goal_id,
                    G.plan_id.in_(select(P.id).where(P.agreed_on.is_(None))),
                )
                self._conn.execute(
                    update(plan_goals)
                    .where((G.id == goal.goal_id) | G.id.in_(draft_copies))
                    .values(status=goal.status_after.value, **stamp | {"version": G.version + 1})
                )
            if goal.steps_done:
                self._conn.execute(
                    update(plan_steps)
                    .where(S.id.in_(sorted(goal.steps_done)), S.done.is_(False))
                    .values(done=True, **stamp | {"version": S.version + 1})
                )
        return review_id
