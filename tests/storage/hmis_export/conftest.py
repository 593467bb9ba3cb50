"""An office on each database, its first administrator signed in."""

from __future__ import annotations

import pytest

import main
from domain.common.policy import Role
from domain.staff.accounts import StaffForm
from domain.staff.session import FirstAdminForm, Session
from tests.conftest import FAST_HASHING, TEST_PASSWORD, unique_role_name
from tests.storage.hmis_export.hmis_office import HmisOffice, set_up


class EmbeddedOffice:
    def __init__(self, engine, clock):
        self.auth = main.build_embedded(engine, clock=clock, hashing=FAST_HASHING)
        form = FirstAdminForm("admin", "Office Administrator", TEST_PASSWORD, TEST_PASSWORD)
        self.admin = self.auth.create_first_admin(form, "ADMIN-PC")

    def hire(self, role: Role, display_name: str = "Test Person") -> Session:
        username = unique_role_name(role.value[:2])
        self.admin.services.staff.create(
            self.admin.actor,
            StaffForm(username, display_name, role.value),
            TEST_PASSWORD,
            TEST_PASSWORD,
        )
        return self.auth.sign_in(username, TEST_PASSWORD, f"WS-{role.value}")


@pytest.fixture
def office(backend, request, clock):
    if backend == "sqlite":
        return EmbeddedOffice(request.getfixturevalue("sqlite_engine"), clock)
    return request.getfixturevalue("postgres_office")


@pytest.fixture
def scene(office) -> HmisOffice:
    return set_up(office)
