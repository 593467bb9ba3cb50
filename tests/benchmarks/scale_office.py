"""A large agency's office, generated: staff, clients, cases, signed notes and years
of audit trail, as rows ready to load (tests/benchmarks/scale_loading.py).

Deterministic for a seed. Clients come from the search benchmark's generator
(real-looking names in many scripts, validated and indexed by the domain as
registration does it); everything else is drawn here with the shapes a busy
office has: most cases closed, about 70 open per caseworker, notes spread over
each case's life, a few clients with hundreds or thousands of notes, and an
audit trail where some people and actions are everywhere and others are rare.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from domain.audit.events import AuditAction as A
from domain.clients._name_matching import fold
from domain.notes.note import ContactType
from tests.benchmarks.search_speed import LOCALE_CHANCES, LOCALES, Dataset, _name_pools

PROGRAMS = (("Rapid rehousing", 30), ("Family support", 90), ("Employment", 60))
STAMPED_BY = "benchmark"

# The clients measured in the Notes and Timeline tabs: the 200 and 2,000 notes.
BIG_NOTES = 2_000
MEDIUM_NOTES = 200
TYPICAL_NOTES = 20


@dataclass(frozen=True)
class Member:
    """A staff member, present in the trail while they worked here."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool = True
    started: date = date(2000, 1, 1)
    left: date = date(9999, 12, 31)
    weight: float = 1.0  # how much of the day's trail is theirs, against others of the role
    workstation: str = "WS-00"


@dataclass(frozen=True)
class Logins:
    """The people the benchmark signs in as (PostgreSQL: their own login roles)."""

    admin: Member
    supervisor: Member
    caseworker: Member
    frontdesk: Member


@dataclass
class Office:
    today: date
    now: datetime
    staff: list[Member]
    new_staff: list[Member]  # to insert; the logins exist already
    clients: Dataset
    program_ids: list[int]
    # Row tuples in the column order of the matching *_COLUMNS below.
    cases: list[tuple] = field(default_factory=list)
    assignments: list[tuple] = field(default_factory=list)
    tasks: list[tuple] = field(default_factory=list)
    consents: list[tuple] = field(default_factory=list)
    notes: list[tuple] = field(default_factory=list)
    addenda: list[tuple] = field(default_factory=list)  # (note_id, sequence, author, by, text)
    # The caseworker's clients measured by the benchmark, by how many notes they have.
    measured_clients: dict[str, int] = field(default_factory=dict)
    measured_cases: dict[str, int] = field(default_factory=dict)
    notes_of: dict[str, int] = field(default_factory=dict)  # how many, by the same labels
    busy_client: int = 0  # the client with the most audit rows expected
    quiet_client: int = 0
    rare_person: str = ""  # a temp who worked two weeks, a year ago
    case_count: int = 0


STAMP_COLUMNS = ("version", "created_at", "created_by", "updated_at", "updated_by")
STAFF_COLUMNS = ("id", "username", "display_name", "role", "active", "must_change_password")
CASE_COLUMNS = (
    "id",
    "client_id",
    "program_id",
    "status",
    "assigned_staff_id",
    "opened_on",
    "closed_on",
    "assigned_on",
    *STAMP_COLUMNS,
)
ASSIGNMENT_COLUMNS = (
    "case_id",
    "staff_id",
    "previous_staff_id",
    "note",
    "created_at",
    "created_by",
)
TASK_COLUMNS = ("title", "due_on", "assignee_staff_id", "case_id", "source", "done_at")
TASK_COLUMNS += STAMP_COLUMNS
CONSENT_COLUMNS = ("client_id", "case_id", "kind", "method", "signed_on", "effective_on")
CONSENT_COLUMNS += ("expires_on", *STAMP_COLUMNS)
NOTE_COLUMNS = (
    "id",
    "version",
    "case_id",
    "author_staff_id",
    "contact_on",
    "contact_at",
    "contact_type",
    "duration_minutes",
    "location",
    "narrative",
    "confidential",
    "signed_at",
    "signed_by",
    "cosign_required",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
)
AUDIT_COLUMNS = ("occurred_at", "actor", "workstation", "action", "entity_type", "entity_id")
AUDIT_COLUMNS += ("detail",)


# --- staff ----------------------------------------------------------------------


def _username(name: str, taken: set[str]) -> str:
    words = fold(name).split() or ["staff"]
    stem = (words[0][0] + words[-1])[:28] if len(words) > 1 else words[0][:28]
    username, n = stem, 1
    while username in taken:
        n += 1
        username = f"{stem}{n}"
    taken.add(username)
    return username


def staffing(logins: Logins, first_id: int, today: date, seed: int) -> list[Member]:
    """The rest of the office (about 60 caseworkers in all, people who left, a temp)."""
    rng = random.Random(seed + 10)
    pools = _name_pools(seed)
    taken = {m.username for m in vars(logins).values()}
    members: list[Member] = []

    def add(role: str, **how) -> None:
        firsts, lasts = pools[rng.choices(LOCALES, LOCALE_CHANCES)[0]]
        name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        members.append(
            Member(
                first_id + len(members),
                _username(name, taken),
                name,
                role,
                workstation=f"WS-{len(members) + 10:02d}",
                **how,
            )
        )

    for _ in range(59):
        add("caseworker", started=today - timedelta(days=rng.randint(200, 3000)))
    for _ in range(18):  # caseworkers who have left: their closed cases remain
        left = today - timedelta(days=rng.randint(60, 900))
        add(
            "caseworker",
            active=False,
            started=left - timedelta(days=rng.randint(300, 1500)),
            left=left,
        )
    for _ in range(4):
        add("supervisor")
    for _ in range(3):
        add("frontdesk")
    add("admin", weight=0.5)
    # Two weeks of covering the front desk, about fourteen months ago.
    covered = today - timedelta(days=430)
    add("frontdesk", active=False, started=covered, left=covered + timedelta(days=14), weight=0.05)
    return members


# --- clients' cases, tasks, consents ----------------------------------------------


def build(
    clients: Dataset,
    logins: Logins,
    first_staff_id: int,
    program_ids: list[int],
    note_count: int,
    seed: int,
) -> Office:
    """Cases, tasks, consents and signed notes for ``clients``; the trail is streamed
    later by ``audit_rows``."""
    now = datetime.now(UTC).replace(microsecond=0)
    today = now.date()
    rng = random.Random(seed + 20)
    others = staffing(logins, first_staff_id, today, seed)
    staff = [*vars(logins).values(), *others]
    office = Office(today, now, staff, others, clients, program_ids)
    current = [m for m in staff if m.role == "caseworker" and m.active]
    departed = [m for m in staff if m.role == "caseworker" and not m.active]
    stamps = (1, now, STAMPED_BY, now, STAMPED_BY)

    case_id = 0
    windows: list[tuple[int, date, date, Member]] = []  # each case's life, for its notes
    theirs: list[int] = []  # the measured caseworker's open cases
    for person in clients.people:
        roll = rng.random()
        count = 0 if roll < 0.10 else 1 if roll < 0.85 else 2 if roll < 0.98 else 3
        opened = today - timedelta(days=int(rng.random() ** 1.5 * 6 * 365))
        for number in range(count):
            case_id += 1
            latest = number == count - 1
            chance = rng.random()
            if latest and chance < 0.02:
                status, worker = "intake", None
            elif latest and chance < 0.065:
                status, worker = "open", rng.choice(current)
            elif latest and chance < 0.069:
                status, worker = "on_hold", rng.choice(current)
            else:
                status = "closed"
                worker = rng.choice(departed) if rng.random() < 0.25 else rng.choice(current)
            closed = None
            if status == "closed":
                closed = min(today, opened + timedelta(days=rng.randint(30, 500)))
            assigned_on = None
            if worker is not None:
                assigned_on = min(closed or today, opened + timedelta(days=rng.randint(0, 20)))
                office.assignments.append((case_id, worker.id, None, "", now, STAMPED_BY))
                windows.append((case_id, opened, closed or today, worker))
                if worker is logins.caseworker and status == "open":
                    theirs.append(len(windows) - 1)
            office.cases.append(
                (
                    case_id,
                    person.id,
                    rng.choice(program_ids),
                    status,
                    None if worker is None else worker.id,
                    opened,
                    closed,
                    assigned_on,
                    *stamps,
                )
            )
            if status in ("open", "on_hold"):
                for _task in range(rng.randint(0, 4)):
                    due = today + timedelta(days=rng.randint(-30, 60))
                    done = now - timedelta(days=rng.randint(0, 30)) if rng.random() < 0.5 else None
                    title = rng.choice(TASK_TITLES)
                    office.tasks.append((title, due, worker.id, case_id, "manual", done, *stamps))
            if number == 0:
                expires = opened + timedelta(days=365) if rng.random() < 0.6 else None
                office.consents.append(
                    (person.id, case_id, "services", "paper", opened, opened, expires, *stamps)
                )
            if closed is not None:
                opened = min(today, closed + timedelta(days=rng.randint(30, 700)))
    office.case_count = case_id
    _notes(office, windows, theirs, logins, note_count, rng)
    _audit_targets(office, rng)
    return office


TASK_TITLES = (
    "Call landlord about the lease",
    "Follow up on the SNAP application",
    "Collect pay stubs",
    "Schedule the home visit",
    "Send the release to the clinic",
    "Check on the school enrolment",
)


# --- notes --------------------------------------------------------------------------

SENTENCES = (
    "Met with the client at the office to review progress on the housing goal.",
    "Client reports the landlord agreed to a payment plan for the arrears.",
    "Discussed budgeting; client will bring three months of pay stubs next time.",
    "Home visit: the apartment is clean and the heating now works.",
    "Client missed the appointment; left a voicemail and sent a text reminder.",
    "Phone call with the school counsellor about the children's attendance.",
    "Referred the client to the food pantry on Elm Street; they accepted.",
    "Client is anxious about the court date; we went over what to bring.",
    "Helped complete the Medicaid renewal form; copy given to the client.",
    "Employment: the client has an interview at the warehouse on Monday.",
    "Se habló con la clienta sobre el contrato de alquiler y los pagos pendientes.",
    "Interpreter present for the whole visit (Vietnamese).",
    "Reviewed the service plan together; the client agrees with the next steps.",
    "Collateral contact with the probation officer, with the client's consent.",
    "Transportation remains a barrier; issued a bus pass for the month.",
    "Client shared that the household now includes her mother.",
)
LOCATIONS = ("Office", "Client's home", "Phone", "Library", "Community centre", "Video call")
CONTACT_TYPES = tuple(ContactType)
CONTACT_WEIGHTS = (20, 25, 25, 8, 8, 5, 4, 5)


def _notes(
    office: Office,
    windows: list[tuple[int, date, date, Member]],
    theirs: list[int],
    logins: Logins,
    total: int,
    rng: random.Random,
) -> None:
    """``total`` signed notes over the cases' lives, written in time order (ids grow
    with time, as they do in an office); three of the caseworker's clients get 2,000,
    200 and 20."""
    special = [BIG_NOTES, MEDIUM_NOTES, TYPICAL_NOTES]
    special = [min(n, total // 10) for n in special]
    if len(theirs) < 3:
        raise RuntimeError("The measured caseworker needs three open cases; use more clients.")
    picks: list[int] = []
    for label, want, index in zip(("big", "medium", "typical"), special, theirs[:3], strict=True):
        case_id, _opened, end, worker = windows[index]
        # A long-running case: years of notes (a note a day or so).
        start = end - timedelta(days=max(30, int(want * 1.1)))
        windows[index] = (case_id, start, end, worker)
        row = office.cases[case_id - 1]
        opened_on = CASE_COLUMNS.index("opened_on")
        office.cases[case_id - 1] = (*row[:opened_on], start, *row[opened_on + 1 :])
        office.measured_clients[label] = row[1]
        office.measured_cases[label] = case_id
        office.notes_of[label] = want
        picks += [index] * want
    skip = set(theirs[:3])
    others = [i for i in range(len(windows)) if i not in skip]
    weights = [max(1, (windows[i][2] - windows[i][1]).days) for i in others]
    picks += rng.choices(others, weights, k=max(0, total - len(picks)))
    # Drawn with random() arithmetic: randint and choice would take most of a minute here.
    rand = rng.random
    times = [time(hour, minute) for hour in range(8, 18) for minute in (0, 15, 30, 45)]
    texts = [" ".join(rng.choices(SENTENCES, k=rng.randint(2, 6))) for _ in range(4000)]
    kinds = [t.value for t, w in zip(CONTACT_TYPES, CONTACT_WEIGHTS, strict=True) for _ in range(w)]
    minutes = (15, 30, 30, 45, 60, 90)
    spans = [(w[1].toordinal(), (w[2] - w[1]).days + 1) for w in windows]
    latest = office.now.date().toordinal() * 1440 + office.now.hour * 60 + office.now.minute
    drafted = []
    for index in picks:
        first, span = spans[index]
        on = first + int(rand() * span)
        at = int(rand() * len(times))
        # Signed (in minutes since year 1) a while after the contact, never in the future.
        signed = min(latest, on * 1440 + 480 + at * 15 + 20 + int(rand() * 580))
        drafted.append((signed, index, on, at))
    drafted.sort()
    epoch = datetime(1, 1, 1, tzinfo=UTC)  # ordinal 1
    for note_id, (signed, index, on, at) in enumerate(drafted, start=1):
        case_id, _start, _end, worker = windows[index]
        signed_at = epoch + timedelta(minutes=signed - 1440)
        office.notes.append(
            (
                note_id,
                1,
                case_id,
                worker.id,
                date.fromordinal(on),
                times[at],
                kinds[int(rand() * len(kinds))],
                minutes[int(rand() * len(minutes))],
                LOCATIONS[int(rand() * len(LOCATIONS))],
                texts[int(rand() * len(texts))],
                rand() < 0.03,
                signed_at,
                worker.username,
                False,
                signed_at,
                worker.username,
                signed_at,
                worker.username,
            )
        )
        if rng.random() < 0.005:
            correction = "Correction: the visit was on the date above, not the day after."
            office.addenda.append((note_id, 1, worker.id, worker.username, correction))


# --- the audit trail -------------------------------------------------------------------

# What each role's sessions write, and how often (the service that writes each
# kind, and its entity, as in domain/*/service.py).
ROLE_ACTIONS: dict[str, tuple[tuple[A, str, float], ...]] = {
    "caseworker": (
        (A.CLIENT_VIEWED, "client", 22),
        (A.NOTES_VIEWED, "client", 16),
        (A.NOTE_DRAFT_STARTED, "note", 12),
        (A.NOTE_SIGNED, "note", 12),
        (A.TIMELINE_VIEWED, "client", 5),
        (A.SIGN_IN, "staff", 4),
        (A.SIGN_OUT, "staff", 3),
        (A.SESSION_LOCKED, "staff", 2),
        (A.SESSION_UNLOCKED, "staff", 2),
        (A.PLAN_VIEWED, "case", 3),
        (A.PLAN_DRAFT_SAVED, "case", 1),
        (A.TASK_COMPLETED, "task", 2),
        (A.TASK_CREATED, "task", 1),
        (A.REMINDERS_CREATED, "staff", 1),
        (A.ASSESSMENT_RECORDED, "client", 0.6),
        (A.CONSENT_RECORDED, "client", 0.5),
        (A.REFERRAL_MADE, "client", 0.5),
        (A.REFERRAL_STATUS_CHANGED, "client", 0.5),
        (A.FORM_PREPARED, "client", 0.6),
        (A.FORM_PRINTED, "client", 0.4),
        (A.NOTE_ADDENDUM_ADDED, "note", 0.3),
        (A.CASE_PUT_ON_HOLD, "case", 0.1),
        (A.CASE_RESUMED, "case", 0.1),
        (A.INFORMATION_RELEASED, "client", 0.1),
        (A.ACCESS_REFUSED, "client", 0.05),
        (A.PASSWORD_CHANGED, "staff", 0.02),
    ),
    "supervisor": (
        (A.CLIENT_VIEWED, "client", 20),
        (A.NOTES_VIEWED, "client", 14),
        (A.SIGN_IN, "staff", 5),
        (A.SIGN_OUT, "staff", 4),
        (A.CASE_ASSIGNED, "case", 6),
        (A.CASE_CLOSED, "case", 4),
        (A.CASE_REOPENED, "case", 0.3),
        (A.NOTE_COSIGNED, "note", 3),
        (A.PLAN_AGREED, "case", 2),
        (A.PLAN_REVIEWED, "case", 2),
        (A.TIMELINE_VIEWED, "client", 3),
        (A.CASES_REASSIGNED, "staff", 0.05),
        (A.CONSENT_OVERRIDDEN, "client", 0.02),
        (A.CLIENTS_MERGED, "client", 0.03),
        (A.MERGE_UNDONE, "client", 0.002),
    ),
    "frontdesk": (
        (A.CLIENT_VIEWED, "client", 20),
        (A.CLIENT_CREATED, "client", 6),
        (A.CLIENT_CHANGED, "client", 8),
        (A.CASE_OPENED, "case", 5),
        (A.INTAKE_COMPLETED, "case", 4),
        (A.CONSENT_RECORDED, "client", 4),
        (A.FORM_PRINTED, "client", 5),
        (A.FORM_PREPARED, "client", 3),
        (A.HOUSEHOLD_JOINED, "client", 1),
        (A.SIGN_IN, "staff", 5),
        (A.SIGN_OUT, "staff", 4),
        (A.DUPLICATE_OVERRIDDEN, "client", 0.1),
        (A.CLIENT_SSN_VIEWED, "client", 0.5),
    ),
    "admin": (
        (A.SIGN_IN, "staff", 10),
        (A.SIGN_OUT, "staff", 8),
        (A.STAFF_CHANGED, "staff", 3),
        (A.STAFF_PASSWORD_RESET, "staff", 2),
        (A.STAFF_UNLOCKED, "staff", 1),
        (A.STAFF_CREATED, "staff", 0.6),
        (A.STAFF_DEACTIVATED, "staff", 0.4),
        (A.PROGRAM_CHANGED, "program", 0.2),
        (A.RESOURCE_CHANGED, "resource", 1),
        (A.SETTINGS_CHANGED, "settings", 0.1),
        (A.AUDIT_EXPORTED, "audit", 0.05),
    ),
}
ROLE_SHARE = {"caseworker": 1.0, "supervisor": 0.9, "frontdesk": 1.4, "admin": 0.3}
FAILED_SHARE = 0.004  # of each day's rows: wrong passwords, a few unknown usernames
LOCKED_CHANCE = 0.02  # of failed sign-ins, the fifth in a row
NOTES_VIEWED, ACCESS_REFUSED = A.NOTES_VIEWED.value, A.ACCESS_REFUSED.value


def _audit_targets(office: Office, rng: random.Random) -> None:
    active = {c[1] for c in office.cases if c[3] in ("open", "on_hold")}
    office.busy_client = office.measured_clients["big"]
    quiet = [p.id for p in office.clients.people if p.id not in active]
    office.quiet_client = rng.choice(quiet) if quiet else office.busy_client
    office.rare_person = next(m.username for m in office.staff if m.weight == 0.05)


def audit_rows(office: Office, total: int, seed: int, days: int = 730) -> Iterator[tuple]:
    """``total`` rows over the last ``days`` days, oldest first (ids grow with time):
    office hours on weekdays, a little on weekends, growing over the years."""
    rng = random.Random(seed + 30)
    start = office.today - timedelta(days=days - 1)
    weights = []
    for n in range(days):
        day = start + timedelta(days=n)
        weekday = 1.0 if day.weekday() < 5 else 0.12
        weights.append(weekday * (0.8 + 0.4 * n / days))
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    counts[-1] += total - sum(counts)

    active_clients = sorted({c[1] for c in office.cases if c[3] in ("open", "on_hold")})
    client_ids = [p.id for p in office.clients.people]
    note_total = max(1, len(office.notes))
    case_total = max(1, office.case_count)
    # Drawn with random() arithmetic and bisect: choices() and randint() per row
    # would take half a minute for four million rows.
    by_role = {}
    for role, kinds in ROLE_ACTIONS.items():
        running, cumulative = 0.0, []
        for _action, _entity, weight in kinds:
            running += weight
            cumulative.append(running / sum(w for *_x, w in kinds))
        by_role[role] = ([(a.value, e) for a, e, _w in kinds], cumulative)
    strangers = [f"{name}{n}" for name in ("admin", "jsmith", "test", "user") for n in range(40)]
    busy = office.busy_client
    rand = rng.random
    stations = [f"WS-{n:02d}" for n in range(1, 91)]

    def entity_for(kind: str, member: Member) -> tuple[int | None, str]:
        if kind == "client":
            if rand() < 0.002:
                return busy, ""
            pool = active_clients if rand() < 0.7 and active_clients else client_ids
            return pool[int(rand() * len(pool))], ""
        if kind == "note":
            return 1 + int(rand() * note_total), f"case={1 + int(rand() * case_total)}"
        if kind == "case":
            return 1 + int(rand() * case_total), ""
        if kind == "staff":
            return member.id, ""
        if kind in ("task", "program", "resource"):
            return 1 + int(rand() * 5000), ""
        return None, ""

    one_second = timedelta(seconds=1)
    for n, count in enumerate(counts):
        day = start + timedelta(days=n)
        present = [m for m in office.staff if m.started <= day < m.left]
        if not present:
            continue
        chances = [m.weight * ROLE_SHARE[m.role] for m in present]
        # Office hours in New York, stored in UTC (13:00 to 23:00 give or take).
        midnight = datetime.combine(day, time(13), tzinfo=UTC)
        seconds = sorted(rand() * 36_000 for _ in range(count))
        who = rng.choices(present, chances, k=count)
        for second, member in zip(seconds, who, strict=True):
            at = midnight + second * one_second
            station = member.workstation if rand() < 0.9 else stations[int(rand() * 90)]
            if rand() < FAILED_SHARE:
                actor = member.username if rand() < 0.8 else strangers[int(rand() * 160)]
                if rand() < LOCKED_CHANCE:
                    yield (at, actor, station, A.ACCOUNT_LOCKED.value, "staff", member.id, "")
                else:
                    yield (at, actor, station, A.SIGN_IN_FAILED.value, "staff", None, "")
                continue
            kinds, cumulative = by_role[member.role]
            action, kind = kinds[min(bisect(cumulative, rand()), len(kinds) - 1)]
            entity_id, detail = entity_for(kind, member)
            if action == NOTES_VIEWED:
                detail = f"notes={int(rand() * 60)}"
            elif action == ACCESS_REFUSED:
                detail = "client.any"
            yield (at, member.username, station, action, kind, entity_id, detail)
