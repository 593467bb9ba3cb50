"""Assessments: dated scores of the life domains, 1 (in crisis) to 5 (thriving),
as in the Self-Sufficiency Matrix, with the client's strengths and needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from domain.common.errors import ValidationError
from domain.common.field_rules import (
    FieldProblem,
    clean_text,
    parse_date,
    reject_invisible_characters,
)

LONGEST_NOTE = 300
LONGEST_STORY = 4000  # strengths, needs: a few paragraphs


class LifeDomain(StrEnum):
    HOUSING = "housing"
    INCOME = "income"
    EMPLOYMENT = "employment"
    FOOD = "food"
    HEALTH = "health"
    MENTAL_HEALTH = "mental_health"
    SUBSTANCE_USE = "substance_use"
    CHILDCARE = "childcare"
    TRANSPORTATION = "transportation"
    LEGAL = "legal"
    SAFETY = "safety"
    EDUCATION = "education"
    SUPPORT_NETWORK = "support_network"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


SCORE_LABELS = {
    1: "In crisis",
    2: "Vulnerable",
    3: "Stable",
    4: "Building capacity",
    5: "Thriving",
}


class AssessmentKind(StrEnum):
    INITIAL = "initial"
    REVIEW = "review"
    CLOSING = "closing"


@dataclass(frozen=True)
class AssessmentForm:
    """What the person typed and chose; a score of None means "not assessed"."""

    assessed_on: str = ""
    scores: dict[LifeDomain, int | None] = field(default_factory=dict)
    notes: dict[LifeDomain, str] = field(default_factory=dict)
    strengths: str = ""
    needs: str = ""


@dataclass(frozen=True)
class AssessmentValues:
    assessed_on: date
    kind: AssessmentKind
    scores: tuple[tuple[LifeDomain, int, str], ...]  # assessed domains only, in domain order
    strengths: str
    needs: str


@dataclass(frozen=True)
class Assessment(AssessmentValues):
    id: int
    version: int
    client_id: int
    case_id: int | None
    recorded_by: str
    recorded_at: datetime

    def score_of(self, domain: LifeDomain) -> int | None:
        return next((score for d, score, _note in self.scores if d == domain), None)

    @property
    def in_crisis(self) -> tuple[LifeDomain, ...]:
        return tuple(d for d, score, _note in self.scores if score == 1)


def _story(raw: str) -> str:
    """Several lines of free text: kept as typed, but no invisible tricks."""
    reject_invisible_characters(raw.replace("\n", " ").replace("\t", " "))
    text = "\n".join(line.rstrip() for line in raw.strip().splitlines())
    if len(text) > LONGEST_STORY:
        raise FieldProblem(f"Use at most {LONGEST_STORY} characters (this has {len(text)}).")
    return text


def validate_assessment(
    form: AssessmentForm, *, today: date, kind: AssessmentKind = AssessmentKind.INITIAL
) -> AssessmentValues:
    errors: dict[str, str] = {}
    assessed_on = today
    try:
        typed = parse_date(form.assessed_on)
        if typed is not None:
            assessed_on = typed
        if assessed_on > today:
            errors["assessed_on"] = "An assessment cannot be dated in the future."
    except FieldProblem as problem:
        errors["assessed_on"] = str(problem)
    scores = []
    for domain in LifeDomain:
        score = form.scores.get(domain)
        note = form.notes.get(domain, "")
        if score is not None and score not in SCORE_LABELS:
            errors[f"score.{domain}"] = "Score from 1 (in crisis) to 5 (thriving)."
            continue
        try:
            cleaned = clean_text(note, longest=LONGEST_NOTE) or ""
        except FieldProblem as problem:
            errors[f"note.{domain}"] = str(problem)
            continue
        if score is None:
            if cleaned:
                errors[f"score.{domain}"] = "Score this domain, or clear its note."
            continue
        scores.append((domain, score, cleaned))
    if not scores and not errors:
        errors["scores"] = "Score at least one life domain."
    stories = {}
    for name in ("strengths", "needs"):
        try:
            stories[name] = _story(getattr(form, name))
        except FieldProblem as problem:
            errors[name] = str(problem)
    if errors:
        raise ValidationError(errors)
    return AssessmentValues(
        assessed_on, kind, tuple(scores), stories["strengths"], stories["needs"]
    )
