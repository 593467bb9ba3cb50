"""What a person may type into names, dates and phone numbers, and what they are told."""

from __future__ import annotations

from datetime import date

import pytest

from domain.common.field_rules import (
    FieldProblem,
    clean_birth_date,
    clean_name,
    clean_phone,
    format_date,
    parse_date,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ana", "Ana"),
        ("  Mary   Ann  ", "Mary Ann"),
        ("O'Brien", "O'Brien"),
        ("D’Angelo", "D’Angelo"),
        ("Smith-Jones", "Smith-Jones"),
        ("St. John", "St. John"),
        ("Łukasz", "Łukasz"),
        ("Иванова", "Иванова"),
        ("عبد الله", "عبد الله"),
        ("王小明", "王小明"),
        ("Nguyễn", "Nguyễn"),
        ("می‌خواهم", "می‌خواهم"),  # Persian with a zero-width non-joiner, which spelling needs
    ],
)
def test_real_names_are_accepted(typed, stored):
    assert clean_name(typed, required=True) == stored


def test_names_are_stored_in_composed_form():
    decomposed = "Jose\u0301"  # e + combining acute, as some keyboards and pastes produce
    assert clean_name(decomposed, required=True) == "José"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Required."),
        ("   ", "Required."),
        ("x" * 10_000, "at most 100 characters (this has 10000)"),
        ("Ann\x00", "hidden control character (U+0000)"),
        ("Ann\x1b[31m", "hidden control character (U+001B)"),
        ("Ann\u202eevil", "hidden control character (U+202E)"),  # right-to-left override
        ("Ann\nMarie", "on one line"),
        ("R2D2", "cannot contain digits"),
        ("Ann@home", "“@” cannot be part of a name"),
        ("'-.", "at least one letter"),
    ],
)
def test_bad_names_are_refused_with_a_clear_message(typed, message):
    with pytest.raises(FieldProblem) as raised:
        clean_name(typed, required=True)
    assert message in str(raised.value)


def test_an_optional_name_may_be_blank():
    assert clean_name("  ", required=False) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("04/05/1988", date(1988, 4, 5)),
        ("4/5/1988", date(1988, 4, 5)),
        ("1988-04-05", date(1988, 4, 5)),
        (" 1988-04-05 ", date(1988, 4, 5)),
        ("", None),
    ],
)
def test_dates_are_read_in_both_accepted_forms(typed, expected):
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    "typed", ["13/45/2020", "00/12/2020", "yesterday", "1988.04.05", "88-4-5", "4/5/88"]
)
def test_unreadable_dates_are_refused(typed):
    with pytest.raises(FieldProblem, match="MM/DD/YYYY"):
        parse_date(typed)


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(FieldProblem, match="cannot be in the future"):
        clean_birth_date("11/24/2026", today=TODAY)
    assert clean_birth_date("11/23/2026", today=TODAY) == TODAY


def test_a_birth_date_before_1900_is_refused():
    with pytest.raises(FieldProblem, match="before 1900"):
        clean_birth_date("12/31/1899", today=TODAY)
    assert clean_birth_date("01/01/1900", today=TODAY) == date(1900, 1, 1)


def test_dates_are_shown_as_typed():
    assert format_date(date(1988, 4, 5)) == "04/05/1988"
    assert format_date(None) == ""


@pytest.mark.parametrize(
    ("typed", "shown", "digits"),
    [
        ("5552013344", "(555) 201-3344", "5552013344"),
        ("555.201.3344", "(555) 201-3344", "5552013344"),
        ("1 (555) 201-3344", "(555) 201-3344", "5552013344"),
        ("(555) 201-3344 ext. 12", "(555) 201-3344 x12", "5552013344"),
        ("+44 20 7946 0958", "+44 20 7946 0958", "442079460958"),
        ("201-3344", "201-3344", "2013344"),
    ],
)
def test_phone_numbers_are_tidied(typed, shown, digits):
    assert clean_phone(typed) == (shown, digits)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("call me", "Use digits"),
        ("12", "at least 7 digits"),
        ("1234567890123456", "at most 15 digits"),
        ("555+2013344", "Use digits"),
    ],
)
def test_bad_phone_numbers_are_refused(typed, message):
    with pytest.raises(FieldProblem, match=message):
        clean_phone(typed)


def test_a_blank_phone_is_no_phone():
    assert clean_phone("   ") is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("02/29/2026", "2026 has no February 29: it is not a leap year."),
        ("2026-02-29", "2026 has no February 29: it is not a leap year."),
        ("02/30/2028", "February 2028 has 29 days."),
        ("2/31/2026", "February 2026 has 28 days."),
        ("04/31/2026", "April has 30 days."),
        ("09/45/2026", "September has 30 days."),
        ("06/00/2026", "June has no day 0."),
    ],
)
def test_a_date_that_does_not_exist_says_so_not_that_it_is_misspelt(typed, message):
    with pytest.raises(FieldProblem) as raised:
        parse_date(typed)
    assert str(raised.value) == message
    assert parse_date("02/29/2028") == date(2028, 2, 29)  # a real leap day
