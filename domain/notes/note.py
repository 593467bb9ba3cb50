"""Case notes: a dated contact with the client or about them.

A note is a draft until its author signs it. Drafts may be incomplete (they are
saved as the person types); signing checks everything and fixes the text for
good: its fingerprint (SHA-256 of every field that says what happened) is
stored with it, and corrections are addenda, never edits.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from functools import cached_property

from domain.common.errors import ValidationError
from domain.common.field_rules import (
    FieldProblem,
    clean_text,
    parse_date,
    reject_invisible_characters,
)

LONGEST_NARRATIVE = 20_000  # several pages: a court report summary, say
LONGEST_DURATION = 24 * 60
OLDEST_CONTACT_DAYS = 366


class ContactType(StrEnum):
    HOME_VISIT = "home_visit"
    OFFICE_VISIT = "office_visit"
    PHONE = "phone"
    VIDEO = "video"
    COLLATERAL = "collateral"
    SCHOOL = "school"
    COURT = "court"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            ContactType.HOME_VISIT: "Home visit",
            ContactType.OFFICE_VISIT: "Office visit",
            ContactType.PHONE: "Phone call",
            ContactType.VIDEO: "Video call",
            ContactType.COLLATERAL: "Collateral contact",
            ContactType.SCHOOL: "School",
            ContactType.COURT: "Court",
            ContactType.OTHER: "Other",
        }[self]


# A skeleton per contact type, so a note starts with what a reviewer looks for.
TEMPLATES = {
    ContactType.PHONE: "Purpose of call:\nWhat was discussed:\nNext steps:",
    ContactType.HOME_VISIT: "Who was present:\nHome conditions observed:\nWhat was discussed:\n"
    "Next steps:",
    ContactType.OFFICE_VISIT: "Reason for visit:\nWhat was discussed:\nNext steps:",
    ContactType.VIDEO: "Purpose of call:\nWhat was discussed:\nNext steps:",
    ContactType.COLLATERAL: "Contact (name, organisation, role):\nInformation shared under "
    "consent:\nNext steps:",
    ContactType.SCHOOL: "School contact:\nAttendance and progress:\nNext steps:",
    ContactType.COURT: "Hearing:\nOutcome:\nNext steps:",
    ContactType.OTHER: "",
}


@dataclass(frozen=True)
class NoteForm:
    """What the person typed; everything text, as in the editor."""

    contact_date: str = ""
    contact_time: str = ""  # HH:MM, 24-hour; blank when not known
    contact_type: str = ContactType.PHONE.value
    duration_minutes: str = ""
    location: str = ""
    narrative: str = ""
    confidential: bool = False
    goal_ids: tuple[int, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class NoteValues:
    contact_on: date | None
    contact_at: time | None
    contact_type: ContactType
    duration_minutes: int | None
    location: str
    narrative: str
    confidential: bool
    goal_ids: tuple[int, ...]


def _time(raw: str) -> time | None:
    text = raw.strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise FieldProblem("Enter the time as HH:MM (24-hour), e.g. 14:30.") from None


def _narrative(raw: str) -> str:
    reject_invisible_characters(raw.replace("\n", " ").replace("\t", " "))
    text = "\n".join(line.rstrip() for line in raw.replace("\r\n", "\n").split("\n")).strip()
    if len(text) > LONGEST_NARRATIVE:
        raise FieldProblem(
            f"Use at most {LONGEST_NARRATIVE:,} characters (this has {len(text):,})."
        )
    return text


def validate_note(form: NoteForm, *, today: date, signing: bool) -> NoteValues:
    """A draft needs only what it has to be readable; signing needs everything."""
    errors: dict[str, str] = {}

    def check(name: str, rule):
        try:
            return rule()
        except FieldProblem as problem:
            errors[name] = str(problem)
            return None

    contact_on = check("contact_date", lambda: parse_date(form.contact_date))
    if contact_on is not None:
        if contact_on > today:
            errors["contact_date"] = "A contact cannot be in the future."
        elif (today - contact_on).days > OLDEST_CONTACT_DAYS:
            errors["contact_date"] = "This is more than a year ago; check the date."
    contact_at = check("contact_time", lambda: _time(form.contact_time))
    try:
        contact_type = ContactType(form.contact_type)
    except ValueError:
        errors["contact_type"] = "Choose the kind of contact."
        contact_type = ContactType.OTHER
    duration = None
    typed = form.duration_minutes.strip()
    if typed:
        if not typed.isdigit() or not 1 <= int(typed) <= LONGEST_DURATION:
            errors["duration_minutes"] = f"Enter minutes from 1 to {LONGEST_DURATION}."
        else:
            duration = int(typed)
    location = check("location", lambda: clean_text(form.location, longest=200)) or ""
    narrative = check("narrative", lambda: _narrative(form.narrative)) or ""
    if signing:
        if contact_on is None and "contact_date" not in errors:
            errors["contact_date"] = "Say when the contact happened."
        if duration is None and "duration_minutes" not in errors:
            errors["duration_minutes"] = "Say how long it took, in minutes."
        template = TEMPLATES.get(contact_type, "")
        if not narrative or narrative == template.strip():
            errors.setdefault("narrative", "Write what happened before signing.")
    if errors:
        raise ValidationError(errors)
    return NoteValues(
        contact_on,
        contact_at,
        contact_type,
        duration,
        location,
        narrative,
        form.confidential,
        tuple(sorted(set(form.goal_ids))),
    )


def fingerprint(values: NoteValues, *, case_id: int, author: str) -> str:
    """SHA-256 of what a signed note says, in a canonical form: recomputed on
    reading, a mismatch shows the stored note was altered outside CaseDesk."""
    canonical = json.dumps(
        {
            "case": case_id,
            "author": author,
            "on": values.contact_on.isoformat() if values.contact_on else None,
            "at": values.contact_at.strftime("%H:%M") if values.contact_at else None,
            "type": values.contact_type.value,
            "minutes": values.duration_minutes,
            "location": values.location,
            "narrative": values.narrative,
            "confidential": values.confidential,
            "goals": list(values.goal_ids),
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


LONGEST_ADDENDUM = 5_000


def validate_addendum(raw: str) -> str:
    """An addendum says what it corrects or adds; it cannot be empty."""
    try:
        text = _narrative(raw)
    except FieldProblem as problem:
        raise ValidationError({"addendum": str(problem)}) from None
    if not text:
        raise ValidationError({"addendum": "Write the correction or addition."})
    if len(text) > LONGEST_ADDENDUM:
        raise ValidationError(
            {"addendum": f"Use at most {LONGEST_ADDENDUM:,} characters (this has {len(text):,})."}
        )
    return text


def addendum_fingerprint(note_fingerprint: str, sequence: int, author: str, text: str) -> str:
    """Chained to the note's own fingerprint, so an addendum cannot be moved to another note."""
    canonical = json.dumps(
        {"note": note_fingerprint, "sequence": sequence, "author": author, "text": text},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def needs_cosign(cosign_days: int, hired_on: date, today: date) -> bool:
    """The program asks supervisors to co-sign the notes of staff hired within
    ``cosign_days`` days (0: never). The hire date is the day the account was made."""
    return cosign_days > 0 and (today - hired_on).days < cosign_days


@dataclass(frozen=True)
class Addendum:
    id: int
    note_id: int
    sequence: int
    author_staff_id: int
    author: str  # username: what the fingerprint holds
    text: str
    fingerprint: str
    created_at: datetime
    author_name: str = ""  # the author's display name, as people know them

    @property
    def written_by(self) -> str:
        return self.author_name or self.author


@dataclass(frozen=True)
class Note:
    """One note as stored, with its addenda in order."""

    id: int
    version: int
    case_id: int
    client_id: int
    client_name: str
    author_staff_id: int
    author: str  # username of the author
    values: NoteValues
    signed_at: datetime | None
    signed_by: str
    fingerprint: str
    cosign_required: bool
    cosigned_by: str
    cosigned_at: datetime | None
    created_at: datetime
    updated_at: datetime
    addenda: tuple[Addendum, ...] = ()
    # The shared server's verdict on its own proof (HMAC, only it holds the key);
    # None where the fingerprint is the SHA-256 below (the embedded database).
    proof_holds: bool | None = None
    # Display names, as people know them (the usernames above are what was signed).
    author_name: str = ""
    cosigner_name: str = ""

    @property
    def written_by(self) -> str:
        return self.author_name or self.author

    @property
    def cosigned_by_name(self) -> str:
        return self.cosigner_name or self.cosigned_by

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def awaiting_cosign(self) -> bool:
        return self.is_signed and self.cosign_required and self.cosigned_at is None

    @cached_property
    def intact(self) -> bool:
        """A signed note still says what was signed (not altered outside CaseDesk).

        Worked out once per note read: the service asks on its worker thread
        (domain/notes/service.py), so a list on screen never hashes a thing."""
        if not self.is_signed:
            return True
        if self.proof_holds is not None:
            return self.proof_holds
        computed = fingerprint(self.values, case_id=self.case_id, author=self.signed_by)
        return computed == self.fingerprint and all(
            a.fingerprint == addendum_fingerprint(self.fingerprint, a.sequence, a.author, a.text)
            for a in self.addenda
        )

    def as_form(self) -> NoteForm:
        """Back into the editor's words, to go on with a draft."""
        v = self.values
        return NoteForm(
            contact_date=v.contact_on.strftime("%m/%d/%Y") if v.contact_on else "",
            contact_time=v.contact_at.strftime("%H:%M") if v.contact_at else "",
            contact_type=v.contact_type.value,
            duration_minutes=str(v.duration_minutes) if v.duration_minutes else "",
            location=v.location,
            narrative=v.narrative,
            confidential=v.confidential,
            goal_ids=v.goal_ids,
        )


def form_to_json(form: NoteForm) -> dict:
    return {
        "contact_date": form.contact_date,
        "contact_time": form.contact_time,
        "contact_type": form.contact_type,
        "duration_minutes": form.duration_minutes,
        "location": form.location,
        "narrative": form.narrative,
        "confidential": form.confidential,
        "goal_ids": list(form.goal_ids),
    }


def form_from_json(data: dict) -> NoteForm:
    return NoteForm(
        contact_date=str(data.get("contact_date", "")),
        contact_time=str(data.get("contact_time", "")),
        contact_type=str(data.get("contact_type", ContactType.PHONE.value)),
        duration_minutes=str(data.get("duration_minutes", "")),
        location=str(data.get("location", "")),
        narrative=str(data.get("narrative", "")),
        confidential=bool(data.get("confidential", False)),
        goal_ids=tuple(int(g) for g in data.get("goal_ids", ())),
    )
