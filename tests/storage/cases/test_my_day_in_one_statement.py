"""My day reads everything it shows in one statement, on both databases and as a
caseworker's own login under row security, and shows what the calls that read
each list on their own show."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import Engine, event, update

from domain.cases.programs import ProgramForm
from domain.cases.tasks import TaskForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.consents.consent import ConsentForm
from storage.cases.tables import cases
from tests.storage.cases.test_tasks_and_my_day import assign, day, intake_case
from tests.storage.consents.test_agency_name_and_services_consent import name_the_agency


@contextmanager
def statements_sent() -> list[str]:
    """Every statement this thread sends to any database meanwhile (BEGIN aside)."""
    sent: list[str] = []
    me = threading.get_ident()

    def seen(_conn, _cursor, statement, _parameters, _context, _many) -> None:
        if threading.get_ident() == me and statement.strip().upper() != "BEGIN":
            sent.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", seen)


def one_statement(call: Callable[[], object]):
    call()  # the signed-in account is read once, then kept (domain/common/guard.py)
    with statements_sent() as sent:
        result = call()
    assert len(sent) == 1, sent
    return result


@pytest.fixture
def office(services, admin, make_staff):
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    maria = make_staff(Role.CASEWORKER, "mgarcia", "Maria Garcia")
    jamie = make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    program = services.programs.create(admin, ProgramForm("Family support", "", "30"))
    return supervisor, maria, jamie, program


def test_my_day_is_one_statement_with_what_each_list_shows_alone(
    services, office, clock, actor, admin
):
    supervisor, maria, jamie, program = office
    name_the_agency(services, admin)
    cy = intake_case(services, actor, program, "Cy", day(clock, 50))
    ada = intake_case(services, actor, program, "Ada", day(clock, 45))
    ben = intake_case(services, actor, program, "Ben")
    theirs = intake_case(services, actor, program, "Dee", day(clock, 40))
    for case_id in (cy, ada, ben):
        assign(services, supervisor, case_id, maria.staff_id)
    assign(services, supervisor, theirs, jamie.staff_id)
    ada_client = services.cases.get(supervisor, ada).client_id
    services.consents.record(
        maria,
        ada_client,
        ConsentForm(
            kind="release",
            signed_on=day(clock, 0),
            effective_on=day(clock, 0),
            expires_on=day(clock, 35),
            recipient="Eastside Food Bank",
            purpose="Food deliveries",
            information=("contact", "housing"),
        ),
    )
    services.tasks.create(maria, TaskForm("Call the landlord", day(clock, 20), cy))
    services.tasks.create(maria, TaskForm("Order forms", day(clock, 25)))
    services.tasks.create(maria, TaskForm("Later", day(clock, 40), ada))
    done = services.tasks.create(maria, TaskForm("Done already", day(clock, 21), ben))
    services.tasks.complete(maria, done.id, done.version)
    clock.now += timedelta(days=25)
    record = services.clients.open(supervisor, ada_client)
    services.clients.change(
        supervisor, ada_client, record.version, ClientForm(first_name="Ada", last_name="Obi")
    )

    today = one_statement(lambda: services.caseloads.my_day(maria))

    assert today.cases == tuple(services.caseloads.caseload(maria, maria.staff_id))
    assert [c.client_name for c in today.cases] == ["Ada Obi", "Ben Okafor", "Cy Okafor"]
    mine = services.tasks.mine(maria)
    assert today.tasks_due == tuple(t for t in mine if t.due_on <= today.today)
    assert [(t.title, t.client_name) for t in today.tasks_due] == [
        ("Call the landlord", "Cy Okafor"),
        ("Order forms", ""),
    ]
    assert [c.id for c in today.reviews_due] == [cy, ada, ben]
    assert {(c.case_id, c.kind, c.recipient) for c in today.consents_expiring} == {
        (cy, "services", ""),
        (ada, "services", ""),
        (ada, "release", "Eastside Food Bank"),
    }  # Ben's consent to services runs on with no end date
    assert {(c.what, c.case_id, c.who, c.client_name) for c in today.recent_changes} >= {
        ("client", ada, "Dana Lee", "Ada Obi")
    }
    assert all(c.by != maria.username for c in today.recent_changes)


@pytest.mark.postgres
def test_as_her_own_login_my_day_is_one_statement_of_her_cases_alone(postgres_office, clock):
    office = postgres_office
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    maria = office.hire(Role.CASEWORKER, "Maria Garcia")
    jamie = office.hire(Role.CASEWORKER, "Jamie Chen")
    s, boss = supervisor.services, supervisor.actor
    cases = {}
    for first, worker in (("Amara", maria), ("Ben", maria), ("Dee", jamie)):
        client = s.clients.register(boss, ClientForm(first_name=first, last_name="Okafor"))
        cases[first] = s.cases.open_case(boss, client.id, worker.actor.staff_id)
    me = maria.actor
    maria.services.tasks.create(me, TaskForm("Call the landlord", day(clock, 0), cases["Ben"]))
    jamie.services.tasks.create(jamie.actor, TaskForm("His own", day(clock, 0), cases["Dee"]))
    amara = s.cases.get(boss, cases["Amara"]).client_id
    record = s.clients.open(boss, amara)
    s.clients.change(boss, amara, record.version, ClientForm(first_name="Amara", last_name="Obi"))

    today = one_statement(lambda: maria.services.caseloads.my_day(me))

    assert today.cases == tuple(maria.services.caseloads.caseload(me, me.staff_id))
    assert [c.client_name for c in today.cases] == ["Amara Obi", "Ben Okafor"]
    assert [(t.title, t.client_name) for t in today.tasks_due] == [
        ("Call the landlord", "Ben Okafor")
    ]
    assert today.tasks_due == tuple(maria.services.tasks.mine(me))
    assert {c.case_id for c in today.consents_expiring} == {cases["Amara"], cases["Ben"]}
    # By sign-in name: a caseworker reads no other staff member's row on the server.
    assert ("client", cases["Amara"], boss.username) in {
        (c.what, c.case_id, c.who) for c in today.recent_changes
    }
    assert {c.case_id for c in today.recent_changes} <= {cases["Amara"], cases["Ben"]}


def test_a_task_on_a_case_off_her_active_caseload_still_names_its_client(
    services, office, clock, actor, engine
):
    """Rare (an assigned case still at intake, as older data has): a second statement
    names the task's client."""
    supervisor, maria, _jamie, program = office
    case_id = intake_case(services, actor, program, "Amara")
    assign(services, supervisor, case_id, maria.staff_id)
    services.tasks.create(maria, TaskForm("Call the landlord", day(clock, 0), case_id))
    with engine.begin() as connection:
        connection.execute(update(cases).where(cases.c.id == case_id).values(status="intake"))
    services.caseloads.my_day(maria)

    with statements_sent() as sent:
        today = services.caseloads.my_day(maria)

    assert len(sent) == 2
    assert today.cases == ()
    assert [(t.title, t.client_name) for t in today.tasks_due] == [
        ("Call the landlord", "Amara Okafor")
    ]
