"""Signing in to the embedded database: argon2id hashes, throttling, audit."""

from __future__ import annotations

from collections.abc import Callable

from domain.audit.events import AuditAction, AuditEvent
from domain.common.actor import Actor
from domain.common.errors import PermissionDenied, SessionEnded, SignInFailed, ValidationError
from domain.common.guard import Guard
from domain.common.policy import Role
from domain.common.unit_of_work import UnitOfWork
from domain.live.changes import ChangeFeed
from domain.services import Services
from domain.staff.accounts import StaffForm, StaffMember, validate_staff_form
from domain.staff.password_hashing import PasswordHashing
from domain.staff.passwords import check_new_password
from domain.staff.session import FirstAdminForm, Session
from domain.staff.throttle import after_failure, after_failure_while_locked

# Typed usernames that match no account are not written to the audit trail:
# people type passwords into the username field.
UNKNOWN_USER = "(unknown)"


class EmbeddedAuthenticator:
    def __init__(
        self,
        guard: Guard,
        services: Services,
        hashing: PasswordHashing,
        changes: Callable[[], ChangeFeed] | None = None,
    ):
        self._changes = changes
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock
        self._services = services
        self._hashing = hashing

    def _event(
        self, username: str, workstation: str, action: AuditAction, staff_id=None, detail: str = ""
    ) -> AuditEvent:
        return AuditEvent(
            occurred_at=self._clock(),
            actor=username,
            workstation=workstation,
            action=action,
            entity_type="staff" if staff_id is not None else "",
            entity_id=staff_id,
            detail=detail,
        )

    @staticmethod
    def _actor(staff: StaffMember, workstation: str) -> Actor:
        return Actor(
            staff_id=staff.id,
            username=staff.username,
            display_name=staff.display_name,
            role=staff.role,
            workstation=workstation,
        )

    @property
    def services(self) -> Services:
        return self._services

    def needs_first_admin(self) -> bool:
        with self._uow_factory() as uow:
            return uow.staff.count() == 0

    def create_first_admin(self, form: FirstAdminForm, workstation: str) -> Session:
        now = self._clock()
        with self._uow_factory() as uow:
            if uow.staff.count() != 0:
                raise PermissionDenied("An administrator already exists; sign in instead.")
            errors: dict[str, str] = {}
            fields = None
            try:
                fields = validate_staff_form(
                    StaffForm(form.username, form.display_name, Role.ADMIN.value)
                )
            except ValidationError as error:
                errors.update(error.errors)
            try:
                check_new_password(
                    form.password,
                    form.confirmation,
                    username=form.username.strip(),
                    display_name=form.display_name,
                )
            except ValidationError as error:
                errors.update(error.errors)
            if errors:
                raise ValidationError(errors)
            assert fields is not None
            staff = uow.staff.add(
                fields,
                password_hash=None,
                must_change_password=False,
                by=fields.username,
                at=now,
            )
            uow.logins.create(staff, form.password)
            uow.staff.record_sign_in(staff.id, now)
            uow.audit.record(
                self._event(
                    staff.username,
                    workstation,
                    AuditAction.STAFF_CREATED,
                    staff.id,
                    "role=admin;first administrator",
                )
            )
            uow.audit.record(
                self._event(staff.username, workstation, AuditAction.SIGN_IN, staff.id)
            )
            uow.commit()
        return Session(self._actor(staff, workstation), self._services, False, self._feed())

    def _check_password(
        self, uow: UnitOfWork, staff: StaffMember | None, password: str, workstation: str
    ) -> StaffMember:
        """The one path every password check takes; commits failures, raises SignInFailed."""
        now = self._clock()
        if staff is None or not staff.active or staff.is_locked(now):
            # Spend the same time as a real check, so timing tells nothing.
            self._hashing.verify(self._hashing.decoy_hash, password)
            reason = "unknown" if staff is None else ("inactive" if not staff.active else "locked")
            if reason == "locked":
                assert staff is not None and staff.locked_until is not None
                outcome = after_failure_while_locked(staff.lockouts, staff.locked_until, now)
                uow.staff.record_failure(staff.id, outcome)
            uow.audit.record(
                self._event(
                    staff.username if staff else UNKNOWN_USER,
                    workstation,
                    AuditAction.SIGN_IN_FAILED,
                    staff.id if staff else None,
                    reason,
                )
            )
            uow.commit()
            raise SignInFailed()
        stored = uow.staff.password_hash(staff.id)
        if stored is None or not self._hashing.verify(stored, password):
            outcome = after_failure(staff.failed_logins, staff.lockouts, now)
            uow.staff.record_failure(staff.id, outcome)
            uow.audit.record(
                self._event(
                    staff.username,
                    workstation,
                    AuditAction.SIGN_IN_FAILED,
                    staff.id,
                    "wrong password",
                )
            )
            if outcome.locked:
                uow.audit.record(
                    self._event(
                        staff.username,
                        workstation,
                        AuditAction.ACCOUNT_LOCKED,
                        staff.id,
                        f"until {outcome.locked_until:%Y-%m-%d %H:%M} UTC",
                    )
                )
            uow.commit()
            raise SignInFailed()
        if self._hashing.needs_rehash(stored):
            uow.staff.set_password_hash(staff.id, self._hashing.hash(password))
        uow.staff.record_sign_in(staff.id, now)
        return staff

    def sign_in(self, username: str, password: str, workstation: str) -> Session:
        with self._uow_factory() as uow:
            staff = uow.staff.find(username.strip().lower())
            staff = self._check_password(uow, staff, password, workstation)
            uow.audit.record(
                self._event(staff.username, workstation, AuditAction.SIGN_IN, staff.id)
            )
            uow.commit()
        return Session(
            self._actor(staff, workstation),
            self._services,
            staff.must_change_password,
            self._feed(),
        )

    def _feed(self) -> ChangeFeed | None:
        return self._changes() if self._changes else None

    def unlock(self, actor: Actor, password: str) -> None:
        with self._uow_factory() as uow:
            staff = uow.staff.get(actor.staff_id)
            if staff is None or not staff.active:
                raise SessionEnded()
            self._check_password(uow, staff, password, actor.workstation)
            uow.audit.record(
                self._event(
                    actor.username, actor.workstation, AuditAction.SESSION_UNLOCKED, actor.staff_id
                )
            )
            uow.commit()

    def change_password(self, actor: Actor, current: str, new: str, confirmation: str) -> None:
        with self._uow_factory() as uow:
            staff = uow.staff.get(actor.staff_id)
            if staff is None or not staff.active:
                raise SessionEnded()
            check_new_password(
                new, confirmation, username=staff.username, display_name=staff.display_name
            )
            if new == current:
                raise ValidationError({"new_password": "Choose a password you have not used here."})
            try:
                self._check_password(uow, staff, current, actor.workstation)
            except SignInFailed:
                raise ValidationError(
                    {"current_password": "This is not your current password."}
                ) from None
            uow.logins.set_password(staff, new)
            uow.staff.set_must_change_password(staff.id, False)
            uow.audit.record(
                self._event(
                    actor.username, actor.workstation, AuditAction.PASSWORD_CHANGED, actor.staff_id
                )
            )
            uow.commit()

    def lock(self, actor: Actor) -> None:
        self._record(actor, AuditAction.SESSION_LOCKED)

    def sign_out(self, actor: Actor) -> None:
        self._record(actor, AuditAction.SIGN_OUT)

    def _record(self, actor: Actor, action: AuditAction) -> None:
        with self._uow_factory() as uow:
            uow.audit.record(self._event(actor.username, actor.workstation, action, actor.staff_id))
            uow.commit()
