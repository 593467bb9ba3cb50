"""Referrals from a case, their status loop, the overview that keeps none waiting
unseen, and the referral letter.

A caseworker refers from the cases assigned to them, a supervisor from any. A
referral that shares the client's information with the resource's organisation
passes the consent gate inside the same transaction: no release in effect, no
referral (unless a supervisor overrides with a reason). A self-referral shares
nothing and does not ask the gate.
"""

from __future__ import annotations

from datetime import datetime

from domain.assessments.assessment import SCORE_LABELS
from domain.audit.events import AuditAction
from domain.cases.lifecycle import CLOSED
from domain.common.actor import Actor
from domain.common.clock import local_date
from domain.common.errors import NotFound, ValidationError
from domain.common.field_rules import format_date
from domain.common.guard import Guard
from domain.common.policy import Permission, allows
from domain.common.saving import SaveRequest, once_more_if_lost
from domain.common.unit_of_work import UnitOfWork
from domain.consents.consent import InformationKind
from domain.consents.gate import ReleaseCheck, check_release
from domain.consents.service import ConsentService
from domain.referrals.referral import (
    Referral,
    ReferralForm,
    ReferralLetter,
    StatusChange,
    StatusForm,
    validate_referral,
    validate_status_change,
)
from domain.settings.office_settings import OfficeSettings

# What a referral hands over when the release names the recipient.
WHAT = "referral"
WHAT_LETTER = "referral_letter"


class ReferralService:
    def __init__(self, guard: Guard, consents: ConsentService):
        self._guard = guard
        self._consents = consents
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def gate(self, actor: Actor, client_id: int, resource_id: int) -> ReleaseCheck:
        """The consent gate's verdict today for sharing with the resource's organisation
        (for the dialog to show while the person chooses)."""
        with self._uow_factory() as uow:
            self._guard.reach_client(uow, actor, Permission.CASE_WORK, client_id)
            resource = uow.resources.get(resource_id)
            if resource is None:
                raise NotFound("That resource does not exist.")
            today = local_date(self._clock())
            return check_release(uow.consents.for_client(client_id), resource.organisation, today)

    def create(
        self,
        actor: Actor,
        case_id: int,
        form: ReferralForm,
        override_reason: str = "",
        request_id: str | None = None,
    ) -> Referral:
        """``request_id``: the form's id for this referral, kept until it is confirmed;
        creating again with it answers with the referral it made
        (domain/common/saving.py)."""
        now = self._clock()
        request = SaveRequest.of(request_id)
        return once_more_if_lost(
            lambda again: self._create(
                actor,
                case_id,
                form,
                override_reason,
                request.attempt(again),
                now,
            ),
            repeatable=request.given,
        )

    def _create(
        self,
        actor: Actor,
        case_id: int,
        form: ReferralForm,
        override_reason: str,
        request: SaveRequest,
        now: datetime,
    ) -> Referral:
        today = local_date(now)
        with self._uow_factory() as uow:
            actor, case = self._guard.reach_case(uow, actor, Permission.CASE_WORK, case_id)
            if request.maybe_made:
                made = uow.referrals.for_request(request.id)
                if made is not None:
                    if made.case_id != case_id:
                        raise ValueError("This request id made a referral on another case.")
                    return made
            if case.status is CLOSED:
                raise ValidationError({"case_id": "This case is closed; reopen it to refer."})
            values = validate_referral(form, today=today)
            if values.goal_id is not None and values.goal_id not in {
                goal.id
                for version in uow.plans.versions(case_id)
                for goal in uow.plans.get(version.id).goals
            }:
                raise ValidationError({"goal_id": "Choose a goal of this case's service plan."})
            resource = uow.resources.get(values.resource_id)
            if resource is None or not resource.active:
                raise ValidationError(
                    {"resource_id": "That resource is no longer in the directory."}
                )
            consent_id, overridden = None, False
            if not values.self_referral:
                check = self._consents.release_in(
                    uow, actor, case.client_id, resource.organisation, WHAT, override_reason
                )
                consent_id = check.consent.id if check.allowed else None
                overridden = not check.allowed
            referral_id = uow.referrals.add(
                case_id,
                case.client_id,
                values,
                consent_id=consent_id,
                overridden=overridden,
                referred_by=actor.staff_id,
                by=actor.username,
                at=now,
                request_id=request.id,
            )
            how = "self" if values.self_referral else ("override" if overridden else "release")
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.REFERRAL_MADE,
                    "client",
                    case.client_id,
                    f"referral={referral_id};resource={resource.id};shared={how}",
                )
            )
            referral = uow.referrals.get(referral_id)
            uow.commit()
        return referral

    def change_status(
        self, actor: Actor, referral_id: int, expected_version: int, form: StatusForm
    ) -> Referral:
        now = self._clock()
        with self._uow_factory() as uow:
            actor, referral = self._reach(uow, actor, referral_id)
            change = validate_status_change(referral, form, today=local_date(now))
            changed = uow.referrals.set_status(
                referral_id, expected_version, change, by=actor.username, at=now
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.REFERRAL_STATUS_CHANGED,
                    "client",
                    referral.client_id,
                    f"referral={referral_id};status={change.status}",
                )
            )
            uow.commit()
        return changed

    def for_client(self, actor: Actor, client_id: int) -> list[Referral]:
        """The client's referrals, newest first (an audited view of the record's tab)."""
        with self._uow_factory() as uow:
            actor, _client = self._guard.reach_client(uow, actor, Permission.CASE_WORK, client_id)
            found = uow.referrals.for_client(client_id)
            if not allows(actor.role, Permission.CLIENT_ANY):
                mine = {
                    c.id
                    for c in uow.cases.for_client(client_id)
                    if c.assigned_staff_id == actor.staff_id
                }
                found = [r for r in found if r.case_id in mine]
            return found

    def history(self, actor: Actor, referral_id: int) -> list[StatusChange]:
        with self._uow_factory() as uow:
            self._reach(uow, actor, referral_id)
            return uow.referrals.history(referral_id)

    def overview(self, actor: Actor) -> list[Referral]:
        """Open referrals, oldest first: a caseworker's own cases; a supervisor's, all."""
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.CASE_WORK, entity_type="referral")
            whose = None if allows(actor.role, Permission.CLIENT_ANY) else actor.staff_id
            return uow.referrals.open_referrals(whose)

    def letter(self, actor: Actor, referral_id: int, override_reason: str = "") -> ReferralLetter:
        """What the referral letter prints: the client's details the release in effect
        allows, passed through the consent gate again (a release may have lapsed)."""
        with self._uow_factory() as uow:
            actor, referral = self._reach(uow, actor, referral_id, Permission.FORM_PRINT)
            if referral.self_referral:
                raise ValidationError(
                    {"letter": "A self-referral shares nothing with the resource: no letter."}
                )
            client = uow.clients.get(referral.client_id)
            resource = uow.resources.get(referral.resource_id)
            check = self._consents.release_in(
                uow, actor, referral.client_id, resource.organisation, WHAT_LETTER, override_reason
            )
            # Under an override, the least that makes a referral: who the client is.
            kinds = check.consent.information_kinds if check.allowed else (InformationKind.CONTACT,)
            contact = None
            if InformationKind.CONTACT in kinds:
                lines = [client.address_line1, client.address_line2]
                place = " ".join(p for p in (client.city, client.state, client.postal_code) if p)
                lines += [place, client.phone, client.email]
                contact = tuple(line for line in lines if line)
            demographics = InformationKind.DEMOGRAPHICS in kinds
            need_summary = None
            if InformationKind.ASSESSMENT in kinds:
                latest = next(iter(uow.assessments.for_client(referral.client_id)), None)
                if latest is not None and referral.need is not None:
                    score = latest.score_of(referral.need)
                    if score is not None:
                        need_summary = (
                            f"{referral.need.label}: scored {score} of 5 "
                            f"({SCORE_LABELS[score].lower()}) on {format_date(latest.assessed_on)}"
                        )
            referrer = uow.staff.get(referral.referred_by_id) if referral.referred_by_id else None
            agency = OfficeSettings.from_stored(uow.settings.all()).agency
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.FORM_PREPARED,
                    "client",
                    referral.client_id,
                    f"form={WHAT_LETTER};referral={referral_id}",
                )
            )
            uow.commit()
        return ReferralLetter(
            referral=referral,
            resource=resource,
            client_name=client.display_name,
            client_number=client.number,
            contact_lines=contact,
            date_of_birth=client.date_of_birth if demographics else None,
            language=(client.language or None) if demographics else None,
            need_summary=need_summary,
            information=tuple(kinds),
            caseworker_name=referrer.display_name if referrer else actor.display_name,
            caseworker_phone=agency.phone,
            agency=agency,
            overridden=not check.allowed,
        )

    def _reach(
        self,
        uow: UnitOfWork,
        actor: Actor,
        referral_id: int,
        permission: Permission = Permission.CASE_WORK,
    ) -> tuple[Actor, Referral]:
        """A referral is reached through its case (a caseworker cannot tell another's
        from a missing one)."""
        referral = uow.referrals.get(referral_id)
        actor = self._guard.require(
            uow, actor, permission, entity_type="referral", entity_id=referral_id
        )
        if not allows(actor.role, Permission.CASE_WORK):
            self._guard.refuse(actor, Permission.CASE_WORK, "referral", referral_id)
        anywhere = allows(actor.role, Permission.CLIENT_ANY)
        if not anywhere and (referral is None or referral.caseworker_id != actor.staff_id):
            self._guard.refuse(actor, Permission.CLIENT_ANY, "referral", referral_id)
        if referral is None:
            raise NotFound("That referral does not exist.")
        return actor, referral
