"""Records into timeline entries, their order, and the filter: pure functions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from domain.assessments.assessment import Assessment, AssessmentKind, LifeDomain
from domain.cases.case import (
    AssignmentEntry,
    CaseOutcome,
    CaseStatus,
    CaseStatusChange,
    CaseSummary,
    CloseReason,
)
from domain.consents.consent import Consent, ConsentKind, ConsentMethod
from domain.notes.note import Addendum, ContactType, Note, NoteValues
from domain.timeline.entries import (
    EntryKind,
    TimelineEntry,
    assessment_entries,
    assignment_entries,
    case_entries,
    consent_entries,
    filter_entries,
    newest_first,
    note_entries,
)

NOON = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)


def entry(key, when, kind=EntryKind.NOTE, case_id=1, title="", detail="", who="", recorded=None):
    return TimelineEntry(when, kind, case_id, title or key, detail, who, key, recorded)


def note(note_id=1, *, signed=True, on=date(2026, 11, 5), at=time(9, 15), addenda=()):
    values = NoteValues(on, at, ContactType.PHONE, 15, "", "Rent arrears.", False, ())
    return Note(
        id=note_id,
        version=1,
        case_id=7,
        client_id=3,
        client_name="Amara Okafor",
        author_staff_id=2,
        author="mgarcia",
        values=values,
        signed_at=NOON if signed else None,
        signed_by="mgarcia" if signed else "",
        fingerprint="",
        cosign_required=False,
        cosigned_by="",
        cosigned_at=None,
        created_at=NOON,
        updated_at=NOON,
        addenda=addenda,
    )


def test_newest_first_puts_timed_entries_within_their_day():
    entries = [
        entry("morning", datetime(2026, 11, 5, 9, 0)),
        entry("day before", date(2026, 11, 4)),
        entry("evening", datetime(2026, 11, 5, 18, 30)),
        # Dated the 5th and recorded at 12:00 that day: between the two.
        entry("agreed", date(2026, 11, 5), EntryKind.PLAN, recorded=NOON),
        # Recorded days later: placed at the start of its day.
        entry(
            "late", date(2026, 11, 5), EntryKind.REVIEW, recorded=datetime(2026, 11, 9, tzinfo=UTC)
        ),
    ]
    assert [e.key for e in newest_first(entries)] == [
        "evening",
        "agreed",
        "morning",
        "late",
        "day before",
    ]


def test_the_filter_takes_kinds_a_case_and_words_in_any_case():
    entries = [
        entry("a", date(2026, 11, 1), EntryKind.NOTE, 1, "Phone call", "Rent ARREARS", "mgarcia"),
        entry("b", date(2026, 11, 2), EntryKind.PLAN, 2, "Plan agreed", "Lease", "jchen"),
        entry("c", date(2026, 11, 3), EntryKind.CONSENT, None, "Consent recorded"),
    ]
    keys = lambda found: [e.key for e in found]  # noqa: E731
    assert keys(filter_entries(entries)) == ["a", "b", "c"]
    assert keys(filter_entries(entries, kinds={EntryKind.PLAN, EntryKind.CONSENT})) == ["b", "c"]
    assert keys(filter_entries(entries, kinds=set())) == []
    # A client-wide entry belongs with every case.
    assert keys(filter_entries(entries, case_id=1)) == ["a", "c"]
    assert keys(filter_entries(entries, text="rent arrears")) == ["a"]
    assert keys(filter_entries(entries, text="  JCHEN lease ")) == ["b"]
    assert keys(filter_entries(entries, text="K000002")) == ["b"]
    assert keys(filter_entries(entries, text="rent lease")) == []
    assert keys(filter_entries(entries, kinds={EntryKind.NOTE}, case_id=2)) == []


def test_a_signed_note_and_its_addendum_drafts_left_out():
    added = Addendum(5, 1, 1, 2, "mgarcia", "Two weeks, not one.", "", datetime(2026, 11, 6, 8, 30))
    entries = note_entries([note(addenda=(added,)), note(2, signed=False)])
    assert [(e.key, e.when, e.title) for e in entries] == [
        ("note:1", datetime(2026, 11, 5, 9, 15), "Phone call, 15 min"),
        ("addendum:5", datetime(2026, 11, 6, 8, 30), "Addendum 1 to the phone call of 11/05/2026"),
    ]
    assert (
        entries[0].detail == "Rent arrears.\nAddendum 1 (mgarcia, 11/06/2026): Two weeks, not one."
    )
    untimed = note_entries([note(at=None)])
    assert untimed[0].when == date(2026, 11, 5) and not untimed[0].has_time


def test_case_status_and_assignment_titles():
    case = CaseSummary(
        7, 3, 3, 1, "Family support", CaseStatus.OPEN, 2, "Maria Garcia", date(2026, 11, 2), None
    )
    at = datetime(2026, 11, 10, 9, 0)
    changes = [
        CaseStatusChange(1, 7, CaseStatus.OPEN, CaseStatus.ON_HOLD, "mgarcia", at),
        CaseStatusChange(2, 7, CaseStatus.ON_HOLD, CaseStatus.OPEN, "mgarcia", at),
        CaseStatusChange(
            3,
            7,
            CaseStatus.OPEN,
            CaseStatus.CLOSED,
            "dlee",
            at,
            CloseReason.GOALS_MET,
            CaseOutcome.ACHIEVED,
            "Housed.",
        ),
        CaseStatusChange(4, 7, CaseStatus.CLOSED, CaseStatus.INTAKE, "dlee", at),
        CaseStatusChange(5, 7, None, CaseStatus.CLOSED, "dlee", at),
    ]
    found = case_entries(case, changes)
    assert [e.title for e in found] == [
        "Case K000007 opened (Family support)",
        "Case put on hold",
        "Case resumed",
        "Case closed: Goals met",
        "Case reopened, waiting for assignment",
        "Case closed",
    ]
    assert found[3].detail == "Goals achieved\nHoused." and found[3].who == "dlee"
    history = [
        AssignmentEntry(1, 7, 2, "Maria Garcia", None, "", "dlee", at, ""),
        AssignmentEntry(2, 7, 4, "Jamie Chen", 2, "Maria Garcia", "dlee", at, "Leaving"),
        AssignmentEntry(3, 7, None, "", 4, "Jamie Chen", "dlee", at, ""),
        AssignmentEntry(4, 7, 9, "", None, "", "dlee", at, ""),  # a name not readable
    ]
    assert [e.title for e in assignment_entries(history)] == [
        "Assigned to Maria Garcia",
        "Reassigned from Maria Garcia to Jamie Chen",
        "Returned to the unassigned queue",
        "Assigned to another caseworker",
    ]


def test_assessments_and_consents_with_revocation():
    assessment = Assessment(
        date(2026, 11, 2),
        AssessmentKind.INITIAL,
        ((LifeDomain.HOUSING, 1, ""), (LifeDomain.INCOME, 3, "")),
        "Resourceful",
        "Deposit",
        id=4,
        version=1,
        client_id=3,
        case_id=None,
        recorded_by="dlee",
        recorded_at=NOON,
    )
    [found] = assessment_entries([assessment])
    assert found.title == "Initial assessment (2 domains scored)" and found.case_id is None
    assert found.detail.splitlines() == [
        "Scores: Housing 1, Income 3",
        "In crisis: Housing",
        "Strengths: Resourceful",
        "Needs: Deposit",
    ]
    consent = Consent(
        ConsentKind.RELEASE,
        ConsentMethod.PAPER,
        date(2026, 11, 2),
        date(2026, 11, 2),
        date(2027, 11, 2),
        recipient="Food bank",
        purpose="Referral",
        information="contact",
        id=9,
        case_id=7,
        recorded_by="dlee",
        recorded_at=NOON,
        revoked_on=date(2026, 11, 20),
        revoked_by="mgarcia",
        revocation_note="Client asked.",
    )
    recorded, revoked = consent_entries([consent])
    assert recorded.title == "Release of information to Food bank recorded"
    assert "In effect 11/02/2026 until 11/02/2027" in recorded.detail
    assert "Information: Name and contact details" in recorded.detail
    assert (revoked.title, revoked.when, revoked.who, revoked.detail) == (
        "Release of information to Food bank revoked",
        date(2026, 11, 20),
        "mgarcia",
        "Client asked.",
    )
