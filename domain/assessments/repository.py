"""What assessments need from storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.assessments.assessment import Assessment, AssessmentValues


class AssessmentRepository(Protocol):
    def add(
        self,
        client_id: int,
        case_id: int | None,
        values: AssessmentValues,
        *,
        by: str,
        at: datetime,
    ) -> int: ...

    def for_client(self, client_id: int) -> list[Assessment]:
        """Newest first."""
        ...
