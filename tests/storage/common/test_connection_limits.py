"""Every wait of a staff session on the shared server is bounded: a statement the
server is slow to finish ends with a clear message (the desk is free again at
once), work that legitimately runs long is let run, and a connection the
network never answers is closed by the watchdog."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from sqlalchemy import text

from domain.audit.events import AuditFilter
from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.common.server_errors import TOO_SLOW, ServerTooSlow
from domain.notes.note import NoteForm
from storage.common.connection_health import ConnectionLimits, StallWatch
from storage.staff.postgres_sign_in import PostgresAuthenticator
from tests.conftest import TEST_PASSWORD, _libpq
from tests.faults.tcp_proxy import FaultyProxy

pytestmark = pytest.mark.postgres

SHORT = ConnectionLimits(
    connect_seconds=2, statement_seconds=0.5, unanswered_seconds=1.0, settle_seconds=0.5
)


@pytest.fixture
def short_desks(postgres_office):
    """Sign-ins to the office with the short limits."""
    auth = PostgresAuthenticator(postgres_office.url, limits=SHORT)
    yield auth
    auth.close()


@pytest.fixture
def draft_scene(postgres_office, short_desks):
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
    desk = short_desks.sign_in(worker.actor.username, TEST_PASSWORD, "WS-SHORT")
    draft = desk.services.notes.start_draft(desk.actor, case_id, NoteForm(narrative="Draft"))
    return office, desk, draft


def test_a_save_held_up_past_the_statement_limit_ends_with_a_clear_message(draft_scene):
    office, desk, draft = draft_scene
    notes = desk.services.notes
    with office.superuser() as superuser, superuser.transaction():
        # Someone else's long transaction holds the draft's row.
        superuser.execute("SELECT 1 FROM case_notes WHERE id = %s FOR UPDATE", (draft.id,))
        started = time.monotonic()
        with pytest.raises(ServerTooSlow) as raised:
            notes.save_draft(desk.actor, draft.id, draft.version, NoteForm(narrative="Words"))
        waited = time.monotonic() - started
    assert str(raised.value) == TOO_SLOW
    assert "your work is kept" in TOO_SLOW and "nothing was saved" in TOO_SLOW
    assert SHORT.statement_seconds <= waited < SHORT.unanswered_seconds
    # Nothing was saved, and with the row free the same save goes through.
    saved = notes.save_draft(desk.actor, draft.id, draft.version, NoteForm(narrative="Words"))
    assert (saved.version, saved.values.narrative) == (draft.version + 1, "Words")


def _hold(office, table: str, seconds: float, held: threading.Event) -> threading.Thread:
    def hold() -> None:
        with office.superuser() as superuser, superuser.transaction():
            superuser.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
            held.set()
            time.sleep(seconds)

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert held.wait(5)
    return thread


def test_an_audit_export_may_run_longer_than_an_interactive_call(postgres_office, short_desks):
    office = postgres_office
    admin = short_desks.sign_in(office.admin.actor.username, TEST_PASSWORD, "WS-SHORT")
    audit = admin.services.audit
    # The trail unreadable for longer than a statement may take: the screen's
    # query gives up, the export waits its turn and finishes.
    held = threading.Event()
    holder = _hold(office, "audit_events", 3 * SHORT.statement_seconds, held)
    started = time.monotonic()
    with pytest.raises(ServerTooSlow):
        audit.query(admin.actor, AuditFilter())
    exported = audit.export_csv(admin.actor, AuditFilter())
    assert time.monotonic() - started >= 3 * SHORT.statement_seconds - 0.1
    holder.join()
    header, *rows = exported.splitlines()
    assert header.startswith("id,") and rows, exported
    # The export's own transaction only: the next interactive call has the limit again.
    held = threading.Event()
    holder = _hold(office, "audit_events", 3 * SHORT.statement_seconds, held)
    with pytest.raises(ServerTooSlow):
        audit.query(admin.actor, AuditFilter())
    holder.join()


def _through(proxy: FaultyProxy, office) -> psycopg.Connection:
    return psycopg.connect(_libpq(office.url.set(port=proxy.port)), autocommit=True)


def test_the_watchdog_closes_a_connection_left_without_an_answer(postgres_office):
    proxy = FaultyProxy((postgres_office.url.host or "127.0.0.1", postgres_office.url.port))
    watch = StallWatch(0.5, tick=0.05)
    try:
        with _through(proxy, postgres_office) as connection:
            proxy.darken()  # the network drops everything, without a reset
            watch.begin(connection)
            started = time.monotonic()
            with pytest.raises(psycopg.OperationalError):
                connection.execute("SELECT 1")
            assert 0.5 <= time.monotonic() - started < 2.0
            assert watch.cuts == 1
    finally:
        proxy.close()


def test_the_watchdog_leaves_a_connection_that_got_its_answer_alone(postgres_office):
    proxy = FaultyProxy((postgres_office.url.host or "127.0.0.1", postgres_office.url.port))
    watch = StallWatch(0.3, tick=0.05)
    try:
        with _through(proxy, postgres_office) as connection:
            watch.begin(connection)  # as a COMMIT does: no event follows its answer
            connection.execute("SELECT 1")
            time.sleep(0.6)  # idle past the limit, not waiting for anything
            assert connection.execute("SELECT 2").fetchone() == (2,)
            assert watch.cuts == 0
    finally:
        proxy.close()


def test_the_watchdog_waits_longer_than_the_server_may_take():
    with pytest.raises(ValueError, match="longer than the statement timeout"):
        ConnectionLimits(statement_seconds=20, unanswered_seconds=20)
    settings = ConnectionLimits().server_settings()
    assert settings == {
        "statement_timeout": "20000",
        "idle_in_transaction_session_timeout": "60000",
        "jit": "off",
    }


def test_a_staff_session_runs_without_jit(postgres_office, short_desks):
    # JIT slowed a 2,000-note timeline count sixfold when it triggered: staff
    # sessions turn it off at connect, whatever the server's own setting says.
    desk = short_desks.sign_in(postgres_office.admin.actor.username, TEST_PASSWORD, "WS-JIT")
    # The session's own unit of work, on its own pooled connection.
    with desk.services.clients._uow_factory() as uow:
        assert uow._connection.execute(text("SHOW jit")).scalar_one() == "off"
    with psycopg.connect(_libpq(postgres_office.url), autocommit=True) as other:
        assert other.execute("SHOW jit").fetchone() == ("on",)  # the server's default
