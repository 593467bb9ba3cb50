"""The client: the form a person fills in, its validation, and the read models."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

from domain.errors import ValidationError
from domain.field_rules import FieldProblem, clean_birth_date, clean_name, clean_phone

CLIENT_NUMBER_PREFIX = "C"


def client_number(client_id: int) -> str:
    """The number staff read out and type: C000042."""
    return f"{CLIENT_NUMBER_PREFIX}{client_id:06d}"


@dataclass(frozen=True)
class ClientForm:
    """What a person typed into the client form, as raw text."""

    first_name: str = ""
    last_name: str = ""
    date_of_birth: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ClientFields:
    """A validated client form: the values to store."""

    first_name: str
    last_name: str
    date_of_birth: date | None
    phone: str | None
    phone_digits: str | None

    def changed_from(self, other: ClientFields) -> list[str]:
        """Names of the fields whose values differ from ``other``."""
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)]


def validate_client_form(form: ClientForm, *, today: date) -> ClientFields:
    """Check every field at once; raise ``ValidationError`` listing all problems."""
    errors: dict[str, str] = {}

    def check(field: str, rule):
        try:
            return rule()
        except FieldProblem as problem:
            errors[field] = str(problem)
            return None

    first = check("first_name", lambda: clean_name(form.first_name, required=True))
    last = check("last_name", lambda: clean_name(form.last_name, required=True))
    born = check("date_of_birth", lambda: clean_birth_date(form.date_of_birth, today=today))
    phone = check("phone", lambda: clean_phone(form.phone))
    if errors:
        raise ValidationError(errors)
    assert first is not None and last is not None
    return ClientFields(
        first_name=first,
        last_name=last,
        date_of_birth=born,
        phone=phone[0] if phone else None,
        phone_digits=phone[1] if phone else None,
    )


@dataclass(frozen=True)
class ClientRecord:
    """One client as stored, with the version a later save must quote."""

    id: int
    version: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    phone: str | None
    phone_digits: str | None
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str

    @property
    def number(self) -> str:
        return client_number(self.id)

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def as_fields(self) -> ClientFields:
        return ClientFields(
            first_name=self.first_name,
            last_name=self.last_name,
            date_of_birth=self.date_of_birth,
            phone=self.phone,
            phone_digits=self.phone_digits,
        )


@dataclass(frozen=True)
class ClientSummary:
    """One row of the client list."""

    id: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    phone: str | None
    updated_at: datetime

    @property
    def number(self) -> str:
        return client_number(self.id)


@dataclass(frozen=True)
class ClientPage:
    """A slice of the client list and how many clients there are in all."""

    rows: tuple[ClientSummary, ...]
    total: int
