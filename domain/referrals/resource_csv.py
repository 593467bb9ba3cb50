"""The resource directory as a spreadsheet (CSV): what an agency already keeps in
Excel comes in, and goes out again in the same columns.

Reading is all or nothing: every row is checked first, and any bad row is
reported by its line in the file and its column, so nothing is half-imported.
Excel's "CSV UTF-8" starts with a byte-order mark; quoted cells may hold commas
and line breaks (an address over two lines).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from domain.common.errors import ValidationError
from domain.referrals.resources import ResourceForm, ResourceValues, validate_resource

# Column names, in the order an export writes them.
COLUMNS = (
    "organisation",
    "service",
    "categories",
    "address",
    "phone",
    "email",
    "website",
    "hours",
    "eligibility",
    "intake_notes",
    "languages",
    "active",
)
REQUIRED_COLUMNS = ("organisation", "categories")
LIST_SEPARATOR = ";"  # between categories (and languages) inside one cell
MAX_ROWS = 5000
MAX_PROBLEMS_SHOWN = 20
_YES = {"", "yes", "y", "true", "1", "active"}
_NO = {"no", "n", "false", "0", "inactive"}


@dataclass(frozen=True)
class CsvProblem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Line {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class CsvImportError(ValidationError):
    """The file cannot be imported; ``problems`` say where and why."""

    def __init__(self, problems: list[CsvProblem]):
        self.problems = list(problems)
        shown = [str(p) for p in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"…and {len(problems) - MAX_PROBLEMS_SHOWN} more.")
        super().__init__({"csv": "Nothing was imported.\n" + "\n".join(shown)})


def _text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError(
            [CsvProblem(1, "", "The file is not UTF-8 text: in Excel, save as “CSV UTF-8”.")]
        ) from None


def _active(raw: str) -> bool:
    word = raw.strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError("Write yes or no.")


def read_resources(data: bytes | str) -> list[tuple[int, ResourceValues]]:
    """Each row's checked values with the line it starts on; CsvImportError if any is bad."""
    text = _text(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CsvImportError([CsvProblem(1, "", "The file is empty.")]) from None
    except csv.Error as error:
        raise CsvImportError([CsvProblem(1, "", f"Cannot read the header: {error}.")]) from None
    names = [name.strip().casefold().replace(" ", "_") for name in header]
    problems: list[CsvProblem] = []
    unknown = [header[i] for i, n in enumerate(names) if n and n not in COLUMNS]
    if unknown:
        problems.append(
            CsvProblem(1, "", f"Unknown column(s) {', '.join(unknown)}; use {', '.join(COLUMNS)}.")
        )
    missing = [n for n in REQUIRED_COLUMNS if n not in names]
    if missing:
        problems.append(CsvProblem(1, "", f"The column(s) {', '.join(missing)} are missing."))
    if problems:
        raise CsvImportError(problems)
    rows: list[tuple[int, ResourceValues]] = []
    seen: dict[tuple[str, str], int] = {}
    line = reader.line_num + 1  # where the next record starts
    while True:
        start = line
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(CsvProblem(start, "", f"Cannot read this row: {error}."))
            break
        line = reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue  # blank lines Excel leaves at the end
        if len(rows) + len(problems) >= MAX_ROWS:
            problems.append(CsvProblem(start, "", f"Import at most {MAX_ROWS} rows at once."))
            break
        if len(cells) > len(names):
            problems.append(
                CsvProblem(
                    start, "", f"This row has {len(cells)} cells; the header has {len(names)}."
                )
            )
            continue
        row = dict(zip(names, cells, strict=False))
        try:
            active = _active(row.get("active", ""))
        except ValueError as problem:
            problems.append(CsvProblem(start, "active", str(problem)))
            continue
        form = ResourceForm(
            organisation=row.get("organisation", ""),
            service=row.get("service", ""),
            categories=tuple(row.get("categories", "").split(LIST_SEPARATOR)),
            address=row.get("address", ""),
            phone=row.get("phone", ""),
            email=row.get("email", ""),
            website=row.get("website", ""),
            hours=row.get("hours", ""),
            eligibility=row.get("eligibility", ""),
            intake_notes=row.get("intake_notes", ""),
            languages=row.get("languages", "").replace(LIST_SEPARATOR, ","),
            active=active,
        )
        try:
            values = validate_resource(form)
        except ValidationError as error:
            problems.extend(CsvProblem(start, field, msg) for field, msg in error.errors.items())
            continue
        if values.key in seen:
            problems.append(
                CsvProblem(
                    start,
                    "service",
                    f"The same organisation and service as line {seen[values.key]}.",
                )
            )
            continue
        seen[values.key] = start
        rows.append((start, values))
    if problems:
        raise CsvImportError(problems)
    if not rows:
        raise CsvImportError([CsvProblem(2, "", "The file has a header but no resources.")])
    return rows


def write_resources(resources: Iterable[ResourceValues]) -> str:
    """A CSV that read_resources reads back to the same values."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in resources:
        writer.writerow(
            (
                r.organisation,
                r.service,
                LIST_SEPARATOR.join(c.value for c in r.categories),
                r.address,
                r.phone,
                r.email,
                r.website,
                r.hours,
                r.eligibility,
                r.intake_notes,
                LIST_SEPARATOR.join(r.languages),
                "yes" if r.active else "no",
            )
        )
    return out.getvalue()


def export_bytes(resources: Iterable[ResourceValues]) -> bytes:
    """With the byte-order mark, so Excel opens accents and other scripts correctly."""
    return ("\ufeff" + write_resources(resources)).encode("utf-8")
