"""A desk that autosaves and signs case notes until it is killed: the process that
tests/faults/process_scenarios.py kills with SIGKILL at a random moment.

    CASEDESK_FAULT_PASSWORD=... python -m tests.faults.crash_worker \\
        --database URL --drafts FOLDER --username NAME --case ID --note ID

Round n, as the note editor does it: the open draft's copy on this computer
(``copy``), the same draft saved to the database (``autosave``), then a new
note started (``draft``), its copy kept (``keep``), signed (``sign``) and its
copy removed. Each step
is announced on stdout before it starts (``begin <step> <n>``) and when it is
done (``done <step> <n> [note id]``), flushed at once, so the killer knows what
the person was told was saved. The password comes in the environment, never on
a command line. On SQLite CaseDesk checks it (with the tests' cheap argon2
parameters); on PostgreSQL the server does, for the person's own login role.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import make_url

PASSWORD_VARIABLE = "CASEDESK_FAULT_PASSWORD"
WORDS = "Talked through the rent arrears and the landlord's letter; agreed next steps. "


def narrative(step: str, n: int) -> str:
    """The words of round ``n``: long enough that a write takes a while to make."""
    return (f"{step} {n}: " + WORDS * 40).strip()


def round_of(step: str, text: str) -> int | None:
    """Which round wrote ``text`` (None: no round's whole words)."""
    head = text.partition(": ")[0]
    word, _, number = head.partition(" ")
    if word != step or not number.isdigit():
        return None
    n = int(number)
    return n if text == narrative(step, n) else None


def _say(*words: object) -> None:
    sys.stdout.write(" ".join(str(w) for w in words) + "\n")
    sys.stdout.flush()


def _sign_in(database: str, username: str, password: str):
    url = make_url(database)
    if url.get_backend_name() == "sqlite":
        import main
        from storage.common.engine import create_database_engine
        from tests.conftest import FAST_HASHING

        auth = main.build_embedded(create_database_engine(url), hashing=FAST_HASHING)
    else:
        from storage.staff.postgres_sign_in import PostgresAuthenticator

        auth = PostgresAuthenticator(url)
    return auth.sign_in(username, password, "WS-KILLED")


def run(args: argparse.Namespace) -> None:
    from domain.notes.local_drafts import LocalDraft, draft_key
    from domain.notes.note import NoteForm
    from storage.notes.draft_files import DraftFiles

    session = _sign_in(args.database, args.username, os.environ[PASSWORD_VARIABLE])
    notes, actor = session.services.notes, session.actor
    drafts = DraftFiles(Path(args.drafts))
    version = args.version

    def form(step: str, n: int) -> NoteForm:
        return NoteForm(
            contact_date="11/23/2026",
            contact_type="home_visit",
            duration_minutes="30",
            narrative=narrative(step, n),
        )

    def copy(key: str, note_id: int | None, step: str, n: int) -> None:
        kept = LocalDraft(
            actor.username, key, args.case, note_id, "Mai Nguyễn", form(step, n), datetime.now(UTC)
        )
        drafts.save(kept)

    _say("ready")
    for n in range(1_000_000):
        _say("begin copy", n)
        copy(draft_key(args.case, args.note), args.note, "autosave", n)
        _say("done copy", n)
        _say("begin autosave", n)
        version = notes.save_draft(actor, args.note, version, form("autosave", n)).version
        _say("done autosave", n)
        _say("begin draft", n)
        started = notes.start_draft(actor, args.case, NoteForm(narrative="Draft"))
        _say("done draft", n, started.id)
        key = draft_key(args.case, started.id)
        _say("begin keep", n)
        copy(key, started.id, "sign", n)
        _say("done keep", n)
        _say("begin sign", n, started.id)
        notes.sign(actor, started.id, started.version, form("sign", n))
        _say("done sign", n, started.id)
        drafts.remove(actor.username, key)


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--drafts", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--case", type=int, required=True)
    parser.add_argument("--note", type=int, required=True, help="the draft to autosave")
    parser.add_argument("--version", type=int, required=True, help="that draft's version")
    run(parser.parse_args())


if __name__ == "__main__":
    cli()
