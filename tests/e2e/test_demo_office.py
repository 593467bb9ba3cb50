"""The demo database: an office of every role, ready to sign in to."""

from __future__ import annotations

import pytest

import main
from demo.accounts import DEMO_PASSWORD, DEMO_STAFF
from demo.office import seed_demo_office
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
    for row in demo.services.clients.list_page(supervisor).rows:
        for case in demo.services.records.cases(supervisor, row.id):
            if case.status is CaseStatus.INTAKE and case.program_name:
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
