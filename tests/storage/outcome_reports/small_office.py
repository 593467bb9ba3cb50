"""A small office whose outcome report can be worked out by hand, written straight
into the tables with the dates each row would have had (a signature three days
after the contact, a case handed to a colleague in March): the app stamps rows
with today, and a report is about the past.

The report's period is the first half of 2026 and "today" is the tests' clock,
November 23rd 2026. Staff: supervisor Sam, caseworkers Ana and Ben. Programs:
Housing help (most cases) and Food security (one). The right answers are
written beside each row and collected in tests/storage/outcome_reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import Connection, Table, insert

from storage.assessments.tables import assessment_scores, assessments
from storage.cases.tables import case_assignments, cases
from storage.clients.tables import clients
from storage.consents.tables import consents
from storage.notes.tables import case_notes
from storage.plans.tables import plan_goals, service_plans
from storage.referrals.tables import referral_status_changes, referrals, resources

PERIOD = ("01/01/2026", "06/30/2026")
BY = "small-office"
STAMPED = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@dataclass
class People:
    supervisor: int
    ana: int
    ben: int
    housing: int  # program ids
    food: int


@dataclass
class SmallOffice:
    people: People
    clients: dict[str, int] = field(default_factory=dict)
    cases: dict[str, int] = field(default_factory=dict)
    resources: dict[str, int] = field(default_factory=dict)
    consents: dict[str, int] = field(default_factory=dict)


def _add(conn: Connection, table: Table, **values) -> int:
    stamps = {"created_at": STAMPED, "created_by": BY, "updated_at": STAMPED, "updated_by": BY}
    values = {name: value for name, value in stamps.items() if name in table.c} | values
    return conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()


def _at(day: date, hour: int = 12) -> datetime:
    """Noon UTC on that day: the same calendar day in any office from UTC-11 to UTC+11."""
    return datetime.combine(day, time(hour), tzinfo=UTC)


def build(conn: Connection, people: People) -> SmallOffice:
    office = SmallOffice(people)
    p, d = people, date
    names = {
        "one": ("Olivia", "One"),
        "two": ("Tomas", "Two"),
        "three": ("Thea", "Three"),
        "four": ("Farid", "Four"),
        "five": ("Fiona", "Five"),
        "six": ("Sione", "Six"),
        "seven": ("Selma", "Seven"),
    }
    for key, (first, last) in names.items():
        office.clients[key] = _add(conn, clients, first_name=first, last_name=last)

    def case(key, client, program, worker, opened, closed=None, reason=None, destination=None):
        status = "closed" if closed else "open" if worker else "intake"
        office.cases[key] = _add(
            conn,
            cases,
            client_id=office.clients[client],
            program_id=program,
            status=status,
            assigned_staff_id=worker,
            opened_on=opened,
            closed_on=closed,
            assigned_on=opened if worker else None,
            close_reason=reason,
            close_outcome="achieved" if reason else None,
            exit_destination=destination,
        )

    # key, client, program, caseworker, opened, closed, close reason, destination at exit
    case("K1", "one", p.housing, p.ana, d(2026, 2, 1))  # new in the period
    case("K2", "two", p.housing, p.ana, d(2025, 3, 1), d(2025, 9, 30), "goals_met", 410)
    # returning; to a rental of their own (HUD 410, a permanent housing situation)
    case("K3", "two", p.housing, p.ana, d(2026, 3, 15), d(2026, 5, 31), "goals_met", 410)
    case("K4", "three", p.housing, p.ben, d(2025, 11, 1))  # continuing
    # new; closed before CaseDesk asked the destination
    case("K5", "four", p.food, p.ben, d(2026, 4, 10), d(2026, 6, 15), "lost_contact")
    case("K6", "five", p.housing, p.ben, d(2026, 7, 15))  # after the period: not served
    case("K7", "six", p.housing, None, d(2026, 6, 20))  # waiting for a caseworker: new
    case("K8", "seven", p.housing, p.ana, d(2024, 1, 10), d(2025, 12, 31), "moved_away", 116)

    # Who had each case from when. K4 went to Ana for five weeks in the spring.
    for key, worker, since in (
        ("K1", p.ana, d(2026, 2, 1)),
        ("K2", p.ana, d(2025, 3, 1)),
        ("K3", p.ana, d(2026, 3, 15)),
        ("K4", p.ben, d(2025, 11, 1)),
        ("K4", p.ana, d(2026, 3, 10)),
        ("K4", p.ben, d(2026, 4, 20)),
        ("K5", p.ben, d(2026, 4, 10)),
        ("K6", p.ben, d(2026, 7, 15)),
        ("K8", p.ana, d(2024, 1, 10)),
    ):
        _add(
            conn,
            case_assignments,
            case_id=office.cases[key],
            staff_id=worker,
            note="",
            created_at=_at(since, 15),
        )

    _assessments(conn, office)
    _plans(conn, office)
    _referrals(conn, office)
    _notes(conn, office)
    _consents(conn, office)
    return office


def _assessments(conn: Connection, office: SmallOffice) -> None:
    d = date
    for case_key, client, on, scores in (
        ("K1", "one", d(2026, 2, 1), {"housing": 2, "income": 1}),
        ("K1", "one", d(2026, 5, 1), {"housing": 4, "income": 1}),
        # An earlier episode's baseline does not count: K2 was not open in the period.
        ("K2", "two", d(2025, 3, 1), {"housing": 1}),
        ("K3", "two", d(2026, 3, 15), {"housing": 3}),
        ("K3", "two", d(2026, 5, 20), {"housing": 2}),
        ("K4", "three", d(2025, 11, 1), {"housing": 2, "food": 3}),
        ("K4", "three", d(2026, 1, 15), {"housing": 3}),
        ("K4", "three", d(2026, 8, 1), {"housing": 5}),  # after the period
        ("K5", "four", d(2026, 4, 10), {"housing": 1}),  # assessed once
        ("K6", "five", d(2026, 7, 15), {"housing": 1}),
    ):
        assessment = _add(
            conn,
            assessments,
            client_id=office.clients[client],
            case_id=office.cases[case_key],
            kind="initial",
            assessed_on=on,
        )
        for domain, score in scores.items():
            conn.execute(
                insert(assessment_scores).values(
                    assessment_id=assessment, domain=domain, score=score
                )
            )


def _plans(conn: Connection, office: SmallOffice) -> None:
    d = date(2026, 3, 1)
    for case_key, number, goals in (
        ("K1", 1, [("housing", "in_progress")]),
        ("K1", 2, [("housing", "achieved"), ("income", "not_started")]),  # the newest counts
        ("K3", 1, [("employment", "not_achieved"), ("housing", "achieved")]),
        ("K4", 1, [("housing", "discontinued")]),
        ("K6", 1, [("housing", "achieved")]),  # not served in the period
    ):
        plan = _add(
            conn,
            service_plans,
            case_id=office.cases[case_key],
            number=number,
            drafted_on=d,
            agreed_on=d if number == 1 else None,
            agreed_how="paper" if number == 1 else None,
        )
        for position, (domain, status) in enumerate(goals, start=1):
            _add(
                conn,
                plan_goals,
                plan_id=plan,
                position=position,
                description=f"A {domain} goal",
                domain=domain,
                target_on=date(2026, 12, 31),
                status=status,
            )


def _referrals(conn: Connection, office: SmallOffice) -> None:
    d = date
    for key, name in (("pantry", "Valley Food Pantry"), ("housing", "Metro Housing")):
        office.resources[key] = _add(conn, resources, organisation=name, categories=",food,")
    cases_clients = {"K1": "one", "K3": "two", "K4": "three", "K5": "four"}
    for case_key, resource, sent, steps in (
        # answered after 2 days, completed after 20
        (
            "K1",
            "pantry",
            d(2026, 2, 2),
            [
                ("acknowledged", d(2026, 2, 4)),
                ("accepted", d(2026, 2, 6)),
                ("service_started", d(2026, 2, 10)),
                ("completed", d(2026, 2, 22)),
            ],
        ),
        # no response first; answered after 19 days
        (
            "K1",
            "housing",
            d(2026, 3, 1),
            [("no_response", d(2026, 3, 15)), ("acknowledged", d(2026, 3, 20))],
        ),
        ("K3", "pantry", d(2026, 4, 1), [("declined", d(2026, 4, 5))]),  # answered after 4
        # answered after 1 day, completed after 10
        (
            "K4",
            "pantry",
            d(2026, 5, 1),
            [
                ("accepted", d(2026, 5, 2)),
                ("service_started", d(2026, 5, 3)),
                ("completed", d(2026, 5, 11)),
            ],
        ),
        ("K5", "housing", d(2026, 6, 1), []),  # not answered
        # sent before the period: not counted
        (
            "K4",
            "pantry",
            d(2025, 12, 15),
            [
                ("accepted", d(2025, 12, 16)),
                ("service_started", d(2025, 12, 17)),
                ("completed", d(2026, 1, 5)),
            ],
        ),
    ):
        status, status_on = steps[-1] if steps else ("sent", sent)
        referral = _add(
            conn,
            referrals,
            case_id=office.cases[case_key],
            client_id=office.clients[cases_clients[case_key]],
            resource_id=office.resources[resource],
            reason="Needs help",
            sent_on=sent,
            method="phone",
            status=status,
            status_on=status_on,
            outcome="Groceries for a month" if status == "completed" else "",
        )
        for step, on in [("sent", sent), *steps]:
            _add(
                conn,
                referral_status_changes,
                referral_id=referral,
                status=step,
                changed_on=on,
                created_at=_at(on),
            )


def _notes(conn: Connection, office: SmallOffice) -> None:
    p, d = office.people, date
    for case_key, author, contact, signed in (
        # Ana: 0, 2 and 5 days -> median 2, 90th percentile 4.4, one after 3 days
        ("K1", p.ana, d(2026, 2, 1), d(2026, 2, 1)),
        ("K1", p.ana, d(2026, 3, 1), d(2026, 3, 3)),
        ("K1", p.ana, d(2026, 4, 1), d(2026, 4, 6)),
        # Ben: 1 and 10 days -> median 5.5, 90th percentile 9.1, one after 3 days
        ("K4", p.ben, d(2026, 1, 10), d(2026, 1, 11)),
        ("K4", p.ben, d(2026, 2, 10), d(2026, 2, 20)),
        # Sam, on Ana's case: the same day
        ("K1", p.supervisor, d(2026, 5, 5), d(2026, 5, 5)),
        # Ana's draft about a contact in the period, not signed yet
        ("K3", p.ana, d(2026, 6, 1), None),
        # after the period
        ("K1", p.ana, d(2026, 7, 2), d(2026, 7, 2)),
    ):
        _add(
            conn,
            case_notes,
            case_id=office.cases[case_key],
            author_staff_id=author,
            contact_on=contact,
            contact_type="phone",
            duration_minutes=15,
            narrative="Called the client.",
            signed_at=_at(signed) if signed else None,
            signed_by=BY if signed else None,
            fingerprint="0" * 64 if signed else None,
        )


def _consents(conn: Connection, office: SmallOffice) -> None:
    d = date
    for key, client, case_key, kind, recipient, signed, expires, revoked in (
        (
            "one release",
            "one",
            "K1",
            "release",
            "Valley Food Pantry",
            d(2025, 12, 1),
            d(2026, 12, 1),
            None,
        ),
        # renewed by the next one: not listed
        ("one services", "one", None, "services", "", d(2025, 12, 10), d(2026, 12, 10), None),
        ("one renewal", "one", None, "services", "", d(2026, 11, 1), d(2027, 11, 1), None),
        (
            "three release",
            "three",
            "K4",
            "release",
            "Metro Housing",
            d(2025, 12, 20),
            d(2026, 12, 20),
            None,
        ),
        (
            "three revoked",
            "three",
            "K4",
            "release",
            "Legal Aid",
            d(2025, 12, 5),
            d(2026, 12, 5),
            d(2026, 3, 1),
        ),
        # no active case
        ("two services", "two", None, "services", "", d(2025, 12, 2), d(2026, 12, 2), None),
        ("five clinic", "five", "K6", "release", "Clinic", d(2026, 7, 15), d(2027, 1, 15), None),
        ("six services", "six", "K7", "services", "", d(2025, 11, 30), d(2026, 11, 30), None),
        ("three expired", "three", "K4", "media", "", d(2025, 11, 20), d(2026, 11, 20), None),
    ):
        office.consents[key] = _add(
            conn,
            consents,
            client_id=office.clients[client],
            case_id=office.cases[case_key] if case_key else None,
            kind=kind,
            method="paper",
            signed_on=signed,
            effective_on=signed,
            expires_on=expires,
            recipient=recipient,
            revoked_on=revoked,
            revoked_by=BY if revoked else None,
        )
