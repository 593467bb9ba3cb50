"""The policy table itself: each role can do its job and nothing more."""

from __future__ import annotations

import pytest

from domain.common.policy import ROLE_PERMISSIONS, Permission, Role, allows

EXPECTED = {
    Role.ADMIN: {
        "staff.manage",
        "audit.read",
        "audit.export",
        "settings.manage",
        "program.manage",
        "resource.manage",
        "hmis.export",
    },
    Role.SUPERVISOR: {
        "client.register",
        "client.list",
        "client.open",
        "client.edit",
        "client.any",
        "client.ssn_view",
        "client.merge",
        "case.intake",
        "case.assign",
        "case.close",
        "case.work",
        "plan.work",
        "note.read",
        "note.write",
        "note.supervise",
        "form.print",
        "consent.override",
        "audit.read",
        "resource.manage",
        "attachment.remove",
        "hmis.export",
        "report.view",
    },
    Role.CASEWORKER: {
        "client.register",
        "client.list",
        "client.open",
        "client.edit",
        "client.ssn_view",
        "case.work",
        "plan.work",
        "note.read",
        "note.write",
        "form.print",
        "report.view",
    },
    Role.FRONTDESK: {
        "client.register",
        "client.list",
        "client.open",
        "client.edit",
        "client.any",
        "case.intake",
        "form.print",
    },
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_exactly_its_permissions(role):
    assert {str(p) for p in ROLE_PERMISSIONS[role]} == EXPECTED[role]


def test_least_privilege_in_plain_words():
    assert not allows(Role.ADMIN, Permission.CLIENT_OPEN)  # admins run the system
    assert not allows(Role.FRONTDESK, Permission.NOTE_READ)  # front desk reads no notes
    assert not allows(Role.CASEWORKER, Permission.CLIENT_ANY)  # own caseload only
    assert not allows(Role.FRONTDESK, Permission.CLIENT_SSN_VIEW)  # types it, sees last four
    assert not allows(Role.CASEWORKER, Permission.CASE_ASSIGN)
    assert not allows(Role.CASEWORKER, Permission.CASE_CLOSE)
    assert not allows(Role.FRONTDESK, Permission.CASE_WORK)  # no tasks, no case history
    assert not allows(Role.SUPERVISOR, Permission.STAFF_MANAGE)
    assert not allows(Role.SUPERVISOR, Permission.AUDIT_EXPORT)
