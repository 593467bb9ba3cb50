"""Follow-up (review) assessments: recorded on a case after the intake's initial one
(or, on a case opened without an intake, its first: the initial one).

A caseworker assesses the clients of their own cases, a supervisor any client;
the front desk takes intakes but does not reassess. The GUI asks
``may_assess`` which cases to offer; the service checks the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from domain.assessments.assessment import (
    Assessment,
    AssessmentForm,
    AssessmentKind,
    validate_assessment,
)
from domain.audit.events import AuditAction
from domain.cases.case import CaseSummary
from domain.cases.lifecycle import CLOSED
from domain.common.actor import Actor
from domain.common.clock import local_date
from domain.common.errors import ValidationError
from domain.common.field_rules import format_date
from domain.common.guard import Guard
from domain.common.policy import Permission
from domain.common.saving import SaveRequest, once_more_if_lost


def may_assess(actor: Actor, case: CaseSummary) -> bool:
    """Whether ``actor`` may record a follow-up assessment on ``case``."""
    if not actor.may(Permission.CASE_WORK) or case.status is CLOSED:
        return False
    return actor.may(Permission.CLIENT_ANY) or case.assigned_staff_id == actor.staff_id


def assessable_cases(actor: Actor, cases: Iterable[CaseSummary]) -> list[CaseSummary]:
    return [case for case in cases if may_assess(actor, case)]


def first_assessment_due(assessments: Iterable[Assessment], case_id: int) -> bool:
    """No assessment covers the case yet (one on no case covers all of the client's):
    the next is its first, not a follow-up. A case opened outside intake starts so."""
    return not any(a.case_id in (None, case_id) for a in assessments)


class AssessmentService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def record(
        self,
        actor: Actor,
        case_id: int,
        form: AssessmentForm,
        request_id: str | None = None,
    ) -> Assessment:
        """An assessment of the case's client, dated on or after the case opened: a
        review, or the initial one if the case has none yet.

        ``request_id``: the form's id for this assessment, kept until it is
        confirmed; recording again with it answers with the assessment it made
        (domain/common/saving.py)."""
        now = self._clock()
        request = SaveRequest.of(request_id)
        return once_more_if_lost(
            lambda again: self._record(actor, case_id, form, request.attempt(again), now),
            repeatable=request.given,
        )

    def _record(
        self,
        actor: Actor,
        case_id: int,
        form: AssessmentForm,
        request: SaveRequest,
        now: datetime,
    ) -> Assessment:
        with self._uow_factory() as uow:
            actor, case = self._guard.reach_case(uow, actor, Permission.CASE_WORK, case_id)
            if request.maybe_made:
                made = uow.assessments.for_request(request.id)
                if made is not None:
                    if made.case_id != case_id:
                        raise ValueError("This request id made an assessment on another case.")
                    return made
            errors: dict[str, str] = {}
            if case.status is CLOSED:
                errors["case_id"] = "This case is closed; reopen it to assess the client."
            earlier = uow.assessments.for_client(case.client_id)
            kind = (
                AssessmentKind.INITIAL
                if first_assessment_due(earlier, case_id)
                else AssessmentKind.REVIEW
            )
            try:
                values = validate_assessment(form, today=local_date(now), kind=kind)
            except ValidationError as invalid:
                errors = {**errors, **invalid.errors}
            else:
                if values.assessed_on < case.opened_on:
                    errors["assessed_on"] = (
                        f"The case was opened on {format_date(case.opened_on)}: "
                        "date the assessment on or after that day."
                    )
            if errors:
                raise ValidationError(errors)
            assessment_id = uow.assessments.add(
                case.client_id,
                case_id,
                values,
                by=actor.username,
                at=now,
                request_id=request.id,
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.ASSESSMENT_RECORDED,
                    "client",
                    case.client_id,
                    f"case={case_id};kind={values.kind}",
                )
            )
            recorded = next(
                a for a in uow.assessments.for_client(case.client_id) if a.id == assessment_id
            )
            uow.commit()
        return recorded
