"""What a person may type into the audit trail's filters, and what they are told."""

from __future__ import annotations

from datetime import date

import pytest

from domain.audit.events import AuditAction, AuditFilter
from domain.audit.filter_form import AuditFilterForm, parse_audit_filter
from domain.common.errors import ValidationError


def errors_of(form: AuditFilterForm) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        parse_audit_filter(form)
    return raised.value.errors


def test_an_empty_form_asks_for_everything():
    assert parse_audit_filter(AuditFilterForm()) == AuditFilter()


@pytest.mark.parametrize("typed", ["C000042", "c42", "42", " C42 ", "0042", "C 42"])
def test_a_client_number_is_accepted_the_ways_staff_type_it(typed):
    where = parse_audit_filter(AuditFilterForm(client_number=typed))
    assert (where.entity_type, where.entity_id) == ("client", 42)


@pytest.mark.parametrize("typed", ["X42", "C", "C0", "0", "-3", "42a", "C4.2", "99999999999"])
def test_a_wrong_client_number_says_what_is_expected(typed):
    assert "C000042" in errors_of(AuditFilterForm(client_number=typed))["client_number"]


def test_the_person_is_matched_as_the_username_the_trail_records():
    assert parse_audit_filter(AuditFilterForm(person="  MRivera ")).actor == "mrivera"


def test_a_hidden_character_in_the_person_is_refused():
    assert "hidden" in errors_of(AuditFilterForm(person="mri\u202evera"))["person"]


@pytest.mark.parametrize("action", list(AuditAction))
def test_every_audit_action_can_be_chosen(action):
    assert parse_audit_filter(AuditFilterForm(action=action.value)).action == action.value


def test_an_unknown_action_is_an_error():
    assert errors_of(AuditFilterForm(action="client.deleted")) == {
        "action": "Choose one of the listed actions."
    }


def test_dates_are_read_in_both_typed_formats():
    where = parse_audit_filter(AuditFilterForm(since="11/01/2026", until="2026-11-23"))
    assert (where.since, where.until) == (date(2026, 11, 1), date(2026, 11, 23))


def test_the_same_day_twice_is_one_day():
    where = parse_audit_filter(AuditFilterForm(since="11/23/2026", until="11/23/2026"))
    assert where.since == where.until == date(2026, 11, 23)


def test_an_end_date_before_the_start_is_an_error_on_the_end_date():
    assert errors_of(AuditFilterForm(since="11/23/2026", until="11/01/2026")) == {
        "until": "The end date is before the start date."
    }


def test_every_bad_field_is_reported_at_once():
    errors = errors_of(
        AuditFilterForm(
            person="x" * 65,
            action="nonsense",
            client_number="abc",
            since="31/12/2026",
            until="yesterday",
        )
    )
    assert set(errors) == {"person", "action", "client_number", "since", "until"}
    assert "MM/DD/YYYY" in errors["since"]
    assert "MM/DD/YYYY" in errors["until"]
