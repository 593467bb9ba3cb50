"""Clients saved and read through the services, on each real database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from domain.clients.record import ClientForm
from domain.common.errors import (
    ConflictError,
    DatabaseUnavailable,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from domain.common.policy import Role
from storage.audit.tables import audit_events
from storage.clients.tables import clients

NAMES_IN_MANY_SCRIPTS = [
    ("José", "Müller-Łukasiewicz"),
    ("Наталья", "Иванова"),
    ("فاطمة", "الزهراء"),
    ("美玲", "王"),
    ("ひろし", "山田"),
    ("지민", "김"),
    ("Nguyễn", "Thị Ánh"),
    ("Ελένη", "Παπαδοπούλου"),
]


def count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_registered_client_reads_back_as_typed(services, actor, clock):
    saved = services.clients.register(
        actor,
        ClientForm(
            first_name=" Ana ",
            last_name="de la Cruz",
            date_of_birth="04/05/1988",
            phone="555.201.3344",
        ),
    )
    again = services.clients.open(actor, saved.id)

    assert again == saved
    assert (again.first_name, again.last_name) == ("Ana", "de la Cruz")
    assert again.date_of_birth == date(1988, 4, 5)
    assert again.phone == "(555) 201-3344"
    assert again.version == 1
    assert again.created_by == again.updated_by == actor.username
    assert again.created_at == clock.now
    assert again.number == f"C{saved.id:06d}"


@pytest.mark.parametrize(("first", "last"), NAMES_IN_MANY_SCRIPTS)
def test_names_in_every_script_round_trip(services, actor, first, last):
    saved = services.clients.register(actor, ClientForm(first_name=first, last_name=last))
    again = services.clients.open(actor, saved.id)
    assert (again.first_name, again.last_name) == (first, last)


def test_bad_input_saves_nothing(services, actor, engine, clock):
    before = count(engine, clients), count(engine, audit_events)
    with pytest.raises(ValidationError) as raised:
        services.clients.register(
            actor,
            ClientForm(
                first_name="x" * 10_000,
                last_name="",
                date_of_birth=(clock.now.date() + timedelta(days=1)).isoformat(),
                phone="call me",
            ),
        )
    assert set(raised.value.errors) == {"first_name", "last_name", "date_of_birth", "phone"}
    assert (count(engine, clients), count(engine, audit_events)) == before


def test_a_stale_save_is_a_conflict_and_the_first_save_stands(services, actor, clock, make_staff):
    original = services.clients.register(actor, ClientForm(first_name="Sam", last_name="Lee"))
    colleague = make_staff(Role.SUPERVISOR, "jchen", "Jamie Chen", "CASEWORK-07")

    clock.now += timedelta(minutes=5)
    first = services.clients.change(
        colleague, original.id, original.version, ClientForm(first_name="Samuel", last_name="Lee")
    )
    assert first.version == original.version + 1

    with pytest.raises(ConflictError) as raised:
        services.clients.change(
            actor, original.id, original.version, ClientForm(first_name="Sammy", last_name="Lee")
        )
    assert raised.value.changed_by == "jchen"
    assert raised.value.changed_at == clock.now
    assert "jchen" in str(raised.value)

    stored = services.clients.open(actor, original.id)
    assert stored.first_name == "Samuel"
    assert stored.version == first.version
    assert stored.updated_by == "jchen"


def test_saving_an_unchanged_form_keeps_the_version(services, actor):
    saved = services.clients.register(actor, ClientForm(first_name="Kim", last_name="Ng"))
    again = services.clients.change(
        actor, saved.id, saved.version, ClientForm(first_name="Kim", last_name="Ng")
    )
    assert again.version == saved.version


def test_changing_a_client_that_does_not_exist_is_not_found(services, actor):
    with pytest.raises(NotFound):
        services.clients.change(actor, 424242, 1, ClientForm(first_name="A", last_name="B"))
    with pytest.raises(NotFound):
        services.clients.open(actor, 424242)


def test_the_list_is_ordered_by_name_and_paged(services, actor):
    for first, last in [("Zed", "Adams"), ("Amy", "Brown"), ("Bea", "Adams"), ("Cal", "Cole")]:
        services.clients.register(actor, ClientForm(first_name=first, last_name=last))

    page = services.clients.list_page(actor, offset=0, limit=3)
    assert page.total == 4
    assert [(row.last_name, row.first_name) for row in page.rows] == [
        ("Adams", "Bea"),
        ("Adams", "Zed"),
        ("Brown", "Amy"),
    ]
    rest = services.clients.list_page(actor, offset=3, limit=3)
    assert [row.first_name for row in rest.rows] == ["Cal"]


def test_views_and_changes_are_audited_with_field_names_but_no_values(services, actor, engine):
    saved = services.clients.register(
        actor, ClientForm(first_name="Rosa", last_name="Parks", phone="555-201-3344")
    )
    services.clients.open(actor, saved.id)
    services.clients.change(
        actor,
        saved.id,
        saved.version,
        ClientForm(first_name="Rosa", last_name="Parks", phone="555-201-9999"),
    )
    with engine.connect() as connection:
        rows = (
            connection.execute(
                select(audit_events)
                .where(audit_events.c.entity_type == "client")
                .order_by(audit_events.c.id)
            )
            .mappings()
            .all()
        )

    assert [row["action"] for row in rows] == ["client.created", "client.viewed", "client.changed"]
    assert all(row["entity_type"] == "client" and row["entity_id"] == saved.id for row in rows)
    assert all(row["actor"] == "mrivera" and row["workstation"] == "FRONTDESK-01" for row in rows)
    assert rows[2]["detail"] == "phone,phone_digits"
    assert not any("9999" in row["detail"] or "Rosa" in row["detail"] for row in rows)


def test_an_unreachable_server_is_database_unavailable(actor):
    import main
    from storage.common.engine import create_database_engine

    # Port 9 (discard) on loopback: nothing listens there.
    engine = create_database_engine("postgresql://nobody@127.0.0.1:9/none")
    services = main.build_embedded(engine).services
    with pytest.raises(DatabaseUnavailable, match="nothing was saved"):
        services.clients.register(actor, ClientForm(first_name="Ada", last_name="Byron"))
    engine.dispose()


def test_a_caseworker_cannot_tell_a_hidden_client_from_a_missing_one(services, actor, make_staff):
    worker = make_staff(Role.CASEWORKER, "mrivera2", "Maria Rivera")
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    hidden = services.clients.register(actor, ClientForm(first_name="Hid", last_name="Den"))

    for client_id in (hidden.id, 999_999):
        with pytest.raises(PermissionDenied, match="not on your caseload"):
            services.clients.open(worker, client_id)
        with pytest.raises(PermissionDenied):
            services.cases.open_case(worker, client_id)
    with pytest.raises(NotFound):
        services.clients.open(supervisor, 999_999)

    services.cases.open_case(supervisor, hidden.id, assign_to=worker.staff_id)
    assert services.clients.open(worker, hidden.id).id == hidden.id
