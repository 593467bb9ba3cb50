"""What a client's face sheet says: key facts in words, and the flags staff must
not miss. Pure presentation logic, shared by the window and the printed sheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.clients.hmis import (
    NO_ANSWER,
    DobQuality,
    RaceEthnicity,
    Sex,
    SsnQuality,
    YesNo,
    label,
)
from domain.clients.name_order import full_name
from domain.clients.record import ClientRecord
from domain.clients.ssn import masked
from domain.common.field_rules import format_date


@dataclass(frozen=True)
class FaceSheet:
    title: str
    facts: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (section, ((label, value),))
    flags: tuple[str, ...]


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _name(client: ClientRecord) -> str:
    name = full_name(
        client.first_name,
        client.last_name,
        client.name_order,
        middle=client.middle_name,
        suffix=client.suffix,
    )
    return name or f"(name not given) {client.number}"


def _address(client: ClientRecord) -> str:
    city_line = " ".join(
        part
        for part in (client.city and f"{client.city},", client.state, client.postal_code)
        if part
    )
    lines = [client.address_line1, client.address_line2, city_line]
    return "\n".join(line for line in lines if line)


def face_sheet(client: ClientRecord, today: date) -> FaceSheet:
    born = ""
    if client.date_of_birth:
        born = f"{format_date(client.date_of_birth)} (age {age_on(client.date_of_birth, today)})"
        if client.dob_quality == DobQuality.PARTIAL:
            born += " — approximate"
    else:
        born = label(DobQuality(client.dob_quality))
    ssn = masked(client.ssn_last4) if client.ssn_last4 else label(SsnQuality(client.ssn_quality))
    if client.ssn_last4 and client.ssn_quality == SsnQuality.PARTIAL:
        ssn += " (last four only)"
    race = "; ".join(label(RaceEthnicity(code)) for code in sorted(client.race_ethnicity))
    language = client.language or ""
    if client.interpreter_needed:
        language = f"{language} — interpreter needed".strip(" —")
    emergency = ", ".join(
        part
        for part in (client.emergency_name, client.emergency_relationship, client.emergency_phone)
        if part
    )
    facts = (
        (
            "Identity",
            (
                ("Name", _name(client)),
                ("Goes by", client.preferred_name or ""),
                ("Date of birth", born),
                ("SSN", ssn),
            ),
        ),
        (
            "Contact",
            (
                ("Phone", client.phone or ""),
                ("Email", client.email or ""),
                ("Address", _address(client)),
                ("Language", language),
                ("Emergency contact", emergency),
            ),
        ),
        (
            "Demographics",
            (
                ("Race and ethnicity", race),
                ("Sex", label(Sex(client.sex))),
                ("Veteran", label(YesNo(client.veteran_status))),
                ("Disabling condition", label(YesNo(client.disabling_condition))),
            ),
        ),
    )
    flags = []
    if client.interpreter_needed:
        flags.append(f"Interpreter: {client.language or 'language not recorded'}")
    if client.veteran_status == YesNo.YES:
        flags.append("Veteran")
    if client.disabling_condition == YesNo.YES:
        flags.append("Disabling condition")
    if client.date_of_birth and age_on(client.date_of_birth, today) < 18:
        flags.append("Minor")
    missing = [
        name
        for name, code in (("date of birth", client.dob_quality), ("SSN", client.ssn_quality))
        if code in NO_ANSWER
    ]
    if missing:
        flags.append("Missing: " + ", ".join(missing))
    if client.merged_into_id:
        flags.append("Merged into another record")
    return FaceSheet(
        title=f"{client.display_name} · {client.number}", facts=facts, flags=tuple(flags)
    )
