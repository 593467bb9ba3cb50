"""Cases, first slice: opening a case for a client and assigning it.

Enough for the caseload rule (a caseworker reaches the clients of cases assigned
to them); programs, statuses, history and the caseload board come later.
"""

from __future__ import annotations

from domain.actor import Actor
from domain.audit import AuditAction
from domain.errors import ValidationError
from domain.guard import Guard
from domain.policy import Permission, Role


class CaseService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def open_case(self, actor: Actor, client_id: int, assign_to: int | None = None) -> int:
        """Open a case for a client; only someone who assigns cases may assign it now."""
        now = self._clock()
        permission = Permission.CASE_ASSIGN if assign_to is not None else Permission.CLIENT_REGISTER
        with self._uow_factory() as uow:
            # Only a client one may reach: a caseworker cannot open cases for
            # clients off their caseload (nor learn whether such a client exists).
            actor, _client = self._guard.reach_client(uow, actor, permission, client_id)
            if assign_to is not None:
                worker = uow.staff.get(assign_to)
                if worker is None or not worker.active or worker.role is not Role.CASEWORKER:
                    raise ValidationError({"assign_to": "Choose an active caseworker."})
            case_id = uow.cases.open_case(
                client_id, assign_to, opened_on=now.date(), by=actor.username, at=now
            )
            uow.audit.record(
                self._guard.event(
                    actor, AuditAction.CASE_OPENED, "case", case_id, f"client={client_id}"
                )
            )
            if assign_to is not None:
                uow.audit.record(
                    self._guard.event(
                        actor, AuditAction.CASE_ASSIGNED, "case", case_id, f"staff={assign_to}"
                    )
                )
            uow.commit()
        return case_id
