"""What an export reads from storage: one row per client and per case (enrollment)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class ClientRow:
    """A client in the export, with HUD's codes as stored. Names, SSN and date of
    birth are None when the export leaves them out (and when never recorded)."""

    id: int
    first_name: str | None
    middle_name: str | None
    last_name: str | None
    suffix: str | None
    name_order: str | None
    name_quality: int
    ssn: str | None
    ssn_quality: int
    date_of_birth: date | None
    dob_quality: int
    sex: int
    race: frozenset[int]  # 3.04's codes; {8}, {9} or {99} alone when no race is given
    veteran_status: int
    disabling_condition: int
    created_at: datetime
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True, slots=True)
class EnrollmentRow:
    """A case in the export: an enrollment in its program's project."""

    id: int
    client_id: int
    program_id: int
    opened_on: date
    closed_on: date | None
    relationship_to_head: int | None
    # The head of household's case this one shares a household with (None: its own).
    head_case_id: int | None
    exit_destination: int | None
    exit_destination_subsidy: int | None
    exit_destination_other: str | None
    created_at: datetime
    updated_at: datetime
    updated_by: str

    @property
    def household_case_id(self) -> int:
        return self.head_case_id or self.id
