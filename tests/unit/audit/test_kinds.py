"""Every kind of audit event is written by some role or by the server alone."""

from __future__ import annotations

from domain.audit.events import AuditAction
from domain.audit.kinds import SERVER_WRITTEN, WRITTEN_UNDER, written_by
from domain.common.policy import Role


def test_every_kind_says_who_writes_it():
    assert set(WRITTEN_UNDER) | SERVER_WRITTEN == set(AuditAction)
    assert not set(WRITTEN_UNDER) & SERVER_WRITTEN


def test_every_kind_a_session_writes_is_allowed_for_some_role():
    allowed = set().union(*(written_by(role) for role in Role))
    assert allowed == set(WRITTEN_UNDER)


def test_sign_in_events_are_the_servers_and_refusals_everyones():
    for role in Role:
        assert not written_by(role) & SERVER_WRITTEN
        assert AuditAction.ACCESS_REFUSED in written_by(role)
    assert AuditAction.NOTE_COSIGNED in written_by(Role.SUPERVISOR)
    assert AuditAction.NOTE_COSIGNED not in written_by(Role.CASEWORKER)
    assert written_by(Role.ADMIN).isdisjoint({AuditAction.CLIENT_VIEWED, AuditAction.NOTE_SIGNED})
