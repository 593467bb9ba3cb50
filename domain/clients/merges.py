"""Merging two records of one person, and undoing it.

The merged record is not deleted: it is marked as merged into the surviving
one and its cases move across; undoing moves exactly those cases back.
"""

from __future__ import annotations

from domain.audit.events import AuditAction
from domain.clients.merge_record import MergeRecord
from domain.common.actor import Actor
from domain.common.errors import NotFound, ValidationError
from domain.common.field_rules import FieldProblem, clean_text
from domain.common.guard import Guard
from domain.common.policy import Permission


class MergeService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def merge(self, actor: Actor, survivor_id: int, merged_id: int, reason: str) -> MergeRecord:
        now = self._clock()
        try:
            why = clean_text(reason, longest=300)
        except FieldProblem as problem:
            raise ValidationError({"reason": str(problem)}) from None
        if not why:
            raise ValidationError({"reason": "Say why these are the same person."})
        if survivor_id == merged_id:
            raise ValidationError({"merged": "Choose two different records."})
        with self._uow_factory() as uow:
            actor, survivor = self._guard.reach_client(
                uow, actor, Permission.CLIENT_MERGE, survivor_id
            )
            actor, merged = self._guard.reach_client(uow, actor, Permission.CLIENT_MERGE, merged_id)
            if survivor.merged_into_id or merged.merged_into_id:
                raise ValidationError({"merged": "One of these records is already merged."})
            moved = uow.cases.move_cases(merged_id, survivor_id, by=actor.username, at=now)
            uow.clients.set_merged_into(merged_id, survivor_id, by=actor.username, at=now)
            record = uow.merges.add(survivor_id, merged_id, why, moved, by=actor.username, at=now)
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.CLIENTS_MERGED,
                    "client",
                    survivor_id,
                    f"merged {merged.number} into {survivor.number}; cases moved: {len(moved)}",
                )
            )
            uow.commit()
        return record

    def undo(self, actor: Actor, merge_id: int) -> MergeRecord:
        now = self._clock()
        with self._uow_factory() as uow:
            record = uow.merges.get(merge_id)
            if record is None:
                raise NotFound("That merge does not exist.")
            actor, _ = self._guard.reach_client(
                uow, actor, Permission.CLIENT_MERGE, record.survivor_id
            )
            if record.undone_at is not None:
                raise ValidationError({"merge": "This merge was undone already."})
            uow.cases.move_cases_back(
                record.moved_case_ids, record.merged_id, by=actor.username, at=now
            )
            uow.clients.set_merged_into(record.merged_id, None, by=actor.username, at=now)
            uow.merges.mark_undone(merge_id, by=actor.username, at=now)
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.MERGE_UNDONE,
                    "client",
                    record.merged_id,
                    f"merge #{merge_id} undone",
                )
            )
            undone = uow.merges.get(merge_id)
            uow.commit()
        assert undone is not None
        return undone

    def merges_of(self, actor: Actor, client_id: int) -> list[MergeRecord]:
        with self._uow_factory() as uow:
            self._guard.reach_client(uow, actor, Permission.CLIENT_MERGE, client_id)
            return uow.merges.for_client(client_id)
