"""The client: the form a person fills in, its validation, and the read models.

The record carries the HMIS universal data elements, each answer with HUD's
codes (domain/clients/hmis.py). Validation reports every field's problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

from domain.clients.hmis import (
    LABELS,
    NO_ANSWER,
    DobQuality,
    NameQuality,
    RaceEthnicity,
    Sex,
    SsnQuality,
    YesNo,
)
from domain.clients.name_order import full_name, read_name_order
from domain.clients.ssn import clean_ssn, is_partial, last_four
from domain.common.errors import ValidationError
from domain.common.field_rules import (
    FieldProblem,
    clean_birth_date,
    clean_email,
    clean_name,
    clean_phone,
    clean_postal_code,
    clean_state,
    clean_text,
)

CLIENT_NUMBER_PREFIX = "C"
ADULT_AGE = 18


def client_number(client_id: int) -> str:
    """The number staff read out and type: C000042."""
    return f"{CLIENT_NUMBER_PREFIX}{client_id:06d}"


def shown_name(
    first_name: str, last_name: str, client_id: int, name_order: str | None = None
) -> str:
    """How a client is named on screen, in the order of their culture
    (domain/clients/name_order.py); the number when the name was withheld."""
    return full_name(first_name, last_name, name_order) or client_number(client_id)


@dataclass(frozen=True)
class ClientForm:
    """What a person typed or chose in the client form.

    Text fields are raw text; answers are HUD codes. A data-quality code left
    as None is inferred from what was typed (a full date: "full", nothing: "data
    not collected").
    """

    first_name: str = ""
    last_name: str = ""
    middle_name: str = ""
    suffix: str = ""
    preferred_name: str = ""
    name_quality: int = NameQuality.FULL
    name_order: str = ""  # "" follows the family name's script
    date_of_birth: str = ""
    dob_quality: int | None = None
    ssn: str = ""
    ssn_quality: int | None = None
    race_ethnicity: frozenset[int] = frozenset()
    sex: int = Sex.NOT_COLLECTED
    veteran_status: int = YesNo.NOT_COLLECTED
    disabling_condition: int = YesNo.NOT_COLLECTED
    phone: str = ""
    email: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    language: str = ""
    interpreter_needed: bool = False
    emergency_name: str = ""
    emergency_phone: str = ""
    emergency_relationship: str = ""


@dataclass(frozen=True)
class ClientFields:
    """A validated client form: the values to store."""

    first_name: str
    last_name: str
    date_of_birth: date | None
    phone: str | None
    phone_digits: str | None
    middle_name: str | None = None
    suffix: str | None = None
    preferred_name: str | None = None
    name_quality: int = NameQuality.FULL
    name_order: str | None = None  # a NameOrder, None when not chosen
    dob_quality: int = DobQuality.NOT_COLLECTED
    # The full SSN when known: written, never read back with the record.
    ssn: str | None = None
    ssn_last4: str | None = None
    ssn_quality: int = SsnQuality.NOT_COLLECTED
    race_ethnicity: frozenset[int] = frozenset({RaceEthnicity.NOT_COLLECTED})
    sex: int = Sex.NOT_COLLECTED
    veteran_status: int = YesNo.NOT_COLLECTED
    disabling_condition: int = YesNo.NOT_COLLECTED
    email: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    language: str | None = None
    interpreter_needed: bool = False
    emergency_name: str | None = None
    emergency_phone: str | None = None
    emergency_relationship: str | None = None

    def changed_from(self, other: ClientFields) -> list[str]:
        """Names of the fields whose values differ from ``other``.

        The SSN counts only when one was typed: records never carry it back.
        """
        return [
            f.name
            for f in fields(self)
            if getattr(self, f.name) != getattr(other, f.name)
            and not (f.name == "ssn" and self.ssn is None)
        ]


def _code(kind, value) -> int:
    try:
        return int(kind(value))
    except (ValueError, TypeError):
        raise FieldProblem("Choose one of the answers.") from None


def _quality_for(
    value, given: int | None, kind, *, typed: bool, complete: bool, what: str
) -> int | None:
    """The data-quality code, checked against what was (or was not) typed.

    ``typed`` says whether anything was typed: a value that could not be read
    has its own message and is never called missing. ``complete`` says whether
    the value is whole (no unknown SSN digits), which a "full" answer requires.
    ``what`` names the value in messages ("a date of birth").
    """
    if given is None:
        if not typed:
            return kind.NOT_COLLECTED
        if value is None:
            return None  # the value's own message says what is wrong with it
        return kind.FULL if complete else kind.PARTIAL
    code = _code(kind, given)
    if code in NO_ANSWER and typed:
        if code == kind.DOESNT_KNOW:
            hint = _DOESNT_KNOW_HINTS[kind].format(partial=LABELS[kind][kind.PARTIAL])
        else:
            hint = "choose the answer that fits"
        raise FieldProblem(f"“{LABELS[kind][code]}”, yet {what} is typed: clear it, or {hint}.")
    if code not in NO_ANSWER and not typed:
        raise FieldProblem("Fill in the value for this answer, or say why it is missing.")
    if code == kind.FULL and value is not None and not complete:
        raise FieldProblem("Only part is known: choose the partial answer.")
    return code


# "Doesn't know" beside a typed value most often means a guess or a few digits.
_DOESNT_KNOW_HINTS = {
    DobQuality: "choose “{partial}” for a guess",
    SsnQuality: "choose “{partial}” for the digits known",
}


def _race(codes: frozenset[int]) -> frozenset[int]:
    chosen = frozenset(_code(RaceEthnicity, code) for code in codes)
    if not chosen:
        return frozenset({RaceEthnicity.NOT_COLLECTED})
    if chosen & NO_ANSWER and len(chosen) > 1:
        raise FieldProblem(
            "“Doesn't know”, “prefers not to answer” and “not collected” stand alone."
        )
    return chosen


ONE_NAME_IS_PARTIAL = (
    "Required for a full name. A person with only one name is recorded with "
    "name quality “Partial, street name, or code name”."
)
ONE_NAME_NEEDED = "Fill in the first or the last name: a partial name has at least one."


def _names_missing(
    quality: int | None, names: dict[str, str | None], errors: dict[str, str]
) -> dict[str, str]:
    """What the name quality asks of the names left blank.

    HMIS records a person with one name (a given name or a family name alone)
    as "partial"; "full" needs both, so one name is never reported as full.
    """
    blank = [field for field, name in names.items() if not name and field not in errors]
    given = sum(1 for name in names.values() if name)
    if quality == NameQuality.FULL:
        return {field: ONE_NAME_IS_PARTIAL if given == 1 else "Required." for field in blank}
    if quality == NameQuality.PARTIAL and len(blank) == len(names):
        return {field: ONE_NAME_NEEDED for field in blank}
    return {}


def _name_order(chosen: str) -> str | None:
    try:
        order = read_name_order(chosen)
    except ValueError:
        raise FieldProblem("Choose one of the answers.") from None
    return None if order is None else order.value


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def validate_client_form(form: ClientForm, *, today: date) -> ClientFields:
    """Check every field at once; raise ``ValidationError`` listing all problems."""
    errors: dict[str, str] = {}

    def check(field: str, rule):
        try:
            return rule()
        except FieldProblem as problem:
            errors[field] = str(problem)
            return None

    name_quality = check("name_quality", lambda: _code(NameQuality, form.name_quality))
    first = check("first_name", lambda: clean_name(form.first_name, required=False))
    last = check("last_name", lambda: clean_name(form.last_name, required=False))
    errors.update(_names_missing(name_quality, {"first_name": first, "last_name": last}, errors))
    name_order = check("name_order", lambda: _name_order(form.name_order))
    middle = check("middle_name", lambda: clean_name(form.middle_name, required=False))
    suffix = check("suffix", lambda: clean_text(form.suffix, longest=20))
    preferred = check("preferred_name", lambda: clean_name(form.preferred_name, required=False))
    born = check("date_of_birth", lambda: clean_birth_date(form.date_of_birth, today=today))
    dob_quality = check(
        "dob_quality",
        lambda: _quality_for(
            born,
            form.dob_quality,
            DobQuality,
            typed=born is not None or "date_of_birth" in errors,
            complete=True,
            what="a date of birth",
        ),
    )
    ssn = check("ssn", lambda: clean_ssn(form.ssn))
    ssn_quality = check(
        "ssn_quality",
        lambda: _quality_for(
            ssn,
            form.ssn_quality,
            SsnQuality,
            typed=ssn is not None or "ssn" in errors,
            complete=ssn is not None and not is_partial(ssn),
            what="an SSN",
        ),
    )
    race = check("race_ethnicity", lambda: _race(form.race_ethnicity))
    sex = check("sex", lambda: _code(Sex, form.sex))
    veteran = check("veteran_status", lambda: _code(YesNo, form.veteran_status))
    if veteran == YesNo.YES and born is not None and _age(born, today) < ADULT_AGE:
        errors["veteran_status"] = "A client under 18 cannot be a veteran; check the birth date."
    disabling = check("disabling_condition", lambda: _code(YesNo, form.disabling_condition))
    phone = check("phone", lambda: clean_phone(form.phone))
    email = check("email", lambda: clean_email(form.email))
    line1 = check("address_line1", lambda: clean_text(form.address_line1, longest=100))
    line2 = check("address_line2", lambda: clean_text(form.address_line2, longest=100))
    city = check("city", lambda: clean_text(form.city, longest=60))
    state = check("state", lambda: clean_state(form.state))
    postal = check("postal_code", lambda: clean_postal_code(form.postal_code))
    language = check("language", lambda: clean_text(form.language, longest=40))
    emergency_name = check(
        "emergency_name", lambda: clean_name(form.emergency_name, required=False)
    )
    emergency_phone = check("emergency_phone", lambda: clean_phone(form.emergency_phone))
    relationship = check(
        "emergency_relationship", lambda: clean_text(form.emergency_relationship, longest=40)
    )
    if errors:
        raise ValidationError(errors)
    return ClientFields(
        first_name=first or "",
        last_name=last or "",
        date_of_birth=born,
        phone=phone[0] if phone else None,
        phone_digits=phone[1] if phone else None,
        middle_name=middle,
        suffix=suffix,
        preferred_name=preferred,
        name_quality=name_quality,
        name_order=name_order,
        dob_quality=dob_quality,
        ssn=ssn,
        ssn_last4=last_four(ssn),
        ssn_quality=ssn_quality,
        race_ethnicity=race,
        sex=sex,
        veteran_status=veteran,
        disabling_condition=disabling,
        email=email,
        address_line1=line1,
        address_line2=line2,
        city=city,
        state=state,
        postal_code=postal,
        language=language,
        interpreter_needed=bool(form.interpreter_needed),
        emergency_name=emergency_name,
        emergency_phone=emergency_phone[0] if emergency_phone else None,
        emergency_relationship=relationship,
    )


@dataclass(frozen=True)
class ClientRecord(ClientFields):
    """One client as stored, with the version a later save must quote.

    ``ssn`` is always None here: the full number is read only by ``reveal_ssn``.
    """

    id: int = 0
    version: int = 0
    created_at: datetime | None = None
    created_by: str = ""
    updated_at: datetime | None = None
    updated_by: str = ""
    household_id: int | None = None
    relationship_to_head: int | None = None
    merged_into_id: int | None = None
    # The display name of whoever saved last, where a view asked for it (``reread``).
    updated_by_name: str = ""

    @property
    def number(self) -> str:
        return client_number(self.id)

    @property
    def display_name(self) -> str:
        return shown_name(self.first_name, self.last_name, self.id, self.name_order)

    def as_fields(self) -> ClientFields:
        return ClientFields(**{f.name: getattr(self, f.name) for f in fields(ClientFields)})

    def as_form(self) -> ClientForm:
        """The record as the form shows it for editing (the SSN stays blank)."""
        from domain.common.field_rules import format_date

        return ClientForm(
            first_name=self.first_name,
            last_name=self.last_name,
            middle_name=self.middle_name or "",
            suffix=self.suffix or "",
            preferred_name=self.preferred_name or "",
            name_quality=self.name_quality,
            name_order=self.name_order or "",
            date_of_birth=format_date(self.date_of_birth),
            dob_quality=self.dob_quality,
            ssn="",
            ssn_quality=None,
            race_ethnicity=self.race_ethnicity,
            sex=self.sex,
            veteran_status=self.veteran_status,
            disabling_condition=self.disabling_condition,
            phone=self.phone or "",
            email=self.email or "",
            address_line1=self.address_line1 or "",
            address_line2=self.address_line2 or "",
            city=self.city or "",
            state=self.state or "",
            postal_code=self.postal_code or "",
            language=self.language or "",
            interpreter_needed=self.interpreter_needed,
            emergency_name=self.emergency_name or "",
            emergency_phone=self.emergency_phone or "",
            emergency_relationship=self.emergency_relationship or "",
        )


@dataclass(frozen=True)
class ClientSummary:
    """One row of the client list or of search results."""

    id: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    phone: str | None
    updated_at: datetime
    preferred_name: str | None = None
    ssn_last4: str | None = None
    name_order: str | None = None

    @property
    def number(self) -> str:
        return client_number(self.id)

    @property
    def display_name(self) -> str:
        return shown_name(self.first_name, self.last_name, self.id, self.name_order)


@dataclass(frozen=True)
class ClientPage:
    """A slice of the client list and how many clients there are in all."""

    rows: tuple[ClientSummary, ...]
    total: int
