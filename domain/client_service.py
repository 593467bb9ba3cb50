"""Use cases for clients: register, read, change and list.

Each method opens its own unit of work, so a failed call leaves nothing behind.
"""

from __future__ import annotations

from domain.actor import Actor
from domain.audit import AuditAction
from domain.clients import (
    ClientForm,
    ClientPage,
    ClientRecord,
    validate_client_form,
)
from domain.guard import Guard
from domain.policy import Permission, allows

MAX_PAGE_SIZE = 1000


class ClientService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def register(self, actor: Actor, form: ClientForm) -> ClientRecord:
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.CLIENT_REGISTER)
            values = validate_client_form(form, today=now.date())
            client = uow.clients.add(values, by=actor.username, at=now)
            uow.audit.record(
                self._guard.event(actor, AuditAction.CLIENT_CREATED, "client", client.id)
            )
            uow.commit()
        return client

    def open(self, actor: Actor, client_id: int) -> ClientRecord:
        """Read one client's record for display; the view is audited."""
        with self._uow_factory() as uow:
            actor, client = self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            uow.audit.record(
                self._guard.event(actor, AuditAction.CLIENT_VIEWED, "client", client_id)
            )
            uow.commit()
        return client

    def change(
        self, actor: Actor, client_id: int, expected_version: int, form: ClientForm
    ) -> ClientRecord:
        """Save an edited form over the version the person opened.

        Raises ``ConflictError`` if someone saved in between; saving an unchanged
        form changes nothing and keeps the version.
        """
        now = self._clock()
        with self._uow_factory() as uow:
            actor, current = self._guard.reach_client(uow, actor, Permission.CLIENT_EDIT, client_id)
            values = validate_client_form(form, today=now.date())
            changed = values.changed_from(current.as_fields())
            if not changed and current.version == expected_version:
                return current
            client = uow.clients.update(
                client_id, expected_version, values, by=actor.username, at=now
            )
            uow.audit.record(
                self._guard.event(
                    actor, AuditAction.CLIENT_CHANGED, "client", client_id, ",".join(changed)
                )
            )
            uow.commit()
        return client

    def list_page(self, actor: Actor, *, offset: int = 0, limit: int = 200) -> ClientPage:
        """A page of the clients this person may see, by last name then first name."""
        offset = max(0, offset)
        limit = min(max(1, limit), MAX_PAGE_SIZE)
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.CLIENT_LIST)
            caseload_of = None if allows(actor.role, Permission.CLIENT_ANY) else actor.staff_id
            rows = uow.clients.list_page(offset=offset, limit=limit, caseload_of=caseload_of)
            total = uow.clients.count(caseload_of=caseload_of)
        return ClientPage(rows=tuple(rows), total=total)
