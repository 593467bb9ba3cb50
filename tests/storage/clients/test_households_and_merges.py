"""Households and merging duplicate records (with undo), on both databases."""

from __future__ import annotations

import pytest

from domain.audit.events import AuditAction, AuditFilter
from domain.clients.hmis import RelationshipToHead
from domain.clients.record import ClientForm
from domain.common.errors import PermissionDenied, ValidationError
from domain.common.policy import Role


@pytest.fixture
def supervisor(make_staff):
    return make_staff(Role.SUPERVISOR, "dlee", "Dana Lee", "SUPER-01")


@pytest.fixture
def family(services, actor):
    def register(first, **extra):
        return services.clients.register(
            actor, ClientForm(first_name=first, last_name="Okafor", **extra), "a family"
        )

    return {
        "head": register(
            "Ngozi",
            date_of_birth="02/03/1985",
            address_line1="4 Oak Road",
            city="Dayton",
            state="OH",
            postal_code="45402",
        ),
        "child": register("Chidi", date_of_birth="09/10/2015"),
        "partner": register(
            "Emeka",
            date_of_birth="01/01/1983",
            address_line1="9 Pine Ave",
            city="Dayton",
            state="OH",
        ),
    }


def test_a_household_is_formed_around_its_head(services, actor, family):
    head, child, partner = family["head"], family["child"], family["partner"]
    joined = services.households.join(actor, child.id, head.id, RelationshipToHead.CHILD)
    assert (joined.address_line1, joined.city, joined.postal_code) == (
        "4 Oak Road",
        "Dayton",
        "45402",
    )  # a member without an address of their own shares the household's
    services.households.join(actor, partner.id, head.id, RelationshipToHead.SPOUSE_OR_PARTNER)
    assert services.clients.open(actor, partner.id).address_line1 == "9 Pine Ave"  # kept

    members = services.households.members(actor, child.id)
    assert [(m.client.first_name, m.relationship) for m in members] == [
        ("Ngozi", RelationshipToHead.SELF),
        ("Chidi", RelationshipToHead.CHILD),
        ("Emeka", RelationshipToHead.SPOUSE_OR_PARTNER),
    ]


def test_household_rules(services, actor, family):
    head, child = family["head"], family["child"]
    with pytest.raises(ValidationError, match="one head"):
        services.households.join(actor, child.id, head.id, RelationshipToHead.SELF)
    services.households.join(actor, child.id, head.id, RelationshipToHead.CHILD)
    with pytest.raises(ValidationError, match="not the head"):
        services.households.join(
            actor, family["partner"].id, child.id, RelationshipToHead.OTHER_RELATIVE
        )
    with pytest.raises(ValidationError, match="leaves last"):
        services.households.leave(actor, head.id)
    services.households.leave(actor, child.id)
    assert services.clients.open(actor, child.id).household_id is None


def test_a_merge_hides_the_duplicate_moves_its_cases_and_can_be_undone(
    services, actor, supervisor, make_staff
):
    worker = make_staff(Role.CASEWORKER, "mrivera2", "Maria Rivera")
    original = services.clients.register(
        actor, ClientForm(first_name="Robert", last_name="Smith", date_of_birth="03/04/1980")
    )
    duplicate = services.clients.register(
        actor,
        ClientForm(first_name="Bob", last_name="Smyth", date_of_birth="03/04/1980"),
        "Front desk was not sure",
    )
    case_id = services.cases.open_case(supervisor, duplicate.id, assign_to=worker.staff_id)

    merge = services.merges.merge(supervisor, original.id, duplicate.id, "Same ID card")
    assert merge.moved_case_ids == (case_id,)
    assert [row.id for row in services.clients.search(actor, "smith")] == [original.id]
    # The merged record is not listed, but its name finds the person it was merged into.
    assert [row.id for row in services.clients.search(actor, "bob")] == [original.id]
    assert services.clients.open(worker, original.id).id == original.id  # the case came along

    services.merges.undo(supervisor, merge.id)
    assert {row.id for row in services.clients.search(actor, "03/04/1980")} == {
        original.id,
        duplicate.id,
    }
    with pytest.raises(PermissionDenied):
        services.clients.open(worker, original.id)  # the case went back
    assert services.clients.open(worker, duplicate.id).id == duplicate.id
    actions = [e.action for e in services.audit.query(supervisor, AuditFilter(actor="dlee"))]
    assert AuditAction.CLIENTS_MERGED in actions and AuditAction.MERGE_UNDONE in actions
    with pytest.raises(ValidationError, match="undone already"):
        services.merges.undo(supervisor, merge.id)


def test_only_a_supervisor_merges(services, actor, supervisor):
    a = services.clients.register(actor, ClientForm(first_name="Al", last_name="One"))
    b = services.clients.register(actor, ClientForm(first_name="Bea", last_name="Two"))
    with pytest.raises(PermissionDenied, match="supervisor"):
        services.merges.merge(actor, a.id, b.id, "looks the same")
    with pytest.raises(ValidationError, match="why"):
        services.merges.merge(supervisor, a.id, b.id, "  ")
