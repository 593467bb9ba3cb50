"""Every service method, for every role, on both databases: allowed or PermissionDenied.

The table below is written once, by hand, from what domain/common/policy.py means (not
computed from it): an administrator runs the system and reads no client
records; a supervisor reaches every client and assigns cases; a caseworker
reaches only the clients of cases assigned to them; the front desk registers
and edits any client but assigns nothing. On SQLite the domain's Guard decides;
on PostgreSQL each person works as their own login role, so grants and
row-level security must agree with it, and refuse in the same words.
"""

from __future__ import annotations

import dataclasses
import inspect
import io
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as default
from datetime import date
from functools import partial

import pytest

from domain.assessments.assessment import AssessmentForm, LifeDomain
from domain.attachments.attachment import Attachment, AttachmentForm, AttachmentUse, Upload
from domain.audit.events import AuditFilter
from domain.backups.copies import BackupFailed
from domain.cases.programs import ProgramForm
from domain.cases.tasks import TaskForm
from domain.clients.intake import IntakeForm
from domain.clients.record import ClientForm
from domain.common.errors import CaseDeskError, PermissionDenied, ValidationError
from domain.common.policy import Role
from domain.consents.consent import ConsentForm, RevocationForm, ServiceConsentForm
from domain.hmis_export.options import ExportForm
from domain.notes.note import NoteForm
from domain.outcome_reports.period import ReportForm, ReportPeriod
from domain.plans.plan import AgreementForm, GoalForm
from domain.plans.reviews import GoalReviewForm, ReviewForm
from domain.printing.service import FormKind, OutputKind
from domain.referrals.referral import ReferralForm, StatusForm
from domain.referrals.resource_csv import COLUMNS
from domain.referrals.resources import ResourceForm
from domain.services import Services
from domain.settings.office_settings import AgencyForm
from domain.signatures.signature import Point, Stroke, Strokes
from domain.staff.accounts import StaffForm
from domain.staff.session import Session
from domain.timeline.paging import TimelineCursor
from tests import attachment_files
from tests.conftest import EmbeddedOffice, unique_role_name

ADMIN, SUPERVISOR, CASEWORKER, FRONTDESK = (
    Role.ADMIN,
    Role.SUPERVISOR,
    Role.CASEWORKER,
    Role.FRONTDESK,
)
EVERYONE = set(Role)
CLIENT_WORK = {SUPERVISOR, CASEWORKER, FRONTDESK}
ID_CARD = AttachmentForm("State ID card", "id_document")
PLAN_GOALS = (GoalForm("Find work within a bus ride", "employment", "06/30/2027"),)

# "own client" is on the acting caseworker's caseload; "another's client" is on
# another caseworker's. For the other roles both are simply clients.
EXPECTED: dict[str, set[Role]] = {
    "clients.register": CLIENT_WORK,
    "clients.open own client": CLIENT_WORK,
    "clients.open another's client": {SUPERVISOR, FRONTDESK},
    "clients.reread own client": CLIENT_WORK,
    "clients.reread another's client": {SUPERVISOR, FRONTDESK},
    "clients.change own client": CLIENT_WORK,
    "clients.change another's client": {SUPERVISOR, FRONTDESK},
    "clients.list_page": CLIENT_WORK,
    "clients.search": CLIENT_WORK,
    "clients.possible_duplicates": CLIENT_WORK,
    "clients.reveal_ssn own client": {SUPERVISOR, CASEWORKER},
    "clients.reveal_ssn another's client": {SUPERVISOR},
    "households.members own client": CLIENT_WORK,
    "households.join own client": CLIENT_WORK,
    "households.leave own client": CLIENT_WORK,
    "merges.plan": {SUPERVISOR},
    "merges.merge": {SUPERVISOR},
    "merges.undo": {SUPERVISOR},
    "merges.merges_of": {SUPERVISOR},
    "cases.open_case unassigned, for own client": CLIENT_WORK,
    "cases.open_case assigning a caseworker": {SUPERVISOR},
    "staff.list_staff": {ADMIN},
    "staff.changed_elsewhere": EVERYONE,  # forgets the kept accounts; reads nothing
    "staff.create": {ADMIN},
    "staff.change": {ADMIN},
    "staff.set_active": {ADMIN},
    "staff.reset_password": {ADMIN},
    "staff.unlock": {ADMIN},
    "audit.query": {ADMIN, SUPERVISOR},
    "audit.export_csv": {ADMIN},
    "programs.list": EVERYONE,
    "programs.get": EVERYONE,
    "programs.create": {ADMIN},
    "programs.change": {ADMIN},
    "intake.complete": {SUPERVISOR, FRONTDESK},
    "records.cases own client": CLIENT_WORK,
    "records.cases another's client": {SUPERVISOR, FRONTDESK},
    "records.assessments own client": CLIENT_WORK,
    "records.assessments another's client": {SUPERVISOR, FRONTDESK},
    "records.consents own client": CLIENT_WORK,
    "records.consents another's client": {SUPERVISOR, FRONTDESK},
    "records.case_work own client": CLIENT_WORK,
    "records.case_work another's client": {SUPERVISOR, FRONTDESK},
    "cases.assign": {SUPERVISOR},
    "cases.reassign_many": {SUPERVISOR},
    "cases.get own case": {SUPERVISOR, CASEWORKER},
    "cases.get another's case": {SUPERVISOR},
    "cases.history own case": {SUPERVISOR, CASEWORKER},
    "cases.history another's case": {SUPERVISOR},
    "cases.put_on_hold own case": {SUPERVISOR, CASEWORKER},
    "cases.put_on_hold another's case": {SUPERVISOR},
    "cases.resume own case": {SUPERVISOR, CASEWORKER},
    "cases.close own case": {SUPERVISOR},
    "cases.reopen own case": {SUPERVISOR},
    "caseloads.board": {SUPERVISOR},
    "caseloads.caseload own": {SUPERVISOR, CASEWORKER},
    "caseloads.caseload another's": {SUPERVISOR},
    "caseloads.my_day": {SUPERVISOR, CASEWORKER},
    "tasks.create for oneself": {SUPERVISOR, CASEWORKER},
    "tasks.create on own case": {SUPERVISOR, CASEWORKER},
    "tasks.complete own case": {SUPERVISOR, CASEWORKER},
    "tasks.complete another's case": {SUPERVISOR},
    "tasks.reopen own case": {SUPERVISOR, CASEWORKER},
    "tasks.mine": {SUPERVISOR, CASEWORKER},
    "tasks.for_case own case": {SUPERVISOR, CASEWORKER},
    "tasks.for_case another's case": {SUPERVISOR},
    "tasks.ensure_reminders": {SUPERVISOR, CASEWORKER},
    "assessments.record own case": {SUPERVISOR, CASEWORKER},
    "assessments.record another's case": {SUPERVISOR},
    "plans.current own case": {SUPERVISOR, CASEWORKER},
    "plans.current another's case": {SUPERVISOR},
    "plans.versions own case": {SUPERVISOR, CASEWORKER},
    "plans.versions another's case": {SUPERVISOR},
    "plans.version own case": {SUPERVISOR, CASEWORKER},
    "plans.version another's case": {SUPERVISOR},
    "plans.reviews own case": {SUPERVISOR, CASEWORKER},
    "plans.goals_for_case own case": {SUPERVISOR, CASEWORKER},
    "plans.goals_for_case another's case": {SUPERVISOR},
    "plans.save_draft own case": {SUPERVISOR, CASEWORKER},
    "plans.save_draft another's case": {SUPERVISOR},
    "plans.record_agreement own case": {SUPERVISOR, CASEWORKER},
    "plans.record_review own case": {SUPERVISOR, CASEWORKER},
    "plans.record_review another's case": {SUPERVISOR},
    "plans.new_version own case": {SUPERVISOR, CASEWORKER},
    "settings.read": EVERYONE,
    "settings.set_idle_lock_minutes": {ADMIN},
    "backups.at_sign_in": EVERYONE,  # today's copy is made whoever signs in first
    "backups.back_up_now": {ADMIN},
    "backups.overview": {ADMIN},
    "backups.set_folder": {ADMIN},
    "backups.stop": EVERYONE,  # CaseDesk closing: nothing read or written
    "settings.set_agency_details": {ADMIN},
    "notes.start_draft own case": {SUPERVISOR, CASEWORKER},
    "notes.start_draft another's case": {SUPERVISOR},
    "notes.save_draft own draft": {SUPERVISOR, CASEWORKER},
    "notes.sign own draft": {SUPERVISOR, CASEWORKER},
    "notes.discard_draft own draft": {SUPERVISOR, CASEWORKER},
    "notes.my_drafts": {SUPERVISOR, CASEWORKER},
    "notes.for_case own case": {SUPERVISOR, CASEWORKER},
    "notes.for_case another's case": {SUPERVISOR},
    "notes.for_client own client": {SUPERVISOR, CASEWORKER},
    "notes.for_client another's client": {SUPERVISOR},
    "notes.page own client": {SUPERVISOR, CASEWORKER},
    "notes.page another's client": {SUPERVISOR},
    "notes.add_addendum own note": {SUPERVISOR, CASEWORKER},
    "notes.add_addendum another's note": {SUPERVISOR},
    "notes.cosign another's note": {SUPERVISOR},
    "printing.letterhead": CLIENT_WORK,
    "printing.packets own client": CLIENT_WORK,
    "printing.packets another's client": {SUPERVISOR, FRONTDESK},
    "printing.record_output": CLIENT_WORK,
    "printing.consent_copy own client": CLIENT_WORK,
    "printing.plan_document own case": {SUPERVISOR, CASEWORKER},
    "printing.notes_document own case": {SUPERVISOR, CASEWORKER},
    "printing.notes_document another's case": {SUPERVISOR},
    "printing.plan_document another's case": {SUPERVISOR},
    "printing.consent_copy another's client": {SUPERVISOR, FRONTDESK},
    "consents.record own client": CLIENT_WORK,
    "consents.record another's client": {SUPERVISOR, FRONTDESK},
    "consents.revoke own client": CLIENT_WORK,
    "consents.revoke another's client": {SUPERVISOR, FRONTDESK},
    "consents.check_release own client": CLIENT_WORK,
    "consents.check_release another's client": {SUPERVISOR, FRONTDESK},
    "consents.services_check own case": CLIENT_WORK,
    "consents.services_check another's case": {SUPERVISOR, FRONTDESK},
    "settings.set_referral_follow_up_days": {ADMIN},
    "resources.search": EVERYONE,
    "resources.languages": EVERYONE,
    "resources.get": {ADMIN, SUPERVISOR},
    "resources.create": {ADMIN, SUPERVISOR},
    "resources.change": {ADMIN, SUPERVISOR},
    "resources.set_active": {ADMIN, SUPERVISOR},
    "resources.import_csv": {ADMIN, SUPERVISOR},
    "resources.export_csv": {ADMIN, SUPERVISOR},
    "referrals.gate own client": {SUPERVISOR, CASEWORKER},
    "referrals.gate another's client": {SUPERVISOR},
    "referrals.create own case": {SUPERVISOR, CASEWORKER},
    "referrals.create another's case": {SUPERVISOR},
    "referrals.change_status own case": {SUPERVISOR, CASEWORKER},
    "referrals.change_status another's case": {SUPERVISOR},
    "referrals.for_client own client": {SUPERVISOR, CASEWORKER},
    "referrals.for_client another's client": {SUPERVISOR},
    "referrals.history own case": {SUPERVISOR, CASEWORKER},
    "referrals.history another's case": {SUPERVISOR},
    "referrals.letter own case": {SUPERVISOR, CASEWORKER},
    "referrals.letter another's case": {SUPERVISOR},
    "referrals.overview": {SUPERVISOR, CASEWORKER},
    "timeline.for_client own client": CLIENT_WORK,
    "timeline.for_client another's client": {SUPERVISOR, FRONTDESK},
    "timeline.first_page own client": CLIENT_WORK,
    "timeline.first_page another's client": {SUPERVISOR, FRONTDESK},
    "timeline.next_page own client": CLIENT_WORK,
    "timeline.next_page another's client": {SUPERVISOR, FRONTDESK},
    "timeline.search own client": CLIENT_WORK,
    "timeline.search another's client": {SUPERVISOR, FRONTDESK},
    "outcome_reports.report": {SUPERVISOR, CASEWORKER},
    "outcome_reports.record_output": {SUPERVISOR, CASEWORKER},
    "hmis_export.organization": {ADMIN, SUPERVISOR},
    "hmis_export.set_victim_service_provider": {ADMIN},
    "hmis_export.projects": {ADMIN, SUPERVISOR},
    "hmis_export.check": {ADMIN, SUPERVISOR},
    "hmis_export.export": {ADMIN, SUPERVISOR},
    "attachments.size_limit": EVERYONE,
    "attachments.set_size_limit": {ADMIN},
    "attachments.for_client own client": CLIENT_WORK,
    "attachments.for_client another's client": {SUPERVISOR, FRONTDESK},
    "attachments.link_targets own client": CLIENT_WORK,
    "attachments.link_targets another's client": {SUPERVISOR, FRONTDESK},
    "attachments.thumbnails own client": CLIENT_WORK,
    "attachments.thumbnails another's client": {SUPERVISOR, FRONTDESK},
    "attachments.add own client": CLIENT_WORK,
    "attachments.add another's client": {SUPERVISOR, FRONTDESK},
    "attachments.open own client": CLIENT_WORK,
    "attachments.open another's client": {SUPERVISOR, FRONTDESK},
    "attachments.record_use own client": CLIENT_WORK,
    "attachments.record_use another's client": {SUPERVISOR, FRONTDESK},
    "attachments.remove own client": {SUPERVISOR},
    "signatures.sign_consent own client": CLIENT_WORK,
    "signatures.sign_consent another's client": {SUPERVISOR, FRONTDESK},
    "signatures.for_consent own client": CLIENT_WORK,
    "signatures.for_consent another's client": {SUPERVISOR, FRONTDESK},
}


@pytest.fixture
def office(backend, request, clock):
    if backend == "sqlite":
        return EmbeddedOffice(request.getfixturevalue("sqlite_engine"), clock)
    return request.getfixturevalue("postgres_office")


@dataclass
class Scene:
    """Who and what each call acts on."""

    admin: Session
    supervisor: Session
    own_client: int
    others_client: int
    target: int  # a staff account for the administrator's operations
    caseworker_id: int
    own_head: int  # another client on the caseworker's caseload
    to_merge: tuple[int, int]  # two records a supervisor may merge
    merge_id: int  # a merge already made, to undo
    program_id: int
    colleague_id: int = 0  # the other caseworker
    cases: dict[str, int] = default(default_factory=dict)  # by what each call does to it
    tasks: dict[str, int] = default(default_factory=dict)
    plans: dict[str, int] = default(default_factory=dict)  # by case, as cases above
    due: str = ""  # today, on the tests' clock: when new tasks are due
    releases: dict[str, int] = default(default_factory=dict)  # a release to revoke, by client
    notes: dict[str, int] = default(default_factory=dict)  # signed notes, by whose
    resource_id: int = 0  # in the directory, named as the releases' recipient
    referrals: dict[str, int] = default(default_factory=dict)  # shared under a release, by case

    def resource_version(self) -> int:
        return self.admin.services.resources.search(self.admin.actor, "valley")[0].version

    def referral_version(self, referral_id: int) -> int:
        return next(
            r.version
            for r in self.supervisor.services.referrals.overview(self.supervisor.actor)
            if r.id == referral_id
        )

    def case_version(self, case_id: int) -> int:
        return self.supervisor.services.cases.get(self.supervisor.actor, case_id).version

    def task_version(self, task_id: int) -> int:
        for case_id in self.cases.values():
            for task in self.supervisor.services.tasks.for_case(self.supervisor.actor, case_id):
                if task.id == task_id:
                    return task.version
        raise LookupError(task_id)

    def plan_version(self, case: str) -> int:
        plan = self.supervisor.services.plans.current(self.supervisor.actor, self.cases[case])
        return plan.version if plan else 0

    def review(self, case: str) -> ReviewForm:
        plan = self.supervisor.services.plans.version(self.supervisor.actor, self.plans[case])
        progress = tuple(GoalReviewForm(goal.id, "Some progress") for goal in plan.goals)
        return ReviewForm(self.due, progress)

    def client_version(self, client_id: int) -> int:
        return self.supervisor.services.clients.open(self.supervisor.actor, client_id).version

    def program_version(self) -> int:
        programs = self.admin.services.programs.list(self.admin.actor, include_inactive=True)
        return next(p.version for p in programs if p.id == self.program_id)

    def staff_version(self, staff_id: int) -> int:
        staff = self.admin.services.staff.list_staff(self.admin.actor)
        return next(s.version for s in staff if s.id == staff_id)


def set_the_scene(office, due: str) -> tuple[Scene, dict[Role, Session]]:
    # Named first: releases and consent forms wait for the agency's name.
    office.admin.services.settings.set_agency_details(
        office.admin.actor, AgencyForm("Valley Family Services")
    )
    supervisor = office.hire(SUPERVISOR, "Sam Supervisor")
    worker, colleague = office.hire(CASEWORKER, "Maria"), office.hire(CASEWORKER, "Jamie")
    people = {
        ADMIN: office.admin,
        SUPERVISOR: supervisor,
        CASEWORKER: worker,
        FRONTDESK: office.hire(FRONTDESK, "Taylor"),
    }
    target = office.hire(FRONTDESK, "Target Person").actor.staff_id
    clients, first_cases = [], []
    for owner, name in ((worker, "Own"), (colleague, "Other")):
        client = supervisor.services.clients.register(
            supervisor.actor, ClientForm(first_name=name, last_name="Client")
        )
        first_cases.append(
            supervisor.services.cases.open_case(supervisor.actor, client.id, owner.actor.staff_id)
        )
        clients.append(client.id)

    def client(name: str, assign_to: int | None = None) -> int:
        record = supervisor.services.clients.register(
            supervisor.actor, ClientForm(first_name=name, last_name="Person"), "test scene"
        )
        if assign_to is not None:
            supervisor.services.cases.open_case(supervisor.actor, record.id, assign_to)
        return record.id

    own_head = client("Head", worker.actor.staff_id)
    merged = supervisor.services.merges.merge(
        supervisor.actor, client("Mergeda"), client("Mergedb"), "set-up merge"
    )
    scene = Scene(
        office.admin,
        supervisor,
        *clients,
        target,
        worker.actor.staff_id,
        own_head,
        (client("Twina"), client("Twinb")),
        merged.id,
        office.admin.services.programs.create(
            office.admin.actor, ProgramForm("Family support", "", "90")
        ).id,
    )
    scene.colleague_id = colleague.actor.staff_id
    scene.cases = _scene_cases(supervisor, scene, worker, colleague, first_cases)
    scene.due = due
    scene.tasks = _scene_tasks(supervisor, scene)
    scene.releases = {
        whose: supervisor.services.consents.record(
            supervisor.actor, client_id, release_form(due)
        ).id
        for whose, client_id in (("own", scene.own_client), ("another's", scene.others_client))
    }
    scene.plans = _scene_plans(supervisor, scene)
    scene.notes = {
        "own": _signed_note(worker, scene.cases["own"], due),
        "another's": _signed_note(colleague, scene.cases["another's"], due),
    }
    scene.resource_id = office.admin.services.resources.create(
        office.admin.actor, ResourceForm(organisation="Valley Food Pantry", categories=("food",))
    ).id
    scene.referrals = {
        whose: supervisor.services.referrals.create(
            supervisor.actor,
            scene.cases[whose],
            ReferralForm(resource_id=scene.resource_id, reason="Groceries for the family"),
        ).id
        for whose in ("own", "another's")
    }
    return scene, people


def release_form(signed_on: str, recipient: str = "Valley Food Pantry") -> ConsentForm:
    return ConsentForm(
        kind="release",
        signed_on=signed_on,
        expiry_event="when the client's case closes",
        recipient=recipient,
        purpose="Coordinate food assistance",
        information=("contact",),
    )


def _signed_note(person, case_id: int, due: str) -> int:
    notes, a = person.services.notes, person.actor
    draft = notes.start_draft(a, case_id, NoteForm(narrative="Called"))
    return notes.sign(a, draft.id, draft.version, _note_form(due)).id


def _note_form(due: str) -> NoteForm:
    return NoteForm(contact_date=due, duration_minutes="10", narrative="Called the client.")


def _cosign(services, actor, note_id: int):
    """Past the permission checks counts as allowed: this note needs no co-signature."""
    try:
        return services.notes.cosign(actor, note_id)
    except ValidationError as error:
        assert "not waiting" in error.errors["cosign"]


def _scene_cases(supervisor, scene, worker, colleague, first_cases) -> dict[str, int]:
    s, a = supervisor.services, supervisor.actor

    def case(client_id: int, owner) -> int:
        return s.cases.open_case(a, client_id, owner.actor.staff_id if owner else None)

    cases = {
        "own": first_cases[0],
        "another's": first_cases[1],
        "queued": case(scene.own_client, None),
        "to reassign": case(scene.others_client, colleague),
        "to hold": case(scene.own_client, worker),
        "held": case(scene.own_client, worker),
        "to close": case(scene.own_client, worker),
        "closed": case(scene.own_client, worker),
        "another's to hold": case(scene.others_client, colleague),
        "drafting": case(scene.own_client, worker),
        "another's drafting": case(scene.others_client, colleague),
    }
    s.cases.put_on_hold(a, cases["held"], scene.case_version(cases["held"]))
    s.cases.close(a, cases["closed"], scene.case_version(cases["closed"]), "goals_met", "achieved")
    return cases


def _scene_tasks(supervisor, scene) -> dict[str, int]:
    s, a = supervisor.services, supervisor.actor

    def task(case: str) -> int:
        case_id = scene.cases[case]
        owner = scene.caseworker_id if case == "own" else scene.colleague_id
        return s.tasks.create(a, TaskForm(f"Task on {case}", scene.due, case_id, owner)).id

    tasks = {"own": task("own"), "another's": task("another's"), "done": task("own")}
    s.tasks.complete(a, tasks["done"], scene.task_version(tasks["done"]))
    return tasks


def _scene_plans(supervisor, scene) -> dict[str, int]:
    """Agreed plans on "own" and "another's", drafts on the "drafting" cases."""
    s, a = supervisor.services, supervisor.actor
    goal = (GoalForm("Sign a lease", "housing", "12/31/2027"),)
    plans = {}
    for case in ("own", "another's", "drafting", "another's drafting"):
        plan = s.plans.save_draft(a, scene.cases[case], 0, goal)
        if "drafting" not in case:
            plan = s.plans.record_agreement(a, plan.id, plan.version, AgreementForm(scene.due))
        plans[case] = plan.id
    return plans


def calls(scene: Scene, me: Session) -> dict[str, Callable[[], object]]:
    s, a = me.services, me.actor
    target = scene.target
    c, t = scene.cases, scene.tasks
    note_form = _note_form(scene.due)

    def with_draft(then: Callable):
        draft = s.notes.start_draft(a, c["own"], note_form)
        return then(draft)

    def change_client(client_id: int, last_name: str):
        version = scene.client_version(client_id)
        form = ClientForm(first_name="Changed", last_name=last_name)
        return s.clients.change(a, client_id, version, form)

    password = "copper-harbor-violin-47"
    return {
        "clients.register": lambda: s.clients.register(
            a, ClientForm(first_name="New", last_name="Walk-In")
        ),
        "clients.open own client": lambda: s.clients.open(a, scene.own_client),
        "clients.open another's client": lambda: s.clients.open(a, scene.others_client),
        "clients.reread own client": lambda: s.clients.reread(a, scene.own_client),
        "clients.reread another's client": lambda: s.clients.reread(a, scene.others_client),
        "clients.change own client": lambda: change_client(scene.own_client, "Mine"),
        "clients.change another's client": lambda: change_client(scene.others_client, "Theirs"),
        "clients.list_page": lambda: s.clients.list_page(a),
        "clients.search": lambda: s.clients.search(a, "client"),
        "clients.possible_duplicates": lambda: s.clients.possible_duplicates(
            a, ClientForm(first_name="Own", last_name="Client")
        ),
        "clients.reveal_ssn own client": lambda: s.clients.reveal_ssn(a, scene.own_client),
        "clients.reveal_ssn another's client": lambda: s.clients.reveal_ssn(a, scene.others_client),
        "households.members own client": lambda: s.households.members(a, scene.own_client),
        "households.join own client": lambda: s.households.join(
            a, scene.own_client, scene.own_head, 4
        ),
        "households.leave own client": lambda: s.households.leave(a, scene.own_client),
        "merges.plan": lambda: s.merges.plan(a, *scene.to_merge),
        "merges.merge": lambda: s.merges.merge(a, *scene.to_merge, "the same person"),
        "merges.undo": lambda: s.merges.undo(a, scene.merge_id),
        "merges.merges_of": lambda: s.merges.merges_of(a, scene.own_client),
        "cases.open_case unassigned, for own client": lambda: s.cases.open_case(
            a, scene.own_client
        ),
        "cases.open_case assigning a caseworker": lambda: s.cases.open_case(
            a, scene.own_client, scene.caseworker_id
        ),
        "staff.list_staff": lambda: s.staff.list_staff(a),
        "staff.changed_elsewhere": lambda: s.staff.changed_elsewhere(),
        "staff.create": lambda: s.staff.create(
            a, StaffForm(unique_role_name("nw"), "New Person", "caseworker"), password, password
        ),
        "staff.change": lambda: s.staff.change(
            a, target, scene.staff_version(target), "Renamed Person", "caseworker"
        ),
        "staff.set_active": lambda: s.staff.set_active(
            a, target, scene.staff_version(target), False
        ),
        "staff.reset_password": lambda: s.staff.reset_password(a, target, password, password),
        "staff.unlock": lambda: s.staff.unlock(a, target, scene.staff_version(target)),
        "audit.query": lambda: s.audit.query(a, AuditFilter()),
        "audit.export_csv": lambda: s.audit.export_csv(a, AuditFilter()),
        "programs.list": lambda: s.programs.list(a),
        "programs.get": lambda: s.programs.get(a, scene.program_id),
        "programs.create": lambda: s.programs.create(a, ProgramForm("Food pantry", "", "30")),
        "programs.change": lambda: s.programs.change(
            a, scene.program_id, scene.program_version(), ProgramForm("Family services")
        ),
        "intake.complete": lambda: s.intake.complete(
            a,
            IntakeForm(
                client=ClientForm(first_name="Ngozi", last_name="Adeyemi"),
                assessment=AssessmentForm(scores={LifeDomain.HOUSING: 2}),
                consent=ServiceConsentForm(given=True),
                program_id=scene.program_id,
            ),
        ),
        "records.cases own client": lambda: s.records.cases(a, scene.own_client),
        "records.case_work own client": lambda: s.records.case_work(a, scene.own_client),
        "records.case_work another's client": lambda: s.records.case_work(a, scene.others_client),
        "records.cases another's client": lambda: s.records.cases(a, scene.others_client),
        "records.assessments own client": lambda: s.records.assessments(a, scene.own_client),
        "records.assessments another's client": lambda: s.records.assessments(
            a, scene.others_client
        ),
        "records.consents own client": lambda: s.records.consents(a, scene.own_client),
        "records.consents another's client": lambda: s.records.consents(a, scene.others_client),
        "cases.assign": lambda: s.cases.assign(
            a, c["queued"], scene.caseworker_id, scene.case_version(c["queued"]), "matrix"
        ),
        "cases.reassign_many": lambda: s.cases.reassign_many(
            a, [c["to reassign"]], scene.caseworker_id, "matrix"
        ),
        "cases.get own case": lambda: s.cases.get(a, c["own"]),
        "cases.get another's case": lambda: s.cases.get(a, c["another's"]),
        "cases.history own case": lambda: s.cases.history(a, c["own"]),
        "cases.history another's case": lambda: s.cases.history(a, c["another's"]),
        "cases.put_on_hold own case": lambda: s.cases.put_on_hold(
            a, c["to hold"], scene.case_version(c["to hold"])
        ),
        "cases.put_on_hold another's case": lambda: s.cases.put_on_hold(
            a, c["another's to hold"], scene.case_version(c["another's to hold"])
        ),
        "cases.resume own case": lambda: s.cases.resume(
            a, c["held"], scene.case_version(c["held"])
        ),
        "cases.close own case": lambda: s.cases.close(
            a, c["to close"], scene.case_version(c["to close"]), "goals_met", "achieved"
        ),
        "cases.reopen own case": lambda: s.cases.reopen(
            a, c["closed"], scene.case_version(c["closed"])
        ),
        "caseloads.board": lambda: s.caseloads.board(a),
        "caseloads.caseload own": lambda: s.caseloads.caseload(a, scene.caseworker_id),
        "caseloads.caseload another's": lambda: s.caseloads.caseload(a, scene.colleague_id),
        "caseloads.my_day": lambda: s.caseloads.my_day(a),
        "tasks.create for oneself": lambda: s.tasks.create(a, TaskForm("Phone calls", scene.due)),
        "tasks.create on own case": lambda: s.tasks.create(
            a,
            TaskForm("Home visit", scene.due, c["own"], scene.caseworker_id),
        ),
        "tasks.complete own case": lambda: s.tasks.complete(
            a, t["own"], scene.task_version(t["own"])
        ),
        "tasks.complete another's case": lambda: s.tasks.complete(
            a, t["another's"], scene.task_version(t["another's"])
        ),
        "tasks.reopen own case": lambda: s.tasks.reopen(
            a, t["done"], scene.task_version(t["done"])
        ),
        "tasks.mine": lambda: s.tasks.mine(a),
        "tasks.for_case own case": lambda: s.tasks.for_case(a, c["own"]),
        "tasks.for_case another's case": lambda: s.tasks.for_case(a, c["another's"]),
        "tasks.ensure_reminders": lambda: s.tasks.ensure_reminders(a),
        "assessments.record own case": lambda: s.assessments.record(
            a, c["own"], AssessmentForm(scores={LifeDomain.HOUSING: 3})
        ),
        "assessments.record another's case": lambda: s.assessments.record(
            a, c["another's"], AssessmentForm(scores={LifeDomain.HOUSING: 4})
        ),
        "plans.current own case": lambda: s.plans.current(a, c["own"]),
        "plans.current another's case": lambda: s.plans.current(a, c["another's"]),
        "plans.versions own case": lambda: s.plans.versions(a, c["own"]),
        "plans.versions another's case": lambda: s.plans.versions(a, c["another's"]),
        "plans.version own case": lambda: s.plans.version(a, scene.plans["own"]),
        "plans.version another's case": lambda: s.plans.version(a, scene.plans["another's"]),
        "plans.reviews own case": lambda: s.plans.reviews(a, c["own"]),
        "plans.goals_for_case own case": lambda: s.plans.goals_for_case(a, c["own"]),
        "plans.goals_for_case another's case": lambda: s.plans.goals_for_case(a, c["another's"]),
        "plans.save_draft own case": lambda: s.plans.save_draft(
            a, c["drafting"], scene.plan_version("drafting"), PLAN_GOALS
        ),
        "plans.save_draft another's case": lambda: s.plans.save_draft(
            a, c["another's drafting"], scene.plan_version("another's drafting"), PLAN_GOALS
        ),
        "plans.record_agreement own case": lambda: s.plans.record_agreement(
            a, scene.plans["drafting"], scene.plan_version("drafting"), AgreementForm(scene.due)
        ),
        "plans.record_review own case": lambda: s.plans.record_review(
            a, scene.plans["own"], scene.review("own")
        ),
        "plans.record_review another's case": lambda: s.plans.record_review(
            a, scene.plans["another's"], scene.review("another's")
        ),
        "plans.new_version own case": lambda: s.plans.new_version(a, c["own"]),
        "settings.read": lambda: s.settings.read(a),
        "settings.set_idle_lock_minutes": lambda: s.settings.set_idle_lock_minutes(a, "20"),
        "backups.at_sign_in": lambda: s.backups.at_sign_in(a),
        "backups.back_up_now": lambda: past_the_check(lambda: s.backups.back_up_now(a)),
        "backups.overview": lambda: s.backups.overview(a),
        "backups.set_folder": lambda: past_the_check(lambda: s.backups.set_folder(a, "", None)),
        "backups.stop": lambda: s.backups.stop(),
        "settings.set_agency_details": lambda: s.settings.set_agency_details(
            a, AgencyForm("Miami Valley Family Services")
        ),
        "notes.start_draft own case": lambda: s.notes.start_draft(a, c["own"], note_form),
        "notes.start_draft another's case": lambda: s.notes.start_draft(
            a, c["another's"], note_form
        ),
        "notes.save_draft own draft": lambda: with_draft(
            lambda d: s.notes.save_draft(a, d.id, d.version, note_form)
        ),
        "notes.sign own draft": lambda: with_draft(
            lambda d: s.notes.sign(a, d.id, d.version, note_form)
        ),
        "notes.discard_draft own draft": lambda: with_draft(
            lambda d: s.notes.discard_draft(a, d.id, d.version)
        ),
        "notes.my_drafts": lambda: s.notes.my_drafts(a),
        "notes.for_case own case": lambda: s.notes.for_case(a, c["own"]),
        "notes.for_case another's case": lambda: s.notes.for_case(a, c["another's"]),
        "notes.for_client own client": lambda: s.notes.for_client(a, scene.own_client),
        "notes.for_client another's client": lambda: s.notes.for_client(a, scene.others_client),
        "timeline.for_client own client": lambda: s.timeline.for_client(a, scene.own_client),
        "timeline.for_client another's client": lambda: s.timeline.for_client(
            a, scene.others_client
        ),
        "notes.page own client": lambda: s.notes.page(a, scene.own_client),
        "notes.page another's client": lambda: s.notes.page(a, scene.others_client),
        "timeline.first_page own client": lambda: s.timeline.first_page(a, scene.own_client),
        "timeline.first_page another's client": lambda: s.timeline.first_page(
            a, scene.others_client
        ),
        "timeline.next_page own client": lambda: s.timeline.next_page(
            a, scene.own_client, TimelineCursor(date(2026, 11, 23))
        ),
        "timeline.next_page another's client": lambda: s.timeline.next_page(
            a, scene.others_client, TimelineCursor(date(2026, 11, 23))
        ),
        "timeline.search own client": lambda: s.timeline.search(a, scene.own_client, "rent"),
        "timeline.search another's client": lambda: s.timeline.search(
            a, scene.others_client, "rent"
        ),
        "outcome_reports.report": lambda: s.outcome_reports.report(
            a, ReportForm("2026-01-01", scene.due)
        ),
        "outcome_reports.record_output": lambda: s.outcome_reports.record_output(
            a, ReportPeriod(date(2026, 1, 1), date(2026, 6, 30), None, ""), "pdf", "saved"
        ),
        "notes.add_addendum own note": lambda: s.notes.add_addendum(
            a, scene.notes["own"], "Correction."
        ),
        "notes.add_addendum another's note": lambda: s.notes.add_addendum(
            a, scene.notes["another's"], "Correction."
        ),
        "notes.cosign another's note": lambda: _cosign(s, a, scene.notes["another's"]),
        "printing.letterhead": lambda: s.printing.letterhead(a),
        "printing.packets own client": lambda: s.printing.packets(
            a, [scene.own_client], FormKind.INTAKE_PACKET
        ),
        "printing.packets another's client": lambda: s.printing.packets(
            a, [scene.others_client], FormKind.INTAKE_PACKET
        ),
        "printing.record_output": lambda: s.printing.record_output(
            a, [], FormKind.BLANK_INTAKE, OutputKind.PRINTED
        ),
        "printing.notes_document own case": lambda: s.printing.notes_document(a, c["own"]),
        "printing.notes_document another's case": lambda: s.printing.notes_document(
            a, c["another's"]
        ),
        "printing.plan_document own case": lambda: s.printing.plan_document(a, scene.plans["own"]),
        "printing.plan_document another's case": lambda: s.printing.plan_document(
            a, scene.plans["another's"]
        ),
        "printing.consent_copy own client": lambda: s.printing.consent_copy(
            a, scene.releases["own"]
        ),
        "printing.consent_copy another's client": lambda: s.printing.consent_copy(
            a, scene.releases["another's"]
        ),
        **_referral_calls(scene, me),
        **_attachment_calls(scene, me),
        **_signature_calls(scene, me),
        "consents.record own client": lambda: s.consents.record(
            a, scene.own_client, release_form(scene.due, "Dayton Legal Aid")
        ),
        "consents.record another's client": lambda: s.consents.record(
            a, scene.others_client, release_form(scene.due, "Dayton Legal Aid")
        ),
        "consents.revoke own client": lambda: s.consents.revoke(
            a, scene.releases["own"], 1, RevocationForm(note="Letter from the client")
        ),
        "consents.revoke another's client": lambda: s.consents.revoke(
            a, scene.releases["another's"], 1, RevocationForm(note="Letter from the client")
        ),
        "consents.check_release own client": lambda: s.consents.check_release(
            a, scene.own_client, "Valley Food Pantry"
        ),
        "consents.check_release another's client": lambda: s.consents.check_release(
            a, scene.others_client, "Valley Food Pantry"
        ),
        "consents.services_check own case": lambda: s.consents.services_check(a, c["own"]),
        "consents.services_check another's case": lambda: s.consents.services_check(
            a, c["another's"]
        ),
        **_hmis_calls(scene, me),
    }


def _hmis_calls(scene: Scene, me: Session) -> dict[str, Callable[[], object]]:
    """The scene's program is not set up for HMIS: an export passes the check of the
    role, then stops on what the program lacks."""
    s, a = me.services, me.actor
    form = ExportForm("2026-01-01", scene.due, (scene.program_id,))
    return {
        "hmis_export.organization": lambda: s.hmis_export.organization(a),
        "hmis_export.set_victim_service_provider": lambda: (
            s.hmis_export.set_victim_service_provider(a, "0", None)
        ),
        "hmis_export.projects": lambda: s.hmis_export.projects(a),
        "hmis_export.check": lambda: s.hmis_export.check(a, form),
        "hmis_export.export": lambda: past_the_check(
            lambda: s.hmis_export.export(a, form, io.BytesIO())
        ),
    }


def _signature_calls(scene: Scene, me: Session) -> dict[str, Callable[[], object]]:
    """Signing a consent the supervisor records for it (a new one each time)."""
    s, a = me.services, me.actor
    pad = Strokes((Stroke(tuple(Point(10.0 * i, 50.0, i) for i in range(20))),))

    def recorded(whose: str) -> int:
        client_id = scene.own_client if whose == "own" else scene.others_client
        return scene.supervisor.services.consents.record(
            scene.supervisor.actor, client_id, release_form(scene.due, "Dayton Legal Aid")
        ).id

    calls: dict[str, Callable[[], object]] = {}
    for whose, label in (("own", "own client"), ("another's", "another's client")):
        calls |= {
            f"signatures.sign_consent {label}": lambda w=whose: s.signatures.sign_consent(
                a, recorded(w), [("client", pad, "Amara Okafor")]
            ),
            f"signatures.for_consent {label}": partial(
                s.signatures.for_consent, a, scene.releases[whose]
            ),
        }
    return calls


def _attachment_calls(scene: Scene, me: Session) -> dict[str, Callable[[], object]]:
    """Each call on a file the supervisor attaches for it (a new picture each time)."""
    s, a = me.services, me.actor
    made = iter(range(1, 1000))

    def attached(whose: str) -> Attachment:
        client_id = scene.own_client if whose == "own" else scene.others_client
        picture = attachment_files.png(8 + next(made), 8)
        return scene.supervisor.services.attachments.add(
            scene.supervisor.actor, client_id, ID_CARD, Upload("id.png", picture)
        )

    def client(whose: str) -> int:
        return scene.own_client if whose == "own" else scene.others_client

    calls: dict[str, Callable[[], object]] = {
        "attachments.size_limit": lambda: s.attachments.size_limit(a),
        "attachments.set_size_limit": lambda: s.attachments.set_size_limit(
            a, "25", s.attachments.size_limit(a).version
        ),
        "attachments.remove own client": lambda: (
            lambda f: s.attachments.remove(a, f.id, f.version, "Scanned twice")
        )(attached("own")),
    }
    for whose, label in (("own", "own client"), ("another's", "another's client")):
        calls |= {
            f"attachments.for_client {label}": partial(s.attachments.for_client, a, client(whose)),
            f"attachments.link_targets {label}": partial(
                s.attachments.link_targets, a, client(whose)
            ),
            f"attachments.thumbnails {label}": partial(
                s.attachments.thumbnails, a, client(whose), [1]
            ),
            f"attachments.add {label}": lambda whose=whose: s.attachments.add(
                a,
                client(whose),
                ID_CARD,
                Upload("scan.jpg", attachment_files.jpeg(9, 9 + next(made))),
            ),
            f"attachments.open {label}": lambda whose=whose: s.attachments.open(
                a, attached(whose).id
            ),
            f"attachments.record_use {label}": lambda whose=whose: s.attachments.record_use(
                a, attached(whose).id, AttachmentUse.PRINTED
            ),
        }
    return calls


def _referral_calls(scene: Scene, me: Session) -> dict[str, Callable[[], object]]:
    """Before the consents' calls: those revoke the releases the letters need."""
    s, a = me.services, me.actor
    c, r = scene.cases, scene.referrals

    def refer(case: str):
        form = ReferralForm(resource_id=scene.resource_id, reason="Food", self_referral=True)
        return s.referrals.create(a, c[case], form)

    def step(whose: str):
        version = scene.referral_version(r[whose])
        return s.referrals.change_status(a, r[whose], version, StatusForm("acknowledged"))

    resource = ResourceForm(organisation="Valley Food Pantry", categories=("food", "benefits"))
    sheet = ",".join(COLUMNS[:3]) + "\r\nMetro Housing,,housing\r\n"
    return {
        "settings.set_referral_follow_up_days": lambda: s.settings.set_referral_follow_up_days(
            a, "14"
        ),
        "resources.search": lambda: s.resources.search(a, "valley"),
        "resources.languages": lambda: s.resources.languages(a),
        "resources.get": lambda: s.resources.get(a, scene.resource_id),
        "resources.create": lambda: s.resources.create(
            a, ResourceForm(organisation="Dayton Legal Aid", categories=("legal",))
        ),
        "resources.change": lambda: s.resources.change(
            a, scene.resource_id, scene.resource_version(), resource
        ),
        "resources.set_active": lambda: s.resources.set_active(
            a, scene.resource_id, scene.resource_version(), True
        ),
        "resources.import_csv": lambda: s.resources.import_csv(a, sheet),
        "resources.export_csv": lambda: s.resources.export_csv(a),
        "referrals.gate own client": lambda: s.referrals.gate(
            a, scene.own_client, scene.resource_id
        ),
        "referrals.gate another's client": lambda: s.referrals.gate(
            a, scene.others_client, scene.resource_id
        ),
        "referrals.create own case": lambda: refer("own"),
        "referrals.create another's case": lambda: refer("another's"),
        "referrals.change_status own case": lambda: step("own"),
        "referrals.change_status another's case": lambda: step("another's"),
        "referrals.for_client own client": lambda: s.referrals.for_client(a, scene.own_client),
        "referrals.for_client another's client": lambda: s.referrals.for_client(
            a, scene.others_client
        ),
        "referrals.history own case": lambda: s.referrals.history(a, r["own"]),
        "referrals.history another's case": lambda: s.referrals.history(a, r["another's"]),
        "referrals.letter own case": lambda: s.referrals.letter(a, r["own"]),
        "referrals.letter another's case": lambda: s.referrals.letter(a, r["another's"]),
        "referrals.overview": lambda: s.referrals.overview(a),
    }


def past_the_check(call):
    """A call whose permission passed but which may then fail on its own terms (no
    copies on a shared server, a folder refused): only PermissionDenied counts here."""
    try:
        return call()
    except PermissionDenied:
        raise
    except (CaseDeskError, BackupFailed):
        return None


def service_methods() -> set[str]:
    names = set()
    for field in dataclasses.fields(Services):
        service = inspect.get_annotations(Services, eval_str=True)[field.name]
        if not inspect.isclass(service):  # the clock: no use case of its own
            continue
        for name, function in inspect.getmembers(service, inspect.isfunction):
            # A method handed a unit of work runs inside another use case's
            # transaction, whose own check has already been made.
            if not name.startswith("_") and "uow" not in inspect.signature(function).parameters:
                names.add(f"{field.name}.{name}")
    return names


def test_the_table_covers_every_service_method():
    covered = {key.split(" ")[0] for key in EXPECTED}
    assert covered == service_methods(), "add the new method to EXPECTED (and to calls())"


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_each_role_may_do_exactly_what_the_policy_intends(office, role, clock):
    scene, people = set_the_scene(office, clock().date().isoformat())
    me = people[role]
    outcomes, results = {}, {}
    for name, call in calls(scene, me).items():
        try:
            results[name] = call()
            outcomes[name] = "allowed"
        except PermissionDenied:
            outcomes[name] = "refused"
    expected = {name: "allowed" if role in roles else "refused" for name, roles in EXPECTED.items()}
    assert outcomes == expected
    if role in CLIENT_WORK:
        seen = {row.id for row in results["clients.list_page"].rows}
        if role is CASEWORKER:
            assert seen == {scene.own_client, scene.own_head}  # the caseload, nothing else
        else:
            assert {scene.own_client, scene.others_client} <= seen
