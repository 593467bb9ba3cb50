"""Pages of notes on the shared server as the caseworker herself, under row-level
security and the server's own proofs: her client's notes page through whole, a
note altered behind the app's back is flagged on its page, and the timeline pages
and searches as she may see it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from domain.clients.record import ClientForm
from domain.common.errors import PermissionDenied
from domain.common.policy import Role
from domain.notes.note import NoteForm
from storage import postgres_setup
from storage.common.engine import create_database_engine
from tests.storage.notes.many_notes import (
    NEWEST,
    add_signed_notes,
    newest_first_key,
    plain_words,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def office(postgres_office):
    office = postgres_office
    supervisor = office.hire(Role.SUPERVISOR, "Dana Lee")
    maria = office.hire(Role.CASEWORKER, "Maria Garcia")
    jamie = office.hire(Role.CASEWORKER, "Jamie Chen")
    s = supervisor.services
    client = s.clients.register(
        supervisor.actor, ClientForm(first_name="Amara", last_name="Okafor")
    )
    case_id = s.cases.open_case(supervisor.actor, client.id, maria.actor.staff_id)
    it = create_database_engine(
        postgres_setup.with_options(office.url, search_path=postgres_setup.SCHEMA)
    )
    with it.begin() as connection:  # an import, signed by the server row by row
        add_signed_notes(
            connection,
            case_id,
            maria.actor.staff_id,
            maria.actor.username,
            180,
            newest=NEWEST,
            words=lambda n: "The zebra finch again." if n == 170 else plain_words(n),
        )
    yield office, it, supervisor, maria, jamie, client.id, case_id
    it.dispose()


def test_her_own_login_pages_through_every_note_and_an_altered_one_is_flagged(office):
    _office, it, supervisor, maria, _jamie, client_id, case_id = office
    secret = supervisor.services.notes.start_draft(
        supervisor.actor, case_id, NoteForm(narrative="Called", confidential=True)
    )
    supervisor.services.notes.sign(
        supervisor.actor,
        secret.id,
        secret.version,
        NoteForm("11/23/2026", "18:00", "phone", "10", "", "Safety plan.", True),
    )
    notes = maria.services.notes
    pages = [notes.page(maria.actor, client_id)]
    while pages[-1].after is not None:
        pages.append(notes.page(maria.actor, client_id, pages[-1].after))
    read = [n for p in pages for n in p.notes]
    assert len(pages) == 4 and len({n.id for n in read}) == 180
    assert read == sorted(read, key=newest_first_key)
    assert all(n.intact and n.proof_holds for n in read)  # the server signed each

    altered = pages[2].notes[3]
    with it.begin() as connection:
        connection.execute(text("ALTER TABLE case_notes DISABLE TRIGGER USER"))
        connection.execute(
            text("UPDATE case_notes SET narrative = 'Never called.' WHERE id = :id"),
            {"id": altered.id},
        )
        connection.execute(text("ALTER TABLE case_notes ENABLE TRIGGER USER"))
    again = notes.page(maria.actor, client_id, pages[1].after)
    assert [n.id for n in again.notes if not n.intact] == [altered.id]


def test_the_timeline_pages_and_searches_as_she_may_see_it(office):
    _office, _it, supervisor, maria, jamie, client_id, _case_id = office
    timeline = maria.services.timeline
    first = timeline.first_page(maria.actor, client_id)
    assert first.cursor is not None and len(first.entries) < 60
    entries = list(first.entries)
    cursor = first.cursor
    while cursor is not None:
        page = timeline.next_page(maria.actor, client_id, cursor)
        entries += page.entries
        cursor = page.cursor
    assert [e.key for e in entries] == [
        e.key for e in supervisor.services.timeline.for_client(supervisor.actor, client_id)
    ]
    (found,) = timeline.search(maria.actor, client_id, "zebra")
    assert found.detail == "The zebra finch again."
    with pytest.raises(PermissionDenied):
        jamie.services.timeline.search(jamie.actor, client_id, "zebra")
    with pytest.raises(PermissionDenied):
        jamie.services.notes.page(jamie.actor, client_id)
