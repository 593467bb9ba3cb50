"""Live updates between two real processes, on the shared server and the embedded file.

A second process (tests/storage/live/other_desk.py) signs a note; the desk
that listens must hear of it within 2 s and then read it through its services.
On PostgreSQL a caseworker's listener hears nothing of a colleague's case, and
after the server restarts the listener comes back and resyncs.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import time
from pathlib import Path

import pytest

import main
from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.live.changes import ChangeBatch, FeedState
from storage.common.engine import create_database_engine, sqlite_url
from tests.conftest import TEST_PASSWORD
from tests.storage.staff import scram_cluster

PROJECT = Path(__file__).resolve().parents[3]
WITHIN_SECONDS = 2.0


class Heard:
    """What a feed delivered, as the GUI's LiveUpdates would receive it."""

    def __init__(self, feed):
        self.batches: queue.Queue[tuple[float, ChangeBatch]] = queue.Queue()
        self.states: list[FeedState] = []
        self.feed = feed
        self.heard_at = 0.0
        feed.start(lambda batch: self.batches.put((time.time(), batch)), self.states.append)

    def wait_for(self, wanted, seconds: float = WITHIN_SECONDS) -> ChangeBatch | None:
        """The first batch ``wanted`` accepts within ``seconds``, or None."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            try:
                self.heard_at, batch = self.batches.get(timeout=left)
            except queue.Empty:
                return None
            if wanted(batch):
                return batch
        return None

    def wait_state(self, state: FeedState, seconds: float) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.states and self.states[-1] == state:
                return True
            time.sleep(0.05)
        return False


def other_desk(url: str, username: str, case_id: int) -> tuple[int, float]:
    """Signs a note in a process of its own; the note's id, and when it was committed."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.storage.live.other_desk",
            url,
            username,
            TEST_PASSWORD,
            str(case_id),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    note_id, committed_at = done.stdout.strip().splitlines()[-1].split()
    return int(note_id), float(committed_at)


def note_of_case(case_id: int):
    return lambda batch: any(
        c.table == "case_notes" and c.case_id == case_id for c in batch.changes
    )


def postgres_office_scene(office):
    admin = office.admin
    program = admin.services.programs.create(
        admin.actor, ProgramForm("Family support", "", "90", True)
    )
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    maria = office.hire(Role.CASEWORKER, "María García")
    jamie = office.hire(Role.CASEWORKER, "Jamie Chen")
    s = supervisor.services
    client = s.clients.register(
        supervisor.actor, ClientForm(first_name="Amara", last_name="Okafor")
    )
    case_id = s.cases.open_case(
        supervisor.actor, client.id, maria.actor.staff_id, program_id=program.id
    )
    return supervisor, maria, jamie, client, case_id


@pytest.mark.postgres
def test_a_note_signed_in_another_process_reaches_the_listening_desk_only(postgres_office):
    office = postgres_office
    _supervisor, maria, jamie, client, case_id = postgres_office_scene(office)
    maria_hears, jamie_hears = Heard(maria.changes), Heard(jamie.changes)
    try:
        assert maria_hears.wait_state(FeedState.LIVE, 5)
        assert jamie_hears.wait_state(FeedState.LIVE, 5)
        note_id, committed_at = other_desk(
            office.url.render_as_string(hide_password=False), maria.actor.username, case_id
        )
        batch = maria_hears.wait_for(note_of_case(case_id), WITHIN_SECONDS)
        assert batch is not None, "Maria's desk never heard of her note"
        assert maria_hears.heard_at - committed_at < WITHIN_SECONDS
        change = next(c for c in batch.changes if c.table == "case_notes")
        assert change.row_id == note_id
        # The payload names ids only; the desk reads the note through its services.
        assert note_id in [n.id for n in maria.services.notes.for_client(maria.actor, client.id)]
        # Jamie's login may not read that case: his listener passes nothing of it on.
        assert jamie_hears.wait_for(lambda b: b.touches_client(client.id, [case_id]), 1.0) is None
    finally:
        maria_hears.feed.stop()
        jamie_hears.feed.stop()
    assert maria_hears.states[-1] == FeedState.STOPPED


@pytest.mark.postgres
def test_after_a_server_restart_the_listener_reconnects_and_resyncs(scram_server, scram_office):
    office = scram_office
    _supervisor, maria, _jamie, client, case_id = postgres_office_scene(office)
    heard = Heard(maria.changes)
    try:
        assert heard.wait_state(FeedState.LIVE, 5)
        scram_cluster.restart(scram_server)
        assert (
            heard.wait_state(FeedState.RECONNECTING, 10) or FeedState.RECONNECTING in heard.states
        )
        # A note signed while the listener is still away: its notification is lost...
        note_id, _at = other_desk(
            office.url.render_as_string(hide_password=False), maria.actor.username, case_id
        )
        # ...so the listener, back, asks every view to re-read, and the note is there.
        assert heard.wait_for(lambda b: b.resync or note_of_case(case_id)(b), 20) is not None
        assert heard.states[-1] == FeedState.LIVE
        assert note_id in [n.id for n in maria.services.notes.for_client(maria.actor, client.id)]
    finally:
        heard.feed.stop()


def test_a_change_in_another_process_on_the_same_file_reaches_the_desk(
    sqlite_template, tmp_path, clock
):
    from tests.conftest import FAST_HASHING

    path = tmp_path / "office.sqlite3"
    path.write_bytes(Path(sqlite_template).read_bytes())
    engine = create_database_engine(sqlite_url(path))
    auth = main.build_embedded(engine, hashing=FAST_HASHING)
    from domain.staff.accounts import StaffForm
    from domain.staff.session import FirstAdminForm

    admin = auth.create_first_admin(
        FirstAdminForm("admin", "Office Administrator", TEST_PASSWORD, TEST_PASSWORD), "WS-A"
    ).actor
    s = auth.services
    for username, name, role in (
        ("dlee", "Dana Lee", Role.SUPERVISOR),
        ("mgarcia", "María García", Role.CASEWORKER),
    ):
        s.staff.create(admin, StaffForm(username, name, role.value), TEST_PASSWORD, TEST_PASSWORD)
    supervisor = auth.sign_in("dlee", TEST_PASSWORD, "WS-A")
    maria = auth.sign_in("mgarcia", TEST_PASSWORD, "WS-A")
    client = s.clients.register(supervisor.actor, ClientForm(first_name="Wei", last_name="Zhang"))
    case_id = s.cases.open_case(supervisor.actor, client.id, maria.actor.staff_id)
    heard = Heard(maria.changes)
    try:
        assert heard.wait_state(FeedState.WATCHING, 5)
        time.sleep(1.2)  # the watcher has read the file's version once
        note_id, committed_at = other_desk(str(sqlite_url(path)), "mgarcia", case_id)
        assert heard.wait_for(lambda b: b.resync, WITHIN_SECONDS) is not None
        assert heard.heard_at - committed_at < WITHIN_SECONDS
        assert note_id in [n.id for n in s.notes.for_client(maria.actor, client.id)]
    finally:
        heard.feed.stop()
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_views_alone_wake_no_one_on_the_embedded_file(services, engine, actor):
    """Opening a record writes its audit row; re-reading because of it would loop."""
    client = services.clients.register(actor, ClientForm(first_name="Wei", last_name="Zhang"))
    heard = Heard(main.embedded_changes(engine))
    try:
        assert heard.wait_state(FeedState.WATCHING, 5)
        time.sleep(1.2)
        services.clients.open(actor, client.id)  # an audited view, nothing changed
        assert heard.wait_for(lambda b: True, 2.5) is None
        current = services.clients.open(actor, client.id)
        services.clients.change(
            actor, client.id, current.version, ClientForm(first_name="Wei", last_name="Zhāng")
        )
        assert heard.wait_for(lambda b: b.resync, WITHIN_SECONDS) is not None
    finally:
        heard.feed.stop()
