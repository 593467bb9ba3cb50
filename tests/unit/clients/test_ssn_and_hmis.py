"""SSNs and the HMIS answer lists."""

from __future__ import annotations

import pytest

from domain.clients.hmis import RaceEthnicity, Sex, choices, label
from domain.clients.ssn import clean_ssn, formatted, last_four, masked
from domain.common.field_rules import FieldProblem


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("123-45-6789", "123456789"), ("123 45 6789", "123456789"), ("6789", "6789"), ("", None)],
)
def test_ssns_are_stored_as_digits(typed, stored):
    assert clean_ssn(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12-345", "9 digits"),
        ("123-45-678A", "digits only"),
        ("000-12-3456", "not a number"),
        ("666-12-3456", "not a number"),
        ("912-12-3456", "not a number"),
        ("123-00-4567", "not a number"),
        ("123-45-0000", "not a number"),
        ("１２３４", "digits only"),  # full-width digits are not what the SSA prints
    ],
)
def test_impossible_ssns_are_refused(typed, message):
    with pytest.raises(FieldProblem, match=message):
        clean_ssn(typed)


def test_ssns_show_masked_until_revealed():
    assert masked("123456789") == "•••-••-6789"
    assert masked("6789") == "•••-••-6789"
    assert masked(None) == ""
    assert formatted("123456789") == "123-45-6789"
    assert last_four("123456789") == "6789"


def test_hmis_lists_carry_hud_codes_and_labels():
    assert label(RaceEthnicity.HISPANIC_LATINE) == "Hispanic/Latina/e/o"
    assert choices(Sex)[0] == (0, "Female")
    assert [code for code, _ in choices(RaceEthnicity)] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 99]
