"""The small office (small_office.py) with its people signed in, on the embedded
file or on PostgreSQL (each person as their own login role, so row-level security
is in play). Used by the storage, report and GUI tests of the outcome reports."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection

import main
from domain.cases.programs import ProgramForm
from domain.common.policy import Role
from domain.staff.accounts import StaffForm
from domain.staff.session import FirstAdminForm, Session
from storage import postgres_setup
from storage.common.engine import create_database_engine
from tests.conftest import FAST_HASHING, TEST_PASSWORD, unique_role_name
from tests.storage.outcome_reports.small_office import People, SmallOffice, build


class EmbeddedOffice:
    def __init__(self, engine, clock):
        self.engine = engine
        self.auth = main.build_embedded(engine, clock=clock, hashing=FAST_HASHING)
        form = FirstAdminForm("admin", "Office Administrator", TEST_PASSWORD, TEST_PASSWORD)
        self.admin = self.auth.create_first_admin(form, "ADMIN-PC")

    def hire(self, role: Role, display_name: str) -> Session:
        username = unique_role_name(role.value[:2])
        self.admin.services.staff.create(
            self.admin.actor,
            StaffForm(username, display_name, role.value),
            TEST_PASSWORD,
            TEST_PASSWORD,
        )
        return self.auth.sign_in(username, TEST_PASSWORD, f"WS-{role.value}")

    @contextmanager
    def raw(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn


@contextmanager
def postgres_raw(office) -> Iterator[Connection]:
    """As the IT superuser, triggers off: rows keep the dates and names given."""
    engine = create_database_engine(
        postgres_setup.with_options(office.url, search_path=postgres_setup.SCHEMA)
    )
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            yield conn
    finally:
        engine.dispose()


@dataclass
class Scene:
    office: SmallOffice
    supervisor: Session
    ana: Session
    ben: Session
    admin: Session
    frontdesk: Session


def make_scene(office, raw) -> Scene:
    """Staff and programs through the app; then the rows, written by ``raw()``."""
    sam = office.hire(Role.SUPERVISOR, "Sam Supervisor")
    ana = office.hire(Role.CASEWORKER, "Ana Alvarez")
    ben = office.hire(Role.CASEWORKER, "Ben Brooks")
    desk = office.hire(Role.FRONTDESK, "Fran Desk")
    admin = office.admin
    programs = admin.services.programs
    housing = programs.create(admin.actor, ProgramForm("Housing help", "", "90")).id
    food = programs.create(admin.actor, ProgramForm("Food security", "", "90")).id
    people = People(sam.actor.staff_id, ana.actor.staff_id, ben.actor.staff_id, housing, food)
    with raw() as conn:
        built = build(conn, people)
    return Scene(built, sam, ana, ben, admin, desk)


def embedded_scene(engine, clock) -> Scene:
    office = EmbeddedOffice(engine, clock)
    return make_scene(office, office.raw)
