"""Reading office settings (everyone signed in) and changing them (administrators)."""

from __future__ import annotations

from domain.audit.events import AuditAction
from domain.common.actor import Actor
from domain.common.guard import Guard
from domain.common.policy import Permission
from domain.settings.office_settings import (
    IDLE_LOCK_MINUTES,
    REFERRAL_FOLLOW_UP_DAYS,
    AgencyForm,
    OfficeSettings,
    parse_idle_lock_minutes,
    parse_referral_follow_up_days,
    validate_agency_form,
)


class SettingsService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def read(self, actor: Actor) -> OfficeSettings:
        with self._uow_factory() as uow:
            self._guard.current(uow, actor)
            return OfficeSettings.from_stored(uow.settings.all())

    def set_idle_lock_minutes(self, actor: Actor, raw: str) -> OfficeSettings:
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.SETTINGS_MANAGE)
            minutes = parse_idle_lock_minutes(raw)
            uow.settings.put(IDLE_LOCK_MINUTES, str(minutes), by=actor.username, at=self._clock())
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.SETTINGS_CHANGED,
                    "settings",
                    None,
                    f"{IDLE_LOCK_MINUTES}={minutes}",
                )
            )
            uow.commit()
            return OfficeSettings.from_stored(uow.settings.all())

    def set_referral_follow_up_days(self, actor: Actor, raw: str) -> OfficeSettings:
        """How many days a referral waits for an answer before a follow-up task appears."""
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.SETTINGS_MANAGE)
            days = parse_referral_follow_up_days(raw)
            uow.settings.put(
                REFERRAL_FOLLOW_UP_DAYS, str(days), by=actor.username, at=self._clock()
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.SETTINGS_CHANGED,
                    "settings",
                    None,
                    f"{REFERRAL_FOLLOW_UP_DAYS}={days}",
                )
            )
            uow.commit()
            return OfficeSettings.from_stored(uow.settings.all())

    def set_agency_details(self, actor: Actor, form: AgencyForm) -> OfficeSettings:
        """The letterhead every printed form carries."""
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.SETTINGS_MANAGE)
            values = validate_agency_form(form)
            stored = uow.settings.all()
            changed = [key for key, value in values.items() if stored.get(key, "") != value]
            for key in changed:
                uow.settings.put(key, values[key], by=actor.username, at=now)
            if changed:
                uow.audit.record(
                    self._guard.event(
                        actor, AuditAction.SETTINGS_CHANGED, "settings", None, ",".join(changed)
                    )
                )
            uow.commit()
            return OfficeSettings.from_stored(uow.settings.all())
