"""People with one name (a given name or a family name alone) are registered
with HMIS name quality "partial", never reported as having a full name."""

from __future__ import annotations

from datetime import date

import pytest

from domain.clients._index import match_keys
from domain.clients.duplicates import PersonKeys, blocking_keys, score
from domain.clients.hmis import NameQuality
from domain.clients.intake import NewMember, member_form
from domain.clients.record import ClientForm, shown_name, validate_client_form
from domain.common.errors import ValidationError

TODAY = date(2026, 11, 23)


def validated(**typed):
    return validate_client_form(ClientForm(**typed), today=TODAY)


def errors(**typed) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        validated(**typed)
    return raised.value.errors


@pytest.mark.parametrize(
    ("first", "last"), [("Ahmad", ""), ("", "Nguyen"), ("秀英", ""), ("", "Sukarno")]
)
def test_one_name_with_a_partial_name_quality_is_registered(first, last):
    values = validated(first_name=first, last_name=last, name_quality=NameQuality.PARTIAL)
    assert (values.first_name, values.last_name) == (first, last)
    assert values.name_quality == NameQuality.PARTIAL


@pytest.mark.parametrize(
    ("first", "last", "blank"), [("Ahmad", "", "last_name"), ("", "Nguyen", "first_name")]
)
def test_one_name_is_never_saved_as_a_full_name(first, last, blank):
    found = errors(first_name=first, last_name=last, name_quality=NameQuality.FULL)
    assert set(found) == {blank}
    assert "one name" in found[blank] and "Partial" in found[blank]


def test_a_partial_name_still_needs_one_of_the_two():
    found = errors(first_name=" ", last_name="", name_quality=NameQuality.PARTIAL)
    assert set(found) == {"first_name", "last_name"}
    assert "first or the last name" in found["first_name"]


def test_a_full_name_left_blank_is_simply_required():
    assert errors(first_name="", last_name="") == {
        "first_name": "Required.",
        "last_name": "Required.",
    }


def test_one_name_shows_without_stray_spaces():
    assert shown_name("Ahmad", "", 7) == "Ahmad"
    assert shown_name("", "Nguyen", 7) == "Nguyen"
    assert shown_name(" ", "", 7) == "C000007"


def test_a_household_member_typed_with_one_name_is_a_partial_name():
    member = member_form(NewMember(first_name="Amani"), ClientForm())
    assert validate_client_form(member, today=TODAY).name_quality == NameQuality.PARTIAL
    both = member_form(NewMember(first_name="Amani", last_name="Juma"), ClientForm())
    assert validate_client_form(both, today=TODAY).name_quality == NameQuality.FULL


def test_a_person_with_one_name_is_found_as_a_duplicate_whichever_field_holds_it():
    stored = validated(
        first_name="Ahmad",
        name_quality=NameQuality.PARTIAL,
        date_of_birth="04/05/1990",
    )
    again = PersonKeys("", "Ahmad", date(1990, 4, 5))
    # Storage finds candidates by shared keys, then the domain scores them.
    assert blocking_keys(again) & match_keys(stored)
    result = score(again, PersonKeys("Ahmad", "", date(1990, 4, 5)))
    assert result.likely
    assert "same name" in result.reasons
