"""What the HMIS export needs from storage: its clients and enrollments, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Protocol

from domain.hmis_export.rows import ClientRow, EnrollmentRow


class HmisExportSource(Protocol):
    def enrollments(
        self, start: date, end: date, program_ids: tuple[int, ...]
    ) -> Iterator[EnrollmentRow]:
        """The cases of these programs whose time in them meets the period, by id."""
        ...

    def clients(
        self, start: date, end: date, program_ids: tuple[int, ...], *, with_pii: bool
    ) -> Iterator[ClientRow]:
        """The clients of those cases (merged-away records left out), by id; without
        names, SSN and date of birth unless ``with_pii``."""
        ...
