"""The office the benchmarks' SQLite runs start from: a first administrator, a
supervisor (Dana Lee) and a caseworker (Jamie Chen), on an upgraded database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

import main
from domain.common.actor import Actor
from domain.common.policy import Role
from domain.services import Services
from domain.staff.accounts import StaffForm
from domain.staff.session import FirstAdminForm
from tests.conftest import FAST_HASHING, TEST_PASSWORD


@dataclass(frozen=True)
class EmbeddedOffice:
    services: Services
    admin: Actor
    supervisor: Actor
    caseworker: Actor


def embedded_office(engine: Engine, **build_options) -> EmbeddedOffice:
    """``build_options``: passed to ``main.build_embedded`` (a clock, say)."""
    auth = main.build_embedded(engine, hashing=FAST_HASHING, **build_options)
    form = FirstAdminForm("admin", "Bench Admin", TEST_PASSWORD, TEST_PASSWORD)
    admin = auth.create_first_admin(form, "BENCH").actor
    services = auth.services

    def hire(role: Role, username: str, name: str) -> Actor:
        member = services.staff.create(
            admin, StaffForm(username, name, role.value), TEST_PASSWORD, TEST_PASSWORD
        )
        return Actor(member.id, member.username, name, role, "BENCH")

    supervisor = hire(Role.SUPERVISOR, "dlee", "Dana Lee")
    caseworker = hire(Role.CASEWORKER, "jchen", "Jamie Chen")
    return EmbeddedOffice(services, admin, supervisor, caseworker)
