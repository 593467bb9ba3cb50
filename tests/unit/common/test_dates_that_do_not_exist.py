"""Every date field says a date does not exist, rather than that it was mistyped."""

from __future__ import annotations

from datetime import date

import pytest

from domain.audit.filter_form import AuditFilterForm, parse_audit_filter
from domain.cases.tasks import TaskForm, validate_task
from domain.clients.record import ClientForm, validate_client_form
from domain.common.errors import ValidationError
from domain.notes.document import validate_note_range

TODAY = date(2026, 1, 10)
NO_LEAP_DAY = "2026 has no February 29: it is not a leap year."


def refusal(call) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.errors


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (
            lambda day: validate_client_form(
                ClientForm(first_name="Ana", last_name="Diaz", date_of_birth=day), today=TODAY
            ),
            "date_of_birth",
        ),
        (lambda day: parse_audit_filter(AuditFilterForm(since=day)), "since"),
        (lambda day: validate_note_range("", day), "to_on"),
        (
            lambda day: validate_task(
                TaskForm("Call the landlord", day), today=TODAY, assignee_id=1
            ),
            "due_on",
        ),
    ],
    ids=["birth date", "audit filter", "notes to print", "task due"],
)
def test_february_29_of_a_common_year_is_named_as_such(call, field):
    assert refusal(lambda: call("02/29/2026"))[field] == NO_LEAP_DAY
