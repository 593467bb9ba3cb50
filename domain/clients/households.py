"""Households: who lives with whom, and how they relate to the head of household."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from domain.audit.events import AuditAction
from domain.clients._index import match_keys, search_words
from domain.clients.hmis import RelationshipToHead
from domain.clients.record import ClientRecord, ClientSummary
from domain.common.actor import Actor
from domain.common.errors import ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission
from domain.common.unit_of_work import UnitOfWork

_ADDRESS = ("address_line1", "address_line2", "city", "state", "postal_code")


@dataclass(frozen=True)
class HouseholdMember:
    client: ClientSummary
    relationship: RelationshipToHead | None


def household_members(rows: list[tuple[ClientSummary, int | None]]) -> list[HouseholdMember]:
    """A household's rows as members: the head first, then by name."""
    members = [
        HouseholdMember(summary, RelationshipToHead(code) if code else None)
        for summary, code in rows
    ]
    members.sort(
        key=lambda m: (
            m.relationship != RelationshipToHead.SELF,
            m.client.last_name,
            m.client.first_name,
        )
    )
    return members


class HouseholdService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def members(self, actor: Actor, client_id: int) -> list[HouseholdMember]:
        """The client's household, head first; only members this person may see."""
        with self._uow_factory() as uow:
            actor, client = self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            if client.household_id is None:
                return []
            rows = uow.households.members(client.household_id)
        return household_members(rows)

    def join(self, actor: Actor, client_id: int, head_id: int, relationship: int) -> ClientRecord:
        """Put a client in the head's household; a member without an address of
        their own takes the household's."""
        now = self._clock()
        try:
            relation = RelationshipToHead(relationship)
        except ValueError:
            raise ValidationError({"relationship": "Choose a relationship."}) from None
        if relation is RelationshipToHead.SELF or client_id == head_id:
            raise ValidationError(
                {"relationship": "A household has one head; choose how this person relates."}
            )
        with self._uow_factory() as uow:
            actor, member = self._guard.reach_client(uow, actor, Permission.CLIENT_EDIT, client_id)
            actor, head = self._guard.reach_client(uow, actor, Permission.CLIENT_EDIT, head_id)
            joined = self.join_in(uow, actor, member, head, relation, now)
            uow.commit()
        return joined

    def join_in(
        self,
        uow: UnitOfWork,
        actor: Actor,
        member: ClientRecord,
        head: ClientRecord,
        relation: RelationshipToHead,
        now: datetime,
    ) -> ClientRecord:
        """Within a larger use case's transaction (the caller reached both clients)."""
        client_id, head_id = member.id, head.id
        if head.relationship_to_head not in (None, RelationshipToHead.SELF):
            raise ValidationError(
                {"head": f"{head.display_name} is a member, not the head, of a household."}
            )
        household_id = head.household_id
        if household_id is None:
            household_id = uow.households.create(by=actor.username, at=now)
            uow.clients.set_household(
                head_id, household_id, RelationshipToHead.SELF, by=actor.username, at=now
            )
        values = member.as_fields()
        if not any(getattr(member, name) for name in _ADDRESS):
            values = replace(values, **{name: getattr(head, name) for name in _ADDRESS})
            member = uow.clients.update(
                client_id,
                member.version,
                values,
                words=search_words(values),
                keys=match_keys(values),
                by=actor.username,
                at=now,
            )
        uow.clients.set_household(client_id, household_id, relation, by=actor.username, at=now)
        uow.audit.record(
            self._guard.event(
                actor,
                AuditAction.HOUSEHOLD_JOINED,
                "client",
                client_id,
                f"head={head.number};relationship={int(relation)}",
            )
        )
        joined = uow.clients.get(client_id)
        assert joined is not None
        return joined

    def leave(self, actor: Actor, client_id: int) -> ClientRecord:
        now = self._clock()
        with self._uow_factory() as uow:
            actor, member = self._guard.reach_client(uow, actor, Permission.CLIENT_EDIT, client_id)
            if member.household_id is None:
                return member
            if (
                member.relationship_to_head == RelationshipToHead.SELF
                and len(uow.households.members(member.household_id)) > 1
            ):
                raise ValidationError(
                    {"relationship": "The head of household leaves last: move the others first."}
                )
            uow.clients.set_household(client_id, None, None, by=actor.username, at=now)
            uow.audit.record(
                self._guard.event(actor, AuditAction.HOUSEHOLD_LEFT, "client", client_id)
            )
            left = uow.clients.get(client_id)
            uow.commit()
        assert left is not None
        return left
