"""Reading office settings (everyone signed in) and changing them (administrators).

Each save carries the version(s) the administrator saw, so that of two people
changing a setting at once the second is told, not silently undone.
``expected_version`` None saves regardless: for scripts, never for a person's edit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from domain.audit.events import AuditAction
from domain.common.actor import Actor
from domain.common.guard import Guard
from domain.common.policy import Permission
from domain.common.unit_of_work import UnitOfWork
from domain.settings.office_settings import (
    IDLE_LOCK_MINUTES,
    REFERRAL_FOLLOW_UP_DAYS,
    AgencyForm,
    OfficeSettings,
    parse_idle_lock_minutes,
    parse_referral_follow_up_days,
    validate_agency_form,
)


def _current(uow: UnitOfWork) -> OfficeSettings:
    return OfficeSettings.from_stored(uow.settings.all(), uow.settings.versions())


class SettingsService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def read(self, actor: Actor) -> OfficeSettings:
        with self._uow_factory() as uow:
            self._guard.current(uow, actor)
            return _current(uow)

    def set_idle_lock_minutes(
        self, actor: Actor, raw: str, expected_version: int | None = None
    ) -> OfficeSettings:
        return self._set_number(
            actor, IDLE_LOCK_MINUTES, parse_idle_lock_minutes, raw, expected_version
        )

    def set_referral_follow_up_days(
        self, actor: Actor, raw: str, expected_version: int | None = None
    ) -> OfficeSettings:
        """How many days a referral waits for an answer before a follow-up task appears."""
        return self._set_number(
            actor, REFERRAL_FOLLOW_UP_DAYS, parse_referral_follow_up_days, raw, expected_version
        )

    def _set_number(
        self,
        actor: Actor,
        key: str,
        parse: Callable[[str], int],
        raw: str,
        expected_version: int | None,
    ) -> OfficeSettings:
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.SETTINGS_MANAGE)
            number = parse(raw)
            uow.settings.put(
                key,
                str(number),
                expected_version=expected_version,
                by=actor.username,
                at=self._clock(),
            )
            uow.audit.record(
                self._guard.event(
                    actor, AuditAction.SETTINGS_CHANGED, "settings", None, f"{key}={number}"
                )
            )
            uow.commit()
            return _current(uow)

    def set_agency_details(
        self,
        actor: Actor,
        form: AgencyForm,
        expected_versions: Mapping[str, int] | None = None,
    ) -> OfficeSettings:
        """The letterhead every printed form carries, saved whole or not at all.

        ``expected_versions``: by key, as ``OfficeSettings.agency_versions`` gave them.
        """
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.SETTINGS_MANAGE)
            values = validate_agency_form(form)
            stored = uow.settings.all()
            changed = [key for key, value in values.items() if stored.get(key, "") != value]
            # A key whose line already reads as stored cannot undo anyone's change; each
            # changed one is written over the version seen. A conflict on any of them
            # leaves the block uncommitted: the letterhead is saved whole or not at all.
            for key in changed:
                seen = None if expected_versions is None else expected_versions.get(key, 0)
                uow.settings.put(key, values[key], expected_version=seen, by=actor.username, at=now)
            if changed:
                uow.audit.record(
                    self._guard.event(
                        actor, AuditAction.SETTINGS_CHANGED, "settings", None, ",".join(changed)
                    )
                )
            uow.commit()
            return _current(uow)
