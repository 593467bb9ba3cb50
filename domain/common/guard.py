"""Every use case starts here: is the account still active, and may it do this?

The account is read at most every STAFF_FRESH_SECONDS and kept meanwhile: a
round trip less on every call. A change made through this process (the staff
service) forgets it at once, and so does a live update about staff from
elsewhere (gui/main_window.py), so a role change or a deactivation takes effect
at the person's next action; on the shared server the database also refuses a
deactivated login by itself. Refusals are audited in a transaction of their
own, because the refused action's transaction is rolled back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import NoReturn

from domain.audit.events import AuditAction, AuditEvent
from domain.cases.case import CaseSummary, case_number
from domain.cases.tasks import Task
from domain.clients.record import ClientRecord, client_number
from domain.common.actor import Actor
from domain.common.clock import Clock
from domain.common.errors import NotFound, PermissionDenied, SessionEnded
from domain.common.policy import Permission, allows, refusal_message
from domain.common.unit_of_work import UnitOfWork

STAFF_FRESH_SECONDS = 30.0


class Guard:
    def __init__(self, uow_factory: Callable[[], UnitOfWork], clock: Clock):
        self.uow_factory = uow_factory
        self.clock = clock
        # staff id -> (when read, monotonic; the account as read)
        self._accounts: dict[int, tuple[float, object]] = {}

    def current(self, uow: UnitOfWork, actor: Actor) -> Actor:
        kept = self._accounts.get(actor.staff_id)
        if kept is not None and time.monotonic() - kept[0] < STAFF_FRESH_SECONDS:
            staff = kept[1]
        else:
            staff = uow.staff.get(actor.staff_id)
            if staff is not None and staff.active:
                self._accounts[actor.staff_id] = (time.monotonic(), staff)
        if staff is None or not staff.active:
            self.forget_staff()
            raise SessionEnded()
        return replace(actor, role=staff.role, display_name=staff.display_name)

    def forget_staff(self) -> None:
        """Accounts changed (here or elsewhere): read them again at the next call."""
        self._accounts.clear()

    def require(
        self,
        uow: UnitOfWork,
        actor: Actor,
        permission: Permission,
        *,
        entity_type: str = "",
        entity_id: int | None = None,
    ) -> Actor:
        current = self.current(uow, actor)
        if not allows(current.role, permission):
            self.refuse(current, permission, entity_type, entity_id)
        return current

    def reach_client(
        self, uow: UnitOfWork, actor: Actor, permission: Permission, client_id: int
    ) -> tuple[Actor, ClientRecord]:
        """``permission`` on one client, within the caseload rule; the client as stored.

        The caseload is checked before existence, so a caseworker cannot tell a
        client off their caseload from one that does not exist (PostgreSQL's
        row-level security hides both alike).
        """
        current = self.require(uow, actor, permission, entity_type="client", entity_id=client_id)
        if not allows(current.role, Permission.CLIENT_ANY) and not uow.cases.is_on_caseload(
            client_id, current.staff_id
        ):
            self.refuse(current, Permission.CLIENT_ANY, "client", client_id)
        client = uow.clients.get(client_id)
        if client is None:
            raise NotFound(f"Client {client_number(client_id)} does not exist.")
        return current, client

    def reach_case(
        self, uow: UnitOfWork, actor: Actor, permission: Permission, case_id: int
    ) -> tuple[Actor, CaseSummary]:
        """``permission`` on one case; a caseworker reaches only cases assigned to them
        (and, as with clients, cannot tell another's case from a missing one)."""
        current = self.require(uow, actor, permission, entity_type="case", entity_id=case_id)
        case = uow.cases.get(case_id)
        anywhere = allows(current.role, Permission.CLIENT_ANY)
        if not anywhere and (case is None or case.assigned_staff_id != current.staff_id):
            self.refuse(current, Permission.CLIENT_ANY, "case", case_id)
        if case is None:
            raise NotFound(f"Case {case_number(case_id)} does not exist.")
        return current, case

    def reach_task(
        self, uow: UnitOfWork, actor: Actor, permission: Permission, task_id: int
    ) -> tuple[Actor, Task]:
        """A caseworker reaches the tasks of their cases and their own tasks on no case."""
        current = self.require(uow, actor, permission, entity_type="task", entity_id=task_id)
        task = uow.tasks.get(task_id)
        if not allows(current.role, Permission.CLIENT_ANY):
            if task is None:
                self.refuse(current, Permission.CLIENT_ANY, "task", task_id)
            if task.case_id is None:
                mine = task.assignee_id == current.staff_id
            else:
                case = uow.cases.get(task.case_id)
                mine = case is not None and case.assigned_staff_id == current.staff_id
            if not mine:
                self.refuse(current, Permission.CLIENT_ANY, "task", task_id)
        if task is None:
            raise NotFound("That task does not exist.")
        return current, task

    def refuse(
        self, actor: Actor, permission: Permission, entity_type: str, entity_id: int | None
    ) -> NoReturn:
        with self.uow_factory() as uow:
            uow.audit.record(
                self.event(
                    actor, AuditAction.ACCESS_REFUSED, entity_type, entity_id, str(permission)
                )
            )
            uow.commit()
        raise PermissionDenied(refusal_message(permission))

    def event(
        self,
        actor: Actor,
        action: AuditAction,
        entity_type: str = "",
        entity_id: int | None = None,
        detail: str = "",
    ) -> AuditEvent:
        return AuditEvent(
            occurred_at=self.clock(),
            actor=actor.username,
            workstation=actor.workstation,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            detail=detail,
        )
