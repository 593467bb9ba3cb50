"""Names as people have them, on each real database: one name alone, names in
scripts written without spaces found by any part, and each name in its order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select

from domain.clients._index import search_words
from domain.clients.hmis import NameQuality
from domain.clients.record import ClientForm, validate_client_form
from domain.clients.search import name_search_words, unspaced_name_words
from domain.common.errors import ValidationError
from domain.common.policy import Role
from storage.clients.tables import client_search_words, clients
from storage.common.engine import create_database_engine
from storage.schema import upgrade


def names(rows) -> list[str]:
    return [row.display_name for row in rows]


@pytest.mark.parametrize(("first", "last"), [("Ahmad", ""), ("", "Sukarno")])
def test_a_person_with_one_name_is_registered_found_and_listed(services, actor, first, last):
    saved = services.clients.register(
        actor, ClientForm(first_name=first, last_name=last, name_quality=NameQuality.PARTIAL)
    )
    again = services.clients.open(actor, saved.id)
    assert (again.first_name, again.last_name, again.name_quality) == (first, last, 2)
    assert again.display_name == (first or last)
    assert names(services.clients.search(actor, (first or last)[:3])) == [first or last]
    assert names(services.clients.list_page(actor).rows) == [first or last]


def test_one_name_with_a_full_name_quality_saves_nothing(services, actor):
    with pytest.raises(ValidationError) as raised:
        services.clients.register(actor, ClientForm(first_name="Ahmad"))
    assert "Partial" in raised.value.errors["last_name"]
    assert services.clients.search(actor, "ahmad") == []


@pytest.fixture
def office(services, actor):
    people = [("秀英", "王"), ("太郎", "山田"), ("민준", "김"), ("美玲", "李"), ("Ana", "Diaz")]
    for first, last in people:
        services.clients.register(
            actor, ClientForm(first_name=first, last_name=last), "Different people"
        )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("秀英", ["王秀英"]),
        ("王秀", ["王秀英"]),
        ("英", ["王秀英"]),
        ("王秀英", ["王秀英"]),
        ("太郎", ["山田太郎"]),
        ("田太", ["山田太郎"]),
        ("민준", ["김민준"]),
        ("김민", ["김민준"]),
        ("美", ["李美玲"]),
        ("ana", ["Ana Diaz"]),
        ("秀玲", []),
    ],
)
def test_names_written_without_spaces_are_found_by_any_part(
    services, actor, office, typed, expected
):
    assert names(services.clients.search(actor, typed)) == expected


def test_the_chosen_name_order_is_kept_and_shown_wherever_the_name_is(services, actor, make_staff):
    saved = services.clients.register(
        actor, ClientForm(first_name="Xiuying", last_name="Wang", name_order="family_first")
    )
    assert services.clients.open(actor, saved.id).as_form().name_order == "family_first"
    assert names(services.clients.search(actor, "xiuy")) == ["Wang Xiuying"]
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    worker = make_staff(Role.CASEWORKER, "jchen", "Jo Chen")
    services.cases.open_case(supervisor, saved.id)
    assert [c.client_name for c in services.caseloads.board(supervisor).unassigned] == [
        "Wang Xiuying"
    ]
    services.cases.open_case(supervisor, saved.id, assign_to=worker.staff_id)
    rows = services.caseloads.caseload(worker, worker.staff_id)
    assert [row.client_name for row in rows] == ["Wang Xiuying"]

    changed = services.clients.change(
        actor, saved.id, saved.version, ClientForm(first_name="Xiuying", last_name="Wang")
    )
    assert changed.name_order is None  # back to "by the script"
    assert changed.display_name == "Xiuying Wang"


BEFORE = {
    1: ("秀英", "王", None),
    2: ("Ana", "Diaz", None),
    3: ("太郎", "山田", None),
    4: ("민준", "김", None),
    5: ("สมชาย", "ใจดี", None),
    6: ("花子", "佐藤", 2),  # merged into Ana Diaz's record
}


def test_clients_registered_before_are_found_by_their_characters_after_the_upgrade(
    empty_database_url,
):
    engine = create_database_engine(empty_database_url)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    stamp = {"created_at": now, "created_by": "t", "updated_at": now, "updated_by": "t"}
    try:
        upgrade(engine, "0018")
        with engine.begin() as connection:
            for client_id, (first, last, _) in BEFORE.items():
                connection.execute(
                    insert(clients).values(id=client_id, first_name=first, last_name=last, **stamp)
                )
            for client_id, (first, last, into) in BEFORE.items():
                if into:
                    connection.execute(
                        clients.update()
                        .where(clients.c.id == client_id)
                        .values(merged_into_id=into)
                    )
                # What the search words were: the names' folded words only.
                connection.execute(
                    insert(client_search_words),
                    [
                        {"client_id": client_id, "word": word}
                        for word in name_search_words(first, last)
                    ],
                )
        upgrade(engine)
        with engine.connect() as connection:
            stored: dict[int, set[str]] = {}
            for client_id, word in connection.execute(select(client_search_words)):
                stored.setdefault(client_id, set()).add(word)
    finally:
        engine.dispose()
    # The words this version writes on a save, no more and no fewer.
    for client_id, (first, last, _) in BEFORE.items():
        form = ClientForm(first_name=first, last_name=last)
        expected = search_words(validate_client_form(form, today=now.date()))
        if client_id == 2:  # found under the name merged into it too
            expected |= unspaced_name_words("花子", None, "佐藤", None)
        assert stored[client_id] == expected
    assert {"秀英", "王秀英", "英"} <= stored[1]


@pytest.mark.postgres
def test_the_front_desk_login_saves_and_reads_the_name_order(postgres_office):
    front_desk = postgres_office.hire(Role.FRONTDESK, "Taylor Brooks")
    desk, who = front_desk.services.clients, front_desk.actor
    saved = desk.register(
        who,
        ClientForm(first_name="秀英", last_name="", name_quality=NameQuality.PARTIAL),
    )
    edited = desk.change(
        who,
        saved.id,
        saved.version,
        ClientForm(first_name="Xiuying", last_name="Wang", name_order="family_first"),
    )
    assert desk.open(who, saved.id).name_order == edited.name_order == "family_first"
    assert names(desk.search(who, "wang")) == ["Wang Xiuying"]
