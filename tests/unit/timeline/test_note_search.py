"""What the database is asked to look for when the timeline searches notes not read
yet: never something that would leave out a note the search box matches."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from domain.common.errors import ValidationError
from domain.notes.note import Addendum, ContactType, Note, NoteValues
from domain.timeline.entries import note_entries
from domain.timeline.note_search import narrowing_terms, validate_search

WRITTEN = datetime(2026, 11, 7, 16, 0, tzinfo=UTC)


def a_note(narrative: str, location: str = "", confidential: bool = False) -> Note:
    values = NoteValues(
        date(2026, 11, 6),
        time(9, 15),
        ContactType.HOME_VISIT,
        45,
        location,
        narrative,
        confidential,
        (),
    )
    addendum = Addendum(5, 12, 1, 2, "jchen", "Landlord: two weeks, not one.", "", WRITTEN)
    return Note(
        id=12,
        version=1,
        case_id=7,
        client_id=3,
        client_name="José Núñez",
        author_staff_id=2,
        author="mgarcia",
        values=values,
        signed_at=WRITTEN,
        signed_by="mgarcia",
        fingerprint="",
        cosign_required=True,
        cosigned_by="",
        cosigned_at=None,
        created_at=WRITTEN,
        updated_at=WRITTEN,
        addenda=(addendum,),
    )


def test_words_the_timeline_adds_to_a_note_ask_nothing_of_the_database():
    assert narrowing_terms("Home visit, 45 min · confidential") == ()
    assert narrowing_terms("Addendum 1 to the home visit of 11/06/2026") == ()
    assert narrowing_terms("K000007 awaiting co-signature Location:") == ()
    assert narrowing_terms("a b 7 K7") == ()


def test_written_words_are_asked_for_in_their_ascii_runs():
    assert narrowing_terms("ZEBRA-finch") == ("zebra", "finch")
    assert narrowing_terms("José Straße") == ("jos", "strasse")  # ß folds to ss
    assert narrowing_terms("Наталья") == ()  # nothing ASCII to ask for: every note is read
    assert narrowing_terms("rent rent") == ("rent",)


@pytest.mark.parametrize(
    "narrative, location",
    [
        ("Rent arrears: landlord agreed to wait.", "Client's home"),
        ("José's daughter (age 9) was present; 3 visits left.", "Café Núñez, 2nd floor"),
        ("Visit went well.\nNext: call the school.", ""),
    ],
)
def test_every_word_a_note_entry_matches_is_found_in_what_was_written(narrative, location):
    """The promise behind a complete search: for any word of any entry the search box
    matches, each term asked of the database is in the note's written text."""
    note = a_note(narrative, location, confidential=True)
    written = " ".join(
        [narrative, location, note.author] + [f"{a.text} {a.author}" for a in note.addenda]
    ).lower()
    for entry in note_entries([note]):
        haystack = " ".join((entry.title, entry.detail, entry.who, entry.case_number))
        for word in haystack.split():
            for term in narrowing_terms(word):
                assert term in written, (word, term)


def test_a_search_is_at_most_two_hundred_characters():
    assert validate_search("rent") == "rent"
    with pytest.raises(ValidationError) as refused:
        validate_search("rent " * 41)
    assert refused.value.errors == {"search": "Search for at most 200 characters (this has 205)."}
