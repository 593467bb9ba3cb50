"""Client use cases against in-memory fakes: validation, transactions, audit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.actor import Actor
from domain.audit import AuditAction
from domain.client_service import ClientService
from domain.clients import ClientForm
from domain.errors import ConflictError, NotFound, ValidationError
from tests.unit.fakes import FakeUnitOfWork

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ACTOR = Actor("mrivera", "Maria Rivera", "FRONTDESK-01")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def service(uow) -> ClientService:
    return ClientService(uow, clock=lambda: NOW)


def test_every_bad_field_is_reported_at_once_and_nothing_is_saved(service, uow):
    with pytest.raises(ValidationError) as raised:
        service.register(
            ACTOR,
            ClientForm(first_name="", last_name="\x07", date_of_birth="2027-01-01", phone="12"),
        )
    assert raised.value.errors == {
        "first_name": "Required.",
        "last_name": "Contains a hidden control character (U+0007); retype it rather than pasting.",
        "date_of_birth": "A date of birth cannot be in the future.",
        "phone": "A phone number needs at least 7 digits.",
    }
    assert uow.commits == 0
    assert uow.committed_clients.rows == {}


def test_registering_commits_the_client_and_its_audit_event_together(service, uow):
    client = service.register(ACTOR, ClientForm(first_name="Ana", last_name="Diaz"))
    assert uow.commits == 1
    assert uow.committed_clients.rows[client.id].first_name == "Ana"
    [event] = uow.committed_audit.events
    assert (event.action, event.entity_id, event.actor) == (
        AuditAction.CLIENT_CREATED,
        client.id,
        "mrivera",
    )


def test_opening_a_client_is_audited(service, uow):
    client = service.register(ACTOR, ClientForm(first_name="Ana", last_name="Diaz"))
    service.open(ACTOR, client.id)
    assert [e.action for e in uow.committed_audit.events][-1] is AuditAction.CLIENT_VIEWED


def test_opening_a_missing_client_is_not_found_and_not_audited(service, uow):
    with pytest.raises(NotFound, match="C000099"):
        service.open(ACTOR, 99)
    assert uow.committed_audit.events == []


def test_a_change_records_which_fields_changed(service, uow):
    client = service.register(ACTOR, ClientForm(first_name="Ana", last_name="Diaz"))
    changed = service.change(
        ACTOR,
        client.id,
        client.version,
        ClientForm(first_name="Ana", last_name="Díaz", date_of_birth="1990-01-02"),
    )
    assert changed.version == 2
    assert uow.committed_audit.events[-1].detail == "last_name,date_of_birth"


def test_a_stale_change_is_a_conflict_and_changes_nothing(service, uow):
    client = service.register(ACTOR, ClientForm(first_name="Ana", last_name="Diaz"))
    service.change(ACTOR, client.id, 1, ClientForm(first_name="Anna", last_name="Diaz"))
    with pytest.raises(ConflictError):
        service.change(ACTOR, client.id, 1, ClientForm(first_name="Annie", last_name="Diaz"))
    assert uow.committed_clients.rows[client.id].first_name == "Anna"


def test_page_sizes_are_kept_within_bounds(service):
    for n in range(3):
        service.register(ACTOR, ClientForm(first_name="A", last_name=f"Name{'x' * n}"))
    assert len(service.list_page(ACTOR, offset=-5, limit=0).rows) == 1
    assert service.list_page(ACTOR, limit=10**9).total == 3
