"""Tasks: created by hand, completed and reopened; reminders created by the system.

A caseworker works on their own tasks and the tasks of their cases; a
supervisor on any. A task on a case is for the case's caseworker or a
supervisor, so that whoever holds the case holds its tasks.
"""

from __future__ import annotations

from datetime import timedelta

from domain.audit.events import AuditAction
from domain.cases.lifecycle import CLOSED
from domain.cases.tasks import (
    CONSENT_LEAD_DAYS,
    REVIEW_LEAD_DAYS,
    Task,
    TaskForm,
    consent_reminder,
    review_reminder,
    validate_task,
)
from domain.common.actor import Actor
from domain.common.clock import local_date
from domain.common.errors import ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission, Role, allows
from domain.referrals.referral import follow_up_reminder
from domain.settings.office_settings import OfficeSettings


class TaskService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def create(self, actor: Actor, form: TaskForm) -> Task:
        now = self._clock()
        assignee_id = form.assignee_id if form.assignee_id is not None else actor.staff_id
        values = validate_task(form, today=local_date(now), assignee_id=assignee_id)
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.CASE_WORK, entity_type="task")
            assignee = uow.staff.get(assignee_id)
            if (
                assignee is None
                or not assignee.active
                or assignee.role not in (Role.CASEWORKER, Role.SUPERVISOR)
            ):
                raise ValidationError({"assignee_id": "Choose an active caseworker or supervisor."})
            if assignee_id != actor.staff_id and not allows(actor.role, Permission.CASE_ASSIGN):
                raise ValidationError({"assignee_id": "You can create tasks only for yourself."})
            if values.case_id is not None:
                _actor, case = self._guard.reach_case(
                    uow, actor, Permission.CASE_WORK, values.case_id
                )
                if case.status is CLOSED:
                    raise ValidationError({"case_id": "This case is closed."})
                if assignee.role is Role.CASEWORKER and case.assigned_staff_id != assignee_id:
                    raise ValidationError(
                        {"assignee_id": "A task on a case is for its caseworker or a supervisor."}
                    )
            task_id = uow.tasks.add(values, by=actor.username, at=now)
            uow.audit.record(
                self._guard.event(actor, AuditAction.TASK_CREATED, "task", task_id, "source=manual")
            )
            task = uow.tasks.get(task_id)
            uow.commit()
        return task

    def complete(self, actor: Actor, task_id: int, expected_version: int) -> Task:
        return self._set_done(actor, task_id, expected_version, done=True)

    def reopen(self, actor: Actor, task_id: int, expected_version: int) -> Task:
        return self._set_done(actor, task_id, expected_version, done=False)

    def mine(self, actor: Actor, *, include_done: bool = False) -> list[Task]:
        """My tasks, by due date."""
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.CASE_WORK, entity_type="task")
            return uow.tasks.for_assignee(actor.staff_id, include_done=include_done)

    def for_case(self, actor: Actor, case_id: int) -> list[Task]:
        """The case's tasks: open ones first, by due date."""
        with self._uow_factory() as uow:
            self._guard.reach_case(uow, actor, Permission.CASE_WORK, case_id)
            return uow.tasks.for_case(case_id)

    def ensure_reminders(self, actor: Actor) -> int:
        """Create the reminders that are due and do not exist yet: plan reviews within a
        week, consents expiring within 30 days. For a caseworker, on their cases; for a
        supervisor, on every case; and a follow-up for each referral still without an
        answer after the office's number of days. Safe to call as often as one likes (on opening
        My day, say): each reminder is created once. Returns how many were new."""
        now = self._clock()
        today = local_date(now)
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.CASE_WORK, entity_type="task")
            whose = None if allows(actor.role, Permission.CLIENT_ANY) else actor.staff_id
            reminders = [
                review_reminder(review)
                for review in uow.caseloads.reviews_due(
                    today + timedelta(days=REVIEW_LEAD_DAYS), whose
                )
            ]
            reminders += [
                consent_reminder(consent, today)
                for consent in uow.caseloads.consents_expiring(
                    today, today + timedelta(days=CONSENT_LEAD_DAYS), whose
                )
            ]
            days = OfficeSettings.from_stored(uow.settings.all()).referral_follow_up_days
            reminders += [
                follow_up_reminder(waiting, days)
                for waiting in uow.referrals.awaiting_response(today - timedelta(days=days), whose)
            ]
            created = uow.tasks.add_reminders(reminders, by=actor.username, at=now)
            if created:
                uow.audit.record(
                    self._guard.event(
                        actor, AuditAction.REMINDERS_CREATED, "task", None, f"count={len(created)}"
                    )
                )
            uow.commit()
        return len(created)

    def _set_done(self, actor: Actor, task_id: int, expected_version: int, *, done: bool) -> Task:
        now = self._clock()
        with self._uow_factory() as uow:
            actor, task = self._guard.reach_task(uow, actor, Permission.CASE_WORK, task_id)
            if task.is_done == done:
                state = "done" if done else "open"
                raise ValidationError({"done": f"This task is already {state}."})
            if not done and task.case_id is not None:
                case = uow.cases.get(task.case_id)
                if case is not None and case.status is CLOSED:
                    raise ValidationError({"done": "Its case is closed; reopen the case first."})
            changed = uow.tasks.set_done(task_id, expected_version, done, by=actor.username, at=now)
            action = AuditAction.TASK_COMPLETED if done else AuditAction.TASK_REOPENED
            uow.audit.record(self._guard.event(actor, action, "task", task_id))
            uow.commit()
        return changed
