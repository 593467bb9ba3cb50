"""Cases: opening, assigning and reassigning, holds, closing and reopening.

Supervisors assign, close and reopen; the caseworker of a case may put it on
hold and resume it. Every change is audited and carries the version it edited.
"""

from __future__ import annotations

from domain.audit.events import AuditAction
from domain.cases.case import AssignmentEntry, CaseSummary, case_number
from domain.cases.lifecycle import (
    CLOSED,
    ON_HOLD,
    OPEN,
    check_move,
    clean_note,
    status_after_assignment,
    status_after_reopening,
    status_after_resuming,
    validate_closing,
)
from domain.common.actor import Actor
from domain.common.clock import local_date
from domain.common.errors import ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission, Role

MAX_BULK = 1000


class CaseService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def open_case(
        self,
        actor: Actor,
        client_id: int,
        assign_to: int | None = None,
        program_id: int | None = None,
    ) -> int:
        """Open a case for a client, in a program; only someone who assigns cases may
        assign it now."""
        now = self._clock()
        permission = Permission.CASE_ASSIGN if assign_to is not None else Permission.CLIENT_REGISTER
        with self._uow_factory() as uow:
            # Only a client one may reach: a caseworker cannot open cases for
            # clients off their caseload (nor learn whether such a client exists).
            actor, _client = self._guard.reach_client(uow, actor, permission, client_id)
            if assign_to is not None:
                self._caseworker(uow, assign_to, "assign_to")
            if program_id is not None and uow.programs.get(program_id) is None:
                raise ValidationError({"program_id": "Choose a program from the list."})
            case_id = uow.cases.open_case(
                client_id,
                assign_to,
                program_id=program_id,
                opened_on=local_date(now),
                by=actor.username,
                at=now,
            )
            uow.audit.record(
                self._guard.event(
                    actor, AuditAction.CASE_OPENED, "case", case_id, f"client={client_id}"
                )
            )
            if assign_to is not None:
                uow.cases.add_assignment(case_id, assign_to, None, "", by=actor.username, at=now)
                uow.audit.record(
                    self._guard.event(
                        actor, AuditAction.CASE_ASSIGNED, "case", case_id, f"staff={assign_to}"
                    )
                )
            uow.commit()
        return case_id

    def assign(
        self,
        actor: Actor,
        case_id: int,
        staff_id: int | None,
        expected_version: int,
        note: str = "",
    ) -> CaseSummary:
        """Hand a case to a caseworker; ``staff_id=None`` returns it to the unassigned queue."""
        now = self._clock()
        note = clean_note(note)
        with self._uow_factory() as uow:
            actor, case = self._guard.reach_case(uow, actor, Permission.CASE_ASSIGN, case_id)
            if staff_id is not None:
                self._caseworker(uow, staff_id, "staff_id")
            self._refuse_same_hands(uow, case, staff_id)
            status = status_after_assignment(case.status, staff_id)
            changed = uow.cases.assign(
                case_id,
                expected_version,
                staff_id,
                status,
                on=local_date(now),
                by=actor.username,
                at=now,
            )
            self._record_handover(uow, actor, case, staff_id, note, now, bulk=False)
            uow.tasks.move_open(
                [case_id], {case_id: case.assigned_staff_id}, staff_id, by=actor.username, at=now
            )
            uow.commit()
        return changed

    def reassign_many(
        self, actor: Actor, case_ids: list[int], staff_id: int, note: str = ""
    ) -> list[CaseSummary]:
        """Hand several cases to one caseworker (say, when a colleague leaves): all of
        them, or, if any one cannot be, none."""
        now = self._clock()
        note = clean_note(note)
        wanted = list(dict.fromkeys(case_ids))
        if not wanted:
            raise ValidationError({"cases": "Choose the cases to reassign."})
        if len(wanted) > MAX_BULK:
            raise ValidationError({"cases": f"Reassign at most {MAX_BULK} cases at once."})
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.CASE_ASSIGN, entity_type="case")
            worker_name = self._caseworker(uow, staff_id, "staff_id")
            found = {case.id: case for case in uow.cases.get_many(wanted)}
            problems = []
            for case_id in wanted:
                case = found.get(case_id)
                if case is None:
                    problems.append(f"{case_number(case_id)} does not exist.")
                elif case.status is CLOSED:
                    problems.append(f"{case.number} is closed.")
                elif case.assigned_staff_id == staff_id:
                    problems.append(f"{case.number} is already {worker_name}'s.")
            if problems:
                shown = " ".join(problems[:5])
                more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
                raise ValidationError({"cases": f"Nothing was reassigned: {shown}{more}"})
            changed = []
            for case_id in wanted:
                case = found[case_id]
                status = status_after_assignment(case.status, staff_id)
                changed.append(
                    uow.cases.assign(
                        case_id,
                        case.version,
                        staff_id,
                        status,
                        on=local_date(now),
                        by=actor.username,
                        at=now,
                    )
                )
                self._record_handover(uow, actor, case, staff_id, note, now, bulk=True)
            uow.tasks.move_open(
                wanted,
                {case_id: found[case_id].assigned_staff_id for case_id in wanted},
                staff_id,
                by=actor.username,
                at=now,
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.CASES_REASSIGNED,
                    "staff",
                    staff_id,
                    f"cases={len(wanted)}",
                )
            )
            uow.commit()
        return changed

    def history(self, actor: Actor, case_id: int) -> list[AssignmentEntry]:
        """Who has had the case, oldest first."""
        with self._uow_factory() as uow:
            self._guard.reach_case(uow, actor, Permission.CASE_WORK, case_id)
            return uow.cases.assignments(case_id)

    def get(self, actor: Actor, case_id: int) -> CaseSummary:
        with self._uow_factory() as uow:
            _actor, case = self._guard.reach_case(uow, actor, Permission.CASE_WORK, case_id)
            return case

    def put_on_hold(self, actor: Actor, case_id: int, expected_version: int) -> CaseSummary:
        return self._hold_or_resume(actor, case_id, expected_version, hold=True)

    def resume(self, actor: Actor, case_id: int, expected_version: int) -> CaseSummary:
        return self._hold_or_resume(actor, case_id, expected_version, hold=False)

    def close(
        self,
        actor: Actor,
        case_id: int,
        expected_version: int,
        reason: str,
        outcome: str,
        note: str = "",
        *,
        complete_open_tasks: bool = False,
        destination: str | None = None,
        destination_subsidy: str = "",
        destination_other: str = "",
    ) -> CaseSummary:
        """Close with a reason and an outcome. Open tasks on the case refuse the close
        (field ``open_tasks``) unless ``complete_open_tasks`` marks them done with it.

        ``destination`` is where the client went, HUD's 3.12 code as text (with
        ``destination_subsidy`` for 435 and ``destination_other`` for 17); the
        close-case dialog always asks it, and "" is refused. None closes without
        one (the HMIS export then says "data not collected")."""
        now = self._clock()
        closing = validate_closing(
            reason, outcome, note, destination, destination_subsidy, destination_other
        )
        with self._uow_factory() as uow:
            actor, case = self._guard.reach_case(uow, actor, Permission.CASE_CLOSE, case_id)
            check_move(case.status, CLOSED)
            open_tasks = [task for task in uow.tasks.for_case(case_id) if not task.is_done]
            if open_tasks and not complete_open_tasks:
                titles = "; ".join(task.title for task in open_tasks[:3])
                more = f" and {len(open_tasks) - 3} more" if len(open_tasks) > 3 else ""
                raise ValidationError(
                    {
                        "open_tasks": f"This case has {len(open_tasks)} open "
                        f"task{'s' if len(open_tasks) != 1 else ''} ({titles}{more}). "
                        "Finish them first, or close them together with the case."
                    }
                )
            changed = uow.cases.close(
                case_id, expected_version, closing, on=local_date(now), by=actor.username, at=now
            )
            done = uow.tasks.complete_open_for_case(case_id, by=actor.username, at=now)
            for task_id in done:
                uow.audit.record(
                    self._guard.event(
                        actor, AuditAction.TASK_COMPLETED, "task", task_id, "with the case"
                    )
                )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.CASE_CLOSED,
                    "case",
                    case_id,
                    f"reason={closing.reason};outcome={closing.outcome}"
                    + (f";destination={closing.destination.code}" if closing.destination else ""),
                )
            )
            uow.commit()
        return changed

    def reopen(self, actor: Actor, case_id: int, expected_version: int) -> CaseSummary:
        """Back to open with its caseworker, or to the unassigned queue when there is
        none (or their account was deactivated meanwhile)."""
        now = self._clock()
        with self._uow_factory() as uow:
            actor, case = self._guard.reach_case(uow, actor, Permission.CASE_CLOSE, case_id)
            keeper = case.assigned_staff_id
            if keeper is not None:
                worker = uow.staff.get(keeper)
                if worker is None or not worker.active:
                    keeper = None
            status = status_after_reopening(case.status, keeper)
            changed = uow.cases.reopen(
                case_id,
                expected_version,
                status,
                keeper,
                on=local_date(now),
                by=actor.username,
                at=now,
            )
            if keeper != case.assigned_staff_id:
                self._record_handover(uow, actor, case, keeper, "Reopened", now, bulk=False)
            uow.audit.record(self._guard.event(actor, AuditAction.CASE_REOPENED, "case", case_id))
            uow.commit()
        return changed

    # --- helpers --------------------------------------------------------------

    def _hold_or_resume(
        self, actor: Actor, case_id: int, expected_version: int, *, hold: bool
    ) -> CaseSummary:
        now = self._clock()
        with self._uow_factory() as uow:
            actor, case = self._guard.reach_case(uow, actor, Permission.CASE_WORK, case_id)
            if hold:
                check_move(case.status, ON_HOLD)
                status = ON_HOLD
            else:
                status = status_after_resuming(case.status)
            assert status in (ON_HOLD, OPEN)
            changed = uow.cases.set_status(
                case_id, expected_version, status, by=actor.username, at=now
            )
            action = AuditAction.CASE_PUT_ON_HOLD if hold else AuditAction.CASE_RESUMED
            uow.audit.record(self._guard.event(actor, action, "case", case_id))
            uow.commit()
        return changed

    @staticmethod
    def _caseworker(uow, staff_id: int, field: str) -> str:
        worker = uow.staff.get(staff_id)
        if worker is None or not worker.active or worker.role is not Role.CASEWORKER:
            raise ValidationError({field: "Choose an active caseworker."})
        return worker.display_name

    @staticmethod
    def _refuse_same_hands(uow, case: CaseSummary, staff_id: int | None) -> None:
        if case.assigned_staff_id != staff_id:
            return
        if staff_id is None:
            raise ValidationError({"staff_id": "This case is already waiting for assignment."})
        raise ValidationError({"staff_id": f"This case is already {case.assigned_name}'s."})

    def _record_handover(
        self, uow, actor: Actor, case: CaseSummary, staff_id, note: str, now, *, bulk: bool
    ) -> None:
        uow.cases.add_assignment(
            case.id, staff_id, case.assigned_staff_id, note, by=actor.username, at=now
        )
        action = AuditAction.CASE_ASSIGNED if staff_id is not None else AuditAction.CASE_UNASSIGNED
        detail = f"staff={staff_id or ''};from={case.assigned_staff_id or ''}"
        uow.audit.record(
            self._guard.event(actor, action, "case", case.id, detail + (";bulk" if bulk else ""))
        )
