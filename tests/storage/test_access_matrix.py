"""Every service method, for every role, on both databases: allowed or PermissionDenied.

The table below is written once, by hand, from what domain/policy.py means (not
computed from it): an administrator runs the system and reads no client
records; a supervisor reaches every client and assigns cases; a caseworker
reaches only the clients of cases assigned to them; the front desk registers
and edits any client but assigns nothing. On SQLite the domain's Guard decides;
on PostgreSQL each person works as their own login role, so grants and
row-level security must agree with it, and refuse in the same words.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from dataclasses import dataclass

import pytest

import main
from domain.audit import AuditFilter
from domain.clients import ClientForm
from domain.errors import PermissionDenied
from domain.policy import Role
from domain.services import Services
from domain.session import FirstAdminForm, Session
from domain.staff import StaffForm
from tests.conftest import FAST_HASHING, TEST_PASSWORD, unique_role_name

ADMIN, SUPERVISOR, CASEWORKER, FRONTDESK = (
    Role.ADMIN,
    Role.SUPERVISOR,
    Role.CASEWORKER,
    Role.FRONTDESK,
)
EVERYONE = set(Role)
CLIENT_WORK = {SUPERVISOR, CASEWORKER, FRONTDESK}

# "own client" is on the acting caseworker's caseload; "another's client" is on
# another caseworker's. For the other roles both are simply clients.
EXPECTED: dict[str, set[Role]] = {
    "clients.register": CLIENT_WORK,
    "clients.open own client": CLIENT_WORK,
    "clients.open another's client": {SUPERVISOR, FRONTDESK},
    "clients.change own client": CLIENT_WORK,
    "clients.change another's client": {SUPERVISOR, FRONTDESK},
    "clients.list_page": CLIENT_WORK,
    "clients.search": CLIENT_WORK,
    "clients.possible_duplicates": CLIENT_WORK,
    "clients.reveal_ssn own client": {SUPERVISOR, CASEWORKER},
    "clients.reveal_ssn another's client": {SUPERVISOR},
    "households.members own client": CLIENT_WORK,
    "households.join own client": CLIENT_WORK,
    "households.leave own client": CLIENT_WORK,
    "merges.merge": {SUPERVISOR},
    "merges.undo": {SUPERVISOR},
    "merges.merges_of": {SUPERVISOR},
    "cases.open_case unassigned, for own client": CLIENT_WORK,
    "cases.open_case assigning a caseworker": {SUPERVISOR},
    "staff.list_staff": {ADMIN},
    "staff.create": {ADMIN},
    "staff.change": {ADMIN},
    "staff.set_active": {ADMIN},
    "staff.reset_password": {ADMIN},
    "staff.unlock": {ADMIN},
    "audit.query": {ADMIN, SUPERVISOR},
    "audit.export_csv": {ADMIN},
    "settings.read": EVERYONE,
    "settings.set_idle_lock_minutes": {ADMIN},
}


class SqliteOffice:
    """The embedded database: one set of services, CaseDesk checks the passwords."""

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
        return SqliteOffice(request.getfixturevalue("sqlite_engine"), clock)
    return request.getfixturevalue("postgres_office")


@dataclass
class Scene:
    """Who and what each call acts on."""

    admin: Session
    supervisor: Session
    own_client: int
    others_client: int
    target: int  # a staff account for the administrator's operations
    caseworker_id: int
    own_head: int  # another client on the caseworker's caseload
    to_merge: tuple[int, int]  # two records a supervisor may merge
    merge_id: int  # a merge already made, to undo

    def client_version(self, client_id: int) -> int:
        return self.supervisor.services.clients.open(self.supervisor.actor, client_id).version

    def staff_version(self, staff_id: int) -> int:
        staff = self.admin.services.staff.list_staff(self.admin.actor)
        return next(s.version for s in staff if s.id == staff_id)


def set_the_scene(office) -> tuple[Scene, dict[Role, Session]]:
    supervisor = office.hire(SUPERVISOR, "Sam Supervisor")
    worker, colleague = office.hire(CASEWORKER, "Maria"), office.hire(CASEWORKER, "Jamie")
    people = {
        ADMIN: office.admin,
        SUPERVISOR: supervisor,
        CASEWORKER: worker,
        FRONTDESK: office.hire(FRONTDESK, "Taylor"),
    }
    target = office.hire(FRONTDESK, "Target Person").actor.staff_id
    clients = []
    for owner, name in ((worker, "Own"), (colleague, "Other")):
        client = supervisor.services.clients.register(
            supervisor.actor, ClientForm(first_name=name, last_name="Client")
        )
        supervisor.services.cases.open_case(supervisor.actor, client.id, owner.actor.staff_id)
        clients.append(client.id)

    def client(name: str, assign_to: int | None = None) -> int:
        record = supervisor.services.clients.register(
            supervisor.actor, ClientForm(first_name=name, last_name="Person"), "test scene"
        )
        if assign_to is not None:
            supervisor.services.cases.open_case(supervisor.actor, record.id, assign_to)
        return record.id

    own_head = client("Head", worker.actor.staff_id)
    merged = supervisor.services.merges.merge(
        supervisor.actor, client("Mergeda"), client("Mergedb"), "set-up merge"
    )
    scene = Scene(
        office.admin,
        supervisor,
        *clients,
        target,
        worker.actor.staff_id,
        own_head,
        (client("Twina"), client("Twinb")),
        merged.id,
    )
    return scene, people


def calls(scene: Scene, me: Session) -> dict[str, Callable[[], object]]:
    s, a = me.services, me.actor
    target = scene.target

    def change_client(client_id: int, last_name: str):
        version = scene.client_version(client_id)
        form = ClientForm(first_name="Changed", last_name=last_name)
        return s.clients.change(a, client_id, version, form)

    password = "copper-harbor-violin-47"
    return {
        "clients.register": lambda: s.clients.register(
            a, ClientForm(first_name="New", last_name="Walk-In")
        ),
        "clients.open own client": lambda: s.clients.open(a, scene.own_client),
        "clients.open another's client": lambda: s.clients.open(a, scene.others_client),
        "clients.change own client": lambda: change_client(scene.own_client, "Mine"),
        "clients.change another's client": lambda: change_client(scene.others_client, "Theirs"),
        "clients.list_page": lambda: s.clients.list_page(a),
        "clients.search": lambda: s.clients.search(a, "client"),
        "clients.possible_duplicates": lambda: s.clients.possible_duplicates(
            a, ClientForm(first_name="Own", last_name="Client")
        ),
        "clients.reveal_ssn own client": lambda: s.clients.reveal_ssn(a, scene.own_client),
        "clients.reveal_ssn another's client": lambda: s.clients.reveal_ssn(a, scene.others_client),
        "households.members own client": lambda: s.households.members(a, scene.own_client),
        "households.join own client": lambda: s.households.join(
            a, scene.own_client, scene.own_head, 4
        ),
        "households.leave own client": lambda: s.households.leave(a, scene.own_client),
        "merges.merge": lambda: s.merges.merge(a, *scene.to_merge, "the same person"),
        "merges.undo": lambda: s.merges.undo(a, scene.merge_id),
        "merges.merges_of": lambda: s.merges.merges_of(a, scene.own_client),
        "cases.open_case unassigned, for own client": lambda: s.cases.open_case(
            a, scene.own_client
        ),
        "cases.open_case assigning a caseworker": lambda: s.cases.open_case(
            a, scene.own_client, scene.caseworker_id
        ),
        "staff.list_staff": lambda: s.staff.list_staff(a),
        "staff.create": lambda: s.staff.create(
            a, StaffForm(unique_role_name("nw"), "New Person", "caseworker"), password, password
        ),
        "staff.change": lambda: s.staff.change(
            a, target, scene.staff_version(target), "Renamed Person", "caseworker"
        ),
        "staff.set_active": lambda: s.staff.set_active(
            a, target, scene.staff_version(target), False
        ),
        "staff.reset_password": lambda: s.staff.reset_password(a, target, password, password),
        "staff.unlock": lambda: s.staff.unlock(a, target, scene.staff_version(target)),
        "audit.query": lambda: s.audit.query(a, AuditFilter()),
        "audit.export_csv": lambda: s.audit.export_csv(a, AuditFilter()),
        "settings.read": lambda: s.settings.read(a),
        "settings.set_idle_lock_minutes": lambda: s.settings.set_idle_lock_minutes(a, "20"),
    }


def service_methods() -> set[str]:
    names = set()
    for field in dataclasses.fields(Services):
        service = inspect.get_annotations(Services, eval_str=True)[field.name]
        for name, _ in inspect.getmembers(service, inspect.isfunction):
            if not name.startswith("_"):
                names.add(f"{field.name}.{name}")
    return names


def test_the_table_covers_every_service_method():
    covered = {key.split(" ")[0] for key in EXPECTED}
    assert covered == service_methods(), "add the new method to EXPECTED (and to calls())"


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_each_role_may_do_exactly_what_the_policy_intends(office, role):
    scene, people = set_the_scene(office)
    me = people[role]
    outcomes, results = {}, {}
    for name, call in calls(scene, me).items():
        try:
            results[name] = call()
            outcomes[name] = "allowed"
        except PermissionDenied:
            outcomes[name] = "refused"
    expected = {name: "allowed" if role in roles else "refused" for name, roles in EXPECTED.items()}
    assert outcomes == expected
    if role in CLIENT_WORK:
        seen = {row.id for row in results["clients.list_page"].rows}
        if role is CASEWORKER:
            assert seen == {scene.own_client, scene.own_head}  # the caseload, nothing else
        else:
            assert {scene.own_client, scene.others_client} <= seen
