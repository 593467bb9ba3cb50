"""What a note must say before it is signed, and the fingerprint that fixes it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from domain.common.errors import ValidationError
from domain.notes.note import TEMPLATES, ContactType, NoteForm, fingerprint, validate_note

TODAY = date(2026, 11, 23)
COMPLETE = NoteForm(
    contact_date="11/23/2026",
    contact_time="14:30",
    contact_type="phone",
    duration_minutes="15",
    narrative="Called about the rent arrears; landlord agreed to wait a week.",
)


def errors_of(form: NoteForm, *, signing: bool) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        validate_note(form, today=TODAY, signing=signing)
    return raised.value.errors


def test_a_draft_may_be_incomplete_but_signing_needs_everything():
    draft = NoteForm(narrative="Called")
    assert validate_note(draft, today=TODAY, signing=False).contact_on is None
    assert set(errors_of(draft, signing=True)) == {"contact_date", "duration_minutes"}
    template_only = replace(COMPLETE, narrative=TEMPLATES[ContactType.PHONE])
    assert errors_of(template_only, signing=True) == {
        "narrative": "Write what happened before signing."
    }


def test_typed_values_are_checked_even_in_a_draft():
    bad = NoteForm(
        contact_date="12/25/2026", contact_time="2pm", duration_minutes="0", contact_type="x"
    )
    assert set(errors_of(bad, signing=False)) == {
        "contact_date",
        "contact_time",
        "duration_minutes",
        "contact_type",
    }


def test_the_fingerprint_changes_with_any_word_and_only_then():
    values = validate_note(COMPLETE, today=TODAY, signing=True)
    same = validate_note(
        replace(COMPLETE, narrative=COMPLETE.narrative + "  \n"), today=TODAY, signing=True
    )
    assert fingerprint(values, case_id=7, author="mrivera") == fingerprint(
        same, case_id=7, author="mrivera"
    )
    changed = validate_note(
        replace(COMPLETE, narrative=COMPLETE.narrative.replace("week", "month")),
        today=TODAY,
        signing=True,
    )
    assert fingerprint(values, case_id=7, author="mrivera") != fingerprint(
        changed, case_id=7, author="mrivera"
    )
    assert fingerprint(values, case_id=7, author="mrivera") != fingerprint(
        values, case_id=8, author="mrivera"
    )
