"""Service plans: measurable goals in the life domains, with action steps (who
does what by when), periodic reviews, and the client's agreement.

A plan is edited freely while it is a draft. Once the client has agreed, it is
never changed in place: a change starts a new version (a draft copying the
agreed one), and the earlier versions stay readable as they were agreed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from domain.assessments.assessment import LifeDomain
from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, clean_text, parse_date

LONGEST_GOAL = 500
LONGEST_STEP = 300
MAX_GOALS = 20
MAX_STEPS = 20


class GoalStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    DISCONTINUED = "discontinued"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_open(self) -> bool:
        return self in (GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS)


class StepOwner(StrEnum):
    CLIENT = "client"
    CASEWORKER = "caseworker"
    PROVIDER = "provider"  # another provider, named on the step

    @property
    def label(self) -> str:
        return {
            StepOwner.CLIENT: "Client",
            StepOwner.CASEWORKER: "Caseworker",
            StepOwner.PROVIDER: "Another provider",
        }[self]


@dataclass(frozen=True)
class StepForm:
    what: str = ""
    who: str = StepOwner.CLIENT.value
    provider: str = ""
    due_date: str = ""
    done: bool = False


@dataclass(frozen=True)
class GoalForm:
    description: str = ""
    domain: str = ""
    target_date: str = ""
    status: str = GoalStatus.NOT_STARTED.value
    steps: tuple[StepForm, ...] = ()
    # The goal this row edits in a draft (None: a new goal), so that its id, and
    # whatever links to it, survives the edit.
    goal_id: int | None = None


@dataclass(frozen=True)
class StepValues:
    what: str
    who: StepOwner
    provider: str
    due_on: date | None
    done: bool


@dataclass(frozen=True)
class GoalValues:
    description: str
    domain: LifeDomain
    target_on: date
    status: GoalStatus
    steps: tuple[StepValues, ...]
    goal_id: int | None = None


def _step(prefix: str, form: StepForm, errors: dict[str, str]) -> StepValues | None:
    try:
        what = clean_text(form.what, longest=LONGEST_STEP)
    except FieldProblem as problem:
        errors[f"{prefix}.what"] = str(problem)
        what = None
    if not what and f"{prefix}.what" not in errors:
        errors[f"{prefix}.what"] = "Say what is to be done."
    try:
        who = StepOwner(form.who)
    except ValueError:
        errors[f"{prefix}.who"] = "Choose who does it."
        who = StepOwner.CLIENT
    provider = ""
    try:
        provider = clean_text(form.provider, longest=200) or ""
    except FieldProblem as problem:
        errors[f"{prefix}.provider"] = str(problem)
    if who is StepOwner.PROVIDER and not provider and f"{prefix}.provider" not in errors:
        errors[f"{prefix}.provider"] = "Name the provider."
    due = None
    try:
        due = parse_date(form.due_date)
    except FieldProblem as problem:
        errors[f"{prefix}.due_date"] = str(problem)
    if what is None:
        return None
    return StepValues(what, who, provider if who is StepOwner.PROVIDER else "", due, form.done)


def validate_goals(goals: tuple[GoalForm, ...]) -> tuple[GoalValues, ...]:
    """Errors are keyed ``goal.N.field`` and ``goal.N.step.M.field``."""
    errors: dict[str, str] = {}
    if not goals:
        errors["goals"] = "A plan needs at least one goal."
    if len(goals) > MAX_GOALS:
        errors["goals"] = f"Keep a plan to {MAX_GOALS} goals at most."
    result = []
    for number, goal in enumerate(goals):
        prefix = f"goal.{number}"
        try:
            description = clean_text(goal.description, longest=LONGEST_GOAL)
        except FieldProblem as problem:
            errors[f"{prefix}.description"] = str(problem)
            description = None
        if not description and f"{prefix}.description" not in errors:
            errors[f"{prefix}.description"] = (
                "Describe the goal so that anyone can tell when it is met."
            )
        try:
            domain = LifeDomain(goal.domain)
        except ValueError:
            errors[f"{prefix}.domain"] = "Choose the life domain this goal serves."
            domain = None
        target = None
        try:
            target = parse_date(goal.target_date)
            if target is None:
                errors[f"{prefix}.target_date"] = "Give a target date."
        except FieldProblem as problem:
            errors[f"{prefix}.target_date"] = str(problem)
        try:
            status = GoalStatus(goal.status)
        except ValueError:
            errors[f"{prefix}.status"] = "Choose a status."
            status = GoalStatus.NOT_STARTED
        if len(goal.steps) > MAX_STEPS:
            errors[f"{prefix}.steps"] = f"Keep a goal to {MAX_STEPS} steps at most."
        steps = tuple(
            step
            for index, form in enumerate(goal.steps)
            if (step := _step(f"{prefix}.step.{index}", form, errors)) is not None
        )
        if description and domain and target:
            result.append(GoalValues(description, domain, target, status, steps, goal.goal_id))
    if errors:
        raise ValidationError(errors)
    return tuple(result)


def next_review_due(since: date, interval_days: int) -> date:
    """When a plan agreed (or last reviewed) on ``since`` is due for review."""
    return since + timedelta(days=interval_days)


# --- a plan as stored: versions, agreement ------------------------------------


class AgreementMethod(StrEnum):
    PAPER = "paper"
    VERBAL = "verbal"
    SCREEN = "screen"  # signed on a pad in CaseDesk: the strokes are kept

    @property
    def label(self) -> str:
        return {
            AgreementMethod.PAPER: "Signed on paper",
            AgreementMethod.VERBAL: "Agreed verbally",
            AgreementMethod.SCREEN: "Signed on screen",
        }[self]


@dataclass(frozen=True)
class AgreementForm:
    agreed_on: str = ""
    how: str = AgreementMethod.PAPER.value


@dataclass(frozen=True)
class Agreement:
    agreed_on: date
    how: AgreementMethod


def validate_agreement(form: AgreementForm, *, today: date, drafted_on: date) -> Agreement:
    errors: dict[str, str] = {}
    agreed_on = None
    try:
        agreed_on = parse_date(form.agreed_on)
        if agreed_on is None:
            errors["agreed_on"] = "Give the date the client agreed to the plan."
        elif agreed_on > today:
            errors["agreed_on"] = "An agreement cannot be dated in the future."
        elif (drafted_on - agreed_on).days > 31:
            errors["agreed_on"] = "This is long before the plan was written; check the date."
    except FieldProblem as problem:
        errors["agreed_on"] = str(problem)
    try:
        how = AgreementMethod(form.how)
    except ValueError:
        errors["how"] = "Say how the client agreed: signed on paper, on screen, or verbally."
        how = AgreementMethod.PAPER
    if how is AgreementMethod.SCREEN and agreed_on is not None and agreed_on != today:
        errors["agreed_on"] = "A plan signed on screen is agreed today, as it is signed."
    if errors:
        raise ValidationError(errors)
    assert agreed_on is not None
    return Agreement(agreed_on, how)


@dataclass(frozen=True)
class PlanStep:
    id: int
    what: str
    who: StepOwner
    provider: str
    due_on: date | None
    done: bool

    @property
    def who_label(self) -> str:
        return self.provider if self.who is StepOwner.PROVIDER else self.who.label


@dataclass(frozen=True)
class PlanGoal:
    id: int
    description: str
    domain: LifeDomain
    target_on: date
    status: GoalStatus
    steps: tuple[PlanStep, ...]


@dataclass(frozen=True)
class PlanVersionSummary:
    id: int
    case_id: int
    number: int  # 1, 2, 3... in the order the versions were started
    goal_count: int
    drafted_on: date
    drafted_by: str
    agreed_on: date | None
    agreed_how: AgreementMethod | None

    @property
    def is_agreed(self) -> bool:
        return self.agreed_on is not None


@dataclass(frozen=True)
class ServicePlan:
    """One version of a case's plan; ``version`` is the row's optimistic lock."""

    id: int
    version: int
    case_id: int
    client_id: int
    number: int
    goals: tuple[PlanGoal, ...]
    drafted_on: date
    drafted_by: str
    updated_at: datetime
    updated_by: str
    agreed_on: date | None = None
    agreed_how: AgreementMethod | None = None
    agreement_recorded_by: str = ""
    # Drawn on screen at the agreement (domain/signatures): the client, the witness.
    signatures: tuple = ()
    # The newest version of the case (a reader of an earlier one is told so).
    latest_number: int = 0
    # When the case's plan is next due for review (None: the case is not open).
    review_due_on: date | None = None

    @property
    def is_agreed(self) -> bool:
        return self.agreed_on is not None

    @property
    def is_latest(self) -> bool:
        return self.number >= self.latest_number

    def as_forms(self) -> tuple[GoalForm, ...]:
        """The goals as an editor holds them, to change and save back."""
        return tuple(
            GoalForm(
                goal.description,
                goal.domain.value,
                goal.target_on.strftime("%m/%d/%Y"),
                goal.status.value,
                tuple(
                    StepForm(
                        step.what,
                        step.who.value,
                        step.provider,
                        step.due_on.strftime("%m/%d/%Y") if step.due_on else "",
                        step.done,
                    )
                    for step in goal.steps
                ),
                goal.id,
            )
            for goal in self.goals
        )
