"""The network between a desk and the shared server fails mid-statement and
mid-commit: nothing the person was told is signed may be missing, nothing is
stored half-signed, and every failure reads as the server out of reach."""

from __future__ import annotations

import pytest

from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from tests.faults.scenarios import sign_through

pytestmark = pytest.mark.postgres
UNREACHABLE = "cannot be reached"


@pytest.fixture
def scene(postgres_office):
    office = postgres_office
    admin = office.admin
    program = admin.services.programs.create(admin.actor, ProgramForm("Family support", "", "90"))
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    worker = office.hire(Role.CASEWORKER, "Nguyễn Thị Hoa")
    client = supervisor.services.clients.register(
        supervisor.actor, ClientForm(first_name="Mai", last_name="Nguyễn")
    )
    case_id = supervisor.services.cases.open_case(
        supervisor.actor, client.id, worker.actor.staff_id, program_id=program.id
    )
    return office, worker, case_id


@pytest.mark.parametrize("fault", ["cut", "delay"])
def test_signing_through_a_failing_network_loses_nothing_and_says_so(scene, fault):
    office, worker, case_id = scene
    with office.superuser() as superuser:
        outcome = sign_through(office.url, superuser, worker, case_id, fault=fault, runs=12)
    assert outcome.runs == 12
    assert outcome.lost == 0
    assert outcome.half_saved == 0
    assert outcome.recovered, "with the network back, the next save must go through"
    for message in outcome.messages:
        assert UNREACHABLE in message, message
    if fault == "cut":
        assert outcome.messages, "the cuts never met a call: the test proves nothing"
