"""Faults of the processes on either side of a save, on real servers and real processes.

``server_stopped``: PostgreSQL, a scratch cluster of this run's own (never the
shared one on 5432), stopped in immediate mode (a crash: every session cut, no
checkpoint) while a signing waits mid-transaction, and again at a random moment
of a run of signings; notes are signed and saved while it is down (the person
keeps a copy on this computer, as the editor does); then it is started again.

``killed_mid_loop``: CaseDesk itself killed with SIGKILL at a random moment of a
loop of autosaves and signings (tests/faults/crash_worker.py, a real process),
on SQLite and on PostgreSQL; then the database and the drafts folder are read.

Each counts as tests/faults/scenarios.py does: calls reported saved but not
stored (lost), stored other than as saved (half-saved), what the person was
told, and whether the next action went through with the fault gone. Used by
test_process_faults.py and by ``python -m tests.faults.fault_table``.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from sqlalchemy import URL

from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.clock import utc_now
from domain.common.errors import CaseDeskError
from domain.common.policy import Role
from domain.notes.local_drafts import LocalDraft, draft_key, drafts_to_offer
from domain.notes.note import NoteForm
from domain.staff.session import Session
from storage import postgres_setup
from storage.notes.draft_files import DraftFiles
from tests.conftest import (
    TEST_PASSWORD,
    PostgresOffice,
    PostgresScratch,
    _libpq,
    migrated_template,
    open_office,
)
from tests.faults import crash_worker
from tests.faults.scenarios import NARRATIVE, Outcome, note_form
from tests.storage.staff import scram_cluster
from tests.storage.staff.scram_cluster import VERSION, ScramCluster

ROOT = Path(__file__).resolve().parents[2]
AUDIT_TABLE = f"{postgres_setup.SCHEMA}.audit_events"


# --- a cluster of our own, to crash ---------------------------------------------------


@contextmanager
def crash_cluster() -> Iterator[ScramCluster]:
    """A scratch cluster (tests/storage/staff/scram_cluster.py) that keeps what it
    committed through a crash; dropped at the end, also after a failure."""
    cluster = scram_cluster.create()
    try:
        with psycopg.connect(_libpq(cluster.url()), autocommit=True) as conn:
            # The scratch cluster commits asynchronously, for speed: a crash would
            # then lose commits the server had acknowledged, which is no fault of ours.
            conn.execute("ALTER SYSTEM SET synchronous_commit = on")
            conn.execute("SELECT pg_reload_conf()")
        yield cluster
    finally:
        scram_cluster.drop(cluster)


def _pg_ctlcluster(cluster: ScramCluster, *action: str) -> None:
    done = subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", VERSION, cluster.name, *action],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pg_ctlcluster {' '.join(action)}: {done.stderr.strip()}")


def stop_now(cluster: ScramCluster) -> None:
    """Immediate mode: the server's processes quit at once, as in a crash."""
    _pg_ctlcluster(cluster, "stop", "-m", "immediate")


def start(cluster: ScramCluster) -> None:
    """pg_ctl itself, as the scratch cluster's own fixture starts it: pg_ctlcluster
    would spend two seconds on start-up checks that need a role we do not make."""
    scram_cluster._start(cluster)


@contextmanager
def office_on(cluster: ScramCluster) -> Iterator[PostgresOffice]:
    """An office database on ``cluster``, prepared and migrated as `db init` does."""
    scratch = PostgresScratch()
    scratch.admin = cluster.url()
    template = migrated_template(scratch)
    with contextmanager(open_office)(scratch, template, utc_now) as office:
        yield office


def open_case(office: PostgresOffice) -> tuple[Session, int]:
    """A caseworker signed in, and a case of hers to write notes on."""
    admin = office.admin
    program = admin.services.programs.create(admin.actor, ProgramForm("Family support", "", "90"))
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee", "sv")
    worker = office.hire(Role.CASEWORKER, "Nguyễn Thị Hoa", "cw")
    client = supervisor.services.clients.register(
        supervisor.actor, ClientForm(first_name="Mai", last_name="Nguyễn")
    )
    case_id = supervisor.services.cases.open_case(
        supervisor.actor, client.id, worker.actor.staff_id, program_id=program.id
    )
    return worker, case_id


def _superuser(office: PostgresOffice, *, autocommit: bool = True) -> psycopg.Connection:
    url = postgres_setup.with_options(office.url, search_path=postgres_setup.SCHEMA)
    return psycopg.connect(_libpq(url), autocommit=autocommit)


class _Thread(threading.Thread):
    """A thread whose exception, if any, is raised again by ``join``."""

    def __init__(self, work: Callable[..., object], *args: object):
        super().__init__(daemon=True)
        self._work, self._args = work, args
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self._work(*self._args)
        except BaseException as error:
            self.error = error

    def join(self, timeout: float | None = None) -> None:
        super().join(timeout)
        if self.is_alive():
            raise TimeoutError("a signing never returned")
        if self.error is not None:
            raise self.error


def _wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the condition never came")
        time.sleep(0.02)


# --- PostgreSQL stopped and started again ------------------------------------------


@dataclass
class _Signing:
    """Notes signed one after another, by the editor's rules: a copy on this
    computer first, the copy removed once the note is signed."""

    worker: Session
    case_id: int
    drafts: DraftFiles
    outcome: Outcome
    reported: dict[int, tuple[str, int]] = field(default_factory=dict)  # id -> (how, n)
    counter: Iterator[int] = field(default_factory=lambda: iter(range(1_000_000)))

    def draft(self) -> tuple[int, int]:
        note = self.worker.services.notes.start_draft(
            self.worker.actor, self.case_id, NoteForm(narrative="Draft")
        )
        return note.id, note.version

    def sign(self, note: tuple[int, int]) -> bool:
        note_id, version = note
        n = next(self.counter)
        username = self.worker.actor.username
        key = draft_key(self.case_id, note_id)
        self.drafts.save(
            LocalDraft(username, key, self.case_id, note_id, "Mai", note_form(n), utc_now())
        )
        try:
            self.worker.services.notes.sign(self.worker.actor, note_id, version, note_form(n))
        except CaseDeskError as error:
            self.reported[note_id] = ("failed", n)
            self.outcome.messages[str(error)] += 1
            return False
        finally:
            self.outcome.runs += 1
        self.reported[note_id] = ("signed", n)
        self.drafts.remove(username, key)
        return True

    def autosave(self, note: tuple[int, int]) -> None:
        """An autosave while the server is down: refused, and said so."""
        try:
            self.worker.services.notes.save_draft(
                self.worker.actor, note[0], note[1], NoteForm(narrative="Autosaved while down")
            )
        except CaseDeskError as error:
            self.outcome.messages[str(error)] += 1
        else:
            raise AssertionError("an autosave went through to a stopped server")


def server_stopped(
    office: PostgresOffice,
    cluster: ScramCluster,
    worker: Session,
    case_id: int,
    drafts: DraftFiles,
    *,
    runs: int,
    seed: int = 11,
) -> Outcome:
    """``runs`` crashes of the server, each twice: while a signing waits mid-transaction
    (its note already updated, its audit row held up by a lock), and at a random
    moment of signings one after another."""
    chance = random.Random(seed)
    outcome = Outcome("server stopped")
    desk = _Signing(worker, case_id, drafts, outcome)
    held = []
    for _ in range(runs):
        held.append(_crash_mid_transaction(office, cluster, desk))
        _crash_at_random(cluster, desk, chance)
    # The server is back: every note not signed yet is signed now, from its copy.
    outcome.recovered = True
    with _superuser(office) as superuser:
        state = _server_state(superuser, list(desk.reported))
    signed = {note_id for note_id, (is_signed, *_rest) in state.items() if is_signed}
    # A transaction cut before its commit leaves nothing: the held notes are unsigned.
    outcome.half_saved += sum(1 for note_id in held if note_id in signed)
    outcome.saved_though_refused = sum(
        1 for note_id, (how, _n) in desk.reported.items() if how == "failed" and note_id in signed
    )
    versions = {
        note.id: note.version for note in worker.services.notes.for_case(worker.actor, case_id)
    }
    for note_id, (how, n) in list(desk.reported.items()):
        if how == "signed" or note_id in signed:
            continue
        key = draft_key(case_id, note_id)
        try:
            copy = drafts.read(worker.actor.username, key)
        except (OSError, ValueError):
            copy = None
        if copy is None or copy.form != note_form(n):
            outcome.lost += 1  # the words were kept nowhere
            continue
        try:
            worker.services.notes.sign(worker.actor, note_id, versions[note_id], copy.form)
        except CaseDeskError:
            outcome.recovered = False
            continue
        desk.reported[note_id] = ("signed", n)
        drafts.remove(worker.actor.username, key)
    with _superuser(office) as superuser:
        _count(outcome, superuser, desk.reported)
    return outcome


def _crash_mid_transaction(office: PostgresOffice, cluster: ScramCluster, desk: _Signing) -> int:
    """The id of the note whose signing the crash cut mid-transaction."""
    held, *during = [desk.draft() for _ in range(3)]
    blocker = _superuser(office, autocommit=False)
    watcher = _superuser(office)
    try:
        # The signing's UPDATE writes the note's row, then its audit trigger's INSERT
        # waits on this lock: the transaction has written and not committed.
        blocker.execute(f"LOCK TABLE {AUDIT_TABLE} IN EXCLUSIVE MODE")
        signing = _Thread(desk.sign, held)
        signing.start()
        _wait_until(
            lambda: (
                watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()"
                ).fetchone()[0]
                > 0
            )
        )
        stop_now(cluster)
        signing.join(30)
    finally:
        for conn in (blocker, watcher):
            conn.close()  # the server cut them; closing says nothing
    if desk.reported.get(held[0], ("",))[0] != "failed":
        raise AssertionError("the signing held mid-transaction was not refused")
    _while_down(cluster, desk, during)
    return held[0]


def _crash_at_random(cluster: ScramCluster, desk: _Signing, chance: random.Random) -> None:
    pending = [desk.draft() for _ in range(40)]
    stop = threading.Event()

    def sign_on() -> None:
        for note in pending:
            if stop.is_set():
                return
            desk.sign(note)

    signing = _Thread(sign_on)
    signing.start()
    time.sleep(chance.uniform(0.01, 0.12))
    stop_now(cluster)
    stop.set()
    signing.join(30)
    left = [note for note in pending if note[0] not in desk.reported]
    _while_down(cluster, desk, left[:2])


def _while_down(cluster: ScramCluster, desk: _Signing, notes: list[tuple[int, int]]) -> None:
    """Signed and autosaved while the server is down; then it is started again."""
    for note in notes:
        desk.autosave(note)
        if desk.sign(note):
            raise AssertionError("a note was signed on a stopped server")
    start(cluster)


def _server_state(superuser: psycopg.Connection, ids: list[int]) -> dict[int, tuple]:
    rows = superuser.execute(
        "SELECT id, signed_at IS NOT NULL, narrative, fingerprint IS NOT NULL, "
        "case_note_proof_holds(n) FROM case_notes n WHERE id = ANY(%s)",
        (ids,),
    ).fetchall()
    return {row[0]: row[1:] for row in rows}


def _count(
    outcome: Outcome, superuser: psycopg.Connection, reported: dict[int, tuple[str, int]]
) -> None:
    state = _server_state(superuser, list(reported))
    for note_id, (how, n) in reported.items():
        signed, narrative, fingerprinted, holds = state[note_id]
        whole = signed and narrative == NARRATIVE.format(n=n) and fingerprinted and holds
        if signed and not whole:
            outcome.half_saved += 1
        if how == "signed" and not whole:
            outcome.lost += 1


# --- CaseDesk killed mid-save -------------------------------------------------------


@dataclass
class Desk:
    """What a killed desk needs: where its database is, who it is, its case."""

    database: str  # a URL (no password in it)
    session: Session  # the same person, signed in here, to read back and go on
    password: str
    case_id: int
    drafts: DraftFiles
    integrity: Callable[[], str] | None = None  # SQLite: PRAGMA integrity_check


@dataclass
class KillOutcome(Outcome):
    killed_during: Counter = field(default_factory=Counter)  # the step in flight


def sqlite_desk(folder: Path, template: Path, hashing) -> Desk:
    """An embedded office in ``folder`` (a copy of the migrated ``template``)."""
    import main
    from domain.staff.accounts import StaffForm
    from domain.staff.session import FirstAdminForm
    from storage.common.engine import create_database_engine, sqlite_url

    path = folder / "casedesk.sqlite3"
    shutil.copyfile(template, path)
    auth = main.build_embedded(create_database_engine(sqlite_url(path)), hashing=hashing)
    admin = auth.create_first_admin(
        FirstAdminForm("admin", "Office Administrator", TEST_PASSWORD, TEST_PASSWORD), "ADMIN"
    )
    s, a = admin.services, admin.actor
    for role, username in ((Role.SUPERVISOR, "dlee"), (Role.CASEWORKER, "hnguyen")):
        s.staff.create(a, StaffForm(username, username, role.value), TEST_PASSWORD, TEST_PASSWORD)
    program = s.programs.create(a, ProgramForm("Family support", "", "90"))
    supervisor = auth.sign_in("dlee", TEST_PASSWORD, "WS")
    worker = auth.sign_in("hnguyen", TEST_PASSWORD, "WS")
    client = supervisor.services.clients.register(
        supervisor.actor, ClientForm(first_name="Mai", last_name="Nguyễn")
    )
    case_id = supervisor.services.cases.open_case(
        supervisor.actor, client.id, worker.actor.staff_id, program_id=program.id
    )

    def integrity() -> str:
        with closing(sqlite3.connect(path)) as conn:
            return conn.execute("PRAGMA integrity_check").fetchone()[0]

    return Desk(
        str(sqlite_url(path)),
        worker,
        TEST_PASSWORD,
        case_id,
        DraftFiles(folder / "drafts"),
        integrity,
    )


def postgres_desk(office: PostgresOffice, folder: Path) -> Desk:
    worker, case_id = open_case(office)
    url: URL = office.url
    return Desk(
        url.render_as_string(hide_password=False),
        worker,
        TEST_PASSWORD,
        case_id,
        DraftFiles(folder / "drafts"),
    )


class _Lines:
    """A child's stdout, line by line, read on a thread of its own, which kills the
    child ``delay`` seconds after a line begins with the words of ``awaited``
    (from this thread: no wait for another one to wake)."""

    def __init__(self, child: subprocess.Popen, awaited: str, delay: float):
        self.lines: list[str] = []
        self.killed = threading.Event()
        self._child, self._awaited, self._delay = child, awaited.split(), delay
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for line in self._child.stdout:
            words = line.split()
            if not self.killed.is_set() and words[: len(self._awaited)] == self._awaited:
                if self._delay:
                    time.sleep(self._delay)
                self._child.kill()  # SIGKILL: no handler, no clean-up, no flush
                self.killed.set()
            self.lines.append(line.strip())

    def join(self) -> list[str]:
        self._thread.join(10)
        return self.lines


# Where the kills are aimed, in turn: the autosave, the signature, the copy here.
AIMED_AT = ("autosave", "sign", "copy")


def killed_mid_loop(desk: Desk, *, runs: int, seed: int = 5, label: str = "") -> KillOutcome:
    """``runs`` desks killed at a random moment of their loop: as a step of a random
    round begins (an autosave, a signature, a copy kept here, in turn), a random
    few milliseconds on. After each, what the database and the drafts folder hold
    is checked against what was reported done; ``killed_during`` says which step
    was under way when the kill came."""
    chance = random.Random(seed)
    outcome = KillOutcome(label or "killed")
    notes, actor = desk.session.services.notes, desk.session.actor
    # The drafts key exists before any desk is killed (a key is made once, at the
    # first copy; the tests' keyring file is no crash-proof store of its own).
    desk.drafts.keys.key_for(actor.username, create=True)
    recovered = []
    for run in range(runs):
        awaited = f"begin {AIMED_AT[run % len(AIMED_AT)]} {chance.randint(1, 8)}"
        open_note = notes.start_draft(actor, desk.case_id, NoteForm(narrative="Draft"))
        env = {**os.environ, crash_worker.PASSWORD_VARIABLE: desk.password}
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.faults.crash_worker",
                f"--database={desk.database}",
                f"--drafts={desk.drafts.folder}",
                f"--username={actor.username}",
                f"--case={desk.case_id}",
                f"--note={open_note.id}",
                f"--version={open_note.version}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines = _Lines(child, awaited, chance.choice((0.0, 0.0, chance.uniform(0.0, 0.01))))
        try:
            if not lines.killed.wait(30):
                raise RuntimeError(f"the desk never got to {awaited!r}")
            child.wait(10)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(10)
            stderr = child.stderr.read() if child.stderr else ""
            if child.stderr:
                child.stderr.close()
        said = lines.join()
        if child.returncode != -9:
            raise RuntimeError(f"the desk ended by itself ({child.returncode}): {stderr[-2000:]}")
        outcome.runs += 1
        recovered.append(_check_after_kill(desk, outcome, said, open_note.id))
    outcome.recovered = all(recovered)
    return outcome


def _check_after_kill(desk: Desk, outcome: KillOutcome, said: list[str], open_id: int) -> bool:
    """Counts what was lost or half-saved; True if the desk then goes on."""
    services, actor = desk.session.services, desk.session.actor
    done: dict[str, int] = {}  # step -> last round reported done
    signed_as: dict[int, int] = {}  # note id -> round it was reported signed in
    started: dict[int, int] = {}  # note id -> round it was started in
    in_flight = "between steps"
    for line in said:
        word, _, rest = line.partition(" ")
        if word == "begin":
            in_flight = rest.split()[0]
        elif word == "done":
            step, n, *note = rest.split()
            in_flight = "between steps"
            done[step] = int(n)
            if step == "draft":
                started[int(note[0])] = int(n)
            if step == "sign":
                signed_as[int(note[0])] = int(n)
    outcome.killed_during[in_flight] += 1

    if desk.integrity is not None and desk.integrity() != "ok":
        outcome.half_saved += 1
    # The drafts folder: every copy whole, or none; never a torn file.
    local = desk.drafts.drafts_of(actor.username)
    unreadable = desk.drafts.unreadable_of(actor.username)
    outcome.half_saved += len(unreadable)
    by_key = {copy.key: copy for copy in local}
    copy = by_key.get(draft_key(desk.case_id, open_id))
    copied = round_of_copy(copy)
    if "copy" in done and (copied is None or copied < done["copy"]):
        outcome.lost += 1
    # The database: the open draft holds the last autosave or the one after it;
    # every note reported signed is signed, whole; none is signed half.
    stored = services.notes.for_case(actor, desk.case_id)
    by_id = {note.id: note for note in stored}
    autosaved = crash_worker.round_of("autosave", by_id[open_id].values.narrative)
    if "autosave" in done and (autosaved is None or autosaved < done["autosave"]):
        outcome.lost += 1
    for note_id, n in signed_as.items():
        note = by_id.get(note_id)
        whole = note is not None and note.is_signed and note.intact
        if not whole or crash_worker.round_of("sign", note.values.narrative) != n:
            outcome.lost += 1
    for note in stored:
        if not note.is_signed:
            continue
        if not note.intact or (
            note.id in started
            and crash_worker.round_of("sign", note.values.narrative) != started[note.id]
        ):
            outcome.half_saved += 1
    # At the next sign-in the open draft is offered back with the newest words.
    offers, _stale = drafts_to_offer(local, services.notes.my_drafts(actor))
    offered = [o for o in offers if o.note is not None and o.note.id == open_id]
    newest = max(x for x in (copied, autosaved, -1) if x is not None)
    if offered and crash_worker.round_of("autosave", offered[0].form.narrative) == newest:
        outcome.messages["the draft is offered back, newest words"] += 1
    else:
        outcome.messages["the draft was NOT offered back whole"] += 1
    # With the desk started again, the open draft is signed and a copy kept.
    try:
        note = by_id[open_id]
        desk.drafts.save(
            LocalDraft(
                actor.username,
                draft_key(desk.case_id, open_id),
                desk.case_id,
                open_id,
                "Mai",
                note_form(0),
                utc_now(),
            )
        )
        services.notes.sign(actor, open_id, note.version, note_form(0))
        desk.drafts.remove(actor.username, draft_key(desk.case_id, open_id))
        for stale in _stale:
            desk.drafts.remove(actor.username, stale.key)
    except (CaseDeskError, OSError):
        return False
    return True


def round_of_copy(copy: LocalDraft | None) -> int | None:
    return None if copy is None else crash_worker.round_of("autosave", copy.form.narrative)
