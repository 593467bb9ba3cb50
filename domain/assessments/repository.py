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
        request_id: str | None = None,
    ) -> int:
        """The assessment and its scores; ``request_id`` stored with it, once
        (domain/common/saving.py)."""
        ...

    def for_request(self, request_id: str) -> Assessment | None:
        """The assessment a save with this request id made, if any."""
        ...

    def for_client(self, client_id: int) -> list[Assessment]:
        """Newest first."""
        ...
