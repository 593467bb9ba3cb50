"""Referrals on both databases: the status loop (and the steps it refuses), the
follow-up task when a resource does not answer, the consent gate, the overview
and the referral letter; on PostgreSQL, what a caseworker's own login reads."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.audit.events import AuditAction, AuditFilter
from domain.cases.tasks import TaskSource
from domain.clients.record import ClientForm
from domain.common.errors import ConsentRequired, PermissionDenied, ValidationError
from domain.common.policy import Role
from domain.consents.consent import ConsentForm, RevocationForm
from domain.referrals.referral import ReferralForm, ReferralStatus, StatusForm
from domain.referrals.resources import ResourceForm
from domain.settings.office_settings import AgencyForm, agency_is_named

PANTRY = "St. Vincent Food Pantry"


def release(recipient: str = PANTRY, **changes) -> ConsentForm:
    values = dict(
        kind="release",
        method="paper",
        signed_on="11/20/2026",
        expires_on="05/20/2027",
        recipient=recipient,
        purpose="Coordinate food assistance",
        information=("contact",),
    )
    values.update(changes)
    return ConsentForm(**values)


class Office:
    def __init__(self, services, admin, make_staff):
        self.services = services
        self.admin = admin
        self.supervisor = make_staff(Role.SUPERVISOR, "ssup", "Sam Supervisor")
        self.worker = make_staff(Role.CASEWORKER, "jchen", "Jamie Chen")
        self.colleague = make_staff(Role.CASEWORKER, "mrivera2", "Maria Rivera")
        s = services
        # A release names the agency as who discloses: it is named before any is recorded.
        if not agency_is_named(s.settings.read(admin).agency):
            s.settings.set_agency_details(admin, AgencyForm("Miami Valley Family Services"))
        self.pantry = s.resources.create(
            admin, ResourceForm(organisation=PANTRY, service="Groceries", categories=("food",))
        )
        self.client = s.clients.register(
            self.supervisor,
            ClientForm(
                first_name="Amara",
                last_name="Okafor",
                phone="937 555 0199",
                address_line1="7 Elm Street",
                date_of_birth="03/04/1980",
            ),
        )
        self.case_id = s.cases.open_case(self.supervisor, self.client.id, self.worker.staff_id)

    def refer(self, who=None, override_reason: str = "", **changes):
        form = dict(
            resource_id=self.pantry.id,
            need="food",
            reason="Family of four without groceries this week",
            method="phone",
        )
        form.update(changes)
        return self.services.referrals.create(
            who or self.worker, self.case_id, ReferralForm(**form), override_reason
        )

    def step(self, referral, status: str, who=None, **changes):
        return self.services.referrals.change_status(
            who or self.worker, referral.id, referral.version, StatusForm(status=status, **changes)
        )

    def audit(self, action) -> list[str]:
        return [
            e.detail
            for e in self.services.audit.query(self.admin, AuditFilter())
            if e.action == action
        ]


@pytest.fixture
def office(services, admin, make_staff):
    return Office(services, admin, make_staff)


def test_the_loop_from_sent_to_completed_keeps_its_history(office, clock):
    office.services.consents.record(office.worker, office.client.id, release())
    referral = office.refer()
    assert (referral.status, referral.consent_id is not None, referral.overridden) == (
        ReferralStatus.SENT,
        True,
        False,
    )
    assert referral.referred_by_name == "Jamie Chen" and referral.caseworker_name == "Jamie Chen"
    for status in ("acknowledged", "accepted", "service_started"):
        referral = office.step(referral, status)
    clock.now += timedelta(days=3)
    with pytest.raises(ValidationError) as no_outcome:
        office.step(referral, "completed")
    assert "outcome" in no_outcome.value.errors
    referral = office.step(referral, "completed", outcome="Weekly groceries for three months")
    assert (referral.status, referral.outcome, referral.is_open) == (
        ReferralStatus.COMPLETED,
        "Weekly groceries for three months",
        False,
    )
    history = office.services.referrals.history(office.worker, referral.id)
    assert [(h.status.value, h.by) for h in history] == [
        ("sent", "jchen"),
        ("acknowledged", "jchen"),
        ("accepted", "jchen"),
        ("service_started", "jchen"),
        ("completed", "jchen"),
    ]
    assert f"{history[-1].on:%m/%d/%Y}" == "11/26/2026"
    assert len(office.audit(AuditAction.REFERRAL_STATUS_CHANGED)) == 4


def test_refused_steps_say_what_is_possible(office):
    referral = office.refer(self_referral=True)
    with pytest.raises(ValidationError) as skip:
        office.step(referral, "completed", outcome="done")
    assert skip.value.errors["status"] == (
        "A referral that is sent cannot become completed; it can become acknowledged, "
        "accepted, declined, no response."
    )
    with pytest.raises(ValidationError) as no_reason:
        office.step(referral, "declined")
    assert "note" in no_reason.value.errors
    declined = office.step(referral, "declined", note="Outside their service area")
    assert declined.outcome == "Outside their service area"
    with pytest.raises(ValidationError) as closed:
        office.step(declined, "accepted")
    assert "its loop is closed" in closed.value.errors["status"]
    with pytest.raises(ValidationError) as unknown:
        office.step(declined, "lost")
    assert "status" in unknown.value.errors
    # "No response" is not the end: a late answer still counts.
    late = office.step(office.refer(self_referral=True), "no_response")
    assert office.step(late, "accepted").status is ReferralStatus.ACCEPTED


def test_a_referral_is_checked_before_anything_is_saved(office):
    with pytest.raises(ValidationError) as refused:
        office.refer(
            resource_id=None, reason=" ", need="wealth", method="fax", sent_on="12/01/2026"
        )
    assert set(refused.value.errors) == {"resource_id", "reason", "need", "method", "sent_on"}
    assert office.services.referrals.for_client(office.worker, office.client.id) == []


def test_sharing_needs_a_release_in_effect_for_the_organisation(office, clock):
    with pytest.raises(ConsentRequired) as none:
        office.refer()
    assert "no release of information for St. Vincent Food Pantry" in str(none.value)
    assert not none.value.overridable
    # Without a release, the client may still refer themselves: nothing is shared.
    own = office.refer(self_referral=True)
    assert own.self_referral and own.consent_id is None
    assert office.audit(AuditAction.INFORMATION_RELEASED) == []
    assert office.audit(AuditAction.REFERRAL_MADE)[0].endswith("shared=self")

    consent = office.services.consents.record(office.worker, office.client.id, release())
    shared = office.refer()
    assert shared.consent_id == consent.id
    assert office.audit(AuditAction.INFORMATION_RELEASED) == [
        f"to={PANTRY};what=referral;consent={consent.id}"
    ]

    office.services.consents.revoke(
        office.worker, consent.id, consent.version, RevocationForm("11/23/2026", "Phoned")
    )
    with pytest.raises(ConsentRequired) as revoked:
        office.refer()
    assert "revoked the release" in str(revoked.value)

    office.services.consents.record(
        office.worker, office.client.id, release(signed_on="11/21/2026", expires_on="11/30/2026")
    )
    assert office.refer().consent_id is not None
    clock.now += timedelta(days=10)
    with pytest.raises(ConsentRequired) as expired:
        office.refer()
    assert "expired on 11/30/2026" in str(expired.value)
    assert len(office.services.referrals.for_client(office.worker, office.client.id)) == 3


def test_only_a_supervisor_overrides_with_a_reason_and_it_is_audited(office):
    with pytest.raises(PermissionDenied):
        office.refer(override_reason="The client asked for it in person today")
    with pytest.raises(ConsentRequired) as asked:
        office.refer(office.supervisor)
    assert asked.value.overridable
    with pytest.raises(ValidationError) as short:
        office.refer(office.supervisor, override_reason="urgent")
    assert "override_reason" in short.value.errors
    referral = office.refer(
        office.supervisor, override_reason="Eviction tomorrow; release signed on Monday"
    )
    assert referral.overridden and referral.consent_id is None
    assert office.audit(AuditAction.CONSENT_OVERRIDDEN) == [
        f"to={PANTRY};what=referral;release=no release;"
        "reason=Eviction tomorrow; release signed on Monday"
    ]


def test_a_follow_up_task_appears_when_the_resource_does_not_answer(office, clock):
    waiting = office.refer(self_referral=True, sent_on="11/20/2026")
    answered = office.step(office.refer(self_referral=True, sent_on="11/01/2026"), "acknowledged")
    assert answered.status is ReferralStatus.ACKNOWLEDGED
    tasks = office.services.tasks
    # Ten days (the default) have not passed for the one still waiting.
    assert tasks.ensure_reminders(office.worker) == 0
    clock.now += timedelta(days=7)  # 11/30: ten days since it was sent
    assert tasks.ensure_reminders(office.worker) == 1
    assert tasks.ensure_reminders(office.supervisor) == 0  # made once
    [task] = [t for t in tasks.mine(office.worker) if t.source is TaskSource.REFERRAL_FOLLOW_UP]
    assert task.title == f"Follow up the referral to {PANTRY}"
    assert (task.case_id, f"{task.due_on:%m/%d/%Y}") == (office.case_id, "11/30/2026")
    assert "no response in 10 days" in task.note
    assert waiting.id != answered.id


def test_the_office_sets_how_many_days_a_referral_waits(office, clock):
    office.refer(self_referral=True, sent_on="11/20/2026")
    with pytest.raises(ValidationError):
        office.services.settings.set_referral_follow_up_days(office.admin, "0")
    with pytest.raises(PermissionDenied):
        office.services.settings.set_referral_follow_up_days(office.supervisor, "3")
    settings = office.services.settings.set_referral_follow_up_days(office.admin, "3")
    assert settings.referral_follow_up_days == 3
    assert office.services.tasks.ensure_reminders(office.supervisor) == 1
    [task] = office.services.tasks.mine(office.worker)
    assert f"{task.due_on:%m/%d/%Y}" == "11/23/2026"


def test_the_overview_shows_open_referrals_of_ones_own_cases(office, make_staff):
    mine = office.refer(self_referral=True, sent_on="11/10/2026")
    office.step(office.refer(self_referral=True), "declined", note="Full")
    other = office.services.clients.register(
        office.supervisor, ClientForm(first_name="Ngozi", last_name="Adeyemi")
    )
    other_case = office.services.cases.open_case(
        office.supervisor, other.id, office.colleague.staff_id
    )
    theirs = office.services.referrals.create(
        office.colleague,
        other_case,
        ReferralForm(resource_id=office.pantry.id, reason="Groceries", self_referral=True),
    )
    assert [r.id for r in office.services.referrals.overview(office.worker)] == [mine.id]
    assert [r.id for r in office.services.referrals.overview(office.supervisor)] == [
        mine.id,
        theirs.id,
    ]
    assert mine.age_days(office.services.today()) == 13
    with pytest.raises(PermissionDenied):
        office.services.referrals.change_status(
            office.colleague, mine.id, mine.version, StatusForm("acknowledged")
        )
    with pytest.raises(PermissionDenied):
        office.refer(office.colleague, self_referral=True)
    with pytest.raises(PermissionDenied):
        office.services.referrals.overview(make_staff(Role.FRONTDESK))


@pytest.mark.postgres
def test_on_the_server_a_caseworker_reads_only_the_referrals_of_their_cases(postgres_office):
    office = postgres_office
    supervisor = office.hire(Role.SUPERVISOR, "Sam Supervisor")
    worker, colleague = office.hire(Role.CASEWORKER), office.hire(Role.CASEWORKER)
    s, a = supervisor.services, supervisor.actor
    pantry = office.admin.services.resources.create(
        office.admin.actor, ResourceForm(organisation=PANTRY, categories=("food",))
    )
    ids = {}
    for who, name in ((worker, "Own"), (colleague, "Other")):
        client = s.clients.register(a, ClientForm(first_name=name, last_name="Client"))
        case_id = s.cases.open_case(a, client.id, who.actor.staff_id)
        ids[name] = s.referrals.create(
            a, case_id, ReferralForm(resource_id=pantry.id, reason="Food", self_referral=True)
        ).id
    with office.connect_as(worker.actor.username) as conn:
        seen = [row[0] for row in conn.execute("SELECT id FROM referrals ORDER BY id")]
        history = [
            row[0] for row in conn.execute("SELECT referral_id FROM referral_status_changes")
        ]
        updated = conn.execute(
            "UPDATE referrals SET status = 'completed' WHERE id = %s", (ids["Other"],)
        ).rowcount
        directory = conn.execute("SELECT count(*) FROM resources").fetchone()[0]
    assert seen == [ids["Own"]] and history == [ids["Own"]]
    assert updated == 0 and directory == 1
    assert [r.id for r in worker.services.referrals.overview(worker.actor)] == [ids["Own"]]


def test_a_referral_serves_a_goal_of_the_case_plan_and_no_other(office):
    from domain.plans.plan import GoalForm

    plan = office.services.plans.save_draft(
        office.worker,
        office.case_id,
        0,
        (GoalForm("Groceries every week without the food bank", "food", "06/30/2027"),),
    )
    [goal] = plan.goals
    with pytest.raises(ValidationError) as stranger:
        office.refer(self_referral=True, goal_id=goal.id + 1000)
    assert "goal of this case's service plan" in stranger.value.errors["goal_id"]
    referral = office.refer(self_referral=True, goal_id=goal.id)
    [stored] = office.services.referrals.for_client(office.worker, office.client.id)
    assert stored.id == referral.id and stored.goal_id == goal.id
