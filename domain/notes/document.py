"""What printed case notes show: the signed notes of one case within a date
range, with their addenda. A read model for reports/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.clients.record import ClientRecord
from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, parse_date
from domain.notes.note import Note


@dataclass(frozen=True)
class NotesDocument:
    client: ClientRecord
    case_number: str
    program_name: str
    notes: tuple[Note, ...]  # signed, oldest contact first
    from_on: date | None
    to_on: date | None
    goals: dict[int, str]  # goal id → description, for the goals a note names


def validate_note_range(from_text: str, to_text: str) -> tuple[date | None, date | None]:
    """Blank ends are open: from the first note, or to the last."""
    errors: dict[str, str] = {}
    ends: list[date | None] = []
    for name, text in (("from_on", from_text), ("to_on", to_text)):
        try:
            ends.append(parse_date(text))
        except FieldProblem as problem:
            errors[name] = str(problem)
            ends.append(None)
    start, end = ends
    if start and end and start > end:
        errors["to_on"] = "The range ends before it starts."
    if errors:
        raise ValidationError(errors)
    return start, end


def in_range(note: Note, start: date | None, end: date | None) -> bool:
    day = note.values.contact_on
    return day is not None and (start is None or day >= start) and (end is None or day <= end)
