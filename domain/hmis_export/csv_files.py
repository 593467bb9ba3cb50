"""Writing the export: one zip holding each file of the FY2026 format, its header
the specification's columns in their order, its values in HUD's formats.

HUD's formats: dates yyyy-mm-dd, date-times yyyy-mm-dd hh:mm:ss (the office's
local time), codes as integers, empty for null; UTF-8 text; every file present
even when it has no rows. A row is given as column -> value; a name that is not
one of the file's columns is a programming error, never a silent extra column.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import IO

from domain.hmis_export.fy2026_columns import FILES, header


def hud_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class FileWriter:
    def __init__(self, name: str, stream: IO[str], lengths: Mapping[str, int] | None = None):
        self.name = name
        self.columns = header(name)
        self._known = frozenset(self.columns)
        self._limits = {c.name: c.length for c in FILES[name] if c.length} | dict(lengths or {})
        self._csv = csv.writer(stream, lineterminator="\r\n")
        self._csv.writerow(self.columns)
        self.rows = 0

    def write(self, row: Mapping[str, object]) -> None:
        unknown = row.keys() - self._known
        if unknown:
            raise KeyError(f"{self.name} has no column {sorted(unknown)}")
        values = []
        for column in self.columns:
            text = hud_value(row.get(column))
            limit = self._limits.get(column)
            if limit is not None and len(text) > limit:
                text = text[:limit]  # the specification's longest string
            values.append(text)
        self._csv.writerow(values)
        self.rows += 1


class HmisZip:
    """The zip being written into ``target`` (a binary file open for writing)."""

    def __init__(self, target: IO[bytes], made: datetime):
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)
        self._made = made.astimezone().timetuple()[:6]  # each file's date in the zip
        self.counts: dict[str, int] = {}

    @contextmanager
    def file(self, name: str, lengths: Mapping[str, int] | None = None):
        """``lengths``: longest strings other than the specification's (hashed values)."""
        if name not in FILES:
            raise KeyError(f"{name} is not a file of the FY2026 format")
        entry = zipfile.ZipInfo(name, date_time=self._made)
        entry.compress_type = zipfile.ZIP_DEFLATED
        with self._zip.open(entry, "w") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
            writer = FileWriter(name, text, lengths)
            yield writer
            text.flush()
            text.detach()
        self.counts[name] = writer.rows

    def empty(self, name: str) -> None:
        """A file CaseDesk holds nothing for: its header alone."""
        with self.file(name):
            pass

    def close(self) -> None:
        self._zip.close()
