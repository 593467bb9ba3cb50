"""What the domain needs from storage, as Protocols: repositories and a unit of work.

Repositories never commit; the unit of work commits only when told to and rolls
back when its block is left without a commit.
"""

from __future__ import annotations

from datetime import date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

from domain.assessments import Assessment, AssessmentValues
from domain.audit import AuditEntry, AuditEvent, AuditFilter
from domain.case_lifecycle import Closing
from domain.case_notes import Note, NoteValues
from domain.caseload import CaseloadBoard, CaseRow, MyDay
from domain.cases import AssignmentEntry, CaseStatus, CaseStatusChange, CaseSummary
from domain.client_search import SearchQuery
from domain.clients import ClientFields, ClientRecord, ClientSummary
from domain.consents import Consent, ConsentValues
from domain.duplicates import PersonKeys
from domain.local_drafts import LocalDraft
from domain.login_throttle import FailureOutcome
from domain.plan_reviews import PlanReview, ReviewValues
from domain.policy import Role
from domain.programs import Program, ProgramValues
from domain.referrals import AwaitingResponse, Referral, ReferralValues, StatusChange, StatusValues
from domain.resources import Resource, ResourceCategory, ResourceValues
from domain.service_plans import Agreement, GoalValues, PlanVersionSummary, ServicePlan
from domain.staff import StaffFields, StaffMember
from domain.tasks import ConsentExpiring, ReviewDue, Task, TaskSource, TaskValues

if TYPE_CHECKING:  # merges imports the guard, which imports these ports
    from domain.merges import MergeRecord


class ClientRepository(Protocol):
    def add(
        self, values: ClientFields, *, words: set[str], keys: set[str], by: str, at: datetime
    ) -> ClientRecord:
        """Store the record with its search words and duplicate-detection keys."""
        ...

    def get(self, client_id: int) -> ClientRecord | None: ...

    def update(
        self,
        client_id: int,
        expected_version: int,
        values: ClientFields,
        *,
        words: set[str],
        keys: set[str],
        by: str,
        at: datetime,
    ) -> ClientRecord:
        """Save over ``expected_version``; raise ``ConflictError`` if it is stale."""
        ...

    def full_ssn(self, client_id: int) -> str | None: ...

    def set_household(
        self,
        client_id: int,
        household_id: int | None,
        relationship: int | None,
        *,
        by: str,
        at: datetime,
    ) -> None: ...

    def set_merged_into(
        self, client_id: int, survivor_id: int | None, *, by: str, at: datetime
    ) -> None: ...

    def search(
        self, query: SearchQuery, *, limit: int, caseload_of: int | None = None
    ) -> list[ClientSummary]: ...

    def match_candidates(
        self, keys: set[str], *, limit: int, caseload_of: int | None = None
    ) -> list[tuple[ClientSummary, PersonKeys]]:
        """Clients sharing any duplicate-detection key, for the domain to score."""
        ...

    def list_page(
        self, *, offset: int, limit: int, caseload_of: int | None = None
    ) -> list[ClientSummary]:
        """Clients ordered by last name, first name, id; with ``caseload_of``, only
        the clients of cases assigned to that staff member."""
        ...

    def count(self, *, caseload_of: int | None = None) -> int: ...


class StaffRepository(Protocol):
    def add(
        self,
        values: StaffFields,
        *,
        password_hash: str | None,
        must_change_password: bool,
        by: str,
        at: datetime,
    ) -> StaffMember: ...

    def get(self, staff_id: int) -> StaffMember | None: ...

    def find(self, username: str) -> StaffMember | None: ...

    def password_hash(self, staff_id: int) -> str | None: ...

    def list_all(self) -> list[StaffMember]: ...

    def count(self) -> int: ...

    def update(
        self,
        staff_id: int,
        expected_version: int,
        *,
        by: str,
        at: datetime,
        display_name: str | None = None,
        role: str | None = None,
        active: bool | None = None,
        unlock: bool = False,
    ) -> StaffMember:
        """An administrator's change; raises ``ConflictError`` if the version is stale."""
        ...

    def set_password_hash(self, staff_id: int, password_hash: str | None) -> None: ...

    def set_must_change_password(self, staff_id: int, must_change: bool) -> None: ...

    def record_failure(self, staff_id: int, outcome: FailureOutcome) -> None: ...

    def record_sign_in(self, staff_id: int, at: datetime) -> None: ...


class CaseRepository(Protocol):
    def open_case(
        self,
        client_id: int,
        assigned_staff_id: int | None,
        *,
        program_id: int | None = None,
        opened_on: date,
        by: str,
        at: datetime,
    ) -> int: ...

    def for_client(self, client_id: int) -> list[CaseSummary]:
        """Newest first."""
        ...

    def is_on_caseload(self, client_id: int, staff_id: int) -> bool:
        """True when a case of this client is assigned to this staff member."""
        ...

    def move_cases(
        self, from_client: int, to_client: int, *, by: str, at: datetime
    ) -> list[int]: ...

    def move_cases_back(
        self, case_ids: tuple[int, ...], to_client: int, *, by: str, at: datetime
    ) -> None: ...

    def get(self, case_id: int) -> CaseSummary | None: ...

    def get_many(self, case_ids: list[int]) -> list[CaseSummary]: ...

    def assign(
        self,
        case_id: int,
        expected_version: int,
        staff_id: int | None,
        status: CaseStatus,
        *,
        on: date,
        by: str,
        at: datetime,
    ) -> CaseSummary:
        """Hand the case to ``staff_id``; ``ConflictError`` if the version is stale."""
        ...

    def set_status(
        self, case_id: int, expected_version: int, status: CaseStatus, *, by: str, at: datetime
    ) -> CaseSummary:
        """Put on hold or resume: the status alone changes."""
        ...

    def close(
        self,
        case_id: int,
        expected_version: int,
        closing: Closing,
        *,
        on: date,
        by: str,
        at: datetime,
    ) -> CaseSummary: ...

    def reopen(
        self,
        case_id: int,
        expected_version: int,
        status: CaseStatus,
        staff_id: int | None,
        *,
        on: date,
        by: str,
        at: datetime,
    ) -> CaseSummary:
        """Back to ``status`` with ``staff_id``; the closing date, reason and outcome are
        cleared (the audit trail keeps them)."""
        ...

    def add_assignment(
        self,
        case_id: int,
        staff_id: int | None,
        previous_staff_id: int | None,
        note: str,
        *,
        by: str,
        at: datetime,
    ) -> None: ...

    def assignments(self, case_id: int) -> list[AssignmentEntry]:
        """Oldest first."""
        ...

    def set_last_review(self, case_id: int, on: date, *, by: str, at: datetime) -> None:
        """Plan reviews count from ``on`` from now on (unless a later one is known)."""
        ...

    def status_changes(self, case_id: int) -> list[CaseStatusChange]:
        """Oldest first. ``set_status``, ``close`` and ``reopen`` each add one."""
        ...


class PlanRepository(Protocol):
    """Service plans: versions of goals and steps, agreements and reviews."""

    def latest(self, case_id: int) -> ServicePlan | None:
        """The case's newest version, agreed or draft."""
        ...

    def get(self, plan_id: int) -> ServicePlan | None: ...

    def versions(self, case_id: int) -> list[PlanVersionSummary]:
        """Newest first."""
        ...

    def add_version(
        self,
        case_id: int,
        number: int,
        goals: tuple[GoalValues, ...],
        *,
        drafted_on: date,
        by: str,
        at: datetime,
    ) -> int:
        """A new draft; a goal's ``goal_id`` here names the goal it copies."""
        ...

    def save_goals(
        self,
        plan_id: int,
        expected_version: int,
        goals: tuple[GoalValues, ...],
        *,
        by: str,
        at: datetime,
    ) -> None:
        """Replace a draft's goals and steps (a goal's ``goal_id`` keeps that goal's
        row); ``ConflictError`` if the version is stale."""
        ...

    def agree(
        self, plan_id: int, expected_version: int, agreement: Agreement, *, by: str, at: datetime
    ) -> None: ...

    def add_review(
        self, plan_id: int, values: ReviewValues, next_review_on: date, *, by: str, at: datetime
    ) -> int:
        """Store the review and move the goals' statuses and steps on with it (and those
        of a draft copying them)."""
        ...

    def reviews(self, case_id: int) -> list[PlanReview]:
        """Every version's reviews, newest first."""
        ...


class HouseholdRepository(Protocol):
    def create(self, *, by: str, at: datetime) -> int: ...

    def members(self, household_id: int) -> list[tuple[ClientSummary, int | None]]: ...


class MergeRepository(Protocol):
    def add(
        self,
        survivor_id: int,
        merged_id: int,
        reason: str,
        moved_case_ids: list[int],
        *,
        by: str,
        at: datetime,
    ) -> MergeRecord: ...

    def get(self, merge_id: int) -> MergeRecord | None: ...

    def for_client(self, client_id: int) -> list[MergeRecord]: ...

    def mark_undone(self, merge_id: int, *, by: str, at: datetime) -> None: ...


class ProgramRepository(Protocol):
    def list_all(self) -> list[Program]: ...

    def get(self, program_id: int | None) -> Program | None: ...

    def add(self, values: ProgramValues, *, by: str, at: datetime) -> Program: ...

    def update(
        self,
        program_id: int,
        expected_version: int,
        values: ProgramValues,
        *,
        by: str,
        at: datetime,
    ) -> Program: ...


class AssessmentRepository(Protocol):
    def add(
        self,
        client_id: int,
        case_id: int | None,
        values: AssessmentValues,
        *,
        by: str,
        at: datetime,
    ) -> int: ...

    def for_client(self, client_id: int) -> list[Assessment]:
        """Newest first."""
        ...


class ConsentRepository(Protocol):
    def add(
        self, client_id: int, case_id: int | None, values: ConsentValues, *, by: str, at: datetime
    ) -> int: ...

    def get(self, consent_id: int) -> Consent | None: ...

    def revoke(
        self,
        consent_id: int,
        expected_version: int,
        revoked_on: date,
        note: str,
        *,
        by: str,
        at: datetime,
    ) -> Consent:
        """ConflictError if it changed (or was revoked) since ``expected_version``."""
        ...

    def for_client(self, client_id: int) -> list[Consent]:
        """Newest first."""
        ...


class TaskRepository(Protocol):
    def add(self, values: TaskValues, *, by: str, at: datetime) -> int: ...

    def add_reminders(self, reminders: list[TaskValues], *, by: str, at: datetime) -> list[int]:
        """Those not created before (same source and key); the ids of the new ones."""
        ...

    def get(self, task_id: int) -> Task | None: ...

    def set_done(
        self, task_id: int, expected_version: int, done: bool, *, by: str, at: datetime
    ) -> Task: ...

    def for_case(self, case_id: int) -> list[Task]:
        """Open ones first, then by due date."""
        ...

    def for_assignee(self, staff_id: int, *, include_done: bool) -> list[Task]: ...

    def complete_open_for_case(self, case_id: int, *, by: str, at: datetime) -> list[int]: ...

    def complete_reminders(
        self, case_id: int, source: TaskSource, *, by: str, at: datetime
    ) -> list[int]:
        """Mark the case's open reminders of this kind done (what they asked is done)."""
        ...

    def move_open(
        self,
        case_ids: list[int],
        from_staff: dict[int, int | None],
        to_staff: int | None,
        *,
        by: str,
        at: datetime,
    ) -> None:
        """Open tasks of each case held by its previous caseworker go to the new one."""
        ...


class NoteRepository(Protocol):
    def add_draft(
        self, case_id: int, author_staff_id: int, values: NoteValues, *, by: str, at: datetime
    ) -> int: ...

    def get(self, note_id: int) -> Note | None:
        """With its goal ids and addenda (in order)."""
        ...

    def save_draft(
        self, note_id: int, expected_version: int, values: NoteValues, *, by: str, at: datetime
    ) -> None:
        """Over ``expected_version`` of an unsigned note; ``ConflictError`` if stale."""
        ...

    def sign(
        self,
        note_id: int,
        expected_version: int,
        values: NoteValues,
        *,
        fingerprint: str,
        cosign_required: bool,
        by: str,
        at: datetime,
    ) -> None: ...

    def delete_draft(self, note_id: int, expected_version: int) -> None: ...

    def add_addendum(
        self,
        note_id: int,
        author_staff_id: int,
        text: str,
        fingerprint_for,
        *,
        by: str,
        at: datetime,
    ) -> int:
        """Numbered after the note's last addendum; ``fingerprint_for(sequence)`` gives
        its fingerprint. The id of the new addendum."""
        ...

    def cosign(self, note_id: int, *, by: str, at: datetime) -> None: ...

    def for_case(self, case_id: int) -> list[Note]:
        """Newest contact first (drafts without a date first of all)."""
        ...

    def drafts_of(self, staff_id: int) -> list[Note]:
        """Unsigned notes by this author, oldest change first."""
        ...


class DraftKeeper(Protocol):
    """Copies of drafts on the workstation (storage/draft_files.py)."""

    def save(self, draft: LocalDraft) -> None: ...

    def remove(self, username: str, key: str) -> None: ...

    def drafts_of(self, username: str) -> list[LocalDraft]: ...


class ResourceRepository(Protocol):
    def search(
        self,
        *,
        text: str = "",
        category: ResourceCategory | None = None,
        language: str = "",
        include_inactive: bool = False,
    ) -> list[Resource]: ...

    def languages(self) -> list[str]: ...

    def get(self, resource_id: int) -> Resource | None: ...

    def add(self, values: ResourceValues, *, by: str, at: datetime) -> Resource: ...

    def update(
        self,
        resource_id: int,
        expected_version: int | None,
        values: ResourceValues,
        *,
        by: str,
        at: datetime,
    ) -> Resource:
        """ConflictError if ``expected_version`` is stale (None: replace regardless)."""
        ...


class ReferralRepository(Protocol):
    def add(
        self,
        case_id: int,
        client_id: int,
        values: ReferralValues,
        *,
        consent_id: int | None,
        overridden: bool,
        referred_by: int,
        by: str,
        at: datetime,
    ) -> int:
        """The referral, "sent", with the first line of its status history."""
        ...

    def get(self, referral_id: int) -> Referral | None: ...

    def set_status(
        self,
        referral_id: int,
        expected_version: int,
        change: StatusValues,
        *,
        by: str,
        at: datetime,
    ) -> Referral:
        """The new status and a line of history; ConflictError if the version is stale."""
        ...

    def history(self, referral_id: int) -> list[StatusChange]:
        """Oldest first."""
        ...

    def for_client(self, client_id: int) -> list[Referral]: ...

    def open_referrals(self, staff_id: int | None) -> list[Referral]: ...

    def awaiting_response(
        self, sent_before: date, staff_id: int | None
    ) -> list[AwaitingResponse]: ...


class CaseloadQueries(Protocol):
    """The read side of caseloads: a few statements each, never one per case."""

    def board(self, today: date) -> CaseloadBoard: ...

    def caseload(self, staff_id: int, today: date) -> list[CaseRow]:
        """The staff member's active cases, by client name."""
        ...

    def my_day(self, staff_id: int, username: str, today: date) -> MyDay: ...

    def reviews_due(self, until: date, staff_id: int | None) -> list[ReviewDue]: ...

    def consents_expiring(
        self, today: date, until: date, staff_id: int | None
    ) -> list[ConsentExpiring]: ...


class LoginAccounts(Protocol):
    """Where sign-in credentials live: argon2id hashes in the staff table on the
    embedded database, PostgreSQL login roles on a shared server."""

    def create(self, staff: StaffMember, password: str) -> None: ...

    def set_password(self, staff: StaffMember, password: str) -> None: ...

    def set_role(self, staff: StaffMember, role: Role) -> None: ...

    def set_active(self, staff: StaffMember, active: bool) -> None: ...


class SettingsRepository(Protocol):
    def all(self) -> dict[str, str]: ...

    def put(self, key: str, value: str, *, by: str, at: datetime) -> None: ...


class AuditLog(Protocol):
    def record(self, event: AuditEvent) -> None: ...

    def query(self, where: AuditFilter, *, offset: int, limit: int) -> list[AuditEntry]:
        """Newest first."""
        ...


class UnitOfWork(Protocol):
    clients: ClientRepository
    staff: StaffRepository
    cases: CaseRepository
    logins: LoginAccounts
    settings: SettingsRepository
    households: HouseholdRepository
    merges: MergeRepository
    programs: ProgramRepository
    assessments: AssessmentRepository
    consents: ConsentRepository
    tasks: TaskRepository
    plans: PlanRepository
    notes: NoteRepository
    resources: ResourceRepository
    referrals: ReferralRepository
    caseloads: CaseloadQueries
    audit: AuditLog

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...
