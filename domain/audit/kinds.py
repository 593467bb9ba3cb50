"""Which kinds of audit event a staff session writes, by role.

On a shared server the database accepts from a person's own login only the
kinds the app writes for that person's role (migration 0016 keeps them in the
audit_kinds table), so nobody can make up, say, an export or a co-signature in
their own name from psql. Each kind lists the permissions under which a service
writes it; a role may write it when it holds any of them. Tests hold this map,
the services and the table to one another.
"""

from __future__ import annotations

from domain.audit.events import AuditAction as A
from domain.common.policy import ROLE_PERMISSIONS, Role
from domain.common.policy import Permission as P

# Written for anyone signed in, whatever the role.
ANYONE: frozenset[P] = frozenset()

# Never written by a staff session on a shared server: sign-ins come from the
# server's own functions (begin_session, report_failed_sign_in), backups and
# restores from the IT person's `db backup` and `db restore`. (On the embedded
# file CaseDesk writes both itself, at sign-in.) So audit_kinds holds no rows
# for them, and no staff login can make one up in psql.
SERVER_WRITTEN = frozenset(
    {
        A.SIGN_IN,
        A.SIGN_IN_FAILED,
        A.ACCOUNT_LOCKED,
        A.SESSION_UNLOCKED,
        A.BACKUP_MADE,
        A.BACKUP_FAILED,
        A.DATABASE_RESTORED,
    }
)

WRITTEN_UNDER: dict[A, frozenset[P]] = {
    A.SESSION_LOCKED: ANYONE,
    A.SIGN_OUT: ANYONE,
    A.PASSWORD_CHANGED: ANYONE,
    A.ACCESS_REFUSED: ANYONE,
    A.STAFF_CREATED: frozenset({P.STAFF_MANAGE}),
    A.STAFF_CHANGED: frozenset({P.STAFF_MANAGE}),
    A.STAFF_DEACTIVATED: frozenset({P.STAFF_MANAGE}),
    A.STAFF_REACTIVATED: frozenset({P.STAFF_MANAGE}),
    A.STAFF_PASSWORD_RESET: frozenset({P.STAFF_MANAGE}),
    A.STAFF_UNLOCKED: frozenset({P.STAFF_MANAGE}),
    A.AUDIT_EXPORTED: frozenset({P.AUDIT_EXPORT}),
    A.SETTINGS_CHANGED: frozenset({P.SETTINGS_MANAGE}),
    A.CLIENT_CREATED: frozenset({P.CLIENT_REGISTER, P.CASE_INTAKE}),
    A.CLIENT_VIEWED: frozenset({P.CLIENT_OPEN}),
    A.CLIENT_CHANGED: frozenset({P.CLIENT_EDIT, P.CASE_INTAKE}),
    A.CLIENT_SSN_VIEWED: frozenset({P.CLIENT_SSN_VIEW}),
    A.DUPLICATE_OVERRIDDEN: frozenset({P.CLIENT_REGISTER, P.CASE_INTAKE}),
    A.CLIENTS_MERGED: frozenset({P.CLIENT_MERGE}),
    A.MERGE_UNDONE: frozenset({P.CLIENT_MERGE}),
    A.HOUSEHOLD_JOINED: frozenset({P.CLIENT_EDIT, P.CASE_INTAKE}),
    A.HOUSEHOLD_LEFT: frozenset({P.CLIENT_EDIT}),
    # Opened unassigned by whoever registers clients, assigned by a supervisor.
    A.CASE_OPENED: frozenset({P.CLIENT_REGISTER, P.CASE_ASSIGN, P.CASE_INTAKE}),
    A.CASE_ASSIGNED: frozenset({P.CASE_ASSIGN}),
    A.CASE_UNASSIGNED: frozenset({P.CASE_ASSIGN}),
    A.CASES_REASSIGNED: frozenset({P.CASE_ASSIGN}),
    A.CASE_PUT_ON_HOLD: frozenset({P.CASE_WORK}),
    A.CASE_RESUMED: frozenset({P.CASE_WORK}),
    A.CASE_CLOSED: frozenset({P.CASE_CLOSE}),
    A.CASE_REOPENED: frozenset({P.CASE_CLOSE}),
    A.TASK_CREATED: frozenset({P.CASE_WORK}),
    # Closing a case completes its open tasks.
    A.TASK_COMPLETED: frozenset({P.CASE_WORK, P.CASE_CLOSE}),
    A.TASK_REOPENED: frozenset({P.CASE_WORK}),
    A.REMINDERS_CREATED: frozenset({P.CASE_WORK}),
    A.INTAKE_COMPLETED: frozenset({P.CASE_INTAKE}),
    A.PLAN_VIEWED: frozenset({P.PLAN_WORK}),
    A.PLAN_DRAFT_SAVED: frozenset({P.PLAN_WORK}),
    A.PLAN_AGREED: frozenset({P.PLAN_WORK}),
    A.PLAN_VERSION_STARTED: frozenset({P.PLAN_WORK}),
    A.PLAN_REVIEWED: frozenset({P.PLAN_WORK}),
    A.ASSESSMENT_RECORDED: frozenset({P.CASE_WORK, P.CASE_INTAKE}),
    A.CONSENT_RECORDED: frozenset({P.CLIENT_EDIT, P.CASE_INTAKE}),
    A.CONSENT_REVOKED: frozenset({P.CLIENT_EDIT}),
    A.CONSENT_SIGNED: frozenset({P.CLIENT_EDIT}),
    A.CONSENT_OVERRIDDEN: frozenset({P.CONSENT_OVERRIDE}),
    # Released by a referral (case work) or a printed packet or letter.
    A.INFORMATION_RELEASED: frozenset({P.CASE_WORK, P.FORM_PRINT}),
    # Own drafts are listed under note.write.
    A.NOTES_VIEWED: frozenset({P.NOTE_READ, P.NOTE_WRITE}),
    A.TIMELINE_VIEWED: frozenset({P.CLIENT_OPEN}),
    A.NOTE_DRAFT_STARTED: frozenset({P.NOTE_WRITE}),
    A.NOTE_DRAFT_DISCARDED: frozenset({P.NOTE_WRITE}),
    A.NOTE_SIGNED: frozenset({P.NOTE_WRITE}),
    A.NOTE_ADDENDUM_ADDED: frozenset({P.NOTE_WRITE}),
    A.NOTE_COSIGNED: frozenset({P.NOTE_SUPERVISE}),
    A.SIGNED_NOTE_CHANGE_REFUSED: frozenset({P.NOTE_WRITE, P.NOTE_SUPERVISE}),
    A.PROGRAM_CREATED: frozenset({P.PROGRAM_MANAGE}),
    A.PROGRAM_CHANGED: frozenset({P.PROGRAM_MANAGE}),
    # Packets and letters (form.print), plan documents, notes for a court or funder,
    # outcome reports (report.view: shown on screen until a kind of their own has
    # its audit_kinds rows; printed or saved as PDF, CSV or XLSX).
    A.FORM_PREPARED: frozenset({P.FORM_PRINT, P.PLAN_WORK, P.NOTE_READ}),
    A.FORM_PRINTED: frozenset({P.FORM_PRINT}),
    A.RESOURCE_CREATED: frozenset({P.RESOURCE_MANAGE}),
    A.RESOURCE_CHANGED: frozenset({P.RESOURCE_MANAGE}),
    A.RESOURCES_IMPORTED: frozenset({P.RESOURCE_MANAGE}),
    A.RESOURCES_EXPORTED: frozenset({P.RESOURCE_MANAGE}),
    A.REFERRAL_MADE: frozenset({P.CASE_WORK}),
    A.REFERRAL_STATUS_CHANGED: frozenset({P.CASE_WORK}),
    A.ATTACHMENT_ADDED: frozenset({P.CLIENT_EDIT}),
    A.ATTACHMENT_VIEWED: frozenset({P.CLIENT_OPEN}),
    A.ATTACHMENT_DOWNLOADED: frozenset({P.CLIENT_OPEN}),
    A.ATTACHMENT_PRINTED: frozenset({P.FORM_PRINT}),
    A.ATTACHMENT_REMOVED: frozenset({P.ATTACHMENT_REMOVE}),
    A.HMIS_EXPORTED: frozenset({P.HMIS_EXPORT}),
    A.HMIS_QUALITY_CHECKED: frozenset({P.HMIS_EXPORT}),
    A.REPORT_VIEWED: frozenset({P.REPORT_VIEW}),
    A.REPORT_SAVED: frozenset({P.REPORT_VIEW}),
}


def written_by(role: Role) -> frozenset[A]:
    """The kinds a session of ``role`` writes itself."""
    held = ROLE_PERMISSIONS[role]
    return frozenset(action for action, under in WRITTEN_UNDER.items() if not under or under & held)
