"""A merge carries everything that belongs to the person, and undo puts it all back.

Which rows a merge touches is read from the schema itself: every column that
refers to a client must have a rule (storage/clients/merge_rules.py), and the
undo test compares every such table, row by row, before the merge and after undo.
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import select

from domain.assessments.assessment import AssessmentForm, LifeDomain
from domain.audit.events import AuditAction, AuditFilter
from domain.clients.hmis import RelationshipToHead
from domain.clients.record import ClientForm
from domain.common.errors import ConflictError, ValidationError
from domain.common.policy import Role
from domain.consents.consent import ConsentForm
from domain.referrals.referral import ReferralForm
from domain.referrals.resources import ResourceForm
from domain.settings.office_settings import AgencyForm
from storage.clients.merge_rules import every_rule
from storage.every_table import metadata

FOOD_BANK = "Eastside Food Bank"
# Columns every save rewrites; a merge and its undo leave a new version behind on purpose.
STAMPS = {"version", "updated_at", "updated_by"}


def columns_referring_to_clients() -> set[tuple[str, str]]:
    return {
        (table.name, fk.parent.name)
        for table in metadata.tables.values()
        for fk in table.foreign_keys
        if fk.column.table.name == "clients" and fk.column.name == "id"
    }


def test_every_column_that_refers_to_a_client_has_a_merge_rule():
    referring = columns_referring_to_clients()
    assert referring - every_rule() == set(), "add a rule in storage/clients/merge_rules.py"
    assert every_rule() - referring == set(), "a rule names a column that no longer refers"


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every table that refers to a client, and the clients, without stamps."""
    names = {table for table, _column in columns_referring_to_clients()} | {"households"}
    taken = {}
    with engine.connect() as connection:
        for name in sorted(names):
            table = metadata.tables[name]
            shown = [c for c in table.c if c.name not in STAMPS]
            rows = connection.execute(select(*shown).order_by(*table.primary_key.columns))
            taken[name] = [tuple(row) for row in rows]
    return taken


@pytest.fixture
def person(services, admin, make_staff, actor):
    """One man registered twice: his history is split between the two records."""
    services.settings.set_agency_details(admin, AgencyForm(name="Riverside Family Services"))
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    worker = make_staff(Role.CASEWORKER, "mgarcia", "María García")
    pantry = services.resources.create(
        admin, ResourceForm(organisation=FOOD_BANK, service="Groceries", categories=("food",))
    )
    survivor = services.clients.register(
        actor,
        ClientForm(
            first_name="Robert",
            last_name="Smith",
            date_of_birth="03/04/1980",
            phone="937 555 0101",
        ),
    )
    duplicate = services.clients.register(
        actor,
        ClientForm(
            first_name="Bob",
            last_name="Smyth",
            date_of_birth="03/04/1980",
            phone="937 555 0199",
            email="bob.smyth@example.org",
            address_line1="12 Canal Street",
            city="Dayton",
            state="OH",
            postal_code="45402",
            ssn="219-45-6789",
            veteran_status=1,
        ),
        "Front desk was not sure",
    )
    partner = services.clients.register(
        actor, ClientForm(first_name="Ngozi", last_name="Okafor", date_of_birth="02/03/1985")
    )
    services.households.join(actor, duplicate.id, partner.id, RelationshipToHead.SPOUSE_OR_PARTNER)
    case_id = services.cases.open_case(supervisor, duplicate.id, assign_to=worker.staff_id)
    services.consents.record(
        worker,
        duplicate.id,
        ConsentForm(
            kind="release",
            method="paper",
            signed_on="11/20/2026",
            expires_on="05/20/2027",
            recipient=FOOD_BANK,
            purpose="Coordinate food assistance",
            information=("contact",),
        ),
    )
    services.assessments.record(
        worker, case_id, AssessmentForm(scores={LifeDomain.HOUSING: 2, LifeDomain.FOOD: 1})
    )
    services.referrals.create(
        worker,
        case_id,
        ReferralForm(resource_id=pantry.id, need="food", reason="No groceries", method="phone"),
        "",
    )
    return supervisor, worker, survivor, duplicate, partner


def test_the_plan_says_what_moves_and_what_the_survivor_keeps(services, person):
    supervisor, _worker, survivor, duplicate, _partner = person
    plan = services.merges.plan(supervisor, survivor.id, duplicate.id)
    moving = dict(plan.moving)
    assert [count for label, count in plan.moving] == [1, 1, 1, 1]
    assert moving["Consents and releases of information"] == 1
    assert {c.label for c in plan.taken} == {
        "SSN",
        "Veteran status",
        "Email",
        "Address",
    }
    assert [(c.label, c.survivor_value, c.merged_value) for c in plan.kept] == [
        ("Phone", "(937) 555-0101", "(937) 555-0199")
    ]
    assert "joins the household" in plan.household
    assert "Bob Smyth" in plan.found_by
    # Nothing happened yet.
    assert services.consents.check_release(supervisor, survivor.id, FOOD_BANK).allowed is False


def test_a_merge_carries_everything_and_undo_puts_back_exactly_what_was(
    services, engine, person, admin
):
    supervisor, worker, survivor, duplicate, partner = person
    before = snapshot(engine)
    plan = services.merges.plan(supervisor, survivor.id, duplicate.id)
    merge = services.merges.merge(supervisor, survivor.id, duplicate.id, "Same ID card", plan=plan)

    # The release he signed now opens the gate on the surviving record.
    assert services.consents.check_release(worker, survivor.id, FOOD_BANK).allowed
    assert len(services.records.assessments(worker, survivor.id)) == 1
    assert len(services.records.consents(worker, survivor.id)) == 1
    after = snapshot(engine)
    for table, column in columns_referring_to_clients():
        if column != "client_id" or table.startswith("client_"):
            continue
        index = [c.name for c in metadata.tables[table].c if c.name not in STAMPS].index(column)
        assert not [row for row in after[table] if row[index] == duplicate.id], table
    record = services.clients.open(supervisor, survivor.id)
    assert (record.first_name, record.last_name, record.phone) == (
        "Robert",
        "Smith",
        "(937) 555-0101",
    )
    assert record.email == "bob.smyth@example.org" and record.city == "Dayton"
    assert record.ssn_last4 == "6789" and record.veteran_status == 1
    assert services.clients.reveal_ssn(supervisor, survivor.id) == "219456789"
    assert record.household_id is not None
    members = {
        member.client.id: member.relationship
        for member in services.households.members(supervisor, survivor.id)
    }
    assert members == {
        partner.id: RelationshipToHead.SELF,
        survivor.id: RelationshipToHead.SPOUSE_OR_PARTNER,
    }
    assert [row.id for row in services.clients.search(supervisor, "smyth")] == [survivor.id]
    assert [row.id for row in services.clients.search(supervisor, "robert")] == [survivor.id]
    audited = {
        (e.entity_id, e.action)
        for e in services.audit.query(admin, AuditFilter())
        if e.action == AuditAction.CLIENTS_MERGED
    }
    assert audited == {
        (survivor.id, AuditAction.CLIENTS_MERGED),
        (duplicate.id, AuditAction.CLIENTS_MERGED),
    }

    services.merges.undo(supervisor, merge.id)
    restored = snapshot(engine)
    merges_table = restored.pop("client_merges")
    before.pop("client_merges")
    assert restored == before
    assert len(merges_table) == 1
    assert [row.id for row in services.clients.search(supervisor, "smyth")] == [duplicate.id]
    assert services.consents.check_release(supervisor, survivor.id, FOOD_BANK).allowed is False
    assert services.consents.check_release(worker, duplicate.id, FOOD_BANK).allowed
    undone = {
        e.entity_id
        for e in services.audit.query(admin, AuditFilter())
        if e.action == AuditAction.MERGE_UNDONE
    }
    assert undone == {survivor.id, duplicate.id}


def test_an_edit_made_after_the_merge_survives_its_undo(services, person):
    supervisor, _worker, survivor, duplicate, _partner = person
    merge = services.merges.merge(supervisor, survivor.id, duplicate.id, "Same ID card")
    record = services.clients.open(supervisor, survivor.id)
    form = record.as_form()
    services.clients.change(
        supervisor,
        survivor.id,
        record.version,
        ClientForm(**{**vars(form), "email": "rs@example.org"}),
    )
    # Edited after the merge, the survivor is still found under the merged name.
    assert [row.id for row in services.clients.search(supervisor, "smyth")] == [survivor.id]
    services.merges.undo(supervisor, merge.id)
    record = services.clients.open(supervisor, survivor.id)
    assert record.email == "rs@example.org"  # the correction stays
    assert record.city is None  # the address it took went back


def test_a_merge_is_refused_when_a_record_changed_after_the_plan_was_shown(services, person, actor):
    supervisor, _worker, survivor, duplicate, _partner = person
    plan = services.merges.plan(supervisor, survivor.id, duplicate.id)
    current = services.clients.open(actor, duplicate.id)
    services.clients.change(
        actor,
        duplicate.id,
        current.version,
        ClientForm(**{**vars(current.as_form()), "city": "Xenia"}),
    )
    with pytest.raises(ConflictError):
        services.merges.merge(supervisor, survivor.id, duplicate.id, "Same ID card", plan=plan)
    assert services.clients.open(supervisor, duplicate.id).merged_into_id is None


def test_a_survivor_merged_on_must_be_unmerged_first(services, person, actor):
    supervisor, _worker, survivor, duplicate, _partner = person
    third = services.clients.register(
        actor,
        ClientForm(first_name="Rob", last_name="Smith", date_of_birth="03/04/1980"),
        "Not sure at the desk",
    )
    first = services.merges.merge(supervisor, survivor.id, duplicate.id, "Same ID card")
    services.merges.merge(supervisor, third.id, survivor.id, "Same again")
    # Both earlier names find the last survivor.
    assert [row.id for row in services.clients.search(supervisor, "smyth")] == [third.id]
    with pytest.raises(ValidationError, match="undo that merge first"):
        services.merges.undo(supervisor, first.id)


@pytest.mark.postgres
def test_a_supervisor_merges_and_undoes_under_her_own_login(postgres_office):
    """On the shared server the grants let the supervisor's role move every kind of row."""
    office = postgres_office
    office.admin.services.settings.set_agency_details(
        office.admin.actor, AgencyForm(name="Riverside Family Services")
    )
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    worker = office.hire(Role.CASEWORKER, "Siobhán O'Connor")
    s, boss = supervisor.services, supervisor.actor
    pantry = office.admin.services.resources.create(
        office.admin.actor,
        ResourceForm(organisation=FOOD_BANK, service="Groceries", categories=("food",)),
    )
    survivor = s.clients.register(boss, ClientForm(first_name="Nguyễn", last_name="Thị Lan"))
    duplicate = s.clients.register(
        boss, ClientForm(first_name="Lan", last_name="Nguyen", email="lan@example.org"), "unsure"
    )
    case_id = s.cases.open_case(boss, duplicate.id, assign_to=worker.actor.staff_id)
    worker.services.consents.record(
        worker.actor,
        duplicate.id,
        ConsentForm(
            kind="release",
            method="paper",
            signed_on="11/20/2026",
            expires_on="05/20/2027",
            recipient=FOOD_BANK,
            purpose="Coordinate food assistance",
            information=("contact",),
        ),
    )
    worker.services.assessments.record(
        worker.actor, case_id, AssessmentForm(scores={LifeDomain.FOOD: 1})
    )
    worker.services.referrals.create(
        worker.actor,
        case_id,
        ReferralForm(resource_id=pantry.id, need="food", reason="No groceries", method="phone"),
        "",
    )

    merge = s.merges.merge(boss, survivor.id, duplicate.id, "Same passport")
    assert sum(len(ids) for ids in merge.moved.values()) == 3
    assert worker.services.consents.check_release(worker.actor, survivor.id, FOOD_BANK).allowed
    with office.superuser() as psql:
        for table in ("cases", "consents", "assessments", "referrals"):
            left = psql.execute(
                f"SELECT count(*) FROM {table} WHERE client_id = %s", (duplicate.id,)
            )
            assert left.fetchone()[0] == 0, table
    s.merges.undo(boss, merge.id)
    with office.superuser() as psql:
        for table in ("cases", "consents", "assessments", "referrals"):
            back = psql.execute(
                f"SELECT count(*) FROM {table} WHERE client_id = %s", (duplicate.id,)
            )
            assert back.fetchone()[0] == 1, table
    # A caseworker's own login still may not move a person's rows.
    with (
        office.connect_as(worker.actor.username) as psql,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        psql.execute(
            "UPDATE consents SET client_id = %s WHERE client_id = %s",
            (survivor.id, duplicate.id),
        )
