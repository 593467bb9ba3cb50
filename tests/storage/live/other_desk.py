"""Another desk, in a process of its own: signs in and signs one note.

    python -m tests.storage.live.other_desk URL USERNAME PASSWORD CASE_ID

URL is a PostgreSQL office (the person's own login) or an embedded SQLite file.
Prints the signed note's id and when it was committed. The live-update tests run it beside the desk
that listens, so the change really comes from elsewhere.
"""

from __future__ import annotations

import sys
import time

from sqlalchemy import make_url

import main
from domain.notes.note import NoteForm
from storage.common.engine import create_database_engine
from storage.staff.postgres_sign_in import PostgresAuthenticator

NOTE = NoteForm(
    contact_date="11/23/2026",
    contact_type="phone",
    duration_minutes="10",
    narrative="Called from the other desk; the landlord agreed to wait.",
)


def main_(url: str, username: str, password: str, case_id: int) -> int:
    if make_url(url).get_backend_name() == "sqlite":
        auth = main.build_embedded(create_database_engine(url))
    else:
        auth = PostgresAuthenticator(url)
    session = auth.sign_in(username, password, "WS-OTHER")
    notes = session.services.notes
    draft = notes.start_draft(session.actor, case_id, NoteForm(narrative="Called"))
    note = notes.sign(session.actor, draft.id, draft.version, NOTE)
    print(note.id, time.time())  # committed: the listener's latency counts from here
    return 0


if __name__ == "__main__":
    sys.exit(main_(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
