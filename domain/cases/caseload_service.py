"""The caseload board (supervisors) and "My day" (anyone with a caseload)."""

from __future__ import annotations

from domain.cases.caseload import CaseloadBoard, CaseRow, MyDay
from domain.common.actor import Actor
from domain.common.clock import local_date
from domain.common.guard import Guard
from domain.common.policy import Permission, allows


class CaseloadService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def board(self, actor: Actor) -> CaseloadBoard:
        """Every caseworker's load and the unassigned queue."""
        today = local_date(self._clock())
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, Permission.CASE_ASSIGN, entity_type="caseload")
            return uow.caseloads.board(today)

    def caseload(self, actor: Actor, staff_id: int) -> list[CaseRow]:
        """One caseworker's active cases: a supervisor's pick for reassigning, or one's own."""
        today = local_date(self._clock())
        with self._uow_factory() as uow:
            current = self._guard.require(
                uow, actor, Permission.CASE_WORK, entity_type="staff", entity_id=staff_id
            )
            if staff_id != current.staff_id and not allows(current.role, Permission.CASE_ASSIGN):
                self._guard.refuse(current, Permission.CASE_ASSIGN, "staff", staff_id)
            return uow.caseloads.caseload(staff_id, today)

    def my_day(self, actor: Actor) -> MyDay:
        today = local_date(self._clock())
        with self._uow_factory() as uow:
            current = self._guard.require(uow, actor, Permission.CASE_WORK, entity_type="caseload")
            return uow.caseloads.my_day(current.staff_id, current.username, today)
