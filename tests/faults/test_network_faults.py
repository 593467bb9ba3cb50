"""The network between a desk and the shared server fails mid-statement and
mid-commit: nothing the person was told is saved may be missing, nothing is
stored half-signed or twice, the person is told the truth, and with the fault
gone the next save goes through."""

from __future__ import annotations

import time

import pytest

from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.errors import DatabaseUnavailable
from domain.common.policy import Role
from domain.common.server_errors import MAYBE_SAVED_REPEATABLE
from storage.staff.postgres_sign_in import PostgresAuthenticator
from tests.faults.scenarios import PASSWORD, TEST_LIMITS, create_through, sign_through
from tests.faults.tcp_proxy import BLACKHOLE, FaultyProxy

pytestmark = pytest.mark.postgres
# A call the network never answers ends within the watchdog's limit, the look on
# a fresh connection and the server's own limit after it.
BOUNDED = TEST_LIMITS.unanswered_seconds + TEST_LIMITS.settle_seconds + 3.0


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


def _nothing_lost_halved_or_doubled(outcome, runs: int) -> None:
    assert outcome.runs == runs
    assert outcome.lost == 0
    assert outcome.half_saved == 0
    assert outcome.doubled == 0
    assert outcome.saved_though_refused == 0, "told 'nothing was saved' of a stored save"
    assert outcome.recovered, outcome.shown


@pytest.mark.parametrize(
    ("fault", "runs"),
    [("cut", 12), ("delay", 3), ("blackhole", 3), ("commit dropped", 3), ("answer lost", 3)],
)
def test_a_save_that_meets_a_failing_network_is_looked_for_again_and_told_saved(scene, fault, runs):
    office, worker, case_id = scene
    with office.superuser() as superuser:
        outcome = sign_through(office.url, superuser, worker, case_id, fault=fault, runs=runs)
    _nothing_lost_halved_or_doubled(outcome, runs)
    # The one try on a fresh connection found the note signed (its COMMIT's answer
    # lost) or signed it (nothing had arrived): every signing reported done.
    assert not outcome.messages, outcome.shown
    if fault == "delay":
        return
    if fault in ("commit dropped", "answer lost"):
        assert outcome.met == runs
    else:
        assert outcome.met > 0, "the fault never met a call: the test proves nothing"
    if fault != "cut":
        assert outcome.slowest < BOUNDED, f"a call waited {outcome.slowest:.1f} s"


def test_with_the_line_down_during_commit_the_person_is_told_it_is_not_known_yet(scene):
    office, worker, case_id = scene
    with office.superuser() as superuser:
        outcome = sign_through(office.url, superuser, worker, case_id, fault="line down", runs=2)
    _nothing_lost_halved_or_doubled(outcome, 2)
    assert outcome.met == 2
    # Whether the COMMIT arrived nobody here can know: said so, never "not saved".
    assert outcome.messages == {MAYBE_SAVED_REPEATABLE: 2}, outcome.shown
    assert "your work is kept" in MAYBE_SAVED_REPEATABLE
    # Saved again once the line was back: found signed (or signed now), never twice.
    assert outcome.unknown == 2
    assert outcome.slowest < BOUNDED


@pytest.mark.parametrize("what", ["draft", "addendum"])
def test_a_creating_save_tried_again_after_its_answer_was_lost_is_not_doubled(scene, what):
    office, worker, case_id = scene
    with office.superuser() as superuser:
        outcome = create_through(office.url, superuser, worker, case_id, what=what, runs=3)
    _nothing_lost_halved_or_doubled(outcome, 3)
    assert outcome.met == 3, "each answer lost, each save tried again"
    assert not outcome.messages, outcome.shown


def test_signing_in_over_a_dead_line_ends_within_the_connect_limit(scene):
    office, worker, _case_id = scene
    proxy = FaultyProxy((office.url.host or "127.0.0.1", office.url.port or 5432))
    proxy.mode = BLACKHOLE
    auth = PostgresAuthenticator(office.url.set(port=proxy.port), limits=TEST_LIMITS)
    started = time.monotonic()
    try:
        with pytest.raises(DatabaseUnavailable, match="cannot be reached"):
            auth.sign_in(worker.actor.username, PASSWORD, "WS-FAULTY")
    finally:
        auth.close()
        proxy.close()
    # The sign-in gate, the login, the gate again: each waits the connect limit.
    assert time.monotonic() - started < 3 * TEST_LIMITS.connect_seconds + 2
