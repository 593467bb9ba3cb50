"""Administrators' use cases for staff accounts."""

from __future__ import annotations

from domain.audit.events import AuditAction
from domain.common.actor import Actor
from domain.common.errors import NotFound, ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission, Role
from domain.common.unit_of_work import UnitOfWork
from domain.staff.accounts import StaffForm, StaffMember, clean_username, validate_staff_form
from domain.staff.passwords import check_new_password


class StaffService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def _admin(self, uow: UnitOfWork, actor: Actor, staff_id: int | None = None) -> Actor:
        return self._guard.require(
            uow, actor, Permission.STAFF_MANAGE, entity_type="staff", entity_id=staff_id
        )

    @staticmethod
    def _existing(uow: UnitOfWork, staff_id: int) -> StaffMember:
        staff = uow.staff.get(staff_id)
        if staff is None:
            raise NotFound("That staff account does not exist.")
        return staff

    def changed_elsewhere(self) -> None:
        """A live update says staff accounts changed at another desk: read them again."""
        self._guard.forget_staff()

    def list_staff(self, actor: Actor) -> list[StaffMember]:
        with self._uow_factory() as uow:
            self._admin(uow, actor)
            return uow.staff.list_all()

    def create(
        self, actor: Actor, form: StaffForm, password: str, confirmation: str
    ) -> StaffMember:
        """A new account with a temporary password, to be changed at first sign-in."""
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._admin(uow, actor)
            errors: dict[str, str] = {}
            try:
                fields = validate_staff_form(form)
            except ValidationError as error:
                errors.update(error.errors)
                fields = None
            try:
                check_new_password(
                    password,
                    confirmation,
                    username=form.username.strip(),
                    display_name=form.display_name,
                )
            except ValidationError as error:
                errors.update(error.errors)
            # A taken username is reported with the other problems, not after them.
            if "username" not in errors and uow.staff.find(clean_username(form.username)):
                errors["username"] = "This username is taken."
            if errors:
                raise ValidationError(errors)
            assert fields is not None
            staff = uow.staff.add(
                fields, password_hash=None, must_change_password=True, by=actor.username, at=now
            )
            uow.logins.create(staff, password)
            uow.audit.record(
                self._guard.event(
                    actor, AuditAction.STAFF_CREATED, "staff", staff.id, f"role={staff.role}"
                )
            )
            uow.commit()
            self._guard.forget_staff()  # a role or deactivation counts at once
        return staff

    def change(
        self, actor: Actor, staff_id: int, expected_version: int, display_name: str, role: str
    ) -> StaffMember:
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._admin(uow, actor, staff_id)
            current = self._existing(uow, staff_id)
            fields = validate_staff_form(
                StaffForm(username=current.username, display_name=display_name, role=role)
            )
            if fields.role != current.role:
                self._keep_an_admin(uow, current, "change the role of")
            changed = [
                name
                for name, old, new in (
                    ("display_name", current.display_name, fields.display_name),
                    ("role", current.role, fields.role),
                )
                if old != new
            ]
            if not changed and current.version == expected_version:
                return current  # nothing to save, and nothing to audit
            staff = uow.staff.update(
                staff_id,
                expected_version,
                by=actor.username,
                at=now,
                display_name=fields.display_name,
                role=fields.role,
            )
            if fields.role != current.role:
                uow.logins.set_role(staff, fields.role)
            detail = ",".join(changed)
            if "role" in changed:
                detail += f";role={fields.role}"
            uow.audit.record(
                self._guard.event(actor, AuditAction.STAFF_CHANGED, "staff", staff_id, detail)
            )
            uow.commit()
            self._guard.forget_staff()  # a role or deactivation counts at once
        return staff

    def set_active(
        self, actor: Actor, staff_id: int, expected_version: int, active: bool
    ) -> StaffMember:
        """Deactivating ends the person's sessions at their next action."""
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._admin(uow, actor, staff_id)
            current = self._existing(uow, staff_id)
            if not active:
                if current.id == actor.staff_id:
                    raise ValidationError({"active": "You cannot deactivate your own account."})
                self._keep_an_admin(uow, current, "deactivate")
            staff = uow.staff.update(
                staff_id, expected_version, by=actor.username, at=now, active=active
            )
            uow.logins.set_active(staff, active)
            action = AuditAction.STAFF_REACTIVATED if active else AuditAction.STAFF_DEACTIVATED
            uow.audit.record(self._guard.event(actor, action, "staff", staff_id))
            uow.commit()
            self._guard.forget_staff()  # a role or deactivation counts at once
        return staff

    def reset_password(
        self, actor: Actor, staff_id: int, password: str, confirmation: str
    ) -> StaffMember:
        """A temporary password the person must change at next sign-in; also unlocks."""
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._admin(uow, actor, staff_id)
            current = self._existing(uow, staff_id)
            check_new_password(
                password,
                confirmation,
                username=current.username,
                display_name=current.display_name,
            )
            uow.logins.set_password(current, password)
            uow.staff.set_must_change_password(staff_id, True)
            staff = uow.staff.update(
                staff_id, current.version, by=actor.username, at=now, unlock=True
            )
            uow.audit.record(
                self._guard.event(actor, AuditAction.STAFF_PASSWORD_RESET, "staff", staff_id)
            )
            uow.commit()
            self._guard.forget_staff()  # a role or deactivation counts at once
        return staff

    def unlock(self, actor: Actor, staff_id: int, expected_version: int) -> StaffMember:
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._admin(uow, actor, staff_id)
            self._existing(uow, staff_id)
            staff = uow.staff.update(
                staff_id, expected_version, by=actor.username, at=now, unlock=True
            )
            uow.audit.record(
                self._guard.event(actor, AuditAction.STAFF_UNLOCKED, "staff", staff_id)
            )
            uow.commit()
            self._guard.forget_staff()  # a role or deactivation counts at once
        return staff

    @staticmethod
    def _keep_an_admin(uow: UnitOfWork, staff: StaffMember, doing: str) -> None:
        if staff.role is not Role.ADMIN or not staff.active:
            return
        admins = [s for s in uow.staff.list_all() if s.role is Role.ADMIN and s.active]
        if len(admins) <= 1:
            raise ValidationError({"role": f"You cannot {doing} the last active administrator."})
