"""Audit details in words. The trail stores codes (a permission such as
``client.any``) so that it can be searched and compared; the audit screen and
the export show a person what each means. The stored detail never changes."""

from __future__ import annotations

from domain.audit.events import AuditAction
from domain.common.policy import Permission

# Why access was refused: what the person's role or caseload did not allow.
REFUSAL_WORDS: dict[str, str] = {
    Permission.CLIENT_REGISTER: "Role may not register clients",
    Permission.CLIENT_LIST: "Role may not see the client list",
    Permission.CLIENT_OPEN: "Role may not open client records",
    Permission.CLIENT_EDIT: "Role may not change client records",
    Permission.CLIENT_ANY: "Not on their caseload",
    Permission.CLIENT_SSN_VIEW: "Role may not see full SSNs",
    Permission.CLIENT_MERGE: "Role may not merge client records",
    Permission.CASE_INTAKE: "Role may not take intakes",
    Permission.CASE_ASSIGN: "Role may not assign cases",
    Permission.CASE_CLOSE: "Role may not close or reopen cases",
    Permission.CASE_WORK: "Role may not do case work",
    Permission.PLAN_WORK: "Role may not keep service plans",
    Permission.NOTE_READ: "Role may not read case notes",
    Permission.NOTE_WRITE: "Role may not write case notes",
    Permission.NOTE_SUPERVISE: "Another person's note: for supervisors",
    Permission.FORM_PRINT: "Role may not print forms",
    Permission.CONSENT_OVERRIDE: "Role may not share without a release of information",
    Permission.STAFF_MANAGE: "Role may not manage staff accounts",
    Permission.AUDIT_READ: "Role may not read the audit trail",
    Permission.AUDIT_EXPORT: "Role may not export the audit trail",
    Permission.SETTINGS_MANAGE: "Role may not change settings",
    Permission.PROGRAM_MANAGE: "Role may not define programs",
    Permission.RESOURCE_MANAGE: "Role may not keep the resource directory",
    Permission.REPORT_VIEW: "Role may not see outcome reports",
    Permission.HMIS_EXPORT: "Role may not export HMIS data",
    Permission.ATTACHMENT_REMOVE: "Role may not remove attachments",
    # PostgreSQL's grants or row-level security refused before the app's policy did.
    "database": "Refused by the database",
}


def detail_in_words(action: str, detail: str) -> str:
    """The detail as a person reads it; one this version has no words for stays as stored."""
    if action == AuditAction.ACCESS_REFUSED:
        return REFUSAL_WORDS.get(detail, detail)
    return detail
