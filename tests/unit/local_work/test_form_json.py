"""Forms kept on this computer come back exactly as they were typed, and data that
is not such a form is refused rather than loaded half-way."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from domain.assessments.assessment import AssessmentForm, LifeDomain
from domain.clients.hmis import RaceEthnicity
from domain.clients.intake import HouseholdMode, HouseholdPlan, IntakeForm, NewMember
from domain.clients.record import ClientForm, ClientSummary
from domain.consents.consent import ConsentForm, ServiceConsentForm
from domain.local_work.form_json import from_json, to_json
from domain.local_work.kept_work import WorkKind, kept_name, kind_of_name
from domain.plans.plan import GoalForm, StepForm

INTAKE = IntakeForm(
    client=ClientForm(
        first_name="Amara",
        last_name="Okafor",
        date_of_birth="02/03/1990",
        race_ethnicity=frozenset({RaceEthnicity.BLACK, RaceEthnicity.HISPANIC_LATINE}),
        interpreter_needed=True,
        ssn="123-45-6789",
    ),
    not_a_duplicate_reason="twin sister, confirmed by ID",
    household=HouseholdPlan(
        HouseholdMode.HEAD,
        members=(NewMember("Kofi", "Okafor", "05/06/2015", 2), NewMember(existing_client_id=9)),
    ),
    assessment=AssessmentForm(
        scores={LifeDomain.HOUSING: 1, LifeDomain.FOOD: 3},
        notes={LifeDomain.HOUSING: "Eviction notice for Friday"},
        strengths="Works nights; her sister helps",
    ),
    consent=ServiceConsentForm(given=True, signed_on="11/23/2026"),
    program_id=4,
)


def through_a_file(value):
    """As the copy is written and read: JSON text in between."""
    return json.loads(json.dumps(to_json(value)))


def test_an_intake_in_progress_comes_back_equal():
    assert from_json(IntakeForm, through_a_file(INTAKE)) == INTAKE


def test_plan_goals_assessments_consents_and_summaries_come_back_equal():
    goals = (
        GoalForm("Sign a lease", "housing", "06/30/2027", "in_progress", (StepForm("Call"),), 3),
        GoalForm(),
    )
    assert from_json(tuple[GoalForm, ...], through_a_file(goals)) == goals
    consent = ConsentForm(kind="release", recipient="County clinic", information=("health",))
    assert from_json(ConsentForm, through_a_file(consent)) == consent
    head = ClientSummary(
        7, "Ngozi", "Okafor", date(1970, 1, 2), None, datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert from_json(ClientSummary | None, through_a_file(head)) == head
    assert from_json(list[ClientSummary | None], through_a_file([None, head])) == [None, head]


def test_a_field_missing_from_an_older_copy_keeps_its_default():
    data = through_a_file(ConsentForm(kind="media", purpose="Newsletter"))
    del data["expiry_event"]
    assert from_json(ConsentForm, data) == ConsentForm(kind="media", purpose="Newsletter")


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (ConsentForm, {"kind": 3}),  # a number where text belongs
        (ConsentForm, ["not", "a", "form"]),
        (AssessmentForm, {"scores": [["no such domain", 2]]}),
        (AssessmentForm, {"scores": [["housing", "two"]]}),
        (tuple[GoalForm, ...], {"description": "a goal, not goals"}),
        (IntakeForm, {"household": {"mode": "somewhere"}}),
    ],
)
def test_data_that_is_not_the_form_is_refused(kind, data):
    with pytest.raises(ValueError):
        from_json(kind, data)


def test_each_kind_and_record_names_one_copy_never_a_notes_draft():
    assert kept_name(WorkKind.PLAN, "case12") == "plan-case12"
    assert kind_of_name("plan-case12") is WorkKind.PLAN
    assert kind_of_name("intake-new3fa2c1d0") is WorkKind.INTAKE
    for note_draft in ("case12-note34", "case12-newab12cd", "something-else"):
        assert kind_of_name(note_draft) is None
    with pytest.raises(ValueError):
        kept_name(WorkKind.PLAN, "../case12")
