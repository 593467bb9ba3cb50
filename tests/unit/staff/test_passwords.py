"""The password rules people meet when they choose a password."""

from __future__ import annotations

import pytest

from domain.common.errors import ValidationError
from domain.staff.passwords import MAX_LENGTH, check_new_password


def problems(
    password: str, confirmation: str | None = None, username="mrivera", display_name="Maria Rivera"
) -> dict[str, str]:
    try:
        check_new_password(
            password,
            password if confirmation is None else confirmation,
            username=username,
            display_name=display_name,
        )
    except ValidationError as error:
        return error.errors
    return {}


@pytest.mark.parametrize(
    "password",
    [
        "lantern-meadow-quartz-91",
        "correct horse battery staple",
        "Mi casa es tu casa, 1987!",
        "ночь улица фонарь аптека",  # any script
        # Long pass phrases are welcome, far past 64 characters.
        "the violet heron sketches forty quiet lanterns beside the mill pond every spring",
        "a" * 5 + "lantern meadow quartz",
    ],
)
def test_long_unpredictable_passwords_are_accepted(password):
    assert problems(password) == {}


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("short1!", "at least 12"),
        ("qwertyuiopas", "Add another word"),  # a keyboard row
        ("1qaz2wsx3edc", "most common"),
        ("123456789987654321", "most common"),
        ("mriverapassword1", "your name, username"),
        ("Maria Rivera 2026!!", "your name, username"),
        ("casedesk-for-everyone", "'CaseDesk'"),
        ("aaaaaaaaaaaaaaaa", "Add another word"),
        ("abcdefghijklmnop", "Add another word"),
        ("tab\there-and-there", "control characters"),
        ("x" * (MAX_LENGTH + 1), "at most 256"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, expected):
    message = problems(password).get("new_password", "")
    assert expected in message


def test_no_composition_rules_are_imposed():
    # All lower case, no digits, no symbols: fine when long and unpredictable.
    assert problems("velvet orchard thunder compass") == {}


def test_a_mismatched_confirmation_is_its_own_message():
    assert problems("lantern-meadow-quartz-91", "lantern-meadow-quartz-19") == {
        "confirmation": "The two passwords do not match."
    }


def test_unicode_forms_of_the_same_pass_phrase_match():
    composed, decomposed = "café-lantern-meadow-9", "cafe\u0301-lantern-meadow-9"
    assert problems(composed, decomposed) == {}
