"""The audit trail's filter fields as typed, and their check into an ``AuditFilter``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, tzinfo

from domain.audit.events import AuditAction, AuditFilter
from domain.clients.record import CLIENT_NUMBER_PREFIX
from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, parse_date, reject_invisible_characters

# Staff read client numbers aloud as "C000042" and type them any which way:
# "C000042", "c42" or just "42".
_CLIENT_NUMBER = re.compile(rf"^{CLIENT_NUMBER_PREFIX}?\s*(\d{{1,10}})$", re.IGNORECASE)
# Record ids are 32-bit integers on PostgreSQL; a larger number matches nothing anyway.
_LARGEST_ID = 2**31 - 1
_LONGEST_PERSON = 64


@dataclass(frozen=True)
class AuditFilterForm:
    """What a person typed into the audit trail's filters, as raw text."""

    person: str = ""
    action: str = ""
    client_number: str = ""
    since: str = ""
    until: str = ""


def _person(raw: str) -> str:
    reject_invisible_characters(raw)
    text = raw.strip().lower()  # the trail records usernames, which are lower case
    if len(text) > _LONGEST_PERSON:
        raise FieldProblem(f"Use at most {_LONGEST_PERSON} characters.")
    return text


def _action(raw: str) -> str:
    text = raw.strip()
    if not text:
        return ""
    try:
        return AuditAction(text).value
    except ValueError:
        raise FieldProblem("Choose one of the listed actions.") from None


def _client_id(raw: str) -> int | None:
    reject_invisible_characters(raw)
    text = raw.strip()
    if not text:
        return None
    match = _CLIENT_NUMBER.match(text)
    if not match or not 1 <= int(match.group(1)) <= _LARGEST_ID:
        raise FieldProblem("Enter a client number such as C000042 (or just 42).")
    return int(match.group(1))


def parse_audit_filter(form: AuditFilterForm, zone: tzinfo = UTC) -> AuditFilter:
    """Check every field at once; raise ``ValidationError`` naming each bad field.

    ``zone`` is where the dates were meant: the reader's own time zone.
    """
    errors: dict[str, str] = {}

    def check(field: str, rule, raw: str):
        try:
            return rule(raw)
        except FieldProblem as problem:
            errors[field] = str(problem)
            return None

    person = check("person", _person, form.person)
    action = check("action", _action, form.action)
    client_id = check("client_number", _client_id, form.client_number)
    since = check("since", parse_date, form.since)
    until = check("until", parse_date, form.until)
    if since is not None and until is not None and since > until:
        errors["until"] = "The end date is before the start date."
    if errors:
        raise ValidationError(errors)
    return AuditFilter(
        actor=person or "",
        action=action or "",
        entity_type="client" if client_id is not None else "",
        entity_id=client_id,
        since=since,
        until=until,
        zone=zone,
    )
