"""Use cases for clients: register, read, change and list.

Each method opens its own unit of work, so a failed call leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable

from domain.actor import Actor
from domain.audit import AuditAction, AuditEvent
from domain.clients import (
    ClientForm,
    ClientPage,
    ClientRecord,
    client_number,
    validate_client_form,
)
from domain.clock import Clock, utc_now
from domain.errors import NotFound
from domain.ports import UnitOfWork

MAX_PAGE_SIZE = 1000


class ClientService:
    def __init__(self, uow_factory: Callable[[], UnitOfWork], clock: Clock = utc_now):
        self._uow_factory = uow_factory
        self._clock = clock

    def _event(self, actor: Actor, action: AuditAction, client_id: int, detail: str = ""):
        return AuditEvent(
            occurred_at=self._clock(),
            actor=actor.username,
            workstation=actor.workstation,
            action=action,
            entity_type="client",
            entity_id=client_id,
            detail=detail,
        )

    def register(self, actor: Actor, form: ClientForm) -> ClientRecord:
        now = self._clock()
        values = validate_client_form(form, today=now.date())
        with self._uow_factory() as uow:
            client = uow.clients.add(values, by=actor.username, at=now)
            uow.audit.record(self._event(actor, AuditAction.CLIENT_CREATED, client.id))
            uow.commit()
        return client

    def open(self, actor: Actor, client_id: int) -> ClientRecord:
        """Read one client's record for display; the view is audited."""
        with self._uow_factory() as uow:
            client = uow.clients.get(client_id)
            if client is None:
                raise NotFound(f"Client {client_number(client_id)} does not exist.")
            uow.audit.record(self._event(actor, AuditAction.CLIENT_VIEWED, client_id))
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
        values = validate_client_form(form, today=now.date())
        with self._uow_factory() as uow:
            current = uow.clients.get(client_id)
            if current is None:
                raise NotFound(f"Client {client_number(client_id)} does not exist.")
            changed = values.changed_from(current.as_fields())
            if not changed and current.version == expected_version:
                return current
            client = uow.clients.update(
                client_id, expected_version, values, by=actor.username, at=now
            )
            uow.audit.record(
                self._event(actor, AuditAction.CLIENT_CHANGED, client_id, ",".join(changed))
            )
            uow.commit()
        return client

    def list_page(self, actor: Actor, *, offset: int = 0, limit: int = 200) -> ClientPage:
        """A page of the client list, ordered by last name then first name."""
        offset = max(0, offset)
        limit = min(max(1, limit), MAX_PAGE_SIZE)
        with self._uow_factory() as uow:
            rows = uow.clients.list_page(offset=offset, limit=limit)
            total = uow.clients.count()
        return ClientPage(rows=tuple(rows), total=total)
