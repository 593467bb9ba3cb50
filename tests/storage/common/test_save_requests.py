"""A save whose answer was lost is tried once more and answers with what the
first try stored, on both databases: a creating save finds its row by its
request id, a save over a version finds the row holding exactly what was
asked. Nothing is stored twice, nothing done is reported refused, and a
different (or later, stale) save is still refused as before.

``answer_lost`` makes the next commit happen and its answer go missing, as when
the connection drops just then (tests/faults does it with a real proxy on
PostgreSQL); the service tries once more, as after a real drop."""

from __future__ import annotations

import pytest

from domain.assessments.assessment import AssessmentForm, LifeDomain
from domain.audit.events import AuditAction, AuditFilter
from domain.clients.intake import IntakeForm
from domain.clients.record import ClientForm
from domain.common.errors import ConflictError, ValidationError
from domain.common.policy import Role
from domain.common.saving import AlreadySaved, new_request_id
from domain.common.server_errors import ConnectionLost
from domain.consents.consent import ConsentForm, ServiceConsentForm
from domain.notes.note import NoteForm
from domain.plans.plan import GoalForm, StepForm
from domain.referrals.referral import ReferralForm
from domain.referrals.resources import ResourceForm
from domain.settings.office_settings import AgencyForm
from storage.common.unit_of_work import SqlUnitOfWork
from tests.gui.cases.caseload_office import assign, intake_case, make_office

PHONE = NoteForm(
    contact_date="11/23/2026",
    contact_time="09:15",
    contact_type="phone",
    duration_minutes="15",
    narrative="Called about the rent arrears; landlord agreed to wait a week.",
)
HOUSING = GoalForm(
    "Sign a lease", "housing", "03/31/2027", steps=(StepForm("View two flats", "client"),)
)
PANTRY = "St. Vincent Food Pantry"


@pytest.fixture
def office(services, admin, make_staff):
    office = make_office(services, admin, make_staff)
    office.admin = admin
    office.case = intake_case(services, office, "Amara")
    assign(services, office, office.case, office.maria)
    return office


@pytest.fixture
def answer_lost(monkeypatch):
    """Call to make the next commit's answer go missing; what it returns counts them."""
    commit = SqlUnitOfWork.commit
    state = {"armed": False, "lost": 0}

    def commit_then_lose(uow) -> None:
        commit(uow)
        if state["armed"]:
            state["armed"] = False
            state["lost"] += 1
            raise ConnectionLost(None)

    monkeypatch.setattr(SqlUnitOfWork, "commit", commit_then_lose)

    def arm() -> dict:
        state["armed"], state["lost"] = True, 0
        return state

    return arm


def _actions(services, office, action: AuditAction) -> int:
    return sum(e.action == action for e in services.audit.query(office.admin, AuditFilter()))


def test_a_new_draft_whose_answer_was_lost_is_made_once(services, office, answer_lost):
    notes, maria = services.notes, office.maria
    lost = answer_lost()
    first = notes.start_draft(maria, office.case, NoteForm(narrative="Cal"))
    assert lost["lost"] == 1
    assert [n.id for n in notes.my_drafts(maria)] == [first.id]
    assert _actions(services, office, AuditAction.NOTE_DRAFT_STARTED) == 1
    # The editor's own "start again" with the id it kept is the same draft.
    request = new_request_id()
    kept = notes.start_draft(maria, office.case, NoteForm(narrative="Ring"), request)
    assert notes.start_draft(maria, office.case, NoteForm(narrative="Ring"), request) == kept
    # Without an id (or with another) it is another note, as asked.
    other = notes.start_draft(maria, office.case, NoteForm(narrative="Cal"))
    assert len({first.id, kept.id, other.id}) == 3


def test_a_save_over_a_version_whose_answer_was_lost_is_found_saved(services, office, answer_lost):
    notes, maria = services.notes, office.maria
    draft = notes.start_draft(maria, office.case, NoteForm(narrative="Cal"))
    lost = answer_lost()
    saved = notes.save_draft(maria, draft.id, draft.version, PHONE)
    assert lost["lost"] == 1 and saved.version == draft.version + 1
    assert saved.values.narrative == PHONE.narrative
    # Asked again later over the old version, it is a stale editor's save, as before.
    with pytest.raises(ConflictError):
        notes.save_draft(maria, draft.id, draft.version, PHONE)

    lost = answer_lost()
    signed = notes.sign(maria, saved.id, saved.version, PHONE)
    assert lost["lost"] == 1 and signed.is_signed and signed.intact
    # Signing again as asked before (the person's "sign again" after "cannot tell
    # yet") answers with the signed note: nothing signed twice, nothing refused.
    assert notes.sign(maria, saved.id, saved.version, PHONE) == signed
    assert _actions(services, office, AuditAction.NOTE_SIGNED) == 1
    assert _actions(services, office, AuditAction.SIGNED_NOTE_CHANGE_REFUSED) == 0
    different = NoteForm(**{**vars(PHONE), "narrative": "Something else"})
    with pytest.raises(ValidationError, match="never changes"):
        notes.sign(maria, saved.id, saved.version, different)


def test_an_addendum_whose_answer_was_lost_is_added_once(services, office, answer_lost):
    notes, maria = services.notes, office.maria
    draft = notes.start_draft(maria, office.case, NoteForm(narrative="Cal"))
    signed = notes.sign(maria, draft.id, draft.version, PHONE)
    lost = answer_lost()
    notes.add_addendum(maria, signed.id, "The landlord called back.")
    assert lost["lost"] == 1
    request = new_request_id()
    second = notes.add_addendum(maria, signed.id, "And paid.", request)
    assert notes.add_addendum(maria, signed.id, "And paid.", request) == second
    (note,) = notes.for_case(maria, office.case)
    assert [a.sequence for a in note.addenda] == [1, 2] and note.intact


def test_a_client_whose_registration_answer_was_lost_is_registered_once(
    services, office, answer_lost
):
    form = ClientForm(first_name="Bola", last_name="Adeyemi")
    lost = answer_lost()
    first = services.clients.register(office.supervisor, form)
    assert lost["lost"] == 1
    request = new_request_id()
    again = ClientForm(first_name="Bola", last_name="Adeyemi-Smith")
    second = services.clients.register(office.supervisor, again, "not her", request)
    assert services.clients.register(office.supervisor, again, "not her", request) == second
    found = {c.id for c in services.clients.search(office.supervisor, "adeyemi")}
    assert found == {first.id, second.id}


def test_an_intake_whose_answer_was_lost_is_saved_once(services, office, answer_lost):
    request = new_request_id()
    form = IntakeForm(
        client=ClientForm(first_name="Chidi", last_name="Eze"),
        assessment=AssessmentForm(scores={LifeDomain.HOUSING: 2}),
        consent=ServiceConsentForm(given=True),
        program_id=office.program.id,
    )
    lost = answer_lost()
    first = services.intake.complete(office.supervisor, form, request)
    assert lost["lost"] == 1
    again = services.intake.complete(office.supervisor, form, request)
    assert (again.client.id, again.case_id) == (first.client.id, first.case_id)
    cases = services.records.cases(office.supervisor, first.client.id)
    assert [c.id for c in cases] == [first.case_id]
    assert _actions(services, office, AuditAction.INTAKE_COMPLETED) == 2  # Amara's and Chidi's


def test_a_consent_and_a_referral_whose_answers_were_lost_are_made_once(
    services, office, answer_lost
):
    s, maria = services, office.maria
    client_id = s.cases.get(maria, office.case).client_id
    s.settings.set_agency_details(office.admin, AgencyForm("Miami Valley Family Services"))
    release = ConsentForm(
        kind="release",
        method="paper",
        signed_on="11/20/2026",
        expires_on="05/20/2027",
        recipient=PANTRY,
        purpose="Coordinate food assistance",
        information=("contact",),
    )
    lost = answer_lost()
    consent = s.consents.record(maria, client_id, release)
    assert lost["lost"] == 1
    releases = [c for c in s.records.consents(maria, client_id) if c.kind == "release"]
    assert [c.id for c in releases] == [consent.id]

    pantry = s.resources.create(
        office.admin, ResourceForm(organisation=PANTRY, service="Groceries", categories=("food",))
    )
    form = ReferralForm(resource_id=pantry.id, need="food", reason="No groceries", method="phone")
    lost = answer_lost()
    referral = s.referrals.create(maria, office.case, form)
    assert lost["lost"] == 1
    assert [r.id for r in s.referrals.for_client(maria, client_id)] == [referral.id]


def test_a_plan_draft_whose_answer_was_lost_is_found_saved(services, office, answer_lost):
    plans, maria = services.plans, office.maria
    lost = answer_lost()
    first = plans.save_draft(maria, office.case, 0, (HOUSING,))
    assert lost["lost"] == 1 and first.version == 1
    assert [v.id for v in plans.versions(maria, office.case)] == [first.id]
    edited = GoalForm(
        **{**vars(HOUSING), "description": "Sign a lease by March", "goal_id": first.goals[0].id}
    )
    lost = answer_lost()
    second = plans.save_draft(maria, office.case, first.version, (edited,))
    assert lost["lost"] == 1 and second.version == first.version + 1
    assert [g.description for g in second.goals] == ["Sign a lease by March"]
    with pytest.raises(ConflictError):  # asked again later over version 1: stale, as before
        plans.save_draft(maria, office.case, first.version, (edited,))


def test_a_request_id_is_a_uuid(services, office):
    with pytest.raises(ValueError, match="UUID"):
        services.notes.start_draft(office.maria, office.case, NoteForm(narrative="x"), "note-1")


@pytest.mark.postgres
def test_a_row_the_retry_cannot_read_back_is_reported_saved_not_made_again(
    postgres_office, answer_lost
):
    # A caseworker's new client is on nobody's caseload yet: row-level security
    # hides it from her once its transaction is over, so the retry cannot find it.
    office = postgres_office
    worker = office.hire(Role.CASEWORKER, "Nguyễn Thị Hoa")
    lost = answer_lost()
    with pytest.raises(AlreadySaved) as raised:
        worker.services.clients.register(
            worker.actor, ClientForm(first_name="Mai", last_name="Tran")
        )
    assert lost["lost"] == 1
    assert raised.value.saved is True and "not saved twice" in str(raised.value)
    with office.superuser() as superuser:
        (count,) = superuser.execute(
            "SELECT count(*) FROM clients WHERE last_name = 'Tran'"
        ).fetchone()
    assert count == 1


def test_an_assessment_whose_answer_was_lost_is_recorded_once(services, office, answer_lost):
    s, maria = services, office.maria
    client_id = s.cases.get(maria, office.case).client_id
    before = len(s.records.assessments(maria, client_id))
    audited = _actions(services, office, AuditAction.ASSESSMENT_RECORDED)  # the intake's
    review = AssessmentForm(
        scores={LifeDomain.HOUSING: 3, LifeDomain.FOOD: 4}, strengths="Keeps appointments."
    )
    lost = answer_lost()
    first = s.assessments.record(maria, office.case, review)
    assert lost["lost"] == 1
    assert len(s.records.assessments(maria, client_id)) == before + 1
    assert _actions(services, office, AuditAction.ASSESSMENT_RECORDED) == audited + 1
    # The follow-up form's own "save again" (a restored copy saved after an
    # unanswered save) with the id it kept is the same assessment.
    request = new_request_id()
    kept = s.assessments.record(maria, office.case, review, request_id=request)
    assert s.assessments.record(maria, office.case, review, request_id=request) == kept
    assert _actions(services, office, AuditAction.ASSESSMENT_RECORDED) == audited + 2
    # Without an id it is another assessment, as asked.
    other = s.assessments.record(maria, office.case, review)
    assert len({first.id, kept.id, other.id}) == 3
    assert len(s.records.assessments(maria, client_id)) == before + 3
    with pytest.raises(ValueError, match="UUID"):
        s.assessments.record(maria, office.case, review, request_id="assessment-1")
