"""The disk under an embedded office fails: full, or read-only.

The office's SQLite file and the drafts folder sit on a small filesystem of
their own: a tmpfs mounted for the purpose (we run as root), filled up with a
file of zeros, or remounted read-only. Where nothing may be mounted, the
read-only case falls back to ``chattr +i`` (immutable: refused even to root,
which file permissions are not), and the full disk cannot be made at all; the
``method`` of the disk says which ran.

Each attempt, a draft's copy on this computer, an autosave, a signature, a new
client and a sign-in, must fail whole with a message saying what is wrong with
the disk ("The disk is full: ..."), leave what was saved before as it was, and
go through once the disk is back. Counted as tests/faults/scenarios.py counts.
Used by test_disk_faults.py and ``python -m tests.faults.fault_table``.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import main
from domain.clients.record import ClientForm
from domain.common.clock import utc_now
from domain.common.disk_errors import DiskTrouble, disk_trouble, local_copy_failure
from domain.common.errors import CaseDeskError
from domain.common.policy import Role
from domain.notes.local_drafts import LocalDraft, draft_key
from domain.notes.note import NoteForm
from domain.staff.accounts import StaffForm
from domain.staff.embedded_sign_in import EmbeddedAuthenticator
from domain.staff.session import FirstAdminForm, Session
from storage.common.engine import create_database_engine, sqlite_url
from storage.notes.draft_files import DraftFiles
from tests.conftest import TEST_PASSWORD
from tests.faults.scenarios import Outcome

TMPFS, CHATTR = "tmpfs", "chattr +i"
SIZE = "24m"
_LEFTOVERS = ".draft-*.tmp"


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=30)


@dataclass
class ScratchDisk:
    path: Path
    method: str  # TMPFS, or CHATTR where nothing may be mounted

    @property
    def can_fill(self) -> bool:
        return self.method == TMPFS

    def fill(self) -> None:
        """Zeros until the disk takes no more."""
        with (self.path / "filler").open("wb") as filler:
            block = b"\0" * (1 << 16)
            try:
                while True:
                    filler.write(block)
                    filler.flush()
            except OSError as error:
                if disk_trouble(error) is not DiskTrouble.FULL:
                    raise
        # What buffered bytes were left did not fit either.
        with contextlib.suppress(OSError), (self.path / "crumbs").open("wb") as crumbs:
            for _ in range(64):
                crumbs.write(b"\0" * 512)
                crumbs.flush()

    def free(self) -> None:
        for name in ("filler", "crumbs"):
            (self.path / name).unlink(missing_ok=True)

    @contextlib.contextmanager
    def read_only(self) -> Iterator[None]:
        """Nothing on the disk may be written meanwhile (no file may be open for
        writing when it starts: a remount refuses then)."""
        if self.method == TMPFS:
            done = _run("mount", "-o", "remount,ro", str(self.path))
            if done.returncode != 0:
                raise RuntimeError(f"remount read-only: {done.stderr.strip()}")
            try:
                yield
            finally:
                _run("mount", "-o", "remount,rw", str(self.path))
            return
        paths = [str(p) for p in sorted(self.path.rglob("*"))] + [str(self.path)]
        done = _run("chattr", "+i", *paths)
        if done.returncode != 0:
            _run("chattr", "-i", *paths)
            raise RuntimeError(f"chattr +i: {done.stderr.strip()}")
        try:
            yield
        finally:
            _run("chattr", "-i", *paths)


@contextlib.contextmanager
def scratch_disk(size: str = SIZE) -> Iterator[ScratchDisk]:
    """A small tmpfs of its own where mounting is allowed, else a plain folder for
    ``chattr``; unmounted and removed at the end, also after a failure."""
    folder = Path(tempfile.mkdtemp(prefix="casedesk-disk-"))
    mounted = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder))
    try:
        yield ScratchDisk(folder, TMPFS if mounted.returncode == 0 else CHATTR)
    finally:
        if mounted.returncode == 0:
            _run("mount", "-o", "remount,rw", str(folder))
            if _run("umount", str(folder)).returncode != 0:
                _run("umount", "-l", str(folder))  # a file still open: detach it now
        else:
            _run("chattr", "-R", "-i", str(folder))
        shutil.rmtree(folder, ignore_errors=True)


# --- an office on that disk -------------------------------------------------------


@dataclass
class DiskOffice:
    disk: ScratchDisk
    database: Path
    engine: object
    auth: EmbeddedAuthenticator
    worker: Session
    case_id: int
    drafts: DraftFiles
    open_note: tuple[int, int]  # (id, version) of the draft being written
    to_sign: tuple[int, int]  # a draft about to be signed
    signed_id: int  # a note signed before the fault

    def integrity(self) -> str:
        with contextlib.closing(sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)) as c:
            return c.execute("PRAGMA integrity_check").fetchone()[0]

    def copy(self, words: str) -> LocalDraft:
        actor = self.worker.actor
        note_id = self.open_note[0]
        draft = LocalDraft(
            actor.username,
            draft_key(self.case_id, note_id),
            self.case_id,
            note_id,
            "Mai Nguyễn",
            form(words),
            utc_now(),
        )
        self.drafts.save(draft)
        return draft

    def kept_words(self) -> str | None:
        try:
            key = draft_key(self.case_id, self.open_note[0])
            return self.drafts.read(self.worker.actor.username, key).form.narrative
        except (OSError, ValueError):
            return None

    def leftovers(self) -> list[Path]:
        return list(self.drafts.folder.rglob(_LEFTOVERS))


def form(words: str) -> NoteForm:
    return NoteForm(
        contact_date="11/23/2026",
        contact_type="home_visit",
        duration_minutes="30",
        narrative=words,
    )


def office_on(disk: ScratchDisk, template: Path, hashing) -> DiskOffice:
    """A caseworker's case on ``disk`` with a draft half-written (kept both on this
    computer and in the database) and a note signed."""
    database = disk.path / "casedesk.sqlite3"
    shutil.copyfile(template, database)
    engine = create_database_engine(sqlite_url(database))
    auth = main.build_embedded(engine, hashing=hashing)
    admin = auth.create_first_admin(
        FirstAdminForm("admin", "Office Administrator", TEST_PASSWORD, TEST_PASSWORD), "ADMIN"
    )
    for role, username in ((Role.SUPERVISOR, "dlee"), (Role.CASEWORKER, "hnguyen")):
        admin.services.staff.create(
            admin.actor, StaffForm(username, username, role.value), TEST_PASSWORD, TEST_PASSWORD
        )
    supervisor = auth.sign_in("dlee", TEST_PASSWORD, "WS")
    worker = auth.sign_in("hnguyen", TEST_PASSWORD, "WS")
    client = supervisor.services.clients.register(
        supervisor.actor, ClientForm(first_name="Mai", last_name="Nguyễn")
    )
    case_id = supervisor.services.cases.open_case(
        supervisor.actor, client.id, worker.actor.staff_id
    )
    notes, actor = worker.services.notes, worker.actor
    signed = notes.start_draft(actor, case_id, form("Signed before"))
    notes.sign(actor, signed.id, signed.version, form("Signed before the disk failed."))
    to_sign = notes.start_draft(actor, case_id, form("To sign"))
    draft = notes.start_draft(actor, case_id, form("Written before"))
    office = DiskOffice(
        disk,
        database,
        engine,
        auth,
        worker,
        case_id,
        DraftFiles(disk.path / "drafts"),
        (draft.id, draft.version),
        (to_sign.id, to_sign.version),
        signed.id,
    )
    office.copy("Written before")
    # The write-ahead log folded into the file and cut to nothing: the next write
    # must find room on the disk, none is left over from before.
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return office


# --- what is tried while the disk fails --------------------------------------------


@dataclass
class Attempt:
    name: str
    act: Callable[[], object]


def _attempts(office: DiskOffice, during: str) -> list[Attempt]:
    notes, actor = office.worker.services.notes, office.worker.actor
    return [
        Attempt("local copy", lambda: office.copy(during)),
        Attempt(
            "autosave",
            lambda: notes.save_draft(actor, *office.open_note, form(during)),
        ),
        Attempt("sign", lambda: notes.sign(actor, *office.to_sign, form(during))),
        Attempt(
            "new client",
            lambda: office.worker.services.clients.register(
                actor, ClientForm(first_name="Ana", last_name="During")
            ),
        ),
        Attempt("sign in", lambda: office.auth.sign_in("hnguyen", TEST_PASSWORD, "WS")),
    ]


def _try_all(office: DiskOffice, outcome: Outcome, openings: tuple[str, ...]) -> dict[str, bool]:
    """Each attempt; what it was told, counted. Returns which went through."""
    went: dict[str, bool] = {}
    for attempt in _attempts(office, "Written while the disk failed"):
        outcome.runs += 1
        try:
            attempt.act()
        except OSError as error:  # the local copy: the editor words it
            said = local_copy_failure(error)
        except CaseDeskError as error:
            said = str(error).replace(str(office.database), "<file>")
        else:
            went[attempt.name] = True
            continue
        went[attempt.name] = False
        if not said.startswith(openings):
            said = f"UNCLEAR ({attempt.name}): {said}"
        outcome.messages[said] += 1
    return went


def _check_nothing_half(office: DiskOffice, outcome: Outcome, went: dict[str, bool]) -> None:
    """Whatever was refused left no trace; what went through went whole."""
    if office.leftovers():
        outcome.half_saved += 1  # a temporary file left behind by a refused copy
    words = office.kept_words()
    expected = "Written while the disk failed" if went.get("local copy") else "Written before"
    if words != expected:
        outcome.lost += 1  # the copy kept before is gone or torn
    if office.integrity() != "ok":
        outcome.half_saved += 1
    notes, actor = office.worker.services.notes, office.worker.actor
    by_id = {note.id: note for note in notes.for_case(actor, office.case_id)}
    signed = by_id[office.signed_id]
    if not (signed.is_signed and signed.intact):
        outcome.lost += 1
    draft = by_id[office.open_note[0]]
    expected = "Written while the disk failed" if went.get("autosave") else "Written before"
    if draft.values.narrative != expected:
        outcome.half_saved += 1
    to_sign = by_id[office.to_sign[0]]
    if to_sign.is_signed != bool(went.get("sign")) or not to_sign.intact:
        outcome.half_saved += 1


def _go_on(office: DiskOffice, outcome: Outcome) -> None:
    """The disk is back: the same work goes through."""
    notes, actor = office.worker.services.notes, office.worker.actor
    try:
        office.copy("Written after")
        current = {n.id: n for n in notes.for_case(actor, office.case_id)}
        notes.save_draft(
            actor, office.open_note[0], current[office.open_note[0]].version, form("After")
        )
        if not current[office.to_sign[0]].is_signed:
            version = current[office.to_sign[0]].version
            notes.sign(actor, office.to_sign[0], version, form("Signed after."))
        office.auth.sign_in("hnguyen", TEST_PASSWORD, "WS")
        outcome.recovered = office.kept_words() == "Written after"
    except (CaseDeskError, OSError):
        outcome.recovered = False


def disk_full(office: DiskOffice) -> Outcome:
    outcome = Outcome("disk full")
    office.disk.fill()
    try:
        went = _try_all(office, outcome, ("The disk is full: ",))
    finally:
        office.disk.free()
    _check_nothing_half(office, outcome, went)
    _go_on(office, outcome)
    return outcome


def disk_read_only(office: DiskOffice) -> Outcome:
    outcome = Outcome(f"read-only ({office.disk.method})")
    office.engine.dispose()  # no file open for writing: the disk may turn read-only
    # chattr +i refuses as a permission does: "CaseDesk may not write ...".
    openings = ("The disk is read-only: ", "CaseDesk may not write to ")
    if office.disk.method == TMPFS:
        openings = openings[:1]
    with office.disk.read_only():
        went = _try_all(office, outcome, openings)
    office.engine.dispose()
    _check_nothing_half(office, outcome, went)
    _go_on(office, outcome)
    return outcome
