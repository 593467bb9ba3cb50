"""What a service plan's goals and steps must say."""

from __future__ import annotations

from datetime import date

import pytest

from domain.assessments.assessment import LifeDomain
from domain.common.errors import ValidationError
from domain.plans.plan import (
    GoalForm,
    GoalStatus,
    StepForm,
    StepOwner,
    next_review_due,
    validate_goals,
)


def test_a_goal_is_measurable_in_a_domain_with_a_target_date_and_named_helpers():
    goals = (
        GoalForm(
            "Move into stable housing by signing a 12-month lease",
            "housing",
            "03/31/2027",
            steps=(
                StepForm("Apply for three apartments", "client", due_date="12/15/2026"),
                StepForm("Deposit assistance", "provider", provider="", due_date="someday"),
            ),
        ),
        GoalForm("", "happiness", ""),
    )
    with pytest.raises(ValidationError) as raised:
        validate_goals(goals)
    assert set(raised.value.errors) == {
        "goal.0.step.1.provider",
        "goal.0.step.1.due_date",
        "goal.1.description",
        "goal.1.domain",
        "goal.1.target_date",
    }
    with pytest.raises(ValidationError) as raised:
        validate_goals(())
    assert raised.value.errors == {"goals": "A plan needs at least one goal."}


def test_valid_goals_keep_their_steps_in_order():
    [goal] = validate_goals(
        (
            GoalForm(
                "Pay two months of arrears",
                "income",
                "01/31/2027",
                GoalStatus.IN_PROGRESS.value,
                (
                    StepForm("Apply for emergency rental help", "caseworker"),
                    StepForm("Bring pay stubs", "client", due_date="12/01/2026", done=True),
                    StepForm("Mediation", "provider", provider="Legal Aid Dayton"),
                ),
            ),
        )
    )
    assert goal.domain is LifeDomain.INCOME and goal.status is GoalStatus.IN_PROGRESS
    assert [(s.who, s.done) for s in goal.steps] == [
        (StepOwner.CASEWORKER, False),
        (StepOwner.CLIENT, True),
        (StepOwner.PROVIDER, False),
    ]
    assert goal.steps[2].provider == "Legal Aid Dayton"
    assert next_review_due(date(2026, 11, 23), 90) == date(2027, 2, 21)
