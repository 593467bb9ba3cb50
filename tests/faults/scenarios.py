"""Faults between a desk and the shared server, run against real PostgreSQL.

Each scenario saves through CaseDesk's services while something goes wrong on
the way (tests/faults/tcp_proxy.py), then reads what the server holds, as its
superuser, and counts: calls reported saved but not stored (lost), notes
stored other than as saved (half-saved), rows made twice (doubled), calls
reported not saved that were stored all the same (saved though refused), what
the person was told, and whether the next save goes through with the fault
gone. "Cannot tell yet whether it was saved" is the truth when the line went
down as the server was committing; such a save, made again once the line is
back, must answer with what the first one stored. Used by
tests/faults/test_network_faults.py and by ``python -m tests.faults.fault_table``.

The desks here wait briefly (``TEST_LIMITS``): the server stops a statement
after 1 s, the watchdog ends a call left unanswered after 1.5 s.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import psycopg
from sqlalchemy import URL

from domain.common.errors import CaseDeskError
from domain.notes.note import NoteForm
from domain.staff.session import Session
from storage.common.connection_health import ConnectionLimits
from storage.staff.postgres_sign_in import PostgresAuthenticator
from tests.faults.tcp_proxy import DELAY, DROP_COMMIT, LOSE_ANSWER, PASS, FaultyProxy

NARRATIVE = "Visited at home; Mrs. Nguyễn agreed to the budget plan (run {n})."
FIRST_WORDS = "Phoned Mrs. Nguyễn about the budget (draft {n})."
ADDENDUM = "Correction: the visit lasted 45 minutes (addendum {n})."
PASSWORD = "lantern-meadow-quartz-91"  # tests.conftest.TEST_PASSWORD

TEST_LIMITS = ConnectionLimits(
    connect_seconds=2, statement_seconds=1.0, unanswered_seconds=1.5, settle_seconds=1.0
)

# fault: what the table calls it
SIGNING_FAULTS = {
    "cut": "connection cut mid-call",
    "delay": "slow line (50 ms/chunk)",
    "blackhole": "blackhole mid-statement",
    "commit dropped": "blackhole mid-commit",
    "answer lost": "COMMIT's answer lost",
    "line down": "line down during COMMIT",
}
CREATING_FAULTS = {
    "draft": "answer lost, retry: new draft",
    "addendum": "answer lost, retry: addendum",
}
_AT_COMMIT = {"commit dropped": DROP_COMMIT, "answer lost": LOSE_ANSWER}


def note_form(n: int) -> NoteForm:
    return NoteForm(
        contact_date="11/23/2026",
        contact_type="home_visit",
        duration_minutes="30",
        narrative=NARRATIVE.format(n=n),
    )


@dataclass
class Outcome:
    fault: str
    runs: int = 0
    lost: int = 0  # reported saved, not stored (or not as saved)
    half_saved: int = 0  # on the server, but not as the person saved it
    saved_though_refused: int = 0  # reported "nothing was saved", yet stored whole
    recovered: bool = False  # with the fault gone, the very next save went through
    messages: Counter = field(default_factory=Counter)
    doubled: int = 0  # saves stored twice
    # Calls the fault reached (they had to look again on a fresh connection); None
    # for a fault that does not strike (a slow line).
    met: int | None = 0
    unknown: int = 0  # told "cannot tell yet" (true either way), then saved again
    slowest: float = 0.0  # the longest call, in seconds

    @property
    def shown(self) -> str:
        return "; ".join(f"{text} (x{n})" for text, n in self.messages.most_common())

    @property
    def told_wrong(self) -> int:
        return self.lost + self.saved_though_refused

    @property
    def counts(self) -> str:
        met = "-" if self.met is None else self.met
        return f"[met {met}/{self.runs}, doubled {self.doubled}, slowest {self.slowest:.1f} s]"


def told(error: CaseDeskError) -> str:
    """What an error told the person about their save: "not saved", "saved" or
    "unknown" (domain/common/server_errors.py); "not saved" for any other refusal."""
    saved = getattr(error, "saved", False)
    return "unknown" if saved is None else ("saved" if saved else "not saved")


class _Strike:
    """One fault, started during one call; ``end`` stops it and says whether it met the
    call."""

    def __init__(self, proxy: FaultyProxy, fault: str, chance: random.Random):
        self._proxy = proxy
        self._fault = fault
        self._timer: threading.Timer | None = None
        self._accepted_then: int | None = None
        self._trapped_before = proxy.commits_trapped
        if fault == "delay":
            proxy.mode, proxy.delay_seconds = DELAY, 0.05
        elif fault in _AT_COMMIT:
            proxy.at_next_commit(_AT_COMMIT[fault])
        elif fault == "line down":
            proxy.at_next_commit(chance.choice((DROP_COMMIT, LOSE_ANSWER)), line_down=True)
        elif fault in ("cut", "blackhole"):
            self._timer = threading.Timer(chance.uniform(0.0, 0.012), self._strike)
            self._timer.daemon = True
            self._timer.start()
        else:
            raise ValueError(fault)

    def _strike(self) -> None:
        self._accepted_then = self._proxy.accepted
        if self._fault == "cut":
            self._proxy.cut()
        else:
            self._proxy.darken()

    def end(self) -> bool:
        if self._timer is not None:
            self._timer.cancel()
        self._proxy.disarm()
        self._proxy.mode = PASS
        if self._fault in ("cut", "blackhole"):
            # The call met it if it needed a fresh connection afterwards.
            return self._accepted_then is not None and self._proxy.accepted > self._accepted_then
        return self._proxy.commits_trapped > self._trapped_before


def _server_state(superuser: psycopg.Connection, draft_ids: list[int]) -> dict[int, tuple]:
    rows = superuser.execute(
        "SELECT id, signed_at IS NOT NULL, narrative, fingerprint IS NOT NULL, "
        "case_note_proof_holds(n) FROM case_notes n WHERE id = ANY(%s)",
        (draft_ids,),
    ).fetchall()
    return {row[0]: row[1:] for row in rows}


def _newest_note(superuser: psycopg.Connection) -> int:
    return superuser.execute("SELECT coalesce(max(id), 0) FROM case_notes").fetchone()[0]


def _desk(office_url: URL, worker: Session, limits: ConnectionLimits):
    proxy = FaultyProxy((office_url.host or "127.0.0.1", office_url.port or 5432))
    auth = PostgresAuthenticator(office_url.set(port=proxy.port), limits=limits)
    desk = auth.sign_in(worker.actor.username, PASSWORD, "WS-FAULTY")
    return proxy, auth, desk


def sign_through(
    office_url: URL,
    superuser: psycopg.Connection,
    worker: Session,
    case_id: int,
    *,
    fault: str,
    runs: int,
    seed: int = 7,
    limits: ConnectionLimits = TEST_LIMITS,
) -> Outcome:
    """``runs`` notes signed one by one through a proxy that does ``fault`` meanwhile."""
    chance = random.Random(seed)
    outcome = Outcome(fault, met=None if fault == "delay" else 0)
    newest = _newest_note(superuser)
    proxy, auth, desk = _desk(office_url, worker, limits)
    try:
        notes = desk.services.notes
        drafts = [
            notes.start_draft(desk.actor, case_id, NoteForm(narrative="Draft"))
            for _ in range(runs + 1)
        ]
        last = drafts.pop()
        reported: dict[int, str] = {}
        for n, draft in enumerate(drafts):
            strike = _Strike(proxy, fault, chance)
            started = time.monotonic()
            try:
                notes.sign(desk.actor, draft.id, draft.version, note_form(n))
                reported[draft.id] = "saved"
            except CaseDeskError as error:
                reported[draft.id] = told(error)
                outcome.messages[str(error)] += 1
            finally:
                met = strike.end()
                if outcome.met is not None:
                    outcome.met += met
                outcome.slowest = max(outcome.slowest, time.monotonic() - started)
            outcome.runs += 1
        # The fault is gone: the pool must not hand out the dead connections again,
        # and a save the person could not be told about, made again, must answer
        # with what the first one stored.
        outcome.recovered = True
        for n, draft in enumerate(drafts):
            if reported[draft.id] != "unknown":
                continue
            outcome.unknown += 1
            try:
                notes.sign(desk.actor, draft.id, draft.version, note_form(n))
                reported[draft.id] = "saved"
            except CaseDeskError as error:
                outcome.messages[f"saved again: {error}"] += 1
                outcome.recovered = False
        try:
            notes.sign(desk.actor, last.id, last.version, note_form(runs))
        except CaseDeskError as error:
            outcome.messages[f"with the fault gone: {error}"] += 1
            outcome.recovered = False
        state = _server_state(superuser, [d.id for d in drafts])
        for n, draft in enumerate(drafts):
            signed, narrative, fingerprinted, proof_holds = state[draft.id]
            whole = signed and narrative == NARRATIVE.format(n=n) and fingerprinted and proof_holds
            if signed and not whole:
                outcome.half_saved += 1
            if reported[draft.id] == "saved" and not whole:
                outcome.lost += 1
            if reported[draft.id] == "not saved" and whole:
                outcome.saved_though_refused += 1
        outcome.doubled = superuser.execute(
            "SELECT count(*) - count(DISTINCT narrative) FROM case_notes "
            "WHERE case_id = %s AND id > %s AND narrative LIKE 'Visited at home%%'",
            (case_id, newest),
        ).fetchone()[0]
    finally:
        auth.close()
        proxy.close()
    return outcome


def create_through(
    office_url: URL,
    superuser: psycopg.Connection,
    worker: Session,
    case_id: int,
    *,
    what: str,
    runs: int,
    limits: ConnectionLimits = TEST_LIMITS,
) -> Outcome:
    """``runs`` new drafts (``what`` "draft") or addenda ("addendum") made one by one
    while the server's answer to each COMMIT is lost: the save is tried again on a
    fresh connection, where a plain insert would make the row a second time."""
    outcome = Outcome(what)
    newest = _newest_note(superuser)
    proxy, auth, desk = _desk(office_url, worker, limits)
    try:
        notes = desk.services.notes
        signed = None
        if what == "addendum":
            draft = notes.start_draft(desk.actor, case_id, NoteForm(narrative="Draft"))
            signed = notes.sign(desk.actor, draft.id, draft.version, note_form(1000))
        elif what != "draft":
            raise ValueError(what)
        text = FIRST_WORDS if what == "draft" else ADDENDUM
        reported: dict[int, str] = {}
        for n in range(runs + 1):
            last = n == runs  # with the fault gone
            if not last:
                proxy.at_next_commit(LOSE_ANSWER)
            trapped = proxy.commits_trapped
            started = time.monotonic()
            try:
                if signed is None:
                    notes.start_draft(desk.actor, case_id, NoteForm(narrative=text.format(n=n)))
                else:
                    notes.add_addendum(desk.actor, signed.id, text.format(n=n))
                reported[n] = "saved"
            except CaseDeskError as error:
                reported[n] = told(error)
                outcome.messages[str(error)] += 1
            finally:
                proxy.disarm()
                outcome.met += proxy.commits_trapped > trapped
                outcome.slowest = max(outcome.slowest, time.monotonic() - started)
            if not last:
                outcome.runs += 1
        outcome.recovered = reported[runs] == "saved"
        if signed is None:
            query = (
                "SELECT narrative, count(*) FROM case_notes WHERE case_id = %s AND id > %s "
                "GROUP BY 1"
            )
            stored = dict(superuser.execute(query, (case_id, newest)).fetchall())
        else:
            query = "SELECT text, count(*) FROM case_note_addenda WHERE note_id = %s GROUP BY 1"
            stored = dict(superuser.execute(query, (signed.id,)).fetchall())
        for n in range(runs):
            copies = stored.get(text.format(n=n), 0)
            outcome.doubled += max(0, copies - 1)
            if reported[n] == "saved" and copies == 0:
                outcome.lost += 1
            if reported[n] == "not saved" and copies:
                outcome.saved_though_refused += 1
    finally:
        auth.close()
        proxy.close()
    return outcome
