"""What a merge of two records of one person does, decided before it is done.

Everything that belongs to the person moves to the surviving record: cases
(with their notes, plans, tasks and referrals' letters), consents and releases,
assessments and referrals. The merged record's names stay searchable as the
survivor's. For the record's own details the survivor keeps what it has; where
it has nothing (or, for a date of birth, something less certain) it takes the
merged record's value. The plan lists each of these, so a supervisor sees what
will happen before confirming; undoing puts back exactly what the merge took.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from domain.clients.hmis import NO_ANSWER, DobQuality, SsnQuality
from domain.clients.record import ClientFields, ClientRecord
from domain.clients.ssn import ERASED, masked
from domain.common.field_rules import format_date

# The kinds of rows that move with the person, in the order the plan lists them.
MOVED_KINDS: dict[str, str] = {
    "cases": "Cases, with their notes, plans, tasks and closing records",
    "consents": "Consents and releases of information",
    "assessments": "Assessments",
    "referrals": "Referrals",
    "attachments": "Attachments (scanned documents and letters)",
}


@dataclass(frozen=True)
class _Group:
    """Fields that move together: an address is taken whole, never line by line."""

    key: str
    label: str
    names: tuple[str, ...]


GROUPS = (
    _Group("middle_name", "Middle name", ("middle_name",)),
    _Group("suffix", "Suffix", ("suffix",)),
    _Group("preferred_name", "Preferred name", ("preferred_name",)),
    _Group("date_of_birth", "Date of birth", ("date_of_birth", "dob_quality")),
    _Group("ssn", "SSN", ("ssn_last4", "ssn_quality")),
    _Group("race_ethnicity", "Race and ethnicity", ("race_ethnicity",)),
    _Group("sex", "Sex", ("sex",)),
    _Group("veteran_status", "Veteran status", ("veteran_status",)),
    _Group("disabling_condition", "Disabling condition", ("disabling_condition",)),
    _Group("phone", "Phone", ("phone", "phone_digits")),
    _Group("email", "Email", ("email",)),
    _Group(
        "address",
        "Address",
        ("address_line1", "address_line2", "city", "state", "postal_code"),
    ),
    _Group("language", "Language", ("language", "interpreter_needed")),
    _Group(
        "emergency",
        "Emergency contact",
        ("emergency_name", "emergency_phone", "emergency_relationship"),
    ),
)
_BY_KEY = {group.key: group for group in GROUPS}

TAKE = "take"  # the survivor has nothing (or less): it takes the merged record's value
KEEP = "keep"  # both have a value: the survivor keeps its own
SAME = "same"  # both hold the same, or neither holds anything


@dataclass(frozen=True)
class FieldChoice:
    key: str
    label: str
    outcome: str
    survivor_value: str
    merged_value: str


@dataclass(frozen=True)
class MergePlan:
    survivor_id: int
    survivor_name: str
    survivor_number: str
    survivor_version: int
    merged_id: int
    merged_name: str
    merged_number: str
    merged_version: int
    moving: tuple[tuple[str, int], ...]  # (label, how many), kinds with none left out
    fields: tuple[FieldChoice, ...]
    household: str
    found_by: str

    @property
    def taken(self) -> tuple[FieldChoice, ...]:
        return tuple(choice for choice in self.fields if choice.outcome == TAKE)

    @property
    def kept(self) -> tuple[FieldChoice, ...]:
        return tuple(choice for choice in self.fields if choice.outcome == KEEP)


def _is_empty(group: _Group, record: ClientFields) -> bool:
    if group.key == "ssn":
        return record.ssn_last4 is None and record.ssn_quality not in (
            SsnQuality.FULL,
            SsnQuality.PARTIAL,
        )
    if group.key == "date_of_birth":
        return record.date_of_birth is None
    if group.key == "race_ethnicity":
        return record.race_ethnicity <= NO_ANSWER
    if group.key in ("sex", "veteran_status", "disabling_condition"):
        return getattr(record, group.key) in NO_ANSWER
    if group.key == "language":
        return not record.language
    return all(not getattr(record, name) for name in group.names)


def _values(group: _Group, record: ClientFields) -> tuple:
    return tuple(getattr(record, name) for name in group.names)


def _outcome(group: _Group, survivor: ClientFields, merged: ClientFields) -> str:
    if _is_empty(group, merged) or _values(group, survivor) == _values(group, merged):
        return SAME
    if _is_empty(group, survivor):
        return TAKE
    if (
        group.key == "date_of_birth"
        and survivor.dob_quality == DobQuality.PARTIAL
        and merged.dob_quality == DobQuality.FULL
    ):
        return TAKE  # a full date beats an approximate one
    return KEEP


def _shown(group: _Group, record: ClientFields) -> str:
    if _is_empty(group, record):
        return ""
    if group.key == "ssn":
        return masked(record.ssn_last4) if record.ssn_last4 else "partial"
    if group.key == "date_of_birth":
        approximate = record.dob_quality == DobQuality.PARTIAL
        return format_date(record.date_of_birth) + (" (approximate)" if approximate else "")
    if group.key == "race_ethnicity":
        return f"{len(record.race_ethnicity - NO_ANSWER)} answer(s)"
    if group.key in ("sex", "veteran_status", "disabling_condition"):
        return "answered"
    if group.key == "language":
        return record.language + (", interpreter needed" if record.interpreter_needed else "")
    if group.key == "phone":
        return record.phone or ""
    return ", ".join(str(getattr(record, name)) for name in group.names if getattr(record, name))


def plan_merge(
    survivor: ClientRecord,
    merged: ClientRecord,
    linked: dict[str, int],
    merged_household_size: int = 0,
) -> MergePlan:
    """The plan for merging ``merged`` into ``survivor``; ``linked`` counts rows per kind."""
    choices = tuple(
        FieldChoice(
            group.key,
            group.label,
            _outcome(group, survivor, merged),
            _shown(group, survivor),
            _shown(group, merged),
        )
        for group in GROUPS
    )
    if merged.household_id is None:
        household = "Household: unchanged."
    elif survivor.household_id is None:
        household = (
            f"Household: {survivor.display_name} joins the household {merged.display_name} "
            "belongs to, in the same relationship to its head."
        )
    elif survivor.household_id == merged.household_id:
        household = "Household: both are in the same household; it lists the person once."
    else:
        household = (
            f"Household: {survivor.display_name} stays in their own household; the other "
            f"household ({merged_household_size} members) no longer lists {merged.display_name}."
        )
    return MergePlan(
        survivor_id=survivor.id,
        survivor_name=survivor.display_name,
        survivor_number=survivor.number,
        survivor_version=survivor.version,
        merged_id=merged.id,
        merged_name=merged.display_name,
        merged_number=merged.number,
        merged_version=merged.version,
        moving=tuple(
            (label, linked[kind]) for kind, label in MOVED_KINDS.items() if linked.get(kind)
        ),
        fields=choices,
        household=household,
        found_by=(
            f"Search finds {survivor.display_name} also under the name "
            f"{merged.display_name}; {merged.number} opens as merged."
        ),
    )


def _plain(value):
    """A value as the merge's stored detail keeps it (JSON)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(int(code) for code in value)
    return value


def _typed(name: str, value):
    if name == "date_of_birth" and value is not None:
        return date.fromisoformat(value)
    if name == "race_ethnicity":
        return frozenset(value)
    return value


def take_fields(
    survivor: ClientFields, merged: ClientFields, merged_ssn: str | None, plan: MergePlan
) -> tuple[ClientFields, dict[str, dict]]:
    """The survivor's new values, and what each taken group held before (for undo)."""
    values = replace(survivor, ssn=None)  # None: the stored number stays unless taken
    before: dict[str, dict] = {}
    for choice in plan.taken:
        group = _BY_KEY[choice.key]
        before[group.key] = {name: _plain(getattr(survivor, name)) for name in group.names}
        values = replace(values, **{name: getattr(merged, name) for name in group.names})
        if group.key == "ssn":
            values = replace(values, ssn=merged_ssn)
    return values, before


def restore_fields(
    survivor: ClientRecord, merged: ClientRecord, before: dict[str, dict]
) -> tuple[ClientFields, list[str]]:
    """The survivor's values with what the merge took given back.

    A group changed since the merge (someone corrected the phone number) is
    left as it is now and named in the second value, so the person undoing is told.
    """
    values = replace(survivor.as_fields(), ssn=None)
    edited_since: list[str] = []
    for key, held in before.items():
        group = _BY_KEY[key]
        if _values(group, survivor) != _values(group, merged):
            edited_since.append(group.label)
            continue
        values = replace(values, **{name: _typed(name, held[name]) for name in group.names})
        if key == "ssn":
            values = replace(values, ssn=ERASED)
    return values, edited_since
