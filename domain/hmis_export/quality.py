"""The data-quality check before an export, after HUD's data quality report (the
APR and CAPER's question 6): for each element, of the people or enrollments it
applies to, how many answers are "client doesn't know" or "prefers not to
answer", how many are missing (not collected, or left empty), and how many have
an issue (a partial name, an approximate date of birth, a veteran under 18,
an exit without a destination), with the clients to fix.

Pure counting over the rows an export reads; the service reads them once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from domain.clients.record import shown_name
from domain.clients.ssn import clean_ssn
from domain.common.field_rules import FieldProblem, format_date
from domain.hmis_export import codes
from domain.hmis_export.rows import ClientRow, EnrollmentRow

DOESNT_KNOW_OR_PREFERS_NOT = frozenset({8, 9})
NOT_COLLECTED = 99
ADULT_AGE = 18
# HUD's data quality report counts a date of birth before this as an issue.
EARLIEST_LIKELY_BIRTH = date(1915, 1, 1)
# Each element lists at most this many clients to fix (its counts stay exact).
LISTED = 1000


class Shortfall(StrEnum):
    DOESNT_KNOW = "doesnt_know"  # client doesn't know or prefers not to answer
    MISSING = "missing"  # data not collected, or nothing recorded
    ISSUE = "issue"  # recorded, but partial, unlikely or inconsistent

    @property
    def label(self) -> str:
        return {
            Shortfall.DOESNT_KNOW: "Doesn't know / prefers not to answer",
            Shortfall.MISSING: "Missing or not collected",
            Shortfall.ISSUE: "Data issue",
        }[self]


@dataclass(frozen=True)
class Problem:
    """One client to fix (``case_id`` for an enrollment's element)."""

    client_id: int
    name: str
    shortfall: Shortfall
    detail: str
    case_id: int | None = None


@dataclass(frozen=True)
class ElementQuality:
    key: str
    label: str
    applies_to: str  # "clients", "adults and heads of household", "leavers"...
    applicable: int
    doesnt_know: int
    missing: int
    issues: int
    problems: tuple[Problem, ...] = ()  # empty when the reader may not see names
    # False: the answer is not something to fix in a client's record.
    fixed_in_record: bool = True
    note: str = ""

    @property
    def total(self) -> int:
        return self.doesnt_know + self.missing + self.issues

    def share(self, count: int) -> float:
        return count / self.applicable if self.applicable else 0.0

    @property
    def error_rate(self) -> float:
        return self.share(self.total)


@dataclass(frozen=True)
class ProjectReadiness:
    """A chosen program and the project elements it still lacks (form field names)."""

    program_id: int
    name: str
    missing: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class QualityReport:
    start: date
    end: date
    clients: int
    enrollments: int
    leavers: int
    elements: tuple[ElementQuality, ...]
    projects: tuple[ProjectReadiness, ...]
    # What stops an export altogether (the agency unnamed, a program not set up).
    blockers: tuple[str, ...] = ()
    names_shown: bool = True

    @property
    def ready(self) -> bool:
        return not self.blockers

    def element(self, key: str) -> ElementQuality:
        return next(e for e in self.elements if e.key == key)


@dataclass
class _Tally:
    key: str
    label: str
    applies_to: str
    fixed_in_record: bool = True
    note: str = ""
    applicable: int = 0
    counts: dict[Shortfall, int] = field(default_factory=lambda: dict.fromkeys(Shortfall, 0))
    problems: list[Problem] = field(default_factory=list)

    def count(
        self,
        client: ClientRow | None,
        client_id: int,
        shortfall: Shortfall | None,
        detail: str = "",
        case_id: int | None = None,
        *,
        names: bool,
    ) -> None:
        self.applicable += 1
        if shortfall is None:
            return
        self.counts[shortfall] += 1
        if names and self.fixed_in_record and len(self.problems) < LISTED:
            self.problems.append(
                Problem(client_id, _name(client, client_id), shortfall, detail, case_id)
            )

    def done(self) -> ElementQuality:
        return ElementQuality(
            self.key,
            self.label,
            self.applies_to,
            self.applicable,
            self.counts[Shortfall.DOESNT_KNOW],
            self.counts[Shortfall.MISSING],
            self.counts[Shortfall.ISSUE],
            tuple(self.problems),
            self.fixed_in_record,
            self.note,
        )


def _name(client: ClientRow | None, client_id: int) -> str:
    if client is None:
        return shown_name("", "", client_id)
    return shown_name(client.first_name or "", client.last_name or "", client_id, client.name_order)


def age_on(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _answer(code: int) -> Shortfall | None:
    if code in DOESNT_KNOW_OR_PREFERS_NOT:
        return Shortfall.DOESNT_KNOW
    if code == NOT_COLLECTED:
        return Shortfall.MISSING
    return None


def _name_quality(c: ClientRow) -> tuple[Shortfall | None, str]:
    found = _answer(c.name_quality)
    if found is not None:
        return found, "Name: " + found.label.lower()
    if not (c.first_name or c.last_name):
        return Shortfall.MISSING, "No name recorded"
    if c.name_quality == 2:
        return Shortfall.ISSUE, "Partial, street or code name"
    return None, ""


def _ssn_quality(c: ClientRow) -> tuple[Shortfall | None, str]:
    found = _answer(c.ssn_quality)
    if found is not None:
        return found, "SSN: " + found.label.lower()
    if not c.ssn:
        return Shortfall.MISSING, "No SSN recorded"
    if c.ssn_quality == 2:
        return Shortfall.ISSUE, "Partial SSN"
    try:
        clean_ssn(c.ssn)
    except FieldProblem as problem:
        return Shortfall.ISSUE, str(problem)
    return None, ""


def _dob_quality(c: ClientRow, first_entry: date | None) -> tuple[Shortfall | None, str]:
    found = _answer(c.dob_quality)
    if found is not None:
        return found, "Date of birth: " + found.label.lower()
    born = c.date_of_birth
    if born is None:
        return Shortfall.MISSING, "No date of birth recorded"
    if c.dob_quality == 2:
        return Shortfall.ISSUE, "Approximate date of birth"
    if born < EARLIEST_LIKELY_BIRTH:
        return Shortfall.ISSUE, f"Born {format_date(born)}: before 1915"
    if first_entry is not None and born > first_entry:
        return Shortfall.ISSUE, f"Born {format_date(born)}, after the case opened"
    return None, ""


def _race(c: ClientRow) -> tuple[Shortfall | None, str]:
    race = c.race or frozenset({NOT_COLLECTED})
    if len(race) == 1:
        (code,) = race
        found = _answer(code)
        if found is not None:
            return found, "Race and ethnicity: " + found.label.lower()
    return None, ""


def _coded(code: int, what: str) -> tuple[Shortfall | None, str]:
    found = _answer(code)
    return found, (f"{what}: {found.label.lower()}" if found else "")


class QualityCheck:
    """Counts as the rows arrive: first every enrollment, then each client once."""

    def __init__(self, start: date, end: date, program_coc: dict[int, str | None], *, names: bool):
        self._start, self._end = start, end
        self._program_coc = program_coc
        self._names = names
        self._by_client: dict[int, list[EnrollmentRow]] = defaultdict(list)
        self.clients = 0
        self.enrollment_count = 0  # of the clients counted
        t = _Tally
        self._elements = {
            "name": t("name", "Name (3.01)", "clients"),
            "ssn": t("ssn", "Social Security number (3.02)", "clients"),
            "dob": t("dob", "Date of birth (3.03)", "clients"),
            "race": t("race", "Race and ethnicity (3.04)", "clients"),
            "sex": t("sex", "Sex (4.21)", "clients"),
            "veteran": t("veteran", "Veteran status (3.07)", "adults"),
            "disabling": t("disabling", "Disabling condition (3.08)", "clients"),
            "start": t("start", "Project start date (3.10)", "enrollments"),
            "relationship": t(
                "relationship", "Relationship to head of household (3.15)", "enrollments"
            ),
            "coc": t(
                "coc",
                "Enrollment CoC (3.16)",
                "heads of household",
                fixed_in_record=False,
                note="Taken from the program's CoC code: set it on the program's HMIS tab.",
            ),
            "living": t(
                "living",
                "Prior living situation (3.917)",
                "adults and heads of household",
                fixed_in_record=False,
                note="CaseDesk does not record where clients lived before entry: the export "
                "says “Data not collected” (99) for every adult and head of household.",
            ),
            "destination": t("destination", "Destination (3.12)", "leavers"),
        }

    def enrollment(self, row: EnrollmentRow) -> None:
        self._by_client[row.client_id].append(row)

    def client(self, c: ClientRow) -> None:
        """One client, after all enrollments are in."""
        self.clients += 1
        e, names = self._elements, self._names
        mine = self._by_client.get(c.id, [])
        first_entry = min((k.opened_on for k in mine), default=None)
        for key, (shortfall, detail) in (
            ("name", _name_quality(c)),
            ("ssn", _ssn_quality(c)),
            ("dob", _dob_quality(c, first_entry)),
            ("race", _race(c)),
            ("sex", _coded(c.sex, "Sex")),
            ("disabling", _coded(c.disabling_condition, "Disabling condition")),
        ):
            e[key].count(c, c.id, shortfall, detail, names=names)
        ages = [age_on(c.date_of_birth, k.opened_on) for k in mine] or [None]
        adult = any(age is None or age >= ADULT_AGE for age in ages)
        minor_veteran = c.veteran_status == 1 and any(
            age is not None and age < ADULT_AGE for age in ages
        )
        if adult or minor_veteran:
            shortfall, detail = _coded(c.veteran_status, "Veteran status")
            if minor_veteran:
                shortfall, detail = Shortfall.ISSUE, "A veteran under 18 at entry"
            e["veteran"].count(c, c.id, shortfall, detail, names=names)
        self._client_enrollments(c, mine, names)

    def _client_enrollments(self, c: ClientRow, mine: list[EnrollmentRow], names: bool) -> None:
        e = self._elements
        self.enrollment_count += len(mine)
        for k in mine:
            age = age_on(c.date_of_birth, k.opened_on)
            head = k.relationship_to_head == 1
            overlapping = any(
                other.id != k.id
                and other.program_id == k.program_id
                and other.opened_on <= (k.closed_on or self._end)
                and (other.closed_on or self._end) >= k.opened_on
                and other.id < k.id
                for other in mine
            )
            e["start"].count(
                c,
                c.id,
                Shortfall.ISSUE if overlapping else None,
                "Overlaps another case in the same program" if overlapping else "",
                k.id,
                names=names,
            )
            relationship = k.relationship_to_head
            if relationship is None or relationship == NOT_COLLECTED:
                e["relationship"].count(
                    c,
                    c.id,
                    Shortfall.MISSING,
                    "No relationship to the head of household",
                    k.id,
                    names=names,
                )
            elif not head and k.head_case_id is None:
                e["relationship"].count(
                    c,
                    c.id,
                    Shortfall.ISSUE,
                    "Household member, but the head has no case in this program then",
                    k.id,
                    names=names,
                )
            else:
                e["relationship"].count(c, c.id, None, names=names)
            if head:
                coc = self._program_coc.get(k.program_id)
                e["coc"].count(
                    c,
                    c.id,
                    None if coc else Shortfall.MISSING,
                    "The program has no CoC code",
                    k.id,
                    names=names,
                )
            if head or age is None or age >= ADULT_AGE:
                e["living"].count(c, c.id, Shortfall.MISSING, names=names)
            if k.closed_on is not None and k.closed_on <= self._end:
                e["destination"].count(c, c.id, *_destination(k), k.id, names=names)

    @property
    def leavers(self) -> int:
        return self._elements["destination"].applicable

    def elements(self) -> tuple[ElementQuality, ...]:
        return tuple(tally.done() for tally in self._elements.values())


def _destination(k: EnrollmentRow) -> tuple[Shortfall | None, str]:
    code = k.exit_destination
    if code is None:
        return Shortfall.MISSING, "Closed without a destination"
    if code in DOESNT_KNOW_OR_PREFERS_NOT:
        return Shortfall.DOESNT_KNOW, codes.DESTINATION[code]
    if code in (NOT_COLLECTED, 30):
        return Shortfall.MISSING, codes.DESTINATION[code]
    if code == codes.DESTINATION_WITH_SUBSIDY and k.exit_destination_subsidy is None:
        return Shortfall.ISSUE, "A rental with a subsidy, but no kind of subsidy"
    if code == codes.DESTINATION_OTHER and not k.exit_destination_other:
        return Shortfall.ISSUE, "“Other”, without saying where"
    return None, ""
