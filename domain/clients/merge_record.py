"""A merge of two records of one person, as stored: what undoing it needs."""

from __future__ import annotations

from dataclasses import dataclass
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
