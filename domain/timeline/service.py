"""The client's timeline: notes, plans, reviews, assignments, the cases' own
changes, assessments and consents, read together in one unit of work.

Who sees what is what the other services would show, gathered here through the
repositories rather than through those services (each of which would audit its
own read): a caseworker sees the entries of the cases assigned to them (and the
client-wide ones), and no confidential note of another; the front desk sees no
notes, plans, reviews, assignments or status changes (``NOTE_READ``,
``PLAN_WORK``, ``CASE_WORK``); administrators open no client records. The view
is audited once.
"""

from __future__ import annotations

from domain.audit.events import AuditAction
from domain.common.actor import Actor
from domain.common.guard import Guard
from domain.common.policy import Permission, allows
from domain.notes.service import may_read_note
from domain.timeline.entries import (
    TimelineEntry,
    assessment_entries,
    assignment_entries,
    case_entries,
    consent_entries,
    newest_first,
    note_entries,
    plan_entries,
    referral_entries,
    review_entries,
)


class TimelineService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory

    def for_client(self, actor: Actor, client_id: int) -> list[TimelineEntry]:
        """Everything this person may see of the client's cases, newest first."""
        with self._uow_factory() as uow:
            actor, _client = self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            role = actor.role
            anywhere = allows(role, Permission.CLIENT_ANY)
            cases = [
                case
                for case in uow.cases.for_client(client_id)
                if anywhere or case.assigned_staff_id == actor.staff_id
            ]
            mine = {case.id for case in cases}
            case_work = allows(role, Permission.CASE_WORK)
            entries: list[TimelineEntry] = []
            for case in cases:
                changes = uow.cases.status_changes(case.id) if case_work else []
                entries += case_entries(case, changes)
                if case_work:
                    entries += assignment_entries(uow.cases.assignments(case.id))
                if allows(role, Permission.PLAN_WORK):
                    plans = [uow.plans.get(v.id) for v in uow.plans.versions(case.id)]
                    entries += plan_entries(plan for plan in plans if plan is not None)
                    entries += review_entries(case.id, uow.plans.reviews(case.id))
                if allows(role, Permission.NOTE_READ):
                    notes = [n for n in uow.notes.for_case(case.id) if may_read_note(actor, n)]
                    entries += note_entries(notes)
            # Client-wide records (no case) are part of the record anyone here reaches;
            # those of another's case are not.
            entries += assessment_entries(
                a for a in uow.assessments.for_client(client_id) if a.case_id in mine | {None}
            )
            entries += consent_entries(
                c for c in uow.consents.for_client(client_id) if c.case_id in mine | {None}
            )
            if case_work:
                for referral in uow.referrals.for_client(client_id):
                    if referral.case_id in mine:
                        steps = uow.referrals.history(referral.id)
                        entries += referral_entries(referral, steps)
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.TIMELINE_VIEWED,
                    "client",
                    client_id,
                    f"cases={len(cases)} entries={len(entries)}",
                )
            )
            uow.commit()
        return newest_first(entries)
