"""Staff accounts, the audit trail and its export, through the services, on each real database."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.audit.events import AuditAction, AuditEvent, AuditFilter
from domain.audit.service import EXPORT_COLUMNS
from domain.clients.record import ClientForm
from domain.common.errors import (
    ConflictError,
    PermissionDenied,
    SessionEnded,
    SignInFailed,
    ValidationError,
)
from domain.common.policy import Role
from domain.staff.accounts import StaffForm
from domain.staff.throttle import FAILURES_BEFORE_LOCKOUT
from storage.audit.log import SqlAuditLog
from tests.conftest import TEST_PASSWORD

OTHER_PASSWORD = "copper-harbor-violin-47"


def staff_named(services, admin, username):
    return next(s for s in services.staff.list_staff(admin) if s.username == username)


def actions(entries) -> list[str]:
    return [entry.action for entry in entries]


def lock_out(auth, username: str) -> None:
    for _ in range(FAILURES_BEFORE_LOCKOUT):
        with pytest.raises(SignInFailed):
            auth.sign_in(username, "not-the-password", "WS-09")


# --- staff accounts ---------------------------------------------------------------


def test_a_new_account_signs_in_with_its_temporary_password_and_must_change_it(
    services, admin, auth
):
    created = services.staff.create(
        admin, StaffForm(" MRivera ", "Maria Rivera", "frontdesk"), TEST_PASSWORD, TEST_PASSWORD
    )

    assert (created.username, created.display_name, created.role) == (
        "mrivera",
        "Maria Rivera",
        Role.FRONTDESK,
    )
    assert created.active and created.must_change_password
    session = auth.sign_in("mrivera", TEST_PASSWORD, "FRONTDESK-01")
    assert session.must_change_password
    assert session.actor.role is Role.FRONTDESK


def test_a_username_is_taken_only_once(services, admin, make_staff):
    make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")

    with pytest.raises(ValidationError) as raised:
        services.staff.create(
            admin, StaffForm("JChen", "Jordan Chen", "caseworker"), TEST_PASSWORD, TEST_PASSWORD
        )
    assert raised.value.errors == {"username": "This username is taken."}
    assert [s.display_name for s in services.staff.list_staff(admin)].count("Jordan Chen") == 0


def test_every_field_problem_is_reported_at_once(services, admin):
    with pytest.raises(ValidationError) as raised:
        services.staff.create(admin, StaffForm("x", "", "janitor"), "short", "different")

    errors = raised.value.errors
    assert set(errors) == {"username", "display_name", "role", "new_password", "confirmation"}
    assert errors["display_name"] == "Required."
    assert errors["role"] == "Choose one of the roles."
    assert "12 characters" in errors["new_password"]
    assert errors["confirmation"] == "The two passwords do not match."
    assert len(services.staff.list_staff(admin)) == 1  # only the administrator


def test_a_taken_username_is_reported_with_the_other_problems(services, admin):
    with pytest.raises(ValidationError) as raised:
        services.staff.create(admin, StaffForm("Admin", "", "frontdesk"), TEST_PASSWORD, "")

    assert raised.value.errors == {
        "username": "This username is taken.",
        "display_name": "Required.",
        "confirmation": "The two passwords do not match.",
    }


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("short-pass", "at least 12 characters"),
        ("password1234", "most common passwords"),
        ("aaaaaaaaaaaaaaaa", "Add another word"),
        ("mrivera-at-work-2026", "your name, username"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(services, admin, password, expected):
    with pytest.raises(ValidationError) as raised:
        services.staff.create(
            admin, StaffForm("mrivera", "Maria Rivera", "frontdesk"), password, password
        )
    assert expected in raised.value.errors["new_password"]
    assert "confirmation" not in raised.value.errors


def test_changing_name_and_role_takes_effect_at_the_next_action(services, admin, make_staff):
    worker = make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    before = staff_named(services, admin, "jchen")

    after = services.staff.change(
        admin, before.id, before.version, "Jamie Chen-Ortiz", "supervisor"
    )

    assert (after.display_name, after.role, after.version) == (
        "Jamie Chen-Ortiz",
        Role.SUPERVISOR,
        before.version + 1,
    )
    # The person still holds an Actor saying "caseworker"; the service reads the account.
    client = services.clients.register(worker, ClientForm(first_name="Ana", last_name="Diaz"))
    services.clients.open(worker, client.id)  # a caseworker could not: not on their caseload
    changed = services.audit.query(admin, AuditFilter(action=AuditAction.STAFF_CHANGED))
    assert changed[0].detail == "display_name,role;role=supervisor"


def test_saving_an_unchanged_account_changes_and_records_nothing(services, admin, make_staff):
    make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    before = staff_named(services, admin, "jchen")

    again = services.staff.change(admin, before.id, before.version, "Jamie Chen", "caseworker")

    assert again == before
    assert services.audit.query(admin, AuditFilter(action=AuditAction.STAFF_CHANGED)) == []


def test_a_stale_change_is_a_conflict(services, admin, make_staff):
    make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    stale = staff_named(services, admin, "jchen")
    services.staff.change(admin, stale.id, stale.version, "Jamie Chen-Ortiz", "caseworker")

    with pytest.raises(ConflictError, match="admin"):
        services.staff.change(admin, stale.id, stale.version, "Jamie Chen", "supervisor")
    assert staff_named(services, admin, "jchen").role is Role.CASEWORKER


def test_the_last_active_administrator_cannot_step_down(services, admin, make_staff):
    make_staff(Role.ADMIN, "deputy", "Deputy Admin")
    deputy = staff_named(services, admin, "deputy")
    services.staff.set_active(admin, deputy.id, deputy.version, False)
    me = staff_named(services, admin, "admin")

    # An inactive administrator does not count.
    with pytest.raises(ValidationError) as raised:
        services.staff.change(admin, me.id, me.version, me.display_name, "supervisor")
    assert raised.value.errors == {
        "role": "You cannot change the role of the last active administrator."
    }
    assert staff_named(services, admin, "admin").role is Role.ADMIN

    deputy = staff_named(services, admin, "deputy")
    services.staff.set_active(admin, deputy.id, deputy.version, True)
    demoted = services.staff.change(admin, me.id, me.version, me.display_name, "supervisor")
    assert demoted.role is Role.SUPERVISOR
    with pytest.raises(PermissionDenied):
        services.staff.list_staff(admin)  # the new role applies at the next action


def test_the_last_active_administrator_cannot_be_deactivated(services, admin, auth):
    me = staff_named(services, admin, "admin")

    with pytest.raises(ValidationError) as raised:
        services.staff.set_active(admin, me.id, me.version, False)

    assert raised.value.errors == {"active": "You cannot deactivate your own account."}
    assert staff_named(services, admin, "admin").active
    auth.sign_in("admin", TEST_PASSWORD, "ADMIN-PC")


def test_nobody_can_deactivate_their_own_account(services, admin, make_staff):
    deputy = make_staff(Role.ADMIN, "deputy", "Deputy Admin")
    own = staff_named(services, admin, "deputy")

    with pytest.raises(ValidationError) as raised:
        services.staff.set_active(deputy, own.id, own.version, False)

    assert raised.value.errors == {"active": "You cannot deactivate your own account."}
    assert staff_named(services, admin, "deputy").active


def test_a_deactivated_persons_next_action_ends_their_session(services, admin, make_staff, auth):
    worker = make_staff(Role.FRONTDESK, "mrivera", "Maria Rivera")
    services.clients.list_page(worker)
    account = staff_named(services, admin, "mrivera")

    services.staff.set_active(admin, account.id, account.version, False)

    with pytest.raises(SessionEnded):
        services.clients.list_page(worker)
    with pytest.raises(SessionEnded):
        services.settings.read(worker)
    with pytest.raises(SignInFailed):
        auth.sign_in("mrivera", TEST_PASSWORD, "FRONTDESK-01")
    deactivated = services.audit.query(admin, AuditFilter(action=AuditAction.STAFF_DEACTIVATED))
    assert [(e.actor, e.entity_id) for e in deactivated] == [("admin", account.id)]

    account = staff_named(services, admin, "mrivera")
    services.staff.set_active(admin, account.id, account.version, True)
    services.clients.list_page(worker)
    auth.sign_in("mrivera", TEST_PASSWORD, "FRONTDESK-01")


def test_a_password_reset_sets_a_temporary_password_and_unlocks(
    services, admin, make_staff, auth, clock
):
    worker = make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    auth.change_password(worker, TEST_PASSWORD, OTHER_PASSWORD, OTHER_PASSWORD)
    assert not staff_named(services, admin, "jchen").must_change_password
    lock_out(auth, "jchen")
    assert staff_named(services, admin, "jchen").is_locked(clock.now)

    reset = services.staff.reset_password(admin, worker.staff_id, TEST_PASSWORD, TEST_PASSWORD)

    assert reset.must_change_password
    assert not reset.is_locked(clock.now)
    assert (reset.failed_logins, reset.lockouts, reset.locked_until) == (0, 0, None)
    with pytest.raises(SignInFailed):
        auth.sign_in("jchen", OTHER_PASSWORD, "WS-09")
    assert auth.sign_in("jchen", TEST_PASSWORD, "WS-09").must_change_password
    assert actions(
        services.audit.query(admin, AuditFilter(action=AuditAction.STAFF_PASSWORD_RESET))
    ) == [AuditAction.STAFF_PASSWORD_RESET]


def test_a_reset_password_follows_the_password_rules(services, admin, make_staff):
    make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    account = staff_named(services, admin, "jchen")

    with pytest.raises(ValidationError) as raised:
        services.staff.reset_password(admin, account.id, "jamiechen2026!", "jamiechen2026?")

    assert "your name, username" in raised.value.errors["new_password"]
    assert raised.value.errors["confirmation"] == "The two passwords do not match."


def test_an_administrator_unlocks_a_locked_out_account(services, admin, make_staff, auth, clock):
    make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
    lock_out(auth, "jchen")
    with pytest.raises(SignInFailed):
        auth.sign_in("jchen", TEST_PASSWORD, "WS-09")  # even the right password, while locked
    locked = staff_named(services, admin, "jchen")
    assert locked.locked_until == clock.now + timedelta(minutes=15)

    unlocked = services.staff.unlock(admin, locked.id, locked.version)

    assert not unlocked.is_locked(clock.now)
    assert auth.sign_in("jchen", TEST_PASSWORD, "WS-09").actor.username == "jchen"
    trail = actions(services.audit.query(admin, AuditFilter(actor="jchen")))
    assert AuditAction.ACCOUNT_LOCKED in trail
    unlocks = services.audit.query(admin, AuditFilter(action=AuditAction.STAFF_UNLOCKED))
    assert [(e.actor, e.entity_type, e.entity_id) for e in unlocks] == [
        ("admin", "staff", locked.id)
    ]


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.CASEWORKER, Role.FRONTDESK])
def test_only_administrators_manage_staff_and_export_the_trail(services, admin, make_staff, role):
    person = make_staff(role, "someone", "Some One")
    account = staff_named(services, admin, "someone")

    refused = [
        lambda: services.staff.list_staff(person),
        lambda: services.staff.create(
            person, StaffForm("newbie", "New Person", "admin"), TEST_PASSWORD, TEST_PASSWORD
        ),
        lambda: services.staff.change(person, account.id, account.version, "Some One", "admin"),
        lambda: services.staff.set_active(person, admin.staff_id, 1, False),
        lambda: services.staff.reset_password(
            person, admin.staff_id, OTHER_PASSWORD, OTHER_PASSWORD
        ),
        lambda: services.staff.unlock(person, admin.staff_id, 1),
        lambda: services.audit.export_csv(person, AuditFilter()),
        lambda: services.settings.set_idle_lock_minutes(person, "5"),
    ]
    for attempt in refused:
        with pytest.raises(PermissionDenied):
            attempt()

    assert staff_named(services, admin, "someone").role is role
    assert [s.username for s in services.staff.list_staff(admin)].count("newbie") == 0
    refusals = services.audit.query(admin, AuditFilter(action=AuditAction.ACCESS_REFUSED))
    assert len(refusals) == len(refused)
    assert {e.actor for e in refusals} == {"someone"}
    if role is Role.SUPERVISOR:
        services.audit.query(person, AuditFilter())  # supervisors read the trail
    else:
        with pytest.raises(PermissionDenied):
            services.audit.query(person, AuditFilter())


# --- settings ------------------------------------------------------------------------


def test_the_idle_lock_is_changed_read_back_and_audited(services, admin, make_staff):
    worker = make_staff(Role.CASEWORKER)
    assert services.settings.read(worker).idle_lock_minutes == 15

    services.settings.set_idle_lock_minutes(admin, " 30 ")

    assert services.settings.read(worker).idle_lock_minutes == 30
    with pytest.raises(ValidationError) as raised:
        services.settings.set_idle_lock_minutes(admin, "0")
    assert raised.value.errors == {
        "idle_lock_minutes": "Enter a whole number of minutes from 1 to 240."
    }
    changes = services.audit.query(admin, AuditFilter(action=AuditAction.SETTINGS_CHANGED))
    assert [e.detail for e in changes] == ["idle_lock_minutes=30"]


# --- the audit trail ---------------------------------------------------------------


@pytest.fixture
def office_day(services, admin, make_staff, clock):
    """A front-desk worker and a supervisor register and open clients over two days."""
    start = clock.now
    desk = make_staff(Role.FRONTDESK, "mrivera", "Maria Rivera", "FRONTDESK-01")
    boss = make_staff(Role.SUPERVISOR, "jchen", "Jamie Chen", "SUPER-02")
    clock.now = start.replace(hour=23, minute=59, second=59)
    ana = services.clients.register(desk, ClientForm(first_name="Ana", last_name="Diaz"))
    clock.now = start.replace(hour=23, minute=59, second=59) + timedelta(seconds=1)  # next day
    bo = services.clients.register(boss, ClientForm(first_name="Bo", last_name="Chen"))
    clock.now = start + timedelta(days=1, hours=2)
    services.clients.open(boss, ana.id)
    services.clients.open(desk, bo.id)
    return ana, bo, start.date()


def test_the_trail_is_newest_first_and_pages_without_overlap(services, admin, office_day):
    everything = services.audit.query(admin, AuditFilter())

    times = [(e.occurred_at, e.id) for e in everything]
    assert times == sorted(times, reverse=True)
    first = services.audit.query(admin, AuditFilter(), offset=0, limit=3)
    rest = services.audit.query(admin, AuditFilter(), offset=3, limit=100)
    assert first + rest == everything


def test_the_trail_filters_by_person_action_and_client(services, admin, office_day):
    ana, bo, _day = office_day

    by_desk = services.audit.query(admin, AuditFilter(actor="mrivera"))
    assert {e.actor for e in by_desk} == {"mrivera"}
    assert actions(by_desk) == [AuditAction.CLIENT_VIEWED, AuditAction.CLIENT_CREATED]
    assert by_desk[0].workstation == "FRONTDESK-01"

    views = services.audit.query(admin, AuditFilter(action=AuditAction.CLIENT_VIEWED))
    assert [(e.actor, e.entity_id) for e in views] == [("mrivera", bo.id), ("jchen", ana.id)]

    about_ana = services.audit.query(admin, AuditFilter(entity_type="client", entity_id=ana.id))
    assert [(e.action, e.actor) for e in about_ana] == [
        (AuditAction.CLIENT_VIEWED, "jchen"),
        (AuditAction.CLIENT_CREATED, "mrivera"),
    ]

    both = AuditFilter(actor="jchen", action=AuditAction.CLIENT_CREATED)
    assert [e.entity_id for e in services.audit.query(admin, both)] == [bo.id]


def test_the_date_range_includes_whole_days(services, admin, office_day):
    ana, bo, day = office_day
    next_day = day + timedelta(days=1)

    first_day = services.audit.query(
        admin, AuditFilter(action=AuditAction.CLIENT_CREATED, since=day, until=day)
    )
    assert [e.entity_id for e in first_day] == [ana.id]  # 23:59:59 is still that day
    second_day = services.audit.query(
        admin, AuditFilter(action=AuditAction.CLIENT_CREATED, since=next_day)
    )
    assert [e.entity_id for e in second_day] == [bo.id]  # midnight starts the next
    up_to_first = services.audit.query(admin, AuditFilter(until=day))
    assert all(e.occurred_at.date() == day for e in up_to_first)
    assert AuditAction.SIGN_IN in actions(up_to_first)


def test_date_filters_are_days_where_the_reader_is(services, admin, actor, clock):
    from zoneinfo import ZoneInfo

    new_york = ZoneInfo("America/New_York")
    # 20:30 on 2026-11-23 in New York is 01:30 UTC on the 24th.
    clock.now = datetime(2026, 11, 23, 20, 30, tzinfo=new_york).astimezone(UTC)
    evening = services.clients.register(actor, ClientForm(first_name="Eve", last_name="Ning"))
    that_day = AuditFilter(
        action=AuditAction.CLIENT_CREATED,
        since=date(2026, 11, 23),
        until=date(2026, 11, 23),
        zone=new_york,
    )
    assert [e.entity_id for e in services.audit.query(admin, that_day)] == [evening.id]
    in_utc = AuditFilter(
        action=AuditAction.CLIENT_CREATED, since=date(2026, 11, 24), until=date(2026, 11, 24)
    )
    assert [e.entity_id for e in services.audit.query(admin, in_utc)] == [evening.id]


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_export_has_a_header_and_every_matching_row(services, admin, office_day):
    ana, _bo, _day = office_day
    where = AuditFilter(entity_type="client", entity_id=ana.id)
    shown = services.audit.query(admin, where)

    text = services.audit.export_csv(admin, where)

    assert text.endswith("\r\n")
    header, *rows = read_csv(text)
    assert tuple(header) == EXPORT_COLUMNS
    assert [int(row[0]) for row in rows] == [e.id for e in shown]
    newest = dict(zip(header, rows[0], strict=True))
    assert newest["occurred_at_utc"] == shown[0].occurred_at.isoformat(timespec="seconds")
    assert newest["occurred_at_utc"].endswith("+00:00")
    assert (newest["actor"], newest["workstation"], newest["action"]) == (
        "jchen",
        "SUPER-02",
        "client.viewed",
    )
    assert (newest["entity_type"], newest["entity_id"]) == ("client", str(ana.id))


def test_the_export_is_itself_audited(services, admin, office_day):
    where = AuditFilter(actor="mrivera")
    rows = len(services.audit.query(admin, where))

    services.audit.export_csv(admin, where)

    exported = services.audit.query(admin, AuditFilter(action=AuditAction.AUDIT_EXPORTED))
    assert [(e.actor, e.workstation, e.entity_type) for e in exported] == [
        ("admin", "ADMIN-PC", "audit")
    ]
    assert exported[0].detail == f"{rows} rows;actor=mrivera"


def test_the_export_neutralises_cells_a_spreadsheet_would_run(
    services, admin, make_staff, engine, clock
):
    sly = make_staff(Role.FRONTDESK, "sly", "Sly Person", workstation="=1+2")
    services.clients.register(sly, ClientForm(first_name="Ana", last_name="Diaz"))
    with engine.begin() as connection:
        SqlAuditLog(connection).record(
            AuditEvent(
                occurred_at=clock.now,
                actor="@sly",
                workstation="WS-01",
                action=AuditAction.CLIENT_CHANGED,
                entity_type="client",
                entity_id=1,
                detail='=HYPERLINK("http://evil.example","click")',
            )
        )

    _header, *rows = read_csv(services.audit.export_csv(admin, AuditFilter()))

    details = [row[7] for row in rows]
    assert '\'=HYPERLINK("http://evil.example","click")' in details
    assert "'@sly" in [row[2] for row in rows]
    assert "'=1+2" in [row[3] for row in rows]
    assert not any(cell[:1] in ("=", "+", "-", "@") for row in rows for cell in row[2:4] + row[7:])
