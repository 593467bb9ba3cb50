"""A partial SSN through the real client service on the embedded database:
saved with x for the unknown digits, read back as partial, found by its last four."""

from __future__ import annotations

import pytest

from domain.clients.hmis import SsnQuality
from domain.clients.record import ClientForm
from domain.clients.ssn import formatted
from domain.common.policy import Role


@pytest.fixture
def engine(sqlite_engine):
    return sqlite_engine


@pytest.fixture
def supervisor(make_staff):
    return make_staff(Role.SUPERVISOR, "dlee", "Dana Lee", "SUPER-01")


def test_a_partial_ssn_saves_and_reads_back_as_partial(services, actor, supervisor):
    last_four = services.clients.register(
        actor, ClientForm(first_name="Ana", last_name="Diaz", ssn="xxx-xx-6789")
    )
    first_five = services.clients.register(
        actor,
        ClientForm(
            first_name="Bo", last_name="Chen", ssn="123-45-xxxx", ssn_quality=SsnQuality.PARTIAL
        ),
    )

    ana = services.clients.open(supervisor, last_four.id)
    assert (ana.ssn_last4, ana.ssn_quality) == ("6789", SsnQuality.PARTIAL)
    assert formatted(services.clients.reveal_ssn(supervisor, ana.id)) == "xxx-xx-6789"
    bo = services.clients.open(supervisor, first_five.id)
    assert (bo.ssn_last4, bo.ssn_quality) == (None, SsnQuality.PARTIAL)
    assert formatted(services.clients.reveal_ssn(supervisor, bo.id)) == "123-45-xxxx"

    # Search by the last four finds the one whose last four are known, not the other.
    assert [row.id for row in services.clients.search(actor, "6789")] == [ana.id]

    # An edit that does not retype the SSN keeps the partial number and its quality.
    edited = services.clients.change(
        actor, bo.id, bo.version, ClientForm(**{**vars(bo.as_form()), "city": "Peoria"})
    )
    assert (edited.city, edited.ssn_quality) == ("Peoria", SsnQuality.PARTIAL)
    assert services.clients.reveal_ssn(supervisor, bo.id) == "12345xxxx"
