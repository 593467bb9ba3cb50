"""Merging two records of one person, and undoing it.

The merged record is not deleted: it is marked as merged into the surviving
one, and everything that belongs to the person moves across as the plan
(domain/clients/merge_plan.py) says. Undoing moves exactly those rows back and
gives back the fields the survivor took, unless someone has changed them since.
"""

from __future__ import annotations

from datetime import datetime

from domain.audit.events import AuditAction
from domain.clients._index import found_under
from domain.clients.merge_plan import (
    MOVED_KINDS,
    MergePlan,
    plan_merge,
    restore_fields,
    take_fields,
)
from domain.clients.merge_record import MergeRecord
from domain.clients.record import ClientFields, ClientRecord
from domain.common.actor import Actor
from domain.common.errors import ConflictError, NotFound, ValidationError
from domain.common.field_rules import FieldProblem, clean_text
from domain.common.guard import Guard
from domain.common.policy import Permission


def _moved_summary(moved: dict[str, tuple[int, ...]]) -> str:
    return ", ".join(f"{kind} {len(moved.get(kind, ()))}" for kind in MOVED_KINDS)


class MergeService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def _reach_pair(self, uow, actor: Actor, survivor_id: int, merged_id: int):
        if survivor_id == merged_id:
            raise ValidationError({"merged": "Choose two different records."})
        actor, survivor = self._guard.reach_client(uow, actor, Permission.CLIENT_MERGE, survivor_id)
        actor, merged = self._guard.reach_client(uow, actor, Permission.CLIENT_MERGE, merged_id)
        for record in (survivor, merged):
            if record.merged_into_id:
                raise ValidationError(
                    {"merged": f"{record.number} is already merged into another record."}
                )
        return actor, survivor, merged

    def _plan(self, uow, survivor: ClientRecord, merged: ClientRecord) -> MergePlan:
        size = uow.households.size(merged.household_id) if merged.household_id else 0
        return plan_merge(survivor, merged, uow.merges.linked_counts(merged.id), size)

    def plan(self, actor: Actor, survivor_id: int, merged_id: int) -> MergePlan:
        """What merging would do, for the supervisor to confirm (nothing changes)."""
        with self._uow_factory() as uow:
            _, survivor, merged = self._reach_pair(uow, actor, survivor_id, merged_id)
            return self._plan(uow, survivor, merged)

    def merge(
        self,
        actor: Actor,
        survivor_id: int,
        merged_id: int,
        reason: str,
        *,
        plan: MergePlan | None = None,
    ) -> MergeRecord:
        """Merge as ``plan`` said; if either record changed since, nothing is merged."""
        now = self._clock()
        try:
            why = clean_text(reason, longest=300)
        except FieldProblem as problem:
            raise ValidationError({"reason": str(problem)}) from None
        if not why:
            raise ValidationError({"reason": "Say why these are the same person."})
        with self._uow_factory() as uow:
            actor, survivor, merged = self._reach_pair(uow, actor, survivor_id, merged_id)
            if plan is not None:
                for record, seen in (
                    (survivor, plan.survivor_version),
                    (merged, plan.merged_version),
                ):
                    if record.version != seen:
                        raise ConflictError(
                            f"The record of {record.display_name} ({record.number})",
                            changed_by=record.updated_by,
                            changed_at=record.updated_at,
                        )
            done = self._plan(uow, survivor, merged)
            merged_ssn = (
                uow.clients.full_ssn(merged.id) if any(c.key == "ssn" for c in done.taken) else None
            )
            values, taken_before = take_fields(
                survivor.as_fields(), merged.as_fields(), merged_ssn, done
            )
            moved = uow.merges.move_linked(merged.id, survivor.id, by=actor.username, at=now)
            household_before = None
            if survivor.household_id is None and merged.household_id is not None:
                household_before = (None, None)
                uow.clients.set_household(
                    survivor.id,
                    merged.household_id,
                    merged.relationship_to_head,
                    by=actor.username,
                    at=now,
                )
            uow.clients.set_merged_into(merged.id, survivor.id, by=actor.username, at=now)
            self._rewrite(uow, survivor.id, values, actor, now)
            record = uow.merges.add(
                survivor.id,
                merged.id,
                why,
                moved,
                taken_before=taken_before,
                household_before=household_before,
                by=actor.username,
                at=now,
            )
            taken = ", ".join(c.label for c in done.taken) or "nothing"
            detail = (
                f"merged {merged.number} into {survivor.number}; moved: {_moved_summary(moved)}; "
                f"fields taken: {taken}"
            )
            for client_id in (survivor.id, merged.id):
                uow.audit.record(
                    self._guard.event(
                        actor, AuditAction.CLIENTS_MERGED, "client", client_id, detail
                    )
                )
            uow.commit()
        return record

    def _rewrite(self, uow, client_id: int, values: ClientFields, actor: Actor, now: datetime):
        current = uow.clients.get(client_id)
        words, keys = found_under(uow.clients, client_id, values)
        uow.clients.update(
            client_id, current.version, values, words=words, keys=keys, by=actor.username, at=now
        )

    def undo(self, actor: Actor, merge_id: int) -> MergeRecord:
        now = self._clock()
        with self._uow_factory() as uow:
            record = uow.merges.get(merge_id)
            if record is None:
                raise NotFound("That merge does not exist.")
            actor, survivor = self._guard.reach_client(
                uow, actor, Permission.CLIENT_MERGE, record.survivor_id
            )
            if record.undone_at is not None:
                raise ValidationError({"merge": "This merge was undone already."})
            if survivor.merged_into_id:
                raise ValidationError(
                    {
                        "merge": f"{survivor.number} was itself merged into another record "
                        "since; undo that merge first."
                    }
                )
            moved = {"cases": record.moved_case_ids, **record.moved}
            uow.merges.move_back(moved, record.merged_id, by=actor.username, at=now)
            uow.clients.set_merged_into(record.merged_id, None, by=actor.username, at=now)
            merged = uow.clients.get(record.merged_id)
            survivor = uow.clients.get(record.survivor_id)
            values, edited_since = restore_fields(survivor, merged, record.taken_before)
            if record.household_before is not None and survivor.household_id == merged.household_id:
                uow.clients.set_household(
                    survivor.id, *record.household_before, by=actor.username, at=now
                )
            self._rewrite(uow, survivor.id, values, actor, now)
            uow.merges.mark_undone(merge_id, by=actor.username, at=now)
            detail = f"merge #{merge_id} undone; moved back: {_moved_summary(moved)}"
            if edited_since:
                detail += f"; kept as changed since the merge: {', '.join(edited_since)}"
            for client_id in (record.merged_id, record.survivor_id):
                uow.audit.record(
                    self._guard.event(actor, AuditAction.MERGE_UNDONE, "client", client_id, detail)
                )
            undone = uow.merges.get(merge_id)
            uow.commit()
        assert undone is not None
        return undone

    def merges_of(self, actor: Actor, client_id: int) -> list[MergeRecord]:
        with self._uow_factory() as uow:
            self._guard.reach_client(uow, actor, Permission.CLIENT_MERGE, client_id)
            return uow.merges.for_client(client_id)
