"""What each intake step asks of the person before they may go on."""

from __future__ import annotations

from datetime import date

import pytest

from domain.assessments.assessment import AssessmentForm, LifeDomain, validate_assessment
from domain.cases.programs import ProgramForm, validate_program_form
from domain.clients.hmis import RelationshipToHead
from domain.clients.intake import (
    HouseholdMode,
    HouseholdPlan,
    IntakeForm,
    IntakeStep,
    NewMember,
    check_step,
)
from domain.clients.record import ClientForm
from domain.common.errors import ValidationError
from domain.consents.consent import ServiceConsentForm, validate_service_consent

TODAY = date(2026, 11, 23)


def errors_of(call) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.errors


def test_an_assessment_scores_at_least_one_domain_from_1_to_5():
    assert errors_of(lambda: validate_assessment(AssessmentForm(), today=TODAY)) == {
        "scores": "Score at least one life domain."
    }
    bad = AssessmentForm(
        scores={LifeDomain.FOOD: 7, LifeDomain.HEALTH: None},
        notes={LifeDomain.HEALTH: "diabetic"},
        assessed_on="12/01/2026",
    )
    assert set(errors_of(lambda: validate_assessment(bad, today=TODAY))) == {
        "score.food",
        "score.health",  # a note on an unscored domain
        "assessed_on",  # in the future
    }
    values = validate_assessment(
        AssessmentForm(
            scores={LifeDomain.SAFETY: 1, LifeDomain.HOUSING: 3},
            strengths="  Stable job\n\n",
        ),
        today=TODAY,
    )
    assert [d for d, _s, _n in values.scores] == [LifeDomain.HOUSING, LifeDomain.SAFETY]
    assert values.assessed_on == TODAY and values.strengths == "Stable job"


def test_strengths_and_needs_refuse_hidden_direction_tricks():
    form = AssessmentForm(scores={LifeDomain.FOOD: 2}, needs="pay \u202erent")
    assert "needs" in errors_of(lambda: validate_assessment(form, today=TODAY))


def test_consent_to_services_must_be_given_and_dated_sensibly():
    assert set(errors_of(lambda: validate_service_consent(ServiceConsentForm(), today=TODAY))) == {
        "given"
    }
    wrong = ServiceConsentForm(given=True, signed_on="01/05/2020", expires_on="11/23/2026")
    assert set(errors_of(lambda: validate_service_consent(wrong, today=TODAY))) == {
        "signed_on",
        "expires_on",
    }
    values = validate_service_consent(
        ServiceConsentForm(given=True, method="verbal", expires_on="11/23/2027"), today=TODAY
    )
    assert (values.signed_on, values.expires_on) == (TODAY, date(2027, 11, 23))


def test_household_members_need_a_relationship_and_a_readable_birth_date():
    form = IntakeForm(
        client=ClientForm(first_name="Amara", last_name="Okafor"),
        household=HouseholdPlan(
            mode=HouseholdMode.HEAD,
            members=(
                NewMember("Chidi", "Okafor", "2015-13-40", RelationshipToHead.CHILD),
                NewMember("", "", "", RelationshipToHead.SELF),
            ),
        ),
    )
    errors = errors_of(lambda: check_step(IntakeStep.HOUSEHOLD, form, today=TODAY))
    assert set(errors) == {
        "member.0.date_of_birth",
        "member.1.relationship",
        "member.1.first_name",
        "member.1.last_name",
    }


def test_joining_a_household_needs_its_head():
    form = IntakeForm(household=HouseholdPlan(mode=HouseholdMode.JOINS))
    assert set(errors_of(lambda: check_step(IntakeStep.HOUSEHOLD, form, today=TODAY))) == {
        "head",
        "relationship",
    }


def test_a_program_needs_a_name_and_a_sensible_review_interval():
    assert set(errors_of(lambda: validate_program_form(ProgramForm(" ", "", "abc")))) == {
        "name",
        "review_interval_days",
    }
    assert validate_program_form(ProgramForm(" Family  support ", "", "30")).name == (
        "Family support"
    )
