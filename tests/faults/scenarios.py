"""Faults between a desk and the shared server, run against real PostgreSQL.

Each scenario signs case notes through CaseDesk's services while something
goes wrong on the way (tests/faults/tcp_proxy.py), then reads what the server
holds, as its superuser, and counts: calls reported saved but not stored
(lost), notes stored other than as signed (half-saved), and what the person
was told. Used by tests/faults/test_network_faults.py and by the table script
``python -m tests.faults.fault_table``.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from dataclasses import dataclass, field

import psycopg
from sqlalchemy import URL

from domain.common.errors import CaseDeskError
from domain.notes.note import NoteForm
from domain.staff.session import Session
from storage.staff.postgres_sign_in import PostgresAuthenticator
from tests.faults.tcp_proxy import BLACKHOLE, DELAY, PASS, FaultyProxy

NARRATIVE = "Visited at home; Mrs. Nguyễn agreed to the budget plan (run {n})."


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
    lost: int = 0  # reported signed, not signed on the server
    half_saved: int = 0  # on the server, but not as the person signed it
    saved_though_refused: int = 0  # reported failed, yet stored whole (ack lost on the way)
    recovered: bool = False  # with the fault gone, the very next save went through
    messages: Counter = field(default_factory=Counter)

    @property
    def shown(self) -> str:
        return "; ".join(f"{text} (x{n})" for text, n in self.messages.most_common())


def _server_state(superuser: psycopg.Connection, draft_ids: list[int]) -> dict[int, tuple]:
    rows = superuser.execute(
        "SELECT id, signed_at IS NOT NULL, narrative, fingerprint IS NOT NULL, "
        "case_note_proof_holds(n) FROM case_notes n WHERE id = ANY(%s)",
        (draft_ids,),
    ).fetchall()
    return {row[0]: row[1:] for row in rows}


def sign_through(
    office_url: URL,
    superuser: psycopg.Connection,
    worker: Session,
    case_id: int,
    *,
    fault: str,
    runs: int,
    seed: int = 7,
) -> Outcome:
    """``runs`` notes signed one by one through a proxy that does ``fault`` meanwhile."""
    chance = random.Random(seed)
    proxy = FaultyProxy((office_url.host or "127.0.0.1", office_url.port or 5432))
    auth = PostgresAuthenticator(office_url.set(port=proxy.port))
    outcome = Outcome(fault)
    try:
        desk = auth.sign_in(worker.actor.username, "lantern-meadow-quartz-91", "WS-FAULTY")
        notes = desk.services.notes
        drafts = [
            notes.start_draft(desk.actor, case_id, NoteForm(narrative="Draft"))
            for _ in range(runs + 1)
        ]
        last = drafts.pop()
        reported: dict[int, str] = {}
        for n, draft in enumerate(drafts):
            strike = _arm(proxy, fault, chance)
            try:
                notes.sign(desk.actor, draft.id, draft.version, note_form(n))
                reported[draft.id] = "signed"
            except CaseDeskError as error:
                reported[draft.id] = "failed"
                outcome.messages[str(error)] += 1
            finally:
                strike.cancel()
                proxy.mode = PASS
            outcome.runs += 1
        # The fault is gone: the pool must not hand out the dead connections again.
        try:
            notes.sign(desk.actor, last.id, last.version, note_form(runs))
            outcome.recovered = True
        except CaseDeskError:
            outcome.recovered = False
        state = _server_state(superuser, [d.id for d in drafts])
        for n, draft in enumerate(drafts):
            signed, narrative, fingerprinted, proof_holds = state[draft.id]
            whole = signed and narrative == NARRATIVE.format(n=n) and fingerprinted and proof_holds
            if signed and not whole:
                outcome.half_saved += 1
            if reported[draft.id] == "signed" and not whole:
                outcome.lost += 1
            if reported[draft.id] == "failed" and whole:
                outcome.saved_though_refused += 1
    finally:
        auth.close()
        proxy.close()
    return outcome


def _arm(proxy: FaultyProxy, fault: str, chance: random.Random) -> threading.Timer:
    """Start the fault at a random moment of the coming call."""
    if fault == "cut":
        action = proxy.cut
    elif fault == "blackhole":

        def action() -> None:
            proxy.mode = BLACKHOLE

    elif fault == "delay":
        proxy.mode, proxy.delay_seconds = DELAY, 0.05

        def action() -> None:
            pass

    else:
        raise ValueError(fault)
    timer = threading.Timer(chance.uniform(0.0, 0.012), action)
    timer.daemon = True
    timer.start()
    return timer
