"""Client use cases against in-memory fakes: validation, transactions, audit, access."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.audit.events import AuditAction
from domain.clients.record import ClientForm
from domain.clients.service import ClientService
from domain.common.actor import Actor
from domain.common.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from domain.common.guard import Guard
from domain.common.policy import Role
from domain.staff.accounts import StaffFields
from tests.unit.fakes import FakeDatabase

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def uow() -> FakeDatabase:
    return FakeDatabase()


def person(uow: FakeDatabase, role: Role, username: str) -> Actor:
    staff = uow.committed["staff"].add(
        StaffFields(username, username.title(), role),
        password_hash=None,
        must_change_password=False,
        by="setup",
        at=NOW,
    )
    return Actor(staff.id, username, username.title(), role, "WS-01")


@pytest.fixture
def frontdesk(uow) -> Actor:
    return person(uow, Role.FRONTDESK, "tbrooks")


@pytest.fixture
def service(uow) -> ClientService:
    return ClientService(Guard(uow, lambda: NOW))


def events(uow):
    return uow.committed["audit"].events


def test_every_bad_field_is_reported_at_once_and_nothing_is_saved(service, uow, frontdesk):
    with pytest.raises(ValidationError) as raised:
        service.register(
            frontdesk,
            ClientForm(first_name="", last_name="\x07", date_of_birth="2027-01-01", phone="12"),
        )
    assert raised.value.errors == {
        "first_name": "Required.",
        "last_name": "Contains a hidden control character (U+0007); retype it rather than pasting.",
        "date_of_birth": "A date of birth cannot be in the future.",
        "phone": "A phone number needs at least 7 digits.",
    }
    assert uow.commits == 0
    assert uow.committed["clients"].rows == {}


def test_registering_commits_the_client_and_its_audit_event_together(service, uow, frontdesk):
    client = service.register(frontdesk, ClientForm(first_name="Ana", last_name="Diaz"))
    assert uow.commits == 1
    assert uow.committed["clients"].rows[client.id].first_name == "Ana"
    [event] = events(uow)
    assert (event.action, event.entity_id, event.actor) == (
        AuditAction.CLIENT_CREATED,
        client.id,
        "tbrooks",
    )


def test_opening_a_client_is_audited(service, uow, frontdesk):
    client = service.register(frontdesk, ClientForm(first_name="Ana", last_name="Diaz"))
    service.open(frontdesk, client.id)
    assert events(uow)[-1].action is AuditAction.CLIENT_VIEWED


def test_opening_a_missing_client_is_not_found_and_not_audited(service, uow, frontdesk):
    with pytest.raises(NotFound, match="C000099"):
        service.open(frontdesk, 99)
    assert events(uow) == []


def test_a_change_records_which_fields_changed(service, uow, frontdesk):
    client = service.register(frontdesk, ClientForm(first_name="Ana", last_name="Diaz"))
    changed = service.change(
        frontdesk,
        client.id,
        client.version,
        ClientForm(first_name="Ana", last_name="Díaz", date_of_birth="1990-01-02"),
    )
    assert changed.version == 2
    assert events(uow)[-1].detail == "last_name,date_of_birth,dob_quality"


def test_a_stale_change_is_a_conflict_and_changes_nothing(service, uow, frontdesk):
    client = service.register(frontdesk, ClientForm(first_name="Ana", last_name="Diaz"))
    service.change(frontdesk, client.id, 1, ClientForm(first_name="Anna", last_name="Diaz"))
    with pytest.raises(ConflictError):
        service.change(frontdesk, client.id, 1, ClientForm(first_name="Annie", last_name="Diaz"))
    assert uow.committed["clients"].rows[client.id].first_name == "Anna"


def test_page_sizes_are_kept_within_bounds(service, frontdesk):
    for n in range(3):
        service.register(frontdesk, ClientForm(first_name="A", last_name=f"Name{'x' * n}"))
    assert len(service.list_page(frontdesk, offset=-5, limit=0).rows) == 1
    assert service.list_page(frontdesk, limit=10**9).total == 3


def test_a_caseworker_sees_and_opens_only_clients_of_their_cases(service, uow, frontdesk):
    worker = person(uow, Role.CASEWORKER, "mrivera")
    mine = service.register(frontdesk, ClientForm(first_name="Ana", last_name="Diaz"))
    other = service.register(frontdesk, ClientForm(first_name="Bo", last_name="Chen"))
    uow.committed["cases"].open_case(mine.id, worker.staff_id, opened_on=NOW.date(), by="x", at=NOW)

    page = service.list_page(worker)
    assert [row.id for row in page.rows] == [mine.id]
    assert service.open(worker, mine.id).id == mine.id
    with pytest.raises(PermissionDenied, match="not on your caseload"):
        service.open(worker, other.id)
    refused = events(uow)[-1]
    assert (refused.action, refused.entity_id, refused.actor) == (
        AuditAction.ACCESS_REFUSED,
        other.id,
        "mrivera",
    )


def test_an_administrator_cannot_read_client_records(service, uow, frontdesk):
    admin = person(uow, Role.ADMIN, "admin")
    client = service.register(frontdesk, ClientForm(first_name="Ana", last_name="Diaz"))
    with pytest.raises(PermissionDenied):
        service.open(admin, client.id)
    with pytest.raises(PermissionDenied):
        service.list_page(admin)
