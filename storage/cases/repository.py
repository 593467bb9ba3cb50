"""Cases in SQL: opening, handing on, status changes, and the assignment history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, exists, func, insert, or_, select, update
from sqlalchemy.orm import aliased

from domain.cases.case import (
    AssignmentEntry,
    CaseOutcome,
    CaseStatus,
    CaseStatusChange,
    CaseSummary,
    CloseReason,
    case_number,
)
from domain.cases.lifecycle import Closing
from domain.common.errors import ConflictError, NotFound
from storage.cases.tables import case_assignments, case_status_changes, cases, programs
from storage.clients.tables import clients
from storage.common.timestamps import as_utc
from storage.staff.tables import staff

_SUMMARY = select(
    cases,
    programs.c.name.label("program_name"),
    staff.c.display_name.label("assigned_name"),
).select_from(
    cases.outerjoin(programs, programs.c.id == cases.c.program_id).outerjoin(
        staff, staff.c.id == cases.c.assigned_staff_id
    )
)


def _summary(row) -> CaseSummary:
    return CaseSummary(
        id=row.id,
        version=row.version,
        client_id=row.client_id,
        program_id=row.program_id,
        program_name=row.program_name or "",
        status=CaseStatus(row.status),
        assigned_staff_id=row.assigned_staff_id,
        assigned_name=row.assigned_name or "",
        opened_on=row.opened_on,
        closed_on=row.closed_on,
        assigned_on=row.assigned_on,
        close_reason=CloseReason(row.close_reason) if row.close_reason else None,
        close_outcome=CaseOutcome(row.close_outcome) if row.close_outcome else None,
        close_note=row.close_note or "",
        closed_by=row.closed_by or "",
        last_review_on=row.last_review_on,
        exit_destination=row.exit_destination,
        exit_destination_subsidy=row.exit_destination_subsidy,
        exit_destination_other=row.exit_destination_other or "",
    )


class SqlCaseRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def open_case(
        self,
        client_id: int,
        assigned_staff_id: int | None,
        *,
        program_id: int | None = None,
        opened_on: date,
        by: str,
        at: datetime,
    ) -> int:
        at = as_utc(at)
        # HMIS 3.15 at entry: the client's relationship in their household as it
        # stands now, "self" (1) for a client who has none.
        head = (
            select(clients.c.relationship_to_head)
            .where(clients.c.id == client_id, clients.c.household_id.is_not(None))
            .scalar_subquery()
        )
        return self._conn.execute(
            insert(cases)
            .values(
                client_id=client_id,
                program_id=program_id,
                assigned_staff_id=assigned_staff_id,
                status="intake" if assigned_staff_id is None else "open",
                opened_on=opened_on,
                relationship_to_head=func.coalesce(head, 1),
                # Named only when assigned: the front desk's intake has no grant on it.
                **({} if assigned_staff_id is None else {"assigned_on": opened_on}),
                version=1,
                created_at=at,
                created_by=by,
                updated_at=at,
                updated_by=by,
            )
            .returning(cases.c.id)
        ).scalar_one()

    def for_client(self, client_id: int) -> list[CaseSummary]:
        """Newest first. A caseworker on PostgreSQL sees only their own (row security),
        and assigned names only where staff rows are readable."""
        rows = self._conn.execute(
            _SUMMARY.where(cases.c.client_id == client_id).order_by(
                cases.c.opened_on.desc(), cases.c.id.desc()
            )
        )
        return [_summary(row) for row in rows]

    def get(self, case_id: int) -> CaseSummary | None:
        row = self._conn.execute(_SUMMARY.where(cases.c.id == case_id)).one_or_none()
        return None if row is None else _summary(row)

    def get_many(self, case_ids: list[int]) -> list[CaseSummary]:
        if not case_ids:
            return []
        rows = self._conn.execute(_SUMMARY.where(cases.c.id.in_(case_ids)).order_by(cases.c.id))
        return [_summary(row) for row in rows]

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
        return self._change(
            case_id,
            expected_version,
            {"assigned_staff_id": staff_id, "status": status.value, "assigned_on": on},
            by=by,
            at=at,
        )

    def set_status(
        self, case_id: int, expected_version: int, status: CaseStatus, *, by: str, at: datetime
    ) -> CaseSummary:
        before = self._status(case_id)
        changed = self._change(case_id, expected_version, {"status": status.value}, by=by, at=at)
        self._log_status(case_id, before, status, by=by, at=at)
        return changed

    def close(
        self,
        case_id: int,
        expected_version: int,
        closing: Closing,
        *,
        on: date,
        by: str,
        at: datetime,
    ) -> CaseSummary:
        values = {
            "status": CaseStatus.CLOSED.value,
            "closed_on": on,
            "close_reason": closing.reason.value,
            "close_outcome": closing.outcome.value,
            "close_note": closing.note or None,
            "closed_by": by,
        }
        if closing.destination is not None:
            values |= {
                "exit_destination": closing.destination.code,
                "exit_destination_subsidy": closing.destination.subsidy,
                "exit_destination_other": closing.destination.other,
            }
        before = self._status(case_id)
        changed = self._change(case_id, expected_version, values, by=by, at=at)
        self._log_status(
            case_id,
            before,
            CaseStatus.CLOSED,
            by=by,
            at=at,
            close_reason=closing.reason.value,
            close_outcome=closing.outcome.value,
            note=closing.note,
        )
        return changed

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
        values = {
            "status": status.value,
            "closed_on": None,
            "close_reason": None,
            "close_outcome": None,
            "close_note": None,
            "closed_by": None,
            "exit_destination": None,
            "exit_destination_subsidy": None,
            "exit_destination_other": None,
        }
        current = self.get(case_id)
        if current is not None and current.assigned_staff_id != staff_id:
            values |= {"assigned_staff_id": staff_id, "assigned_on": on}
        changed = self._change(case_id, expected_version, values, by=by, at=at)
        self._log_status(case_id, current.status if current else None, status, by=by, at=at)
        return changed

    def _status(self, case_id: int) -> CaseStatus | None:
        found = self._conn.execute(
            select(cases.c.status).where(cases.c.id == case_id)
        ).scalar_one_or_none()
        return CaseStatus(found) if found else None

    def _log_status(
        self,
        case_id: int,
        before: CaseStatus | None,
        after: CaseStatus,
        *,
        by: str,
        at: datetime,
        close_reason: str | None = None,
        close_outcome: str | None = None,
        note: str = "",
    ) -> None:
        """The case's own history, written with the change itself (the timeline reads it)."""
        self._conn.execute(
            insert(case_status_changes).values(
                case_id=case_id,
                status_before=before.value if before else None,
                status_after=after.value,
                close_reason=close_reason,
                close_outcome=close_outcome,
                note=note,
                created_at=as_utc(at),
                created_by=by,
            )
        )

    def status_changes(self, case_id: int) -> list[CaseStatusChange]:
        """Oldest first."""
        c = case_status_changes.c
        rows = self._conn.execute(
            select(case_status_changes).where(c.case_id == case_id).order_by(c.id)
        )
        return [
            CaseStatusChange(
                id=row.id,
                case_id=row.case_id,
                status_before=CaseStatus(row.status_before) if row.status_before else None,
                status_after=CaseStatus(row.status_after),
                changed_by=row.created_by,
                changed_at=as_utc(row.created_at),
                close_reason=CloseReason(row.close_reason) if row.close_reason else None,
                close_outcome=CaseOutcome(row.close_outcome) if row.close_outcome else None,
                note=row.note,
            )
            for row in rows
        ]

    def _change(
        self, case_id: int, expected_version: int, values: dict, *, by: str, at: datetime
    ) -> CaseSummary:
        changed = self._conn.execute(
            update(cases)
            .where(cases.c.id == case_id, cases.c.version == expected_version)
            .values(**values, version=cases.c.version + 1, updated_at=as_utc(at), updated_by=by)
            .returning(cases.c.id)
        ).one_or_none()
        if changed is None:
            current = self._conn.execute(
                select(cases.c.updated_by, cases.c.updated_at).where(cases.c.id == case_id)
            ).one_or_none()
            if current is None:
                raise NotFound(f"Case {case_number(case_id)} does not exist.")
            raise ConflictError(
                f"Case {case_number(case_id)}", current.updated_by, as_utc(current.updated_at)
            )
        return self.get(case_id)

    def add_assignment(
        self,
        case_id: int,
        staff_id: int | None,
        previous_staff_id: int | None,
        note: str,
        *,
        by: str,
        at: datetime,
    ) -> None:
        # No RETURNING: nobody needs the id, and the front desk's grants stay smaller.
        self._conn.execute(
            insert(case_assignments).values(
                case_id=case_id,
                staff_id=staff_id,
                previous_staff_id=previous_staff_id,
                note=note,
                created_at=as_utc(at),
                created_by=by,
            )
        )

    def assignments(self, case_id: int) -> list[AssignmentEntry]:
        """Oldest first. Names only where staff rows are readable (a caseworker on
        PostgreSQL reads their own)."""
        to, before = aliased(staff), aliased(staff)
        a = case_assignments.c
        rows = self._conn.execute(
            select(
                case_assignments,
                to.c.display_name.label("staff_name"),
                before.c.display_name.label("previous_name"),
            )
            .select_from(
                case_assignments.outerjoin(to, to.c.id == a.staff_id).outerjoin(
                    before, before.c.id == a.previous_staff_id
                )
            )
            .where(a.case_id == case_id)
            .order_by(a.id)
        )
        return [
            AssignmentEntry(
                id=row.id,
                case_id=row.case_id,
                staff_id=row.staff_id,
                staff_name=row.staff_name or "",
                previous_staff_id=row.previous_staff_id,
                previous_name=row.previous_name or "",
                assigned_by=row.created_by,
                assigned_at=as_utc(row.created_at),
                note=row.note,
            )
            for row in rows
        ]

    def set_last_review(self, case_id: int, on: date, *, by: str, at: datetime) -> None:
        # Not a new version of the case: nobody's open assignment or closing of it
        # should fail because its plan was reviewed.
        self._conn.execute(
            update(cases)
            .where(
                cases.c.id == case_id,
                or_(cases.c.last_review_on.is_(None), cases.c.last_review_on < on),
            )
            .values(last_review_on=on, updated_at=as_utc(at), updated_by=by)
        )

    def is_on_caseload(self, client_id: int, staff_id: int) -> bool:
        return self._conn.execute(select(caseload_clause(client_id, staff_id))).scalar_one()


def caseload_clause(client_id, staff_id: int):
    """True when the client (an id or a column) has a case assigned to ``staff_id``.

    Closed cases count: a caseworker can still read the history of their own
    closed cases; reassigning a case is what takes it away.
    """
    return exists().where(cases.c.client_id == client_id, cases.c.assigned_staff_id == staff_id)
