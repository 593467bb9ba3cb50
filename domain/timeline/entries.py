"""A client's timeline: what happened in their cases, in one list, newest first.

Each kind of record becomes entries through a pure function here; the service
(domain/timeline/service.py) decides which records a person may see and hands
them over. ``when`` is the office's wall-clock time (naive) when the hour is
known, or a date when only the day is (an agreement, a review, an assessment).

"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain.assessments.assessment import SCORE_LABELS, Assessment
from domain.cases.case import AssignmentEntry, CaseStatusChange, CaseSummary, case_number
from domain.cases.lifecycle import CLOSED, INTAKE, ON_HOLD, OPEN
from domain.common.field_rules import format_date
from domain.consents.consent import Consent, ConsentKind
from domain.notes.note import Addendum, ContactType, Note
from domain.plans.plan import ServicePlan
from domain.plans.reviews import PlanReview
from domain.referrals.referral import Referral, ReferralStatus, StatusChange


class EntryKind(StrEnum):
    CASE = "case"  # opened, put on hold, resumed, closed, reopened
    ASSIGNMENT = "assignment"
    ASSESSMENT = "assessment"
    CONSENT = "consent"
    PLAN = "plan"
    REVIEW = "review"
    NOTE = "note"
    REFERRAL = "referral"

    @property
    def label(self) -> str:
        return {
            EntryKind.CASE: "Case",
            EntryKind.ASSIGNMENT: "Assignment",
            EntryKind.ASSESSMENT: "Assessment",
            EntryKind.CONSENT: "Consent",
            EntryKind.PLAN: "Plan",
            EntryKind.REVIEW: "Review",
            EntryKind.NOTE: "Note",
            EntryKind.REFERRAL: "Referral",
        }[self]


# Within one day, entries with no hour follow the order work usually takes.
_SAME_DAY_ORDER = {
    EntryKind.CASE: 0,
    EntryKind.CONSENT: 1,
    EntryKind.ASSESSMENT: 2,
    EntryKind.ASSIGNMENT: 3,
    EntryKind.PLAN: 4,
    EntryKind.REVIEW: 5,
    EntryKind.NOTE: 6,
    EntryKind.REFERRAL: 7,
}


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime | date
    kind: EntryKind
    case_id: int | None  # None: about the client, not one case
    title: str
    detail: str
    who: str  # username of the person who did or recorded it ("" when not known)
    key: str  # stable and unique ("note:12"), to keep a selection across refreshes
    # When it was entered, to place an entry known only by its day among that day's.
    recorded_at: datetime | None = None

    @property
    def case_number(self) -> str:
        return case_number(self.case_id) if self.case_id is not None else ""

    @property
    def day(self) -> date:
        return self.when.date() if isinstance(self.when, datetime) else self.when

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime)


def wall_clock(moment: datetime) -> datetime:
    """A stored (UTC) moment as the office's wall-clock time."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def _sort_key(entry: TimelineEntry) -> tuple:
    if isinstance(entry.when, datetime):
        minute = entry.when.hour * 60 + entry.when.minute
        second = entry.when.second
    elif entry.recorded_at is not None and wall_clock(entry.recorded_at).date() == entry.when:
        # Dated today and recorded today: it happened by the time it was recorded.
        recorded = wall_clock(entry.recorded_at)
        minute, second = recorded.hour * 60 + recorded.minute, recorded.second
    else:
        minute, second = -1, 0
    return (entry.day, minute, second, _SAME_DAY_ORDER[entry.kind], entry.key)


def newest_first(entries: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    return sorted(entries, key=_sort_key, reverse=True)


def filter_entries(
    entries: Iterable[TimelineEntry],
    *,
    kinds: Iterable[EntryKind] | None = None,
    case_id: int | None = None,
    text: str = "",
) -> list[TimelineEntry]:
    """Entries of these kinds (None: all), of this case (None: any; a client-wide
    entry shows with every case), holding every word of ``text`` (any case) in
    their title, detail, author or case number."""
    wanted = None if kinds is None else set(kinds)
    words = text.casefold().split()
    found = []
    for entry in entries:
        if wanted is not None and entry.kind not in wanted:
            continue
        if case_id is not None and entry.case_id not in (case_id, None):
            continue
        if words:
            haystack = " ".join(
                (entry.title, entry.detail, entry.who, entry.case_number)
            ).casefold()
            if not all(word in haystack for word in words):
                continue
        found.append(entry)
    return found


# --- records into entries -------------------------------------------------------


def _lines(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def case_entries(
    case: CaseSummary, changes: Iterable[CaseStatusChange] = ()
) -> list[TimelineEntry]:
    """The case opened, then each hold, resumption, closing and reopening."""
    program = case.program_name or "no program"
    entries = [
        TimelineEntry(
            when=case.opened_on,
            kind=EntryKind.CASE,
            case_id=case.id,
            title=f"Case {case.number} opened ({program})",
            detail=_lines(f"Program: {program}", f"Now: {case.status.label.lower()}"),
            who="",
            key=f"case:{case.id}",
        )
    ]
    for change in changes:
        after, before = change.status_after, change.status_before
        if after is CLOSED:
            reason = change.close_reason.label if change.close_reason else ""
            title = f"Case closed{': ' + reason if reason else ''}"
            detail = _lines(
                change.close_outcome.label if change.close_outcome else "",
                change.note,
            )
        elif before is CLOSED:
            title = "Case reopened" + (", waiting for assignment" if after is INTAKE else "")
            detail = ""
        elif after is ON_HOLD:
            title, detail = "Case put on hold", ""
        elif after is OPEN and before is ON_HOLD:
            title, detail = "Case resumed", ""
        else:
            title, detail = f"Case {after.label.lower()}", ""
        entries.append(
            TimelineEntry(
                when=wall_clock(change.changed_at),
                kind=EntryKind.CASE,
                case_id=change.case_id,
                title=title,
                detail=detail,
                who=change.changed_by,
                key=f"status:{change.id}",
            )
        )
    return entries


def assignment_entries(history: Iterable[AssignmentEntry]) -> list[TimelineEntry]:
    entries = []
    for line in history:
        to = line.staff_name or "another caseworker"
        if line.staff_id is None:
            title = "Returned to the unassigned queue"
        elif line.previous_staff_id is None:
            title = f"Assigned to {to}"
        else:
            title = f"Reassigned from {line.previous_name or 'another caseworker'} to {to}"
        entries.append(
            TimelineEntry(
                when=wall_clock(line.assigned_at),
                kind=EntryKind.ASSIGNMENT,
                case_id=line.case_id,
                title=title,
                detail=line.note,
                who=line.assigned_by,
                key=f"assignment:{line.id}",
            )
        )
    return entries


def assessment_entries(assessments: Iterable[Assessment]) -> list[TimelineEntry]:
    entries = []
    for found in assessments:
        scores = ", ".join(f"{domain.label} {score}" for domain, score, _note in found.scores)
        crisis = ", ".join(domain.label for domain in found.in_crisis)
        entries.append(
            TimelineEntry(
                when=found.assessed_on,
                kind=EntryKind.ASSESSMENT,
                case_id=found.case_id,
                title=f"{found.kind.value.capitalize()} assessment "
                f"({len(found.scores)} domain{'s' if len(found.scores) != 1 else ''} scored)",
                detail=_lines(
                    f"Scores: {scores}" if scores else "",
                    f"{SCORE_LABELS[1]}: {crisis}" if crisis else "",
                    f"Strengths: {found.strengths}" if found.strengths else "",
                    f"Needs: {found.needs}" if found.needs else "",
                ),
                who=found.recorded_by,
                key=f"assessment:{found.id}",
                recorded_at=found.recorded_at,
            )
        )
    return entries


def referral_entries(referral: Referral, steps: Iterable[StatusChange]) -> list[TimelineEntry]:
    """The referral as sent, then each later step of its loop."""
    steps = list(steps)
    sender = next((s.by for s in steps if s.status is ReferralStatus.SENT), "")
    shared = (
        "client self-referral: nothing shared"
        if referral.self_referral
        else (
            "shared on a supervisor's override" if referral.overridden else "shared under a release"
        )
    )
    entries = [
        TimelineEntry(
            when=referral.sent_on,
            kind=EntryKind.REFERRAL,
            case_id=referral.case_id,
            title=f"Referred to {referral.resource_name}",
            detail=_lines(
                referral.reason,
                f"Need: {referral.need.label}" if referral.need else "",
                f"By {referral.method.label.lower()}; {shared}",
            ),
            who=sender or referral.referred_by_name,
            key=f"referral:{referral.id}",
        )
    ]
    for number, step in enumerate(steps):
        if step.status is ReferralStatus.SENT:
            continue  # the referral itself, above
        entries.append(
            TimelineEntry(
                when=step.on,
                kind=EntryKind.REFERRAL,
                case_id=referral.case_id,
                title=f"Referral to {referral.resource_name}: {step.status.label.lower()}",
                detail=step.note,
                who=step.by,
                key=f"referral:{referral.id}:{number}",
                recorded_at=step.at,
            )
        )
    return entries


def consent_entries(consents: Iterable[Consent]) -> list[TimelineEntry]:
    """Each consent recorded, and each revocation."""
    entries = []
    for consent in consents:
        what = consent.kind.label
        if consent.kind is ConsentKind.RELEASE and consent.recipient:
            what += f" to {consent.recipient}"
        until = (
            format_date(consent.expires_on)
            if consent.expires_on
            else (consent.expiry_event or "revoked")
        )
        kinds = ", ".join(kind.label for kind in consent.information_kinds)
        entries.append(
            TimelineEntry(
                when=consent.signed_on,
                kind=EntryKind.CONSENT,
                case_id=consent.case_id,
                title=f"{what} recorded",
                detail=_lines(
                    consent.method.label,
                    f"In effect {format_date(consent.effective_on)} until {until}",
                    f"Purpose: {consent.purpose}" if consent.purpose else "",
                    f"Information: {kinds}" if kinds else "",
                ),
                who=consent.recorded_by,
                key=f"consent:{consent.id}",
                recorded_at=consent.recorded_at,
            )
        )
        if consent.revoked_on is not None:
            entries.append(
                TimelineEntry(
                    when=consent.revoked_on,
                    kind=EntryKind.CONSENT,
                    case_id=consent.case_id,
                    title=f"{what} revoked",
                    detail=consent.revocation_note,
                    who=consent.revoked_by or "",
                    key=f"consent-revoked:{consent.id}",
                )
            )
    return entries


def _goal_lines(plan: ServicePlan) -> str:
    return "\n".join(
        f"• {goal.description} ({goal.domain.label}, by {format_date(goal.target_on)})"
        for goal in plan.goals
    )


def plan_entries(plans: Iterable[ServicePlan]) -> list[TimelineEntry]:
    """Each version drafted, and agreed with the client."""
    entries = []
    for plan in plans:
        goals = f"{len(plan.goals)} goal{'s' if len(plan.goals) != 1 else ''}"
        entries.append(
            TimelineEntry(
                when=plan.drafted_on,
                kind=EntryKind.PLAN,
                case_id=plan.case_id,
                title=f"Service plan version {plan.number} started ({goals})"
                if plan.number > 1
                else f"Service plan written ({goals})",
                detail=_goal_lines(plan),
                who=plan.drafted_by,
                key=f"plan:{plan.id}",
            )
        )
        if plan.agreed_on is not None:
            how = plan.agreed_how.label.lower() if plan.agreed_how else "agreed"
            entries.append(
                TimelineEntry(
                    when=plan.agreed_on,
                    kind=EntryKind.PLAN,
                    case_id=plan.case_id,
                    title=f"Service plan version {plan.number} agreed ({how})",
                    detail=_goal_lines(plan),
                    who=plan.agreement_recorded_by,
                    key=f"plan-agreed:{plan.id}",
                    recorded_at=plan.updated_at,
                )
            )
    return entries


def review_entries(case_id: int, reviews: Iterable[PlanReview]) -> list[TimelineEntry]:
    entries = []
    for review in reviews:
        lines = []
        for goal in review.goals:
            status = (
                f"{goal.status_before.label} → {goal.status_after.label}"
                if goal.status_changed
                else goal.status_after.label
            )
            lines.append(f"• {goal.description} ({status})")
            if goal.progress:
                lines.append(f"  {goal.progress}")
        lines.append(f"Next review due {format_date(review.next_review_on)}")
        changed = sum(goal.status_changed for goal in review.goals)
        entries.append(
            TimelineEntry(
                when=review.reviewed_on,
                kind=EntryKind.REVIEW,
                case_id=case_id,
                title=f"Plan version {review.plan_number} reviewed"
                + (
                    f" ({changed} goal status{'es' if changed != 1 else ''} changed)"
                    if changed
                    else ""
                ),
                detail="\n".join(lines),
                who=review.reviewed_by,
                key=f"review:{review.id}",
                recorded_at=review.recorded_at,
            )
        )
    return entries


def note_entries(notes: Iterable[Note]) -> list[TimelineEntry]:
    """Signed notes at their contact's date and time, and each addendum when it
    was written. Drafts stay in the Notes tab until they are signed."""
    entries = []
    for note in notes:
        if not note.is_signed or note.values.contact_on is None:
            continue
        entries += signed_note_entries([note])
        entries += [
            addendum_entry(a, note.case_id, note.values.contact_type, note.values.contact_on)
            for a in note.addenda
        ]
    return entries


def signed_note_entries(notes: Iterable[Note]) -> list[TimelineEntry]:
    """The notes themselves (their addenda quoted in the detail), without the
    addenda's own entries: the timeline pages those apart, by when they were written."""
    entries = []
    for note in notes:
        if not note.is_signed or note.values.contact_on is None:
            continue
        v = note.values
        when: datetime | date = (
            datetime.combine(v.contact_on, v.contact_at) if v.contact_at else v.contact_on
        )
        minutes = f", {v.duration_minutes} min" if v.duration_minutes else ""
        addenda = [
            f"Addendum {a.sequence} ({a.author}, {format_date(wall_clock(a.created_at).date())}): "
            f"{a.text}"
            for a in note.addenda
        ]
        entries.append(
            TimelineEntry(
                when=when,
                kind=EntryKind.NOTE,
                case_id=note.case_id,
                title=f"{v.contact_type.label}{minutes}"
                + (CONFIDENTIAL if v.confidential else "")
                + (AWAITING_COSIGN if note.awaiting_cosign else ""),
                detail=_lines(
                    f"{LOCATION} {v.location}" if v.location else "",
                    v.narrative,
                    *addenda,
                ),
                who=note.author,
                key=f"note:{note.id}",
                recorded_at=note.signed_at,
            )
        )
    return entries


def addendum_entry(
    addendum: Addendum, case_id: int, contact_type: ContactType, contact_on: date
) -> TimelineEntry:
    return TimelineEntry(
        when=wall_clock(addendum.created_at),
        kind=EntryKind.NOTE,
        case_id=case_id,
        title=f"Addendum {addendum.sequence} to the {contact_type.label.lower()} "
        f"of {format_date(contact_on)}",
        detail=addendum.text,
        who=addendum.author,
        key=f"addendum:{addendum.id}",
    )


# The words a note's entries add to what was written (domain/timeline/note_search.py
# needs to know them all).
CONFIDENTIAL = " · confidential"
AWAITING_COSIGN = " · awaiting co-signature"
LOCATION = "Location:"
NOTE_WORDING = (
    CONFIDENTIAL,
    AWAITING_COSIGN,
    LOCATION,
    " min",
    "Addendum",
    " to the ",
    " of ",
    *(kind.label for kind in ContactType),
)
