"""The full client form: HMIS answers and their data-quality rules."""

from __future__ import annotations

from datetime import date

import pytest

from domain.clients.hmis import DobQuality, NameQuality, RaceEthnicity, SsnQuality, YesNo
from domain.clients.record import ClientForm, validate_client_form
from domain.common.errors import ValidationError

TODAY = date(2026, 11, 23)


def errors(**typed) -> dict[str, str]:
    form = ClientForm(**{"first_name": "Ana", "last_name": "Diaz", **typed})
    try:
        validate_client_form(form, today=TODAY)
    except ValidationError as error:
        return error.errors
    return {}


def values(**typed):
    return validate_client_form(
        ClientForm(**{"first_name": "Ana", "last_name": "Diaz", **typed}), today=TODAY
    )


def test_data_quality_is_inferred_from_what_was_typed():
    assert values(date_of_birth="04/05/1988").dob_quality == DobQuality.FULL
    assert values().dob_quality == DobQuality.NOT_COLLECTED
    assert values(ssn="123-45-6789").ssn_quality == SsnQuality.FULL
    assert values(ssn="6789").ssn_quality == SsnQuality.PARTIAL
    assert values(ssn="6789").ssn_last4 == "6789"
    assert values().ssn_quality == SsnQuality.NOT_COLLECTED


@pytest.mark.parametrize(
    ("typed", "field", "words"),
    [
        ({"dob_quality": DobQuality.FULL}, "dob_quality", "Fill in the value"),
        (
            {"date_of_birth": "1988-04-05", "dob_quality": DobQuality.PREFERS_NOT},
            "dob_quality",
            "yet a date of birth is typed",
        ),
        ({"ssn": "6789", "ssn_quality": SsnQuality.FULL}, "ssn_quality", "choose the partial"),
        (
            {"ssn": "123-45-6789", "ssn_quality": SsnQuality.DOESNT_KNOW},
            "ssn_quality",
            "“Client doesn't know”, yet an SSN is typed",
        ),
        (
            {"race_ethnicity": frozenset({RaceEthnicity.WHITE, RaceEthnicity.PREFERS_NOT})},
            "race_ethnicity",
            "stand alone",
        ),
        (
            {"date_of_birth": "2015-01-01", "veteran_status": YesNo.YES},
            "veteran_status",
            "under 18",
        ),
        ({"sex": 4}, "sex", "Choose one of the answers"),
        ({"email": "ana at example"}, "email", "name@example.org"),
        ({"state": "Cali"}, "state", "two-letter"),
        ({"postal_code": "9021"}, "postal_code", "ZIP"),
        ({"ssn": "000-12-3456"}, "ssn", "No SSN begins with 000"),
    ],
)
def test_answers_that_contradict_each_other_are_refused(typed, field, words):
    assert words in errors(**typed).get(field, "")


def test_several_race_and_ethnicity_answers_may_be_chosen():
    chosen = frozenset({RaceEthnicity.BLACK, RaceEthnicity.HISPANIC_LATINE})
    assert values(race_ethnicity=chosen).race_ethnicity == chosen
    assert values().race_ethnicity == {RaceEthnicity.NOT_COLLECTED}


def test_a_name_may_be_withheld_only_with_an_answer_saying_so():
    assert errors(first_name="", last_name="")["first_name"] == "Required."
    withheld = values(first_name="", last_name="", name_quality=NameQuality.PREFERS_NOT)
    assert (withheld.first_name, withheld.last_name) == ("", "")


def test_contact_and_address_are_tidied():
    tidy = values(
        state="ny",
        postal_code="10001-1234",
        email=" ana@example.org ",
        emergency_phone="5552013344",
        interpreter_needed=True,
        language=" Spanish ",
    )
    assert (tidy.state, tidy.postal_code, tidy.email) == ("NY", "10001-1234", "ana@example.org")
    assert tidy.emergency_phone == "(555) 201-3344"
    assert (tidy.language, tidy.interpreter_needed) == ("Spanish", True)


def test_every_problem_is_reported_at_once():
    found = errors(first_name="", email="x", state="ZZ", ssn="12")
    assert set(found) == {"first_name", "email", "state", "ssn"}


def test_a_bad_date_typed_with_a_reason_it_is_missing_is_told_both_truths():
    found = errors(date_of_birth="02/29/2026", dob_quality=DobQuality.DOESNT_KNOW)
    assert found == {
        "date_of_birth": "2026 has no February 29: it is not a leap year.",
        "dob_quality": (
            "“Client doesn't know”, yet a date of birth is typed: clear it, or choose "
            "“Approximate or partial date of birth” for a guess."
        ),
    }


def test_a_bad_value_typed_with_a_fitting_answer_is_not_called_missing():
    assert errors(date_of_birth="02/29/2026", dob_quality=DobQuality.PARTIAL) == {
        "date_of_birth": "2026 has no February 29: it is not a leap year."
    }
    found = errors(ssn="078-05-1120", ssn_quality=SsnQuality.FULL)
    assert set(found) == {"ssn"}
    assert "voided" in found["ssn"]


def test_an_ssn_typed_with_a_reason_it_is_missing_says_they_contradict():
    found = errors(ssn="123-45-678", ssn_quality=SsnQuality.PREFERS_NOT)
    assert found["ssn"].startswith("An SSN has 9 digits (this has 8)")
    assert found["ssn_quality"] == (
        "“Client prefers not to answer”, yet an SSN is typed: clear it, or choose the "
        "answer that fits."
    )


def test_partial_ssns_are_kept_with_x_for_unknown_digits_and_quality_partial():
    partial = SsnQuality.PARTIAL
    last = values(ssn="xxx-xx-6789")
    assert (last.ssn, last.ssn_last4, last.ssn_quality) == ("xxxxx6789", "6789", partial)
    first = values(ssn="123-45-xxxx", ssn_quality=partial)
    assert (first.ssn, first.ssn_last4, first.ssn_quality) == ("12345xxxx", None, partial)
    claimed_full = errors(ssn="123-45-xxxx", ssn_quality=SsnQuality.FULL)
    assert "choose the partial" in claimed_full["ssn_quality"]
