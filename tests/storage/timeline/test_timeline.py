"""The client's timeline on both databases: every source in order, newest first,
and only what the person may see; the view audited once."""

from __future__ import annotations

from collections import Counter

import pytest

from domain.audit.events import AuditAction, AuditFilter
from domain.common.errors import PermissionDenied
from domain.common.policy import Role
from domain.timeline.entries import EntryKind
from tests.gui.cases.caseload_office import make_office
from tests.gui.timeline.timeline_history import realistic_history


@pytest.fixture
def office(services, admin, make_staff):
    return make_office(services, admin, make_staff)


def titles(entries, case_id=None):
    return [e.title for e in entries if case_id is None or e.case_id == case_id]


def test_every_source_in_one_list_newest_first(services, office, clock):
    history = realistic_history(services, office, clock)
    entries = services.timeline.for_client(office.supervisor, history.client_id)
    assert titles(entries, history.case_id) == [
        "Reassigned from Maria Garcia to Jamie Chen",
        "Case resumed",
        "Case put on hold",
        "Referral to St. Vincent Food Pantry: accepted",
        "Referred to St. Vincent Food Pantry",
        "Plan version 1 reviewed (1 goal status changed)",
        "Collateral contact, 20 min · confidential",
        "Addendum 1 to the phone call of 11/06/2026",
        "Home visit, 60 min",
        "Phone call, 15 min",
        "Service plan version 1 agreed (signed on paper)",
        "Service plan written (2 goals)",
        "Assigned to Maria Garcia",
        "Initial assessment (1 domain scored)",
        "Consent to services recorded",
        f"Case K{history.case_id:06d} opened (Family support)",
    ]
    kinds = {e.kind for e in entries}
    assert kinds == set(EntryKind)
    by_key = {e.key: e for e in entries}
    note = by_key[f"note:{history.first_note_id}"]
    assert note.who == office.maria.username
    assert "rent arrears" in note.detail and "two weeks, not one" in note.detail
    assert str(note.when) == "2026-11-06 09:15:00"
    reassigned = entries[0]
    assert reassigned.kind is EntryKind.ASSIGNMENT and reassigned.who == "dlee"
    assert reassigned.detail == "Maria moves to the youth team."
    review = next(e for e in entries if e.kind is EntryKind.REVIEW)
    assert "Not started → In progress" in review.detail
    assert "Next review due 12/16/2026" in review.detail
    sent = by_key[f"referral:{history.referral_id}"]
    assert sent.detail.startswith("Groceries until the first pay cheque.")
    assert "client self-referral: nothing shared" in sent.detail
    # The second case is there too, with its own opening and assignment.
    assert titles(entries, history.second_case_id)[-1].startswith("Case K")


def test_the_view_is_audited_once_and_reads_nothing_else(services, office, clock):
    history = realistic_history(services, office, clock)
    boss = office.supervisor

    def events():
        # Service events only: PostgreSQL's row-change rows carry the server's clock.
        return Counter(
            (e.action, e.entity_type, e.entity_id, e.detail)
            for e in services.audit.query(boss, AuditFilter(), limit=1000)
            if not str(e.action).startswith("row.")
        )

    before = events()
    entries = services.timeline.for_client(boss, history.client_id)
    assert list((events() - before).elements()) == [
        (
            AuditAction.TIMELINE_VIEWED,
            "client",
            history.client_id,
            f"cases=2 entries={len(entries)}",
        )
    ]


def test_the_front_desk_sees_no_notes_plans_or_case_work(services, office, clock, make_staff):
    history = realistic_history(services, office, clock)
    desk = make_staff(Role.FRONTDESK, "tbrooks", "Taylor Brooks")
    entries = services.timeline.for_client(desk, history.client_id)
    assert {e.kind for e in entries} == {
        EntryKind.CASE,
        EntryKind.ASSESSMENT,
        EntryKind.CONSENT,
    }
    assert all("opened" in e.title for e in entries if e.kind is EntryKind.CASE)


def test_a_caseworker_sees_only_own_case_and_no_others_confidential_note(services, office, clock):
    history = realistic_history(services, office, clock, reassign=False)
    maria = office.maria
    entries = services.timeline.for_client(maria, history.client_id)
    assert {e.case_id for e in entries} - {None} == {history.case_id}
    assert f"note:{history.first_note_id}" in {e.key for e in entries}
    assert f"note:{history.confidential_note_id}" not in {e.key for e in entries}
    # The supervisor wrote it and reads it; so does nobody else but supervisors.
    boss_keys = {e.key for e in services.timeline.for_client(office.supervisor, history.client_id)}
    assert f"note:{history.confidential_note_id}" in boss_keys
    # Jamie, on the client's other case, sees that case only.
    jamie = services.timeline.for_client(office.jamie, history.client_id)
    assert {e.case_id for e in jamie} - {None} == {history.second_case_id}


def test_a_reassigned_case_leaves_the_old_caseworkers_timeline(services, office, clock):
    history = realistic_history(services, office, clock, reassign=False)
    maria, jamie = office.maria, office.jamie
    before = services.timeline.for_client(maria, history.client_id)
    assert f"note:{history.first_note_id}" in {e.key for e in before}
    assert history.case_id not in {
        e.case_id for e in services.timeline.for_client(jamie, history.client_id)
    }
    case = services.cases.get(office.supervisor, history.case_id)
    services.cases.assign(office.supervisor, history.case_id, jamie.staff_id, case.version)
    with pytest.raises(PermissionDenied):
        services.timeline.for_client(maria, history.client_id)
    taken_over = services.timeline.for_client(jamie, history.client_id)
    keys = {e.key for e in taken_over}
    assert f"note:{history.first_note_id}" in keys  # the case's history comes with it
    assert f"note:{history.confidential_note_id}" not in keys


def test_closing_and_reopening_are_on_the_timeline(services, office, clock):
    history = realistic_history(services, office, clock)
    boss = office.supervisor
    case = services.cases.get(boss, history.second_case_id)
    closed = services.cases.close(boss, case.id, case.version, "moved_away", "unknown", "To Ohio")
    services.cases.reopen(boss, case.id, closed.version)
    entries = services.timeline.for_client(boss, history.client_id)
    mine = [e for e in entries if e.case_id == case.id and e.kind is EntryKind.CASE]
    assert [e.title for e in mine[:2]] == ["Case reopened", "Case closed: Moved out of the area"]
    assert mine[1].detail == "Outcome unknown\nTo Ohio"
