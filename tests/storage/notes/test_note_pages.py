"""Reading a client's notes and timeline a page at a time, on both databases: every
note exactly once in order (ties on the date and the time included), only what
the reader may see, each page audited, an altered note still flagged, and a
search that finds a note no page has shown yet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from domain.audit.events import AuditAction, AuditFilter
from domain.common.errors import ValidationError
from domain.notes.note import NoteForm
from domain.notes.paging import PAGE_SIZE
from domain.timeline.entries import EntryKind
from tests.gui.cases.caseload_office import assign, intake_case, make_office
from tests.gui.timeline.timeline_history import realistic_history
from tests.storage.notes.many_notes import (
    NEWEST,
    add_signed_notes,
    newest_first_key,
    plain_words,
)


@pytest.fixture
def office(services, admin, make_staff):
    office = make_office(services, admin, make_staff)
    office.case = intake_case(services, office, "Amara")
    assign(services, office, office.case, office.maria)
    office.client_id = services.cases.get(office.supervisor, office.case).client_id
    return office


def bulk(engine, office, count, words=plain_words, case_id=None):
    with engine.begin() as connection:
        add_signed_notes(
            connection,
            case_id or office.case,
            office.maria.staff_id,
            office.maria.username,
            count,
            newest=NEWEST,
            words=words,
        )


def every_page(services, actor, client_id, size=PAGE_SIZE):
    pages = [services.notes.page(actor, client_id, size=size)]
    while pages[-1].after is not None:
        pages.append(services.notes.page(actor, client_id, pages[-1].after, size=size))
    return pages


def tamper(engine, note_id):
    """What someone past the app (psql as the owner, a file editor) might do."""
    with engine.begin() as connection:
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            connection.execute(text("ALTER TABLE case_notes DISABLE TRIGGER USER"))
        connection.execute(
            text("UPDATE case_notes SET narrative = 'Never called.' WHERE id = :id"),
            {"id": note_id},
        )
        if postgres:
            connection.execute(text("ALTER TABLE case_notes ENABLE TRIGGER USER"))


def test_pages_hold_every_note_once_newest_first_through_ties(services, engine, office):
    bulk(engine, office, 230)
    boss = office.supervisor
    pages = every_page(services, boss, office.client_id)
    assert [len(p.notes) for p in pages] == [50, 50, 50, 50, 30]
    read = [note for page in pages for note in page.notes]
    assert len({n.id for n in read}) == 230
    assert read == sorted(read, key=newest_first_key)
    # Page one ends between two notes of the same day and the same minute.
    last, first_of_next = pages[0].notes[-1], pages[1].notes[0]
    assert last.values.contact_on == first_of_next.values.contact_on
    assert last.values.contact_at == first_of_next.values.contact_at
    # A time-less note follows the timed ones of its day, across a page boundary too.
    assert [n.id for n in every_page(services, boss, office.client_id, size=7)[3].notes] == [
        n.id for n in read[21:28]
    ]
    assert all(n.client_name == "Amara Okafor" and n.client_id == office.client_id for n in read)


def test_each_page_is_one_audited_reading_of_the_client_notes(services, engine, office):
    bulk(engine, office, 120)
    boss = office.supervisor
    pages = every_page(services, boss, office.client_id)
    viewed = [
        e.detail
        for e in services.audit.query(boss, AuditFilter(action=AuditAction.NOTES_VIEWED))
        if e.entity_type == "client"
    ]
    assert sorted(viewed) == sorted(
        [
            "notes=50",
            f"notes=50 after=note:{pages[0].notes[-1].id}",
            f"notes=20 after=note:{pages[1].notes[-1].id}",
        ]
    )


def test_a_page_holds_only_what_the_reader_may_read(services, engine, office):
    bulk(engine, office, 60)
    maria, boss = office.maria, office.supervisor
    draft = services.notes.start_draft(maria, office.case, NoteForm(narrative="Unfinished"))
    secret = services.notes.start_draft(
        boss, office.case, NoteForm(narrative="Called", confidential=True)
    )
    secret = services.notes.sign(
        boss,
        secret.id,
        secret.version,
        NoteForm("11/23/2026", "18:00", "phone", "10", "", "Safety plan.", True),
    )
    mine = every_page(services, maria, office.client_id)
    assert mine[0].notes[0].id == draft.id  # an undated draft first of all
    assert secret.id not in {n.id for p in mine for n in p.notes}
    assert sum(len(p.notes) for p in mine) == 61
    supervised = every_page(services, boss, office.client_id)
    assert supervised[0].notes[0].id == secret.id
    assert draft.id not in {n.id for p in supervised for n in p.notes}


def test_an_altered_note_on_a_later_page_is_still_flagged(services, engine, office):
    bulk(engine, office, 120)
    boss = office.supervisor
    before = every_page(services, boss, office.client_id)
    assert all(n.intact for p in before for n in p.notes)
    altered = before[2].notes[5]
    tamper(engine, altered.id)
    after = every_page(services, boss, office.client_id)
    flagged = [n.id for p in after for n in p.notes if not n.intact]
    assert flagged == [altered.id]
    # The answer was worked out by the service, before the page reached anyone.
    assert all("intact" in n.__dict__ for p in after for n in p.notes)


def test_timeline_pages_laid_end_to_end_are_the_whole_timeline(services, engine, office, clock):
    history = realistic_history(services, office, clock)
    bulk(engine, office, 230, case_id=history.case_id)
    boss = office.supervisor
    notes = services.notes.for_client(boss, history.client_id)
    # Sixty addenda over twenty days, written at three times of each.
    for n in range(60):
        day, hour = divmod(n, 3)
        clock.now = datetime(2026, 11, 23, 8 + 3 * hour, tzinfo=UTC) - timedelta(days=day)
        services.notes.add_addendum(boss, notes[n * 3].id, f"Checked with the landlord ({n}).")
    whole = services.timeline.for_client(boss, history.client_id)

    pages = [services.timeline.first_page(boss, history.client_id)]
    while pages[-1].cursor is not None:
        pages.append(services.timeline.next_page(boss, history.client_id, pages[-1].cursor))
    keys = [e.key for page in pages for e in page.entries]
    assert keys == [e.key for e in whole]
    assert len(pages) >= 4 and len(pages[0].entries) < len(whole) // 3
    assert pages[0].total == len(whole)
    assert pages[0].counts[EntryKind.NOTE] == sum(e.kind is EntryKind.NOTE for e in whole)
    # Every page ends at midnight: no day is split between two pages.
    for older, newer in zip(pages[1:], pages, strict=False):
        assert older.entries[0].day < newer.entries[-1].day
    viewed = services.audit.query(boss, AuditFilter(action=AuditAction.TIMELINE_VIEWED))
    assert len(viewed) == len(pages) + 1  # and one for the whole, above


def test_search_finds_a_note_no_page_has_shown(services, engine, office):
    page_forty = 40 * PAGE_SIZE - 10  # the 1,990th newest of 2,000
    bulk(
        engine,
        office,
        2000,
        words=lambda n: (
            "Met the zebra-finch breeder about Straße rent." if n == page_forty else plain_words(n)
        ),
    )
    boss = office.supervisor
    first = services.timeline.first_page(boss, office.client_id)
    assert all("zebra" not in e.detail for e in first.entries)
    for typed in ("ZEBRA-FINCH", "finch breeder", "strasse rent", "Phone ZEBRA"):
        found = services.timeline.search(boss, office.client_id, typed)
        assert [e.detail for e in found] == ["Met the zebra-finch breeder about Straße rent."]
    assert services.timeline.search(boss, office.client_id, "zebra giraffe") == []
    # Words the timeline itself adds to a note narrow nothing, and still match.
    assert len(services.timeline.search(boss, office.client_id, "phone call, 15 min")) == 2000
    with pytest.raises(ValidationError) as refused:
        services.timeline.search(boss, office.client_id, "x" * 201)
    assert "at most 200" in refused.value.errors["search"]
