"""Finding resources (everyone signed in) and keeping the directory (administrators
and supervisors): one at a time, or a whole spreadsheet at once."""

from __future__ import annotations

from dataclasses import dataclass, replace

from domain.audit.events import AuditAction
from domain.common.actor import Actor
from domain.common.errors import NotFound, ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission
from domain.referrals.resource_csv import export_bytes, read_resources
from domain.referrals.resources import Resource, ResourceCategory, ResourceForm, validate_resource


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int

    @property
    def message(self) -> str:
        return f"{self.added} resource(s) added and {self.updated} updated."


class ResourceService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def search(
        self,
        actor: Actor,
        text: str = "",
        category: ResourceCategory | str | None = None,
        language: str = "",
        *,
        include_inactive: bool = False,
    ) -> list[Resource]:
        """Active resources whose name holds every word typed, in the category and
        speaking the language when given. Only the directory's keepers see retired ones."""
        if isinstance(category, str):
            category = ResourceCategory(category) if category else None
        with self._uow_factory() as uow:
            actor = self._guard.current(uow, actor)
            if include_inactive:
                actor = self._guard.require(uow, actor, Permission.RESOURCE_MANAGE)
            return uow.resources.search(
                text=text[:200],
                category=category,
                language=language[:40],
                include_inactive=include_inactive,
            )

    def languages(self, actor: Actor) -> list[str]:
        with self._uow_factory() as uow:
            self._guard.current(uow, actor)
            return uow.resources.languages()

    def get(self, actor: Actor, resource_id: int) -> Resource:
        """One resource as stored now (a keeper's editor re-reads it after a conflict)."""
        with self._uow_factory() as uow:
            self._guard.require(
                uow,
                actor,
                Permission.RESOURCE_MANAGE,
                entity_type="resource",
                entity_id=resource_id,
            )
            resource = uow.resources.get(resource_id)
        if resource is None:
            raise NotFound("That resource does not exist.")
        return resource

    def create(self, actor: Actor, form: ResourceForm) -> Resource:
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._guard.require(
                uow, actor, Permission.RESOURCE_MANAGE, entity_type="resource"
            )
            values = validate_resource(form)
            self._refuse_duplicate(uow, values, None)
            resource = uow.resources.add(values, by=actor.username, at=now)
            uow.audit.record(
                self._guard.event(actor, AuditAction.RESOURCE_CREATED, "resource", resource.id)
            )
            uow.commit()
            return resource

    def change(
        self, actor: Actor, resource_id: int, expected_version: int, form: ResourceForm
    ) -> Resource:
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._guard.require(
                uow,
                actor,
                Permission.RESOURCE_MANAGE,
                entity_type="resource",
                entity_id=resource_id,
            )
            values = validate_resource(form)
            self._refuse_duplicate(uow, values, resource_id)
            resource = uow.resources.update(
                resource_id, expected_version, values, by=actor.username, at=now
            )
            uow.audit.record(
                self._guard.event(actor, AuditAction.RESOURCE_CHANGED, "resource", resource_id)
            )
            uow.commit()
            return resource

    def set_active(
        self, actor: Actor, resource_id: int, expected_version: int, active: bool
    ) -> Resource:
        """Retire a resource (it leaves the finder; its referrals keep it) or bring it back."""
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._guard.require(
                uow,
                actor,
                Permission.RESOURCE_MANAGE,
                entity_type="resource",
                entity_id=resource_id,
            )
            current = uow.resources.get(resource_id)
            if current is None:
                raise NotFound("That resource does not exist.")
            values = replace(current, active=active)
            resource = uow.resources.update(
                resource_id, expected_version, values, by=actor.username, at=now
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.RESOURCE_CHANGED,
                    "resource",
                    resource_id,
                    f"active={'yes' if active else 'no'}",
                )
            )
            uow.commit()
            return resource

    def import_csv(self, actor: Actor, data: bytes | str) -> ImportResult:
        """All rows or none: a row matching a resource already listed (same
        organisation and service) replaces it; the others are added."""
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._guard.require(
                uow, actor, Permission.RESOURCE_MANAGE, entity_type="resource"
            )
            rows = read_resources(data)
            known = {r.key: r for r in uow.resources.search(include_inactive=True)}
            added = updated = 0
            for _line, values in rows:
                existing = known.get(values.key)
                if existing is None:
                    uow.resources.add(values, by=actor.username, at=now)
                    added += 1
                elif existing.to_form() != values.to_form():
                    uow.resources.update(existing.id, None, values, by=actor.username, at=now)
                    updated += 1
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.RESOURCES_IMPORTED,
                    "resource",
                    None,
                    f"added={added};updated={updated}",
                )
            )
            uow.commit()
        return ImportResult(added, updated)

    def export_csv(self, actor: Actor) -> bytes:
        """The whole directory, retired resources included, as Excel opens it."""
        with self._uow_factory() as uow:
            actor = self._guard.require(
                uow, actor, Permission.RESOURCE_MANAGE, entity_type="resource"
            )
            listed = uow.resources.search(include_inactive=True)
            uow.audit.record(
                self._guard.event(
                    actor, AuditAction.RESOURCES_EXPORTED, "resource", None, f"count={len(listed)}"
                )
            )
            uow.commit()
        return export_bytes(listed)

    @staticmethod
    def _refuse_duplicate(uow, values, resource_id: int | None) -> None:
        for other in uow.resources.search(text=values.organisation, include_inactive=True):
            if other.key == values.key and other.id != resource_id:
                raise ValidationError(
                    {"service": "This organisation already lists this service in the directory."}
                )
