"""The demo database: an office of every role, ready to sign in to."""

from __future__ import annotations

import pytest

import main
from demo.accounts import DEMO_PASSWORD, DEMO_STAFF
from demo.office import fictional_client_forms, seed_demo_office
from domain.cases.case import CaseStatus
from domain.common.errors import PermissionDenied
from domain.common.policy import Role
from tests.conftest import FAST_HASHING


@pytest.fixture
def demo(sqlite_engine):
    auth = main.build_embedded(sqlite_engine, hashing=FAST_HASHING)
    seed_demo_office(auth, "DEMO-PC", clients=40)
    return auth


def test_every_demo_account_signs_in_with_the_published_password(demo):
    for username, _name, role in DEMO_STAFF:
        session = demo.sign_in(username, DEMO_PASSWORD, "DEMO-PC")
        assert session.actor.role is role
        assert not session.must_change_password
    assert demo.sign_in("admin", DEMO_PASSWORD, "DEMO-PC").actor.role is Role.ADMIN


def test_demo_caseloads_follow_the_access_rules(demo):
    front_desk = demo.sign_in("tbrooks", DEMO_PASSWORD, "DEMO-PC").actor
    everyone = demo.services.clients.list_page(front_desk).total
    # 40 clients and 8 intakes, each a household of one; a generated name the
    # rules refuse is left out.
    assert 43 <= everyone <= 48

    supervisor = demo.sign_in("dlee", DEMO_PASSWORD, "DEMO-PC").actor
    waiting = 0
    this_week = {(f.first_name, f.last_name) for f in fictional_client_forms(8, seed=99)}
    for row in demo.services.clients.list_page(supervisor).rows:
        for case in demo.services.records.cases(supervisor, row.id):
            assert case.program_name  # every case is in a program, as lists show it
            if (row.first_name, row.last_name) in this_week:
                assert case.status is CaseStatus.INTAKE
                waiting += 1
                assert demo.services.records.assessments(supervisor, row.id)
                assert demo.services.records.consents(supervisor, row.id)
    assert 5 <= waiting <= 8  # this week's intakes, each with its assessment and consent

    seen = 0
    for username in ("mrivera", "jchen"):
        worker = demo.sign_in(username, DEMO_PASSWORD, "DEMO-PC").actor
        page = demo.services.clients.list_page(worker)
        assert 0 < page.total < everyone
        for row in page.rows:
            demo.services.clients.open(worker, row.id)  # each one on their caseload
        seen += page.total
    assert seen < everyone  # some clients wait, unassigned, for a supervisor

    admin = demo.sign_in("admin", DEMO_PASSWORD, "DEMO-PC").actor
    with pytest.raises(PermissionDenied):
        demo.services.clients.list_page(admin)


def test_a_demo_caseworkers_day_shows_each_case_in_its_program(demo):
    """My day's Program column: filled on every row, from the demo's own data."""
    worker = demo.sign_in("mrivera", DEMO_PASSWORD, "DEMO-PC").actor
    day = demo.services.caseloads.my_day(worker)
    assert day.cases
    assert all(row.program_name for row in day.cases)
    # The agency is named, so its releases carry who discloses them.
    supervisor = demo.sign_in("dlee", DEMO_PASSWORD, "DEMO-PC").actor
    releases = [
        consent
        for row in demo.services.clients.list_page(supervisor).rows
        for consent in demo.services.records.consents(supervisor, row.id)
        if consent.recipient
    ]
    assert releases and {c.discloser for c in releases} == {"Miami Valley Family Services"}
