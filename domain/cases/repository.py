"""What cases, programs, tasks and caseloads need from storage."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from domain.cases.case import AssignmentEntry, CaseStatus, CaseStatusChange, CaseSummary
from domain.cases.caseload import CaseloadBoard, CaseRow, MyDay
from domain.cases.lifecycle import Closing
from domain.cases.programs import Program, ProgramValues
from domain.cases.tasks import ConsentExpiring, ReviewDue, Task, TaskSource, TaskValues


class CaseRepository(Protocol):
    def open_case(
        self,
        client_id: int,
        assigned_staff_id: int | None,
        *,
        program_id: int | None = None,
        opened_on: date,
        by: str,
        at: datetime,
    ) -> int: ...

    def for_client(self, client_id: int) -> list[CaseSummary]:
        """Newest first."""
        ...

    def is_on_caseload(self, client_id: int, staff_id: int) -> bool:
        """True when a case of this client is assigned to this staff member."""
        ...

    def get(self, case_id: int) -> CaseSummary | None: ...

    def get_many(self, case_ids: list[int]) -> list[CaseSummary]: ...

    def assign(
        self,
        case_id: int,
        expected_version: int,
        staff_id: int | None,
        status: CaseStatus,
        *,
        on: date,
        by: str,
        at: datetime,
    ) -> CaseSummary:
        """Hand the case to ``staff_id``; ``ConflictError`` if the version is stale."""
        ...

    def set_status(
        self, case_id: int, expected_version: int, status: CaseStatus, *, by: str, at: datetime
    ) -> CaseSummary:
        """Put on hold or resume: the status alone changes."""
        ...

    def close(
        self,
        case_id: int,
        expected_version: int,
        closing: Closing,
        *,
        on: date,
        by: str,
        at: datetime,
    ) -> CaseSummary: ...

    def reopen(
        self,
        case_id: int,
        expected_version: int,
        status: CaseStatus,
        staff_id: int | None,
        *,
        on: date,
        by: str,
        at: datetime,
    ) -> CaseSummary:
        """Back to ``status`` with ``staff_id``; the closing date, reason and outcome are
        cleared (the audit trail keeps them)."""
        ...

    def add_assignment(
        self,
        case_id: int,
        staff_id: int | None,
        previous_staff_id: int | None,
        note: str,
        *,
        by: str,
        at: datetime,
    ) -> None: ...

    def assignments(self, case_id: int) -> list[AssignmentEntry]:
        """Oldest first."""
        ...

    def set_last_review(self, case_id: int, on: date, *, by: str, at: datetime) -> None:
        """Plan reviews count from ``on`` from now on (unless a later one is known)."""
        ...

    def status_changes(self, case_id: int) -> list[CaseStatusChange]:
        """Oldest first. ``set_status``, ``close`` and ``reopen`` each add one."""
        ...


class ProgramRepository(Protocol):
    def list_all(self) -> list[Program]: ...

    def get(self, program_id: int | None) -> Program | None: ...

    def add(self, values: ProgramValues, *, by: str, at: datetime) -> Program: ...

    def update(
        self,
        program_id: int,
        expected_version: int,
        values: ProgramValues,
        *,
        by: str,
        at: datetime,
    ) -> Program: ...


class TaskRepository(Protocol):
    def add(self, values: TaskValues, *, by: str, at: datetime) -> int: ...

    def add_reminders(self, reminders: list[TaskValues], *, by: str, at: datetime) -> list[int]:
        """Those not created before (same source and key); the ids of the new ones."""
        ...

    def get(self, task_id: int) -> Task | None: ...

    def set_done(
        self, task_id: int, expected_version: int, done: bool, *, by: str, at: datetime
    ) -> Task: ...

    def for_case(self, case_id: int) -> list[Task]:
        """Open ones first, then by due date."""
        ...

    def for_assignee(self, staff_id: int, *, include_done: bool) -> list[Task]: ...

    def complete_open_for_case(self, case_id: int, *, by: str, at: datetime) -> list[int]: ...

    def complete_reminders(
        self, case_id: int, source: TaskSource, *, by: str, at: datetime
    ) -> list[int]:
        """Mark the case's open reminders of this kind done (what they asked is done)."""
        ...

    def move_open(
        self,
        case_ids: list[int],
        from_staff: dict[int, int | None],
        to_staff: int | None,
        *,
        by: str,
        at: datetime,
    ) -> None:
        """Open tasks of each case held by its previous caseworker go to the new one."""
        ...


class CaseloadQueries(Protocol):
    """The read side of caseloads: a few statements each, never one per case."""

    def board(self, today: date) -> CaseloadBoard: ...

    def caseload(self, staff_id: int, today: date) -> list[CaseRow]:
        """The staff member's active cases, by client name."""
        ...

    def my_day(self, staff_id: int, username: str, today: date) -> MyDay: ...

    def reviews_due(self, until: date, staff_id: int | None) -> list[ReviewDue]: ...

    def consents_expiring(
        self, today: date, until: date, staff_id: int | None
    ) -> list[ConsentExpiring]: ...
