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
            "Leave the value blank",
        ),
        ({"ssn": "6789", "ssn_quality": SsnQuality.FULL}, "ssn_quality", "choose the partial"),
        (
            {"ssn": "123-45-6789", "ssn_quality": SsnQuality.DOESNT_KNOW},
            "ssn_quality",
            "Leave the value blank",
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
        ({"ssn": "000-12-3456"}, "ssn", "not a number"),
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
