"""A merge of two records of one person, as stored: what undoing it needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class MergeRecord:
    id: int
    survivor_id: int
    merged_id: int
    reason: str
    moved_case_ids: tuple[int, ...]
    merged_at: datetime
    merged_by: str
    undone_at: datetime | None
    # Rows of other kinds moved with the person: kind -> ids (domain/clients/merge_plan.py).
    moved: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # What each group of fields the survivor took held before the merge.
    taken_before: dict[str, dict] = field(default_factory=dict)
    # The survivor's (household id, relationship) before it joined the merged one's.
    household_before: tuple[int | None, int | None] | None = None

    def moved_count(self) -> int:
        return len(self.moved_case_ids) + sum(len(ids) for ids in self.moved.values())
