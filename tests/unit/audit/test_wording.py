"""Audit details in words: every code the app stores has words, and the stored
value is what it was."""

from __future__ import annotations

from domain.audit.events import AuditAction
from domain.audit.wording import REFUSAL_WORDS, detail_in_words
from domain.common.policy import Permission


def test_every_permission_a_refusal_can_name_has_words_of_its_own():
    assert set(REFUSAL_WORDS) == {*Permission, "database"}
    assert len(set(REFUSAL_WORDS.values())) == len(REFUSAL_WORDS)
    assert all("." not in words for words in REFUSAL_WORDS.values())


def test_a_refusal_reads_as_words():
    refused = AuditAction.ACCESS_REFUSED
    assert detail_in_words(refused, "client.any") == "Not on their caseload"
    assert detail_in_words(refused, "note.read") == "Role may not read case notes"
    assert detail_in_words(refused, "database") == "Refused by the database"


def test_what_has_no_words_stays_as_stored():
    assert detail_in_words(AuditAction.ACCESS_REFUSED, "client.teleport") == "client.teleport"
    # The same text under another action is not a permission.
    assert detail_in_words(AuditAction.CLIENT_CHANGED, "client.any") == "client.any"
    assert detail_in_words(AuditAction.NOTE_SIGNED, "case=4 cosign=required") == (
        "case=4 cosign=required"
    )
