"""SSNs and the HMIS answer lists."""

from __future__ import annotations

import re

import pytest

from domain.clients.hmis import RaceEthnicity, Sex, choices, label
from domain.clients.ssn import clean_ssn, formatted, last_four, masked
from domain.common.field_rules import FieldProblem


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("123-45-6789", "123456789"),
        ("123 45 6789", "123456789"),
        ("", None),
        # Partial numbers keep their known digits, 'x' for the rest, as HUD's CSV does.
        ("6789", "xxxxx6789"),
        ("xxx-xx-6789", "xxxxx6789"),
        ("XXX-XX-6789", "xxxxx6789"),
        ("123-45-xxxx", "12345xxxx"),
        ("12x-45-678x", "12x45678x"),
    ],
)
def test_ssns_are_stored_as_nine_characters(typed, stored):
    assert clean_ssn(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12-345", "An SSN has 9 digits (this has 5)"),
        ("123-45-678", "An SSN has 9 digits (this has 8)"),
        ("123-45-678A", "Use digits, and x for each digit the client doesn't know"),
        ("１２３４", "Use digits"),  # full-width digits are not what the SSA prints
        ("xxx-xx-xxxx", "No digit is known"),
        ("000-12-3456", "No SSN begins with 000"),
        ("666-12-3456", "No SSN begins with 666"),
        ("912-12-3456", "No SSN begins with 9"),
        ("9xx-xx-6789", "No SSN begins with 9"),
        ("123-00-4567", "No SSN has 00 in the middle"),
        ("xxx-00-4567", "No SSN has 00 in the middle"),
        ("123-45-0000", "No SSN ends in 0000"),
        ("0000", "No SSN ends in 0000"),
        ("078-05-1120", "sample card sold in wallets"),
        ("219-09-9999", "1940 Social Security pamphlet"),
        ("987-65-4321", "set aside for advertisements"),
    ],
)
def test_impossible_ssns_are_refused_each_with_its_reason(typed, message):
    with pytest.raises(FieldProblem, match=re.escape(message)):
        clean_ssn(typed)


def test_ssns_show_masked_until_revealed():
    assert masked("123456789") == "•••-••-6789"
    assert masked("6789") == "•••-••-6789"  # stored before partial numbers had x's
    assert masked(None) == ""
    assert formatted("123456789") == "123-45-6789"
    assert last_four("123456789") == "6789"


def test_partial_ssns_show_which_digits_are_unknown():
    assert masked("xxxxx6789") == "•••-••-6789"
    assert masked("12345xxxx") == "•••-••-xxxx"
    assert formatted("xxxxx6789") == "xxx-xx-6789"
    assert formatted("12345xxxx") == "123-45-xxxx"
    assert formatted("6789") == "xxx-xx-6789"
    assert last_four("xxxxx6789") == "6789"
    assert last_four("12345xxxx") is None  # nothing to search by
    assert last_four("12345x789") is None


def test_hmis_lists_carry_hud_codes_and_labels():
    assert label(RaceEthnicity.HISPANIC_LATINE) == "Hispanic/Latina/e/o"
    assert choices(Sex)[0] == (0, "Female")
    assert [code for code, _ in choices(RaceEthnicity)] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 99]
