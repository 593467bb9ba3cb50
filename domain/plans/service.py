"""Service plans: drafting, the client's agreement, new versions, reviews.

A caseworker keeps the plans of the cases assigned to them; a supervisor any.
The front desk and administrators read no plans. A version the client agreed to
never changes: a change starts a new version that copies it, and reviews are
what move an agreed plan's goals and steps on. Every view and change is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from domain.audit.events import AuditAction
from domain.cases.case import CaseSummary
from domain.cases.lifecycle import CLOSED, OPEN
from domain.cases.programs import DEFAULT_REVIEW_DAYS
from domain.cases.tasks import TaskSource
from domain.common.actor import Actor
from domain.common.clock import local_date
from domain.common.errors import ConflictError, NotFound, ValidationError
from domain.common.field_rules import format_date
from domain.common.guard import Guard
from domain.common.policy import Permission, allows
from domain.common.saving import once_more_if_lost
from domain.common.unit_of_work import UnitOfWork
from domain.plans.plan import (
    AgreementForm,
    AgreementMethod,
    GoalForm,
    GoalValues,
    PlanVersionSummary,
    ServicePlan,
    StepValues,
    next_review_due,
    validate_agreement,
    validate_goals,
)
from domain.plans.reviews import PlanReview, ReviewForm, validate_review
from domain.signatures.signature import content_fingerprint, plan_content
from domain.signatures.signing import Signer, signers_or_errors, store, with_signatures


class PlanService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    # --- reading -------------------------------------------------------------

    def current(self, actor: Actor, case_id: int) -> ServicePlan | None:
        """The case's newest version (agreed or draft); None before the first draft."""
        with self._uow_factory() as uow:
            actor, case = self._guard.reach_case(uow, actor, Permission.PLAN_WORK, case_id)
            plan = uow.plans.latest(case_id)
            self._viewed(uow, actor, case_id, plan.id if plan else None)
            uow.commit()
            return self._dressed(uow, plan, case) if plan else None

    def versions(self, actor: Actor, case_id: int) -> list[PlanVersionSummary]:
        """Every version of the case's plan, newest first."""
        with self._uow_factory() as uow:
            actor, _case = self._guard.reach_case(uow, actor, Permission.PLAN_WORK, case_id)
            found = uow.plans.versions(case_id)
            self._viewed(uow, actor, case_id, None, "versions")
            uow.commit()
            return found

    def version(self, actor: Actor, plan_id: int) -> ServicePlan:
        """One version, as it was agreed (or as the draft stands)."""
        with self._uow_factory() as uow:
            actor, plan, case = self._reach_plan(uow, actor, plan_id)
            self._viewed(uow, actor, case.id, plan_id)
            uow.commit()
            return self._dressed(uow, plan, case)

    def reviews(self, actor: Actor, case_id: int) -> list[PlanReview]:
        """The reviews of every version of the case's plan, newest first."""
        with self._uow_factory() as uow:
            actor, _case = self._guard.reach_case(uow, actor, Permission.PLAN_WORK, case_id)
            found = uow.plans.reviews(case_id)
            self._viewed(uow, actor, case_id, None, "reviews")
            uow.commit()
            return found

    def goals_for_case(self, actor: Actor, case_id: int) -> list[tuple[int, str]]:
        """(goal id, description) of the plan in force, to link a note to: the newest
        agreed version's goals, or the draft's while nothing is agreed yet."""
        with self._uow_factory() as uow:
            actor, _case = self._guard.reach_case(uow, actor, Permission.PLAN_WORK, case_id)
            agreed = next((v for v in uow.plans.versions(case_id) if v.is_agreed), None)
            plan = uow.plans.get(agreed.id) if agreed else uow.plans.latest(case_id)
            self._viewed(uow, actor, case_id, plan.id if plan else None, "goals")
            uow.commit()
            return [(goal.id, goal.description) for goal in plan.goals] if plan else []

    # --- changing ------------------------------------------------------------

    def save_draft(
        self, actor: Actor, case_id: int, expected_version: int, goals: tuple[GoalForm, ...]
    ) -> ServicePlan:
        """Write version 1 (``expected_version`` 0: no plan seen) or save over the
        draft. An agreed version is never edited: start a new version first.
        A save whose connection dropped is tried once more, and answers with the
        draft when it already holds exactly what was asked (domain/common/saving.py)."""
        now = self._clock()
        values = validate_goals(goals)
        return once_more_if_lost(
            lambda again: self._save_draft(actor, case_id, expected_version, values, now, again)
        )

    def _save_draft(
        self,
        actor: Actor,
        case_id: int,
        expected_version: int,
        values: tuple[GoalValues, ...],
        now: datetime,
        again: bool,
    ) -> ServicePlan:
        with self._uow_factory() as uow:
            actor, case = self._reach_open_case(uow, actor, case_id)
            latest = uow.plans.latest(case_id)
            if again and latest and _holds(latest, expected_version, values, actor.username):
                return self._dressed(uow, latest, case)
            if latest is None:
                if expected_version != 0:
                    raise ConflictError("The service plan", None, None)
                fresh = tuple(replace(goal, goal_id=None) for goal in values)
                plan_id = uow.plans.add_version(
                    case_id, 1, fresh, drafted_on=local_date(now), by=actor.username, at=now
                )
            else:
                if expected_version != latest.version:
                    raise ConflictError("The service plan", latest.updated_by, latest.updated_at)
                if latest.is_agreed:
                    raise ValidationError({"plan": _agreed_message(latest)})
                known = {goal.id for goal in latest.goals}
                if any(g.goal_id is not None and g.goal_id not in known for g in values):
                    raise ValidationError({"goals": "A goal edited is not one of this draft's."})
                plan_id = latest.id
                uow.plans.save_goals(plan_id, expected_version, values, by=actor.username, at=now)
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.PLAN_DRAFT_SAVED,
                    "plan",
                    plan_id,
                    f"case={case_id} goals={len(values)}",
                )
            )
            plan = self._dressed(uow, uow.plans.get(plan_id), case)
            uow.commit()
        return plan

    def record_agreement(
        self,
        actor: Actor,
        plan_id: int,
        expected_version: int,
        form: AgreementForm,
        signers: Sequence[Signer] = (),
    ) -> ServicePlan:
        """The client agreed to this draft: from now on it is fixed. The next review
        counts from the day of the agreement. Signed on screen, ``signers`` (the
        client, perhaps the caseworker as witness) are stored with the fingerprint
        of the goals and steps agreed, in the same transaction."""
        now = self._clock()
        on_screen = form.how == AgreementMethod.SCREEN.value
        cleaned, signer_errors = (
            signers_or_errors(signers, what="the plan") if on_screen else ([], {})
        )
        with self._uow_factory() as uow:
            actor, plan, case = self._reach_plan(uow, actor, plan_id)
            self._refuse_closed(case)
            if plan.is_agreed:
                raise ValidationError({"plan": _agreed_message(plan)})
            try:
                agreement = validate_agreement(
                    form, today=local_date(now), drafted_on=plan.drafted_on
                )
            except ValidationError as invalid:
                raise ValidationError({**invalid.errors, **signer_errors}) from None
            if signer_errors:
                raise ValidationError(signer_errors)
            uow.plans.agree(plan_id, expected_version, agreement, by=actor.username, at=now)
            if cleaned:
                fingerprint = content_fingerprint(plan_content(plan))
                store(
                    uow,
                    cleaned,
                    fingerprint,
                    by=actor.username,
                    at=now,
                    plan_id=plan_id,
                    plan_version=plan.number,
                )
            uow.cases.set_last_review(case.id, agreement.agreed_on, by=actor.username, at=now)
            uow.tasks.complete_reminders(case.id, TaskSource.PLAN_REVIEW, by=actor.username, at=now)
            signed = f" signers={len(cleaned)}" if cleaned else ""
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.PLAN_AGREED,
                    "plan",
                    plan_id,
                    f"case={case.id} how={agreement.how.value}{signed}",
                )
            )
            agreed = self._dressed(uow, uow.plans.get(plan_id), uow.cases.get(case.id) or case)
            uow.commit()
        return agreed

    def new_version(self, actor: Actor, case_id: int) -> ServicePlan:
        """A draft copying the agreed version (goals with their statuses, steps with
        whether they are done), to change and agree again."""
        now = self._clock()
        with self._uow_factory() as uow:
            actor, case = self._reach_open_case(uow, actor, case_id)
            latest = uow.plans.latest(case_id)
            if latest is None:
                raise ValidationError({"plan": "There is no plan yet: write its first version."})
            if not latest.is_agreed:
                raise ValidationError(
                    {"plan": f"Version {latest.number} is still a draft: edit it instead."}
                )
            copies = tuple(
                GoalValues(
                    goal.description,
                    goal.domain,
                    goal.target_on,
                    goal.status,
                    tuple(
                        StepValues(s.what, s.who, s.provider, s.due_on, s.done) for s in goal.steps
                    ),
                    goal.id,
                )
                for goal in latest.goals
            )
            plan_id = uow.plans.add_version(
                case_id,
                latest.number + 1,
                copies,
                drafted_on=local_date(now),
                by=actor.username,
                at=now,
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.PLAN_VERSION_STARTED,
                    "plan",
                    plan_id,
                    f"case={case_id} copies={latest.id}",
                )
            )
            plan = self._dressed(uow, uow.plans.get(plan_id), case)
            uow.commit()
        return plan

    def record_review(self, actor: Actor, plan_id: int, form: ReviewForm) -> PlanReview:
        """Progress on each goal, its status changes and the steps done, all in one
        transaction; the next review is due the program's interval later."""
        now = self._clock()
        with self._uow_factory() as uow:
            actor, plan, case = self._reach_plan(uow, actor, plan_id)
            self._refuse_closed(case)
            if not plan.is_agreed:
                raise ValidationError(
                    {"plan": "Record the client's agreement before reviewing the plan."}
                )
            later = [
                v for v in uow.plans.versions(case.id) if v.number > plan.number and v.is_agreed
            ]
            if later:
                raise ValidationError(
                    {"plan": f"Version {later[0].number} is in force now: review that one."}
                )
            values = validate_review(form, plan, today=local_date(now))
            due = next_review_due(values.reviewed_on, self._interval(uow, case))
            review_id = uow.plans.add_review(plan_id, values, due, by=actor.username, at=now)
            uow.cases.set_last_review(case.id, values.reviewed_on, by=actor.username, at=now)
            uow.tasks.complete_reminders(case.id, TaskSource.PLAN_REVIEW, by=actor.username, at=now)
            changed = ",".join(
                str(g.goal_id) for g in values.goals if g.status_after is not g.status_before
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.PLAN_REVIEWED,
                    "plan",
                    plan_id,
                    f"case={case.id} review={review_id} status_changed={changed or 'none'}",
                )
            )
            review = next(r for r in uow.plans.reviews(case.id) if r.id == review_id)
            uow.commit()
        return review

    # --- helpers -------------------------------------------------------------

    def _reach_plan(
        self, uow: UnitOfWork, actor: Actor, plan_id: int
    ) -> tuple[Actor, ServicePlan, CaseSummary]:
        """As the guard reaches a case: a caseworker cannot tell another's plan from
        one that does not exist."""
        current = self._guard.require(
            uow, actor, Permission.PLAN_WORK, entity_type="plan", entity_id=plan_id
        )
        plan = uow.plans.get(plan_id)
        if plan is None:
            if not allows(current.role, Permission.CLIENT_ANY):
                self._guard.refuse(current, Permission.CLIENT_ANY, "plan", plan_id)
            raise NotFound("That service plan does not exist.")
        current, case = self._guard.reach_case(uow, current, Permission.PLAN_WORK, plan.case_id)
        return current, plan, case

    def _reach_open_case(
        self, uow: UnitOfWork, actor: Actor, case_id: int
    ) -> tuple[Actor, CaseSummary]:
        actor, case = self._guard.reach_case(uow, actor, Permission.PLAN_WORK, case_id)
        self._refuse_closed(case)
        return actor, case

    @staticmethod
    def _refuse_closed(case: CaseSummary) -> None:
        if case.status is CLOSED:
            raise ValidationError(
                {"plan": "This case is closed: its plan can be read, not changed."}
            )

    def _viewed(
        self,
        uow: UnitOfWork,
        actor: Actor,
        case_id: int,
        plan_id: int | None,
        what: str = "",
    ) -> None:
        detail = f"case={case_id}" + (f" {what}" if what else "")
        entity = ("plan", plan_id) if plan_id is not None else ("case", case_id)
        uow.audit.record(self._guard.event(actor, AuditAction.PLAN_VIEWED, *entity, detail))

    @staticmethod
    def _interval(uow: UnitOfWork, case: CaseSummary) -> int:
        program = uow.programs.get(case.program_id) if case.program_id is not None else None
        return program.review_interval_days if program else DEFAULT_REVIEW_DAYS

    def _dressed(self, uow: UnitOfWork, plan: ServicePlan | None, case: CaseSummary):
        """The plan with its on-screen signatures and when the case's next review is
        due (as My day counts it)."""
        assert plan is not None
        plan = with_signatures(uow, plan)
        if case.status is not OPEN:
            return plan
        since = case.last_review_on or case.assigned_on or case.opened_on
        return replace(plan, review_due_on=next_review_due(since, self._interval(uow, case)))


def _holds(
    plan: ServicePlan, expected_version: int, values: tuple[GoalValues, ...], username: str
) -> bool:
    """Whether ``plan`` is exactly what a save of ``values`` over ``expected_version``
    by ``username`` made: the next version of an unagreed draft with these goals (a
    goal new in the save may have any id)."""
    if plan.version != expected_version + 1 or plan.updated_by != username:
        return False
    if plan.agreed_on is not None or len(plan.goals) != len(values):
        return False
    for stored, asked in zip(plan.goals, values, strict=True):
        if asked.goal_id is not None and asked.goal_id != stored.id:
            return False
        if (stored.description, stored.domain, stored.target_on, stored.status) != (
            asked.description,
            asked.domain,
            asked.target_on,
            asked.status,
        ):
            return False
        steps = [(s.what, s.who, s.provider, s.due_on, s.done) for s in stored.steps]
        if steps != [(s.what, s.who, s.provider, s.due_on, s.done) for s in asked.steps]:
            return False
    return True


def _agreed_message(plan: ServicePlan) -> str:
    return (
        f"Version {plan.number} was agreed with the client on {format_date(plan.agreed_on)} "
        "and cannot change: start a new version to change the plan."
    )
