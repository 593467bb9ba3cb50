"""The client's timeline: notes, plans, reviews, assignments, the cases' own
changes, assessments and consents, read together in one unit of work.

Who sees what is what the other services would show, gathered here through the
repositories rather than through those services (each of which would audit its
own read): a caseworker sees the entries of the cases assigned to them (and the
client-wide ones), and no confidential note of another; the front desk sees no
notes, plans, reviews, assignments or status changes (``NOTE_READ``,
``PLAN_WORK``, ``CASE_WORK``); administrators open no client records.

The Timeline tab reads a page at a time (domain/timeline/paging.py) and
searches through every note of the client, read or not. Each read is audited
once: the whole timeline, the first page, each later page (with the day it
starts before) and each search are one TIMELINE_VIEWED row apiece.
"""

from __future__ import annotations

from domain.audit.events import AuditAction
from domain.cases.case import CaseSummary
from domain.common.actor import Actor
from domain.common.guard import Guard
from domain.common.policy import Permission, allows
from domain.common.unit_of_work import UnitOfWork
from domain.notes.paging import AddendumCursor, NoteCursor, NoteScope, page_size
from domain.notes.service import may_read_note, note_scope
from domain.timeline.entries import (
    TimelineEntry,
    addendum_entry,
    assessment_entries,
    assignment_entries,
    case_entries,
    consent_entries,
    filter_entries,
    newest_first,
    note_entries,
    plan_entries,
    referral_entries,
    review_entries,
    signed_note_entries,
    wall_clock,
)
from domain.timeline.note_search import narrowing_terms, validate_search
from domain.timeline.paging import (
    PAGE_SIZE,
    Stream,
    TimelineCursor,
    TimelinePage,
    counted,
    cut_page,
    local_midnight,
)


class TimelineService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory

    def for_client(self, actor: Actor, client_id: int) -> list[TimelineEntry]:
        """Everything this person may see of the client's cases, newest first."""
        with self._uow_factory() as uow:
            actor, scope, cases, entries = self._read_all_but_notes(uow, actor, client_id)
            if scope is not None:
                notes = [n for n in uow.notes.page(scope, proofs=False) if may_read_note(actor, n)]
                entries += note_entries(notes)
            self._audit(uow, actor, client_id, f"cases={len(cases)} entries={len(entries)}")
        return newest_first(entries)

    def first_page(self, actor: Actor, client_id: int, size: int = PAGE_SIZE) -> TimelinePage:
        """The newest entries: the notes and addenda of the newest days (about
        ``size`` of each), with everything else of those days."""
        size = page_size(size)
        with self._uow_factory() as uow:
            actor, scope, cases, others = self._read_all_but_notes(uow, actor, client_id)
            if scope is None:
                page = cut_page([], others, counted(others))
            else:
                notes, addenda = uow.notes.count(scope)
                page = cut_page(
                    self._streams(uow, actor, scope, None, size),
                    others,
                    counted(others, notes + addenda),
                )
            self._audit(
                uow,
                actor,
                client_id,
                f"cases={len(cases)} entries={len(page.entries)} of={page.total}",
            )
        return page

    def next_page(
        self, actor: Actor, client_id: int, cursor: TimelineCursor, size: int = PAGE_SIZE
    ) -> TimelinePage:
        """The page of the days before ``cursor.before_day``."""
        size = page_size(size)
        with self._uow_factory() as uow:
            actor, client = self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            cases = uow.cases.for_client(client_id)
            streams: list[Stream] = []
            if allows(actor.role, Permission.NOTE_READ):
                scope = note_scope(actor, client, cases, signed_only=True)
                streams = self._streams(uow, actor, scope, cursor.before_day, size)
            page = cut_page(streams, cursor.held, cursor.counts)
            reached = len(_reached(actor, cases))
            self._audit(
                uow,
                actor,
                client_id,
                f"cases={reached} entries={len(page.entries)} "
                f"before={cursor.before_day.isoformat()}",
            )
        return page

    def search(self, actor: Actor, client_id: int, text: str) -> list[TimelineEntry]:
        """Every entry holding every word of ``text`` (as ``filter_entries`` has it),
        the notes not read yet included, newest first."""
        text = validate_search(text)
        with self._uow_factory() as uow:
            actor, scope, cases, entries = self._read_all_but_notes(uow, actor, client_id)
            if scope is not None:
                notes = uow.notes.mentioning(scope, narrowing_terms(text))
                entries += note_entries(n for n in notes if may_read_note(actor, n))
            found = filter_entries(entries, text=text)
            self._audit(uow, actor, client_id, f"cases={len(cases)} search found={len(found)}")
        return newest_first(found)

    # --- reading -----------------------------------------------------------------------

    def _read_all_but_notes(
        self, uow: UnitOfWork, actor: Actor, client_id: int
    ) -> tuple[Actor, NoteScope | None, list[CaseSummary], list[TimelineEntry]]:
        """The acting person as they are now, which notes they read (None: none),
        the cases they reach, and every entry of those cases but the notes'."""
        actor, client = self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
        role = actor.role
        every_case = uow.cases.for_client(client_id)
        cases = _reached(actor, every_case)
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
        scope = (
            note_scope(actor, client, every_case, signed_only=True)
            if allows(role, Permission.NOTE_READ)
            else None
        )
        return actor, scope, cases, entries

    def _streams(
        self, uow: UnitOfWork, actor: Actor, scope: NoteScope, before_day, size: int
    ) -> list[Stream]:
        return [
            self._note_stream(uow, actor, scope, before_day, size),
            self._addendum_stream(uow, scope, before_day, size),
        ]

    @staticmethod
    def _note_stream(uow: UnitOfWork, actor: Actor, scope: NoteScope, before_day, size) -> Stream:
        """About ``size`` signed notes before ``before_day``, the last day's all."""
        start = NoteCursor.before_day(before_day) if before_day else None
        notes = uow.notes.page(scope, after=start, limit=size, whole_days=True, proofs=False)
        last_day = notes[-1].values.contact_on if len(notes) >= size else None
        return Stream(signed_note_entries(n for n in notes if may_read_note(actor, n)), last_day)

    @staticmethod
    def _addendum_stream(uow: UnitOfWork, scope: NoteScope, before_day, size) -> Stream:
        """About ``size`` addenda written before ``before_day`` began, the last day's all."""
        before = local_midnight(before_day) if before_day else None
        found = uow.notes.addenda_page(scope, before=before, limit=size + 1)
        last_day = None
        if len(found) > size:
            last_day = wall_clock(found[size - 1].addendum.created_at).date()
            overflow = found.pop()
            if wall_clock(overflow.addendum.created_at).date() == last_day:
                rest = uow.notes.addenda_page(
                    scope,
                    after=AddendumCursor(overflow.addendum.created_at, overflow.addendum.id),
                    since=local_midnight(last_day),
                )
                found += [overflow, *rest]
        entries = [
            addendum_entry(d.addendum, d.case_id, d.contact_type, d.contact_on) for d in found
        ]
        return Stream(entries, last_day)

    def _audit(self, uow: UnitOfWork, actor: Actor, client_id: int, detail: str) -> None:
        uow.audit.record(
            self._guard.event(actor, AuditAction.TIMELINE_VIEWED, "client", client_id, detail)
        )
        uow.commit()


def _reached(actor: Actor, cases: list[CaseSummary]) -> list[CaseSummary]:
    anywhere = allows(actor.role, Permission.CLIENT_ANY)
    return [case for case in cases if anywhere or case.assigned_staff_id == actor.staff_id]
