"""The full client record, search, duplicate checks and the SSN, on both databases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from domain.audit.events import AuditAction, AuditFilter
from domain.clients.hmis import RaceEthnicity, Sex, SsnQuality, YesNo
from domain.clients.record import ClientForm
from domain.common.errors import PermissionDenied, ValidationError
from domain.common.policy import Role
from storage.clients.tables import clients

FULL = ClientForm(
    first_name="María José",
    middle_name="Luz",
    last_name="García López",
    suffix="Jr.",
    preferred_name="Majo",
    date_of_birth="07/14/1975",
    ssn="123-45-6789",
    race_ethnicity=frozenset({RaceEthnicity.HISPANIC_LATINE, RaceEthnicity.WHITE}),
    sex=Sex.FEMALE,
    veteran_status=YesNo.NO,
    disabling_condition=YesNo.YES,
    phone="(555) 201-3344",
    email="majo@example.org",
    address_line1="12 Elm Street",
    address_line2="Apt 3",
    city="Springfield",
    state="IL",
    postal_code="62701",
    language="Spanish",
    interpreter_needed=True,
    emergency_name="Rosa García",
    emergency_phone="(555) 201-9000",
    emergency_relationship="Sister",
)


@pytest.fixture
def supervisor(make_staff):
    return make_staff(Role.SUPERVISOR, "dlee", "Dana Lee", "SUPER-01")


def test_the_whole_record_round_trips(services, actor, supervisor):
    saved = services.clients.register(actor, FULL)
    again = services.clients.open(supervisor, saved.id)
    assert again.as_form() == FULL.__class__(
        **{**vars(FULL), "ssn": "", "ssn_quality": None, "dob_quality": again.dob_quality}
    )
    assert again.race_ethnicity == {RaceEthnicity.HISPANIC_LATINE, RaceEthnicity.WHITE}
    assert (again.ssn, again.ssn_last4, again.ssn_quality) == (None, "6789", SsnQuality.FULL)


def test_the_full_ssn_is_revealed_only_to_those_allowed_and_each_time_audited(
    services, actor, supervisor, engine
):
    saved = services.clients.register(actor, FULL)
    with pytest.raises(PermissionDenied, match="last four"):
        services.clients.reveal_ssn(actor, saved.id)  # the front desk typed it, sees 6789
    assert services.clients.reveal_ssn(supervisor, saved.id) == "123456789"
    with engine.connect() as connection:  # stored as typed, not masked
        assert connection.execute(select(clients.c.ssn)).scalar_one() == "123456789"
    reveals = services.audit.query(supervisor, AuditFilter(action=AuditAction.CLIENT_SSN_VIEWED))
    assert [(e.actor, e.entity_id) for e in reveals] == [("dlee", saved.id)]


def test_an_edit_that_does_not_retype_the_ssn_keeps_it(services, actor, supervisor):
    saved = services.clients.register(actor, FULL)
    edited = services.clients.change(
        actor,
        saved.id,
        saved.version,
        saved.as_form().__class__(**{**vars(saved.as_form()), "city": "Chicago"}),
    )
    assert (edited.city, edited.ssn_last4, edited.ssn_quality) == ("Chicago", "6789", 1)
    assert services.clients.reveal_ssn(supervisor, saved.id) == "123456789"

    refused = services.clients.change(
        actor,
        saved.id,
        edited.version,
        edited.as_form().__class__(
            **{**vars(edited.as_form()), "ssn_quality": SsnQuality.PREFERS_NOT}
        ),
    )
    assert (refused.ssn_last4, refused.ssn_quality) == (None, SsnQuality.PREFERS_NOT)
    assert services.clients.reveal_ssn(supervisor, saved.id) is None


@pytest.fixture
def many(services, actor):
    people = [
        ("Ana", "Diaz", "03/04/1980", "555-201-3344", "111-22-3333"),
        ("Anabel", "Ortiz", "05/06/1990", "555-777-0101", ""),
        ("Bo", "Andersen", "03/04/1980", "", "4444"),
        ("Наталья", "Иванова", "12/01/1985", "555-310-2200", ""),
        ("Zoë", "Ødegård", "", "555-999-1212", ""),
    ]
    saved = {}
    for first, last, born, phone, ssn in people:
        saved[first] = services.clients.register(
            actor,
            ClientForm(first_name=first, last_name=last, date_of_birth=born, phone=phone, ssn=ssn),
            "Different people in a test office",
        )
    return saved


def found(services, who, typed):
    return [row.first_name for row in services.clients.search(who, typed)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("an", ["Bo", "Ana", "Anabel"]),  # Andersen, Diaz, Ortiz: any word's start
        ("ana d", ["Ana"]),
        ("ANA", ["Ana", "Anabel"]),
        ("nata", ["Наталья"]),
        ("Ната", ["Наталья"]),
        ("ива", ["Наталья"]),
        ("zoe", ["Zoë"]),
        ("odeg", ["Zoë"]),
        ("03/04/1980", ["Bo", "Ana"]),
        ("201-33", ["Ana"]),
        ("0101", ["Anabel"]),  # the end of a phone number
        ("4444", ["Bo"]),  # the last four of an SSN
        ("3333", ["Ana"]),
        ("xyz", []),
    ],
)
def test_search_finds_clients_by_any_part(services, actor, many, typed, expected):
    assert found(services, actor, typed) == expected


def test_search_by_client_number(services, actor, many):
    number = many["Anabel"].number
    assert found(services, actor, number) == ["Anabel"]
    assert found(services, actor, number.lower().replace("c0000", "c")) == ["Anabel"]


def test_a_caseworker_finds_only_their_own_clients(services, actor, many, make_staff, supervisor):
    worker = make_staff(Role.CASEWORKER, "mrivera2", "Maria Rivera")
    services.cases.open_case(supervisor, many["Ana"].id, assign_to=worker.staff_id)
    assert found(services, worker, "an") == ["Ana"]
    assert found(services, worker, "03/04/1980") == ["Ana"]


def test_a_likely_duplicate_needs_a_reason_which_is_audited(services, actor, many, supervisor):
    near = ClientForm(first_name="Anna", last_name="Díaz", date_of_birth="04/03/1980")
    with pytest.raises(ValidationError) as raised:
        services.clients.register(actor, near)
    assert many["Ana"].number in raised.value.errors["duplicate_reason"]
    assert services.clients.search(actor, "anna") == []  # nothing was saved

    saved = services.clients.register(actor, near, "Her twin sister, confirmed by ID")
    [event] = services.audit.query(supervisor, AuditFilter(action=AuditAction.DUPLICATE_OVERRIDDEN))
    assert event.entity_id == saved.id
    assert many["Ana"].number in event.detail and "twin sister" in event.detail


def test_possible_duplicates_appear_while_typing(services, actor, many):
    assert services.clients.possible_duplicates(actor, ClientForm()) == []
    typing = services.clients.possible_duplicates(actor, ClientForm(last_name="Diaz"))
    assert [c.client.first_name for c in typing][:1] == ["Ana"]
    assert not typing[0].likely  # a last name alone is only "possible"

    fuller = services.clients.possible_duplicates(
        actor, ClientForm(first_name="ana", last_name="DIAZ", date_of_birth="1980-03-04")
    )
    assert fuller[0].client.id == many["Ana"].id
    assert fuller[0].likely
    assert "same date of birth" in fuller[0].reasons
    assert date(1980, 3, 4) == fuller[0].client.date_of_birth
