"""Staff accounts: the people who sign in, their role, and the account's state."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, clean_name, reject_invisible_characters
from domain.common.policy import Role

# Usernames double as PostgreSQL login role names on a shared server, so they
# keep to characters that need no quoting anywhere.
_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{2,31}$")
_RESERVED_PREFIXES = ("pg_", "casedesk_")
_RESERVED = {
    "postgres",
    "public",
    "root",
    "casedesk",
    "none",
    "current_user",
    "session_user",
    "current_role",
    "user",
}


def clean_username(raw: str) -> str:
    reject_invisible_characters(raw)
    text = raw.strip().lower()
    if not text:
        raise FieldProblem("Required.")
    if not _USERNAME.match(text):
        raise FieldProblem(
            "Use 3 to 32 characters: letters a-z, digits, '.', '_' or '-', starting with a letter."
        )
    if text in _RESERVED or text.startswith(_RESERVED_PREFIXES):
        raise FieldProblem("This name is reserved; choose another.")
    return text


def parse_role(raw: str) -> Role:
    try:
        return Role(raw)
    except ValueError:
        raise FieldProblem("Choose one of the roles.") from None


@dataclass(frozen=True)
class StaffForm:
    username: str = ""
    display_name: str = ""
    role: str = ""


@dataclass(frozen=True)
class StaffFields:
    username: str
    display_name: str
    role: Role


def validate_staff_form(form: StaffForm) -> StaffFields:
    errors: dict[str, str] = {}
    values = {}
    for field, rule in (
        ("username", lambda: clean_username(form.username)),
        ("display_name", lambda: clean_name(form.display_name, required=True)),
        ("role", lambda: parse_role(form.role)),
    ):
        try:
            values[field] = rule()
        except FieldProblem as problem:
            errors[field] = str(problem)
    if errors:
        raise ValidationError(errors)
    return StaffFields(**values)


@dataclass(frozen=True)
class StaffMember:
    """A staff account as stored (never with its password hash)."""

    id: int
    version: int
    username: str
    display_name: str
    role: Role
    active: bool
    must_change_password: bool
    failed_logins: int
    lockouts: int
    locked_until: datetime | None
    last_login_at: datetime | None
    created_at: datetime

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def as_form(self) -> StaffForm:
        """What the account dialog edits, to compare with what was typed."""
        return StaffForm(self.username, self.display_name, self.role.value)
