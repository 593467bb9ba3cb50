"""The shared server enforces the access policy itself: a workstation's credentials
opened in psql reveal nothing more than the app would show.

The test server trusts every local connection, so PostgreSQL never checks a
password here. A refused login is produced instead with NOLOGIN (which the
server checks whatever the authentication method) or an unknown role; both take
the same path as a wrong password: the connection is refused, and the app
reports it through the sign-in gate. SCRAM itself is tested in test_scram.py.
"""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from psycopg import errors

from domain.clients.record import ClientForm
from domain.common.errors import DatabaseUnavailable, PermissionDenied, SessionEnded, SignInFailed
from domain.common.policy import Role
from domain.staff import throttle
from storage.common.engine import create_database_engine
from storage.postgres_setup import SCHEMA, with_options
from storage.schema import upgrade
from storage.staff import scram
from storage.staff.postgres_sign_in import PRIVILEGED_ROLE, PostgresAuthenticator
from tests.conftest import TEST_PASSWORD, prepare_like_db_init, unique_role_name

pytestmark = pytest.mark.postgres


@pytest.fixture
def caseloads(postgres_office):
    """Two caseworkers, each with one client, one case and one note of their own."""
    office = postgres_office
    supervisor = office.hire(Role.SUPERVISOR, "Sam Supervisor")
    mine, theirs = office.hire(Role.CASEWORKER, "Maria"), office.hire(Role.CASEWORKER, "Jamie")
    clients = {}
    with office.superuser() as su:
        for worker, name in ((mine, "Mine"), (theirs, "Theirs")):
            client = supervisor.services.clients.register(
                supervisor.actor, ClientForm(first_name=name, last_name="Client")
            )
            case_id = supervisor.services.cases.open_case(
                supervisor.actor, client.id, assign_to=worker.actor.staff_id
            )
            su.execute(
                "INSERT INTO case_notes (case_id, author_staff_id, contact_on, narrative, "
                "created_at, updated_at) VALUES (%s, %s, current_date, %s, now(), now())",
                (case_id, worker.actor.staff_id, f"Home visit with {name}"),
            )
            clients[name] = client.id
    return office, mine, theirs, clients


def rows(conn: psycopg.Connection, sql: str, *params) -> list[tuple]:
    return conn.execute(sql, params).fetchall()


def test_a_caseworker_in_psql_sees_only_their_own_caseload(caseloads):
    office, mine, _theirs, clients = caseloads
    with office.superuser() as su:
        [(their_case,)] = rows(su, "SELECT id FROM cases WHERE client_id = %s", clients["Theirs"])
    with office.connect_as(mine.actor.username) as psql:
        assert rows(psql, "SELECT first_name FROM clients") == [("Mine",)]
        assert rows(psql, "SELECT count(*) FROM clients WHERE id = %s", clients["Theirs"]) == [(0,)]
        assert rows(psql, "SELECT narrative FROM case_notes") == [("Home visit with Mine",)]
        assert rows(psql, "SELECT assigned_staff_id FROM cases") == [(mine.actor.staff_id,)]
        # Writing past the caseload changes nothing.
        changed = psql.execute(
            "UPDATE clients SET first_name = 'X' WHERE id = %s", (clients["Theirs"],)
        )
        assert changed.rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege):  # a note on someone else's case
            psql.execute(
                "INSERT INTO case_notes (case_id, author_staff_id, contact_on, narrative, "
                "created_at, updated_at) VALUES (%s, %s, current_date, 'x', now(), now())",
                (their_case, mine.actor.staff_id),
            )
        # Other people's staff rows are hidden too; their own is there, without a hash.
        assert rows(psql, "SELECT username FROM staff") == [(mine.actor.username,)]
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute("SELECT password_hash FROM staff")


def test_the_app_gives_a_caseworker_the_same_view(caseloads):
    office, mine, _theirs, clients = caseloads
    page = mine.services.clients.list_page(mine.actor)
    assert [row.first_name for row in page.rows] == ["Mine"] and page.total == 1
    with pytest.raises(PermissionDenied, match="not on your caseload"):
        mine.services.clients.open(mine.actor, clients["Theirs"])
    with office.superuser() as su:
        refused = rows(
            su,
            "SELECT detail FROM audit_events WHERE action = 'access.refused' AND actor = %s",
            mine.actor.username,
        )
    assert refused == [("client.any",)]


def test_the_front_desk_reads_no_notes_and_the_administrator_no_clients(caseloads):
    office, *_ = caseloads
    front_desk = office.hire(Role.FRONTDESK)
    with office.connect_as(front_desk.actor.username) as psql:
        assert rows(psql, "SELECT count(*) FROM clients") == [(2,)]
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute("SELECT narrative FROM case_notes")
    with office.connect_as(office.admin.actor.username) as psql:
        for table in ("clients", "cases", "case_notes"):
            with pytest.raises(errors.InsufficientPrivilege):
                psql.execute(f"SELECT * FROM {table}")


def test_staff_rows_and_roles_cannot_be_changed_or_created_from_psql(caseloads):
    office, mine, theirs, _clients = caseloads
    me = mine.actor.username
    verifier = scram.verifier("another-long-pass-phrase-82")
    with office.connect_as(me) as psql:
        for sql in (
            f"UPDATE staff SET role = 'admin' WHERE username = '{me}'",
            "CREATE ROLE sneaky LOGIN",
            f"GRANT casedesk_admin TO {me}",
            f"ALTER ROLE {me} CREATEROLE",
            "SET ROLE casedesk_owner",
            f"SELECT casedesk.create_login('sneaky', '{verifier}')",
            f"SELECT casedesk.set_login_role('{me}', 'admin')",
            f"SELECT casedesk.set_login_password('{theirs.actor.username}', '{verifier}')",
        ):
            with pytest.raises(psycopg.Error):
                psql.execute(sql)
    admin = office.admin.actor.username
    with office.connect_as(admin) as psql:
        # A staff row cannot claim a role its login role lacks: refused at commit.
        with pytest.raises(errors.IntegrityConstraintViolation), psql.transaction():
            psql.execute(f"UPDATE staff SET role = 'supervisor' WHERE username = '{me}'")
        # The functions take verifiers only, and only for CaseDesk's own staff logins.
        with pytest.raises(errors.InvalidParameterValue):
            psql.execute(f"SELECT casedesk.set_login_password('{me}', 'plain-text-password')")
        with pytest.raises(psycopg.Error, match="no staff account"):
            psql.execute(f"SELECT casedesk.set_login_password('postgres', '{verifier}')")
        with pytest.raises(errors.InsufficientPrivilege):
            psql.execute("CREATE ROLE sneaky LOGIN")
    assert mine.services.settings.read(mine.actor)  # still a caseworker, still working


@pytest.mark.parametrize("who", ["caseworker", "administrator", "schema owner"])
def test_nobody_updates_deletes_or_truncates_the_audit_trail(caseloads, who):
    office, mine, *_ = caseloads
    if who == "schema owner":
        conn = office.superuser()
        conn.execute("SET ROLE casedesk_owner")
    else:
        username = mine.actor.username if who == "caseworker" else office.admin.actor.username
        conn = office.connect_as(username)
    with conn:
        for sql in (
            "UPDATE audit_events SET detail = 'tidied'",
            "DELETE FROM audit_events",
            "TRUNCATE audit_events",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(sql)
    with office.superuser() as su:
        assert rows(su, "SELECT count(*) FROM audit_events WHERE detail = 'tidied'") == [(0,)]
        assert rows(su, "SELECT count(*) > 0 FROM audit_events") == [(True,)]


def test_audit_rows_are_written_as_the_person_signed_in_at_the_servers_time(caseloads):
    office, mine, _theirs, clients = caseloads
    with office.connect_as(mine.actor.username) as psql:
        # Another's name is replaced by the person signed in (0016).
        psql.execute(
            "INSERT INTO audit_events (actor, workstation, action, entity_type, detail) "
            "VALUES ('someone.else', 'WS', 'client.viewed', 'client', '')"
        )
        psql.execute(
            "INSERT INTO audit_events (occurred_at, actor, workstation, action, entity_type, "
            "detail) VALUES ('2001-01-01', %s, 'WS', 'client.viewed', 'client', '')",
            (mine.actor.username,),
        )
        psql.execute("UPDATE clients SET phone = '555-201-3344' WHERE id = %s", (clients["Mine"],))
    with office.superuser() as su:
        viewed = rows(
            su,
            "SELECT occurred_at > now() - interval '1 hour' FROM audit_events "
            "WHERE actor = %s AND action = 'client.viewed'",
            mine.actor.username,
        )
        changed = rows(
            su,
            "SELECT actor, entity_type, entity_id, detail FROM audit_events "
            "WHERE action = 'row.updated' AND entity_type = 'table:clients'",
        )
    assert viewed == [(True,), (True,)]  # not 2001, and not someone.else's
    assert changed == [
        (mine.actor.username, "table:clients", clients["Mine"], "phone,updated_at,updated_by")
    ]


def superuser_made_role(office, *attributes: str, groups: str = "casedesk_staff") -> str:
    name = unique_role_name("odd")
    with office.superuser() as su:
        su.execute(f"CREATE ROLE {name} LOGIN {' '.join(attributes)} IN ROLE {groups}")
        su.execute(
            "INSERT INTO staff (username, display_name, role, created_at, created_by, "
            "updated_at, updated_by) VALUES (%s, 'Odd One', 'supervisor', now(), 'x', now(), 'x')",
            (name,),
        )
    return name


@pytest.mark.parametrize(
    "kind",
    [
        "superuser",
        "member of the schema owner",
        "bypasses row-level security",
        "may SET ROLE to a role that bypasses row-level security",
    ],
)
def test_the_app_refuses_to_run_as_a_privileged_role(postgres_office, kind):
    office = postgres_office
    groups = "casedesk_staff, casedesk_supervisor"
    if kind == "superuser":
        username = office.url.username  # the test server's superuser
    elif kind == "member of the schema owner":
        username = superuser_made_role(office, groups=f"{groups}, casedesk_owner")
    elif kind == "bypasses row-level security":
        username = superuser_made_role(office, "BYPASSRLS", groups=groups)
    else:
        mighty = unique_role_name("rls")
        with office.superuser() as su:
            su.execute(f"CREATE ROLE {mighty} NOLOGIN BYPASSRLS")
        username = superuser_made_role(office, groups=f"{groups}, {mighty}")
    with pytest.raises(PermissionDenied) as refused:
        office.auth.sign_in(username, "whatever", "WS-01")
    assert str(refused.value) == PRIVILEGED_ROLE


def test_deactivating_ends_the_persons_sessions_at_once(postgres_office):
    office = postgres_office
    worker = office.hire(Role.CASEWORKER)
    username = worker.actor.username
    psql = office.connect_as(username)
    assert worker.services.settings.read(worker.actor)  # the app session has a connection

    staff = next(
        s
        for s in office.admin.services.staff.list_staff(office.admin.actor)
        if s.username == username
    )
    office.admin.services.staff.set_active(office.admin.actor, staff.id, staff.version, False)

    with pytest.raises(psycopg.OperationalError):  # psql's connection was ended
        psql.execute("SELECT 1")
    psql.close()
    with pytest.raises(SessionEnded):
        worker.services.settings.read(worker.actor)
    with pytest.raises(SignInFailed):
        office.auth.sign_in(username, TEST_PASSWORD, "WS-01")
    with office.superuser() as su:
        assert rows(su, "SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", username) == [
            (False,)
        ]
        assert rows(
            su,
            "SELECT detail FROM audit_events WHERE actor = %s AND action = 'sign_in.failed'",
            username,
        ) == [("inactive;from 127.0.0.1",)]


def test_failed_sign_ins_lock_the_account_and_are_audited(postgres_office):
    office = postgres_office
    worker = office.hire(Role.CASEWORKER)
    username = worker.actor.username
    with office.superuser() as su:
        # Stands in for a wrong password: the server refuses the login.
        su.execute(f"ALTER ROLE {username} NOLOGIN")
        for _ in range(throttle.FAILURES_BEFORE_LOCKOUT):
            with pytest.raises(SignInFailed):
                office.auth.sign_in(username, "not-the-password", "WS-09")
        su.execute(f"ALTER ROLE {username} LOGIN")
        locked_for = rows(
            su, "SELECT locked_until - now() FROM staff WHERE username = %s", username
        )[0][0]
        trail = rows(
            su,
            "SELECT action, detail FROM audit_events WHERE actor = %s "
            "AND action IN ('sign_in.failed', 'account.locked') ORDER BY id",
            username,
        )
    assert throttle.FIRST_LOCKOUT - timedelta(minutes=1) < locked_for
    assert locked_for <= throttle.FIRST_LOCKOUT
    assert trail[:-1] == [("sign_in.failed", "password refused;from 127.0.0.1")] * 5
    assert trail[-1][0] == "account.locked"

    # Locked: even the right password is refused, with the same message.
    with pytest.raises(SignInFailed):
        office.auth.sign_in(username, TEST_PASSWORD, "WS-09")
    staff = next(
        s
        for s in office.admin.services.staff.list_staff(office.admin.actor)
        if s.username == username
    )
    office.admin.services.staff.unlock(office.admin.actor, staff.id, staff.version)
    assert office.auth.sign_in(username, TEST_PASSWORD, "WS-09").actor.username == username


def test_an_unknown_username_fails_like_a_wrong_password_and_is_not_recorded(postgres_office):
    office = postgres_office
    with pytest.raises(SignInFailed) as unknown:
        office.auth.sign_in("my-password-typed-here", "x", "WS-09")
    assert str(unknown.value) == str(SignInFailed())
    with office.superuser() as su:
        assert rows(
            su,
            "SELECT actor, detail FROM audit_events WHERE action = 'sign_in.failed'",
        ) == [("(unknown)", "unknown;from 127.0.0.1")]


def test_passwords_reach_the_server_only_as_scram_verifiers(postgres_office):
    office = postgres_office
    worker = office.hire(Role.FRONTDESK)
    new = "copper-harbor-violin-47"
    office.auth.change_password(worker.actor, TEST_PASSWORD, new, new)
    with office.superuser() as su:
        stored, must_change = rows(
            su,
            "SELECT rolpassword, must_change_password FROM pg_authid "
            "JOIN staff ON username = rolname WHERE rolname = %s",
            worker.actor.username,
        )[0]
    assert stored.startswith("SCRAM-SHA-256$4096:") and scram.matches(stored, new)
    assert not must_change
    # The session carries on with the new password, and it signs in.
    assert worker.services.settings.read(worker.actor)
    assert office.auth.sign_in(worker.actor.username, new, "WS-02")


def test_an_older_schema_sends_people_to_their_administrator(postgres_office):
    office = postgres_office
    with office.superuser() as su:
        su.execute("UPDATE alembic_version SET version_num = '0002'")
    with pytest.raises(DatabaseUnavailable, match="db upgrade"):
        office.auth.sign_in(office.admin.actor.username, TEST_PASSWORD, "WS-01")


def test_an_unreachable_server_is_unavailable_not_a_failed_sign_in():
    auth = PostgresAuthenticator("postgresql://127.0.0.1:9/casedesk")
    with pytest.raises(DatabaseUnavailable):
        auth.sign_in("mrivera", TEST_PASSWORD, "WS-01")
    auth.close()


@pytest.mark.parametrize(
    "revision",
    # 0017 redefines report_failed_sign_in, with its own copy of the rule.
    ["0003_postgres_security", "0017_lockouts_in_postgres"],
)
def test_the_servers_lock_out_rule_is_the_domains(revision):
    from importlib import import_module

    migration = import_module(f"storage.migrations.versions.{revision}")

    def interval(text: str) -> timedelta:  # "15 minutes", "1 day"
        amount, unit = text.split()
        return timedelta(**{unit.rstrip("s") + "s": int(amount)})

    assert migration.FAILURES_BEFORE_LOCKOUT == throttle.FAILURES_BEFORE_LOCKOUT
    assert interval(migration.FIRST_LOCKOUT) == throttle.FIRST_LOCKOUT
    assert interval(migration.LONGEST_LOCKOUT) == throttle.LONGEST_LOCKOUT


def test_the_security_migration_runs_only_as_the_schema_owner(postgres_server, postgres_scratch):
    """Its SECURITY DEFINER functions must never belong to a superuser or a person."""
    url = postgres_scratch.create()
    prepare_like_db_init(url)
    engine = create_database_engine(with_options(url, search_path=SCHEMA))  # as the superuser
    with pytest.raises(RuntimeError, match="must run as casedesk_owner"):
        upgrade(engine)
    engine.dispose()


def test_an_idle_lock_lifts_only_for_a_password_the_server_accepts(postgres_office):
    office = postgres_office
    worker = office.hire(Role.CASEWORKER)
    username = worker.actor.username
    office.auth.lock(worker.actor)
    office.auth.unlock(worker.actor, TEST_PASSWORD)
    with office.superuser() as su:
        su.execute(f"ALTER ROLE {username} NOLOGIN")  # stands in for a wrong password
        with pytest.raises(SignInFailed):
            office.auth.unlock(worker.actor, "not-the-password")
        su.execute(f"ALTER ROLE {username} LOGIN")
        office.auth.sign_out(worker.actor)
        trail = rows(
            su,
            "SELECT action FROM audit_events WHERE actor = %s AND entity_type = 'staff' "
            "ORDER BY id",
            username,
        )
    assert trail == [
        ("sign_in.succeeded",),
        ("session.locked",),
        ("session.unlocked",),
        ("sign_in.failed",),
        ("sign_out",),
    ]
