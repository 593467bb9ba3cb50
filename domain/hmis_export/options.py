"""What an export covers, as a supervisor or administrator chooses it: the period,
the programs, and how the clients' identifying details go out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, format_date, parse_date


class PiiHandling(StrEnum):
    """How names, SSN and date of birth go out (HUD 1.5 HashStatus)."""

    FULL = "full"  # as recorded (HashStatus 1, unhashed)
    HASHED = "hashed"  # HUD's SHA-256 rules for names and SSN (HashStatus 4)
    EXCLUDED = "excluded"  # left empty, their data-quality codes kept (HashStatus 1)

    @property
    def label(self) -> str:
        return {
            PiiHandling.FULL: "Full: names, SSN and date of birth as recorded",
            PiiHandling.HASHED: "Hashed: names and SSN by HUD's SHA-256 rules",
            PiiHandling.EXCLUDED: "Excluded: no names, SSN or date of birth",
        }[self]


@dataclass(frozen=True)
class ExportForm:
    """As typed and chosen: dates as text, the programs ticked."""

    start: str = ""
    end: str = ""
    program_ids: tuple[int, ...] = ()
    pii: str = PiiHandling.FULL.value


@dataclass(frozen=True)
class ExportOptions:
    start: date
    end: date
    program_ids: tuple[int, ...]
    pii: PiiHandling

    def describe(self) -> str:
        """For the audit trail: what was covered, never anyone's details."""
        programs = ",".join(str(p) for p in self.program_ids)
        return f"from={self.start.isoformat()};to={self.end.isoformat()};programs={programs}"


def validate_export_form(form: ExportForm, *, today: date) -> ExportOptions:
    errors: dict[str, str] = {}
    dates: dict[str, date | None] = {}
    for field in ("start", "end"):
        try:
            dates[field] = parse_date(getattr(form, field))
        except FieldProblem as problem:
            errors[field] = str(problem)
            continue
        if dates[field] is None:
            errors[field] = (
                "Give the period's first day."
                if field == "start"
                else ("Give the period's last day.")
            )
    start, end = dates.get("start"), dates.get("end")
    if start and start > today:
        errors["start"] = "The period cannot start after today."
    if start and end and end < start:
        errors["end"] = f"The period ends before it starts ({format_date(start)})."
    elif end and end > today:
        errors["end"] = f"The period cannot end after today ({format_date(today)})."
    programs = tuple(dict.fromkeys(int(p) for p in form.program_ids))
    if not programs:
        errors["programs"] = "Choose at least one program."
    try:
        pii = PiiHandling(form.pii)
    except ValueError:
        errors["pii"] = "Choose how names, SSNs and dates of birth go out."
        pii = PiiHandling.FULL
    if errors:
        raise ValidationError(errors)
    assert start is not None and end is not None
    return ExportOptions(start, end, programs, pii)
