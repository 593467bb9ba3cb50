"""Which drafts to offer back after signing in: the newer of the local copy and the
database's, local copies of notes never saved, and none of notes signed since."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from domain.notes.local_drafts import LocalDraft, drafts_to_offer
from domain.notes.note import ContactType, Note, NoteForm, NoteValues
from storage.notes.draft_files import DraftFiles

T0 = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)


def stored(note_id: int, narrative: str, updated: datetime, signed: bool = False) -> Note:
    values = NoteValues(date(2026, 11, 23), None, ContactType.PHONE, 10, "", narrative, False, ())
    return Note(
        note_id, 3, 7, 1, "Amara Okafor", 5, "mgarcia", values,
        T0 if signed else None, "", "", False, "", None, T0, updated,
    )  # fmt: skip


def local(key: str, note_id: int | None, narrative: str, saved: datetime) -> LocalDraft:
    form = NoteForm(contact_date="11/23/2026", duration_minutes="10", narrative=narrative)
    return LocalDraft("mgarcia", key, 7, note_id, "Amara Okafor", form, saved)


def test_the_newer_copy_wins_and_stale_local_copies_are_dropped():
    later = T0 + timedelta(minutes=1)
    offers, stale = drafts_to_offer(
        [
            local("a", 1, "local words, newer", later),
            local("b", 2, "local words, older", T0 - timedelta(minutes=5)),
            local("c", None, "never reached the database", T0),
            local("d", 9, "signed elsewhere since", later),
        ],
        [
            stored(1, "database words", T0),
            stored(2, "database words, newer", T0),
            stored(3, "", T0),
        ],
    )
    by_key = {offer.local_key: offer for offer in offers}
    assert by_key["a"].form.narrative == "local words, newer" and by_key["a"].from_local_copy
    assert by_key["b"].form.narrative == "database words, newer"
    assert by_key["c"].note is None and by_key["c"].from_local_copy
    assert by_key[None].note.id == 3  # a database draft with no local copy
    assert [copy.key for copy in stale] == ["d"]


def test_offline_every_local_copy_is_offered_and_none_is_stale(tmp_path):
    files = DraftFiles(tmp_path)
    files.save(local("case7-note9", 9, "Words only this computer has: ünïcode ✓", T0))
    (copy,) = files.drafts_of("mgarcia")
    assert copy.form.narrative == "Words only this computer has: ünïcode ✓"
    offers, stale = drafts_to_offer([copy], None)
    assert [o.form.narrative for o in offers] == [copy.form.narrative] and stale == []
    files.remove("mgarcia", "case7-note9")
    assert files.drafts_of("mgarcia") == [] and list(tmp_path.rglob("*.tmp")) == []
