"""The access policy: one place that says who may do what.

Role -> permissions, plus the record rule that a caseworker reaches only the
clients of cases assigned to them. Services check it before every action; the
GUI asks the same functions to hide or disable what a person may not do. On
PostgreSQL, grants and row-level security repeat these rules in the database.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    CASEWORKER = "caseworker"
    FRONTDESK = "frontdesk"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.SUPERVISOR: "Supervisor",
    Role.CASEWORKER: "Caseworker",
    Role.FRONTDESK: "Front desk",
}


class Permission(StrEnum):
    CLIENT_REGISTER = "client.register"
    CLIENT_LIST = "client.list"
    CLIENT_OPEN = "client.open"
    CLIENT_EDIT = "client.edit"
    # Reach every client of the office, not only those of one's own cases.
    CLIENT_ANY = "client.any"
    # Read a full Social Security number (everyone else sees the last four).
    CLIENT_SSN_VIEW = "client.ssn_view"
    # Merge two records of the same person (and undo it).
    CLIENT_MERGE = "client.merge"
    # Take a client through intake: record, household, assessment, consent, a new case.
    CASE_INTAKE = "case.intake"
    CASE_ASSIGN = "case.assign"
    CASE_CLOSE = "case.close"
    # Work on one's cases: tasks, holds, assignment history, "My day".
    CASE_WORK = "case.work"
    # Service plans: goals, steps, the client's agreement, reviews.
    PLAN_WORK = "plan.work"
    NOTE_READ = "note.read"
    NOTE_WRITE = "note.write"
    # Read others' confidential notes, co-sign the notes of new staff, add
    # addenda to notes one did not write.
    NOTE_SUPERVISE = "note.supervise"
    FORM_PRINT = "form.print"
    # Share a client's information although no release of information is in effect.
    CONSENT_OVERRIDE = "consent.override"
    STAFF_MANAGE = "staff.manage"
    AUDIT_READ = "audit.read"
    AUDIT_EXPORT = "audit.export"
    SETTINGS_MANAGE = "settings.manage"
    PROGRAM_MANAGE = "program.manage"
    # Keep the community resource directory: add, change, retire, import.
    RESOURCE_MANAGE = "resource.manage"
    # Outcome reports: the office's with CLIENT_ANY, else one's own caseload's.
    REPORT_VIEW = "report.view"
    # The HMIS CSV export and its data-quality check (names of clients to fix only
    # with CLIENT_OPEN: administrators see counts).
    HMIS_EXPORT = "hmis.export"
    # Remove a file attached to a client's record (its entry stays, with the reason).
    ATTACHMENT_REMOVE = "attachment.remove"


_CLIENT_WORK = {
    Permission.CLIENT_REGISTER,
    Permission.CLIENT_LIST,
    Permission.CLIENT_OPEN,
    Permission.CLIENT_EDIT,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # Administrators run the system, not the case work: least privilege keeps
    # client records out of their reach.
    Role.ADMIN: frozenset(
        {
            Permission.STAFF_MANAGE,
            Permission.AUDIT_READ,
            Permission.AUDIT_EXPORT,
            Permission.SETTINGS_MANAGE,
            Permission.PROGRAM_MANAGE,
            Permission.RESOURCE_MANAGE,
            Permission.HMIS_EXPORT,
        }
    ),
    Role.SUPERVISOR: frozenset(
        _CLIENT_WORK
        | {
            Permission.CLIENT_ANY,
            Permission.CLIENT_SSN_VIEW,
            Permission.CLIENT_MERGE,
            Permission.CASE_INTAKE,
            Permission.CASE_ASSIGN,
            Permission.CASE_CLOSE,
            Permission.CASE_WORK,
            Permission.PLAN_WORK,
            Permission.NOTE_READ,
            Permission.NOTE_WRITE,
            Permission.NOTE_SUPERVISE,
            Permission.FORM_PRINT,
            Permission.CONSENT_OVERRIDE,
            Permission.AUDIT_READ,
            Permission.RESOURCE_MANAGE,
            Permission.REPORT_VIEW,
            Permission.HMIS_EXPORT,
            Permission.ATTACHMENT_REMOVE,
        }
    ),
    Role.CASEWORKER: frozenset(
        _CLIENT_WORK
        | {
            Permission.CLIENT_SSN_VIEW,
            Permission.CASE_WORK,
            Permission.PLAN_WORK,
            Permission.NOTE_READ,
            Permission.NOTE_WRITE,
            Permission.FORM_PRINT,
            Permission.REPORT_VIEW,
        }
    ),
    # The front desk registers and looks up clients and prints their forms, but
    # reads no case notes.
    Role.FRONTDESK: frozenset(
        _CLIENT_WORK | {Permission.CLIENT_ANY, Permission.CASE_INTAKE, Permission.FORM_PRINT}
    ),
}

REFUSALS = {
    Permission.CLIENT_REGISTER: "Your role cannot register clients.",
    Permission.CLIENT_LIST: "Your role cannot see the client list.",
    Permission.CLIENT_OPEN: "Your role cannot open client records.",
    Permission.CLIENT_EDIT: "Your role cannot change client records.",
    Permission.CLIENT_ANY: "This client is not on your caseload.",
    Permission.CLIENT_SSN_VIEW: "Your role sees only the last four digits of an SSN.",
    Permission.CLIENT_MERGE: "Only a supervisor can merge client records.",
    Permission.CASE_INTAKE: "Intakes are taken by the front desk and supervisors.",
    Permission.CASE_ASSIGN: "Only a supervisor can assign cases.",
    Permission.CASE_CLOSE: "Only a supervisor can close or reopen cases.",
    Permission.CASE_WORK: "Case work (tasks, holds, assignment history) is for caseworkers "
    "and supervisors.",
    Permission.CONSENT_OVERRIDE: "Only a supervisor can share information without a "
    "release of information in effect.",
    Permission.PLAN_WORK: "Service plans are kept by caseworkers and supervisors.",
    Permission.NOTE_READ: "Your role cannot read case notes.",
    Permission.NOTE_WRITE: "Your role cannot write case notes.",
    Permission.NOTE_SUPERVISE: "Only a supervisor can do this to another's note.",
    Permission.STAFF_MANAGE: "Only an administrator can manage staff accounts.",
    Permission.PROGRAM_MANAGE: "Only an administrator can define programs.",
    Permission.RESOURCE_MANAGE: "Only administrators and supervisors keep the resource directory.",
    Permission.AUDIT_READ: "Your role cannot read the audit trail.",
    Permission.AUDIT_EXPORT: "Only an administrator can export the audit trail.",
    Permission.SETTINGS_MANAGE: "Only an administrator can change settings.",
    Permission.REPORT_VIEW: "Outcome reports are for supervisors and caseworkers.",
    Permission.HMIS_EXPORT: "Only supervisors and administrators export HMIS data.",
    Permission.ATTACHMENT_REMOVE: "Only a supervisor can remove an attachment.",
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def refusal_message(permission: Permission) -> str:
    return REFUSALS.get(permission, f"Your role does not allow this ({permission}).")
