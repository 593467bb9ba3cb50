"""Embedded sign-in: argon2id, throttling with a growing lock-out, audit, one message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from domain.audit.events import AuditAction
from domain.common.errors import PermissionDenied, SessionEnded, SignInFailed, ValidationError
from domain.common.guard import Guard
from domain.common.policy import Role
from domain.services import Services
from domain.staff.accounts import StaffForm
from domain.staff.embedded_sign_in import UNKNOWN_USER, EmbeddedAuthenticator
from domain.staff.password_hashing import PasswordHashing
from domain.staff.session import FirstAdminForm
from domain.staff.throttle import after_failure, after_failure_while_locked
from tests.unit.fakes import FakeDatabase

PASSWORD = "lantern-meadow-quartz-91"
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


class RealLogins:
    """Stores real argon2 hashes in the fake staff table, as the embedded database does."""

    def __init__(self, staff, hashing):
        self._staff, self._hashing = staff, hashing

    def create(self, staff, password):
        self._staff.hashes[staff.id] = self._hashing.hash(password)

    set_password = create

    def set_role(self, staff, role):
        pass

    def set_active(self, staff, active):
        pass


@pytest.fixture
def setup():
    hashing = PasswordHashing(CHEAP)
    db, clock = FakeDatabase(logins=lambda staff: RealLogins(staff, hashing)), Clock()
    guard = Guard(db, clock)
    auth = EmbeddedAuthenticator(guard, Services.build(guard), hashing)
    admin = auth.create_first_admin(
        FirstAdminForm("admin", "Pat Okafor", PASSWORD, PASSWORD), "ADMIN-PC"
    ).actor
    auth.services.staff.create(
        admin, StaffForm("mrivera", "Maria Rivera", "caseworker"), PASSWORD, PASSWORD
    )
    return auth, db, clock


def actions(db):
    return [(e.actor, e.action) for e in db.committed["audit"].events]


def test_the_first_administrator_can_be_made_only_once(setup):
    auth, _, _ = setup
    assert not auth.needs_first_admin()
    with pytest.raises(PermissionDenied):
        auth.create_first_admin(FirstAdminForm("eve", "Eve", PASSWORD, PASSWORD), "X")


def test_signing_in_returns_the_person_and_whether_to_change_the_password(setup):
    auth, db, _ = setup
    session = auth.sign_in("  MRivera ", PASSWORD, "DESK-3")
    assert (session.actor.username, session.actor.role) == ("mrivera", Role.CASEWORKER)
    assert session.actor.workstation == "DESK-3"
    assert session.must_change_password  # an administrator chose this password
    assert actions(db)[-1] == ("mrivera", AuditAction.SIGN_IN)


def test_unknown_users_leave_no_typed_name_in_the_audit_trail(setup):
    auth, db, _ = setup
    with pytest.raises(SignInFailed):
        auth.sign_in("my-secret-password", PASSWORD, "DESK-3")
    assert actions(db)[-1] == (UNKNOWN_USER, AuditAction.SIGN_IN_FAILED)


def test_five_failures_lock_the_account_and_the_lock_grows(setup):
    auth, db, clock = setup
    for n in range(5):
        with pytest.raises(SignInFailed):
            auth.sign_in("mrivera", f"wrong {n}", "DESK-3")
    assert ("mrivera", AuditAction.ACCOUNT_LOCKED) in actions(db)
    with pytest.raises(SignInFailed):
        auth.sign_in("mrivera", PASSWORD, "DESK-3")  # locked: even the right password

    clock.now += timedelta(minutes=15, seconds=1)
    auth.sign_in("mrivera", PASSWORD, "DESK-3")  # the lock has passed


def test_a_guess_while_locked_starts_the_lock_again(setup):
    auth, _, clock = setup
    for n in range(5):
        with pytest.raises(SignInFailed):
            auth.sign_in("mrivera", f"wrong {n}", "DESK-3")
    clock.now += timedelta(minutes=10)
    with pytest.raises(SignInFailed):
        auth.sign_in("mrivera", "another guess", "DESK-3")
    clock.now += timedelta(minutes=14)  # 24 minutes after the lock began
    with pytest.raises(SignInFailed):
        auth.sign_in("mrivera", PASSWORD, "DESK-3")  # a guess too: 15 minutes more
    clock.now += timedelta(minutes=15, seconds=1)
    auth.sign_in("mrivera", PASSWORD, "DESK-3")


def test_a_guess_while_locked_never_shortens_or_doubles_the_lock():
    now = datetime(2026, 11, 23, tzinfo=UTC)
    later = now + timedelta(hours=5)
    assert after_failure_while_locked(1, now, now).locked_until == now + timedelta(minutes=15)
    assert after_failure_while_locked(2, now, now).locked_until == now + timedelta(minutes=30)
    assert after_failure_while_locked(1, later, now).locked_until == later
    assert after_failure_while_locked(3, later, now).lockouts == 3


def test_lockouts_double_up_to_a_day():
    now = datetime(2026, 11, 23, tzinfo=UTC)
    assert after_failure(3, 0, now).locked_until is None
    assert after_failure(4, 0, now).locked_until == now + timedelta(minutes=15)
    assert after_failure(4, 1, now).locked_until == now + timedelta(minutes=30)
    assert after_failure(4, 10, now).locked_until == now + timedelta(days=1)


def test_a_hash_made_with_old_parameters_is_replaced_at_sign_in(setup):
    auth, db, _ = setup
    staff = db.committed["staff"].find("mrivera")
    old = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(PASSWORD)
    db.committed["staff"].hashes[staff.id] = old
    auth.sign_in("mrivera", PASSWORD, "DESK-3")
    new = db.committed["staff"].hashes[staff.id]
    assert new != old
    assert "m=1024" in new


def test_changing_the_password_needs_the_current_one(setup):
    auth, _, _ = setup
    actor = auth.sign_in("mrivera", PASSWORD, "DESK-3").actor
    new = "copper-kettle-harbor-58"
    with pytest.raises(ValidationError) as raised:
        auth.change_password(actor, "not it at all", new, new)
    assert "current_password" in raised.value.errors
    auth.change_password(actor, PASSWORD, new, new)
    assert not auth.sign_in("mrivera", new, "DESK-3").must_change_password
    with pytest.raises(SignInFailed):
        auth.sign_in("mrivera", PASSWORD, "DESK-3")


def test_a_deactivated_account_cannot_sign_in_or_unlock(setup):
    auth, db, _ = setup
    actor = auth.sign_in("mrivera", PASSWORD, "DESK-3").actor
    admin = auth.sign_in("admin", PASSWORD, "ADMIN-PC").actor
    staff = db.committed["staff"].find("mrivera")
    auth.services.staff.set_active(admin, staff.id, staff.version, False)
    with pytest.raises(SignInFailed):
        auth.sign_in("mrivera", PASSWORD, "DESK-3")
    with pytest.raises(SessionEnded):
        auth.unlock(actor, PASSWORD)
