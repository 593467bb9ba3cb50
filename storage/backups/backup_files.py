"""The backup folder: checked copies of the embedded file, each with a small
record of its check beside it.

A copy is written as ``<name>.partial``, checked, and only then given its real
name, so a file named like a backup was checked; the record (``<name>.json``)
says what the check found. Names carry the database's own name, the local time
and the kind, e.g. ``casedesk-2026-12-05-091207-daily.sqlite3``, so that the
demo's copies and the office's can share a folder and a person can read them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from domain.backups.copies import BackupCopy, BackupFailed, BackupFolderUnreachable, BackupKind
from storage.backups.sqlite_copy import (
    PAGES_PER_STEP,
    PAUSE_BETWEEN_STEPS,
    CopyCancelled,
    check_copy,
    copy_snapshot,
)

FOLDER_NAME = "backups"
STAMP = "%Y-%m-%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{4}-\d\d-\d\d-\d{6})-(?P<kind>"
    + "|".join(kind.value for kind in BackupKind)
    + r")\.sqlite3$"
)
# Room left over on the backup drive beyond the copy itself.
SPARE_BYTES = 1 << 20
# A partial copy this old was cut off (power, a killed process): nobody finishes it.
STALE_PARTIAL_SECONDS = 3600


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _unreachable(folder: str) -> str:
    return (
        f"CaseDesk cannot reach the backup folder {folder}: is its drive connected, or the "
        "network share available?"
    )


def record_path(copy_file: Path) -> Path:
    return copy_file.with_name(copy_file.name + ".json")


class SqliteBackups:
    """The ``BackupStore`` of one embedded database file."""

    def __init__(
        self,
        database: Path,
        default_folder: Path | None = None,
        *,
        pages_per_step: int = PAGES_PER_STEP,
        pause: float = PAUSE_BETWEEN_STEPS,
    ):
        self.database = database
        self._default = default_folder or database.parent / FOLDER_NAME
        self._pages, self._pause = pages_per_step, pause
        self._stopping = threading.Event()

    def stop(self) -> None:
        """CaseDesk is closing: a copy under way stops at its next step and is deleted."""
        self._stopping.set()

    def default_folder(self) -> str:
        return str(self._default)

    def _is_default(self, folder: Path) -> bool:
        return folder == self._default

    def check_folder(self, folder: str) -> None:
        path = Path(folder)
        try:
            if self._is_default(path):
                path.mkdir(parents=True, exist_ok=True)
            elif not path.is_dir():
                raise BackupFolderUnreachable(_unreachable(folder))
            probe = path / f".casedesk-probe-{uuid.uuid4().hex}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            raise BackupFolderUnreachable(
                f"CaseDesk cannot write to the backup folder {folder}: {_reason(error)}."
            ) from None

    def copies(self, folder: str) -> list[BackupCopy]:
        path = Path(folder)
        try:
            if not path.is_dir():
                if self._is_default(path):
                    return []  # made with the first copy
                raise BackupFolderUnreachable(_unreachable(folder))
            names = [entry.name for entry in os.scandir(path)]
        except OSError as error:
            raise BackupFolderUnreachable(
                f"CaseDesk cannot read the backup folder {folder}: {_reason(error)}."
            ) from None
        found = []
        for name in names:
            match = _NAME.match(name)
            if match and match["stem"] == self.database.stem:
                copy = self._read_record(path / name, BackupKind(match["kind"]))
                if copy is not None:
                    found.append(copy)
        return sorted(found, key=lambda c: c.taken_at)

    def _read_record(self, copy_file: Path, kind: BackupKind) -> BackupCopy | None:
        """The copy as its record describes it; None when no check passed for it."""
        try:
            record = json.loads(record_path(copy_file).read_text(encoding="utf-8"))
            if record.get("integrity_check") != "ok":
                return None
            return BackupCopy(
                location=str(copy_file),
                taken_at=datetime.fromisoformat(record["taken_at"]),
                kind=kind,
                size_bytes=int(record["size_bytes"]),
                schema_revision=record.get("schema_revision"),
                row_counts={str(k): int(v) for k, v in record["row_counts"].items()},
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def make_copy(self, folder: str, kind: BackupKind, at: datetime) -> BackupCopy:
        path = Path(folder)
        self.check_folder(folder)
        local = at.astimezone()
        while True:  # two copies in one second: the second is named a second later
            final = path / f"{self.database.stem}-{local:{STAMP}}-{kind}.sqlite3"
            if not final.exists():
                break
            local += timedelta(seconds=1)
        self._sweep_partials(path)
        return self._copy_into(final, kind, at)

    def _sweep_partials(self, folder: Path) -> None:
        now = time.time()
        for partial in folder.glob(f"{self.database.stem}-*.partial"):
            try:
                if now - partial.stat().st_mtime > STALE_PARTIAL_SECONDS:
                    partial.unlink()
            except OSError:
                pass  # another copy's, or gone already

    def copy_to(self, target: Path, at: datetime) -> BackupCopy:
        """A copy at exactly ``target`` (`db backup --to FILE`), checked the same way;
        outside the backup folder, so no retention rule ever removes it."""
        if target.exists():
            raise BackupFailed(f"{target} exists already: name a new file, or a folder.")
        self.check_folder(str(target.parent))
        return self._copy_into(target, BackupKind.MANUAL, at)

    def _copy_into(self, final: Path, kind: BackupKind, at: datetime) -> BackupCopy:
        folder = final.parent
        if not self.database.is_file():
            raise BackupFailed(f"There is no database at {self.database} to back up.")
        self._check_space(folder)
        partial = final.with_name(final.name + ".partial")
        try:
            try:
                counts = copy_snapshot(
                    self.database,
                    partial,
                    pages=self._pages,
                    pause=self._pause,
                    cancelled=self._stopping.is_set,
                )
                check = check_copy(partial)
            except CopyCancelled:
                raise BackupFailed("The copy was stopped because CaseDesk was closing.") from None
            except OSError as error:
                raise BackupFailed(
                    f"The copy in {folder} could not be written: {_reason(error)}."
                ) from None
            except sqlite3.Error as error:  # the disk, or a damaged database
                raise BackupFailed(f"The database could not be copied: {error}.") from None
            if not check.intact:
                raise BackupFailed(
                    f"The copy failed SQLite's integrity check ({check.integrity}); it was "
                    "deleted. The database itself may be damaged: keep the older copies."
                )
            if check.row_counts != counts:
                differ = sorted(
                    name
                    for name in counts.keys() | check.row_counts.keys()
                    if counts.get(name) != check.row_counts.get(name)
                )
                raise BackupFailed(
                    "The copy does not hold the rows the database held when it was made "
                    f"(tables {', '.join(differ)}); it was deleted."
                )
            os.replace(partial, final)
        finally:
            partial.unlink(missing_ok=True)
        copy = BackupCopy(
            location=str(final),
            taken_at=at,
            kind=kind,
            size_bytes=final.stat().st_size,
            schema_revision=check.schema_revision,
            row_counts=check.row_counts,
        )
        try:
            self._write_record(final, copy, check.integrity)
        except OSError as error:
            self.remove(copy)
            raise BackupFailed(
                f"The record of the copy's check could not be written in {folder}: "
                f"{_reason(error)}."
            ) from None
        return copy

    def _check_space(self, folder: Path) -> None:
        needed = sum(
            p.stat().st_size
            for p in (self.database, self.database.with_name(self.database.name + "-wal"))
            if p.exists()
        )
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            return  # some network shares cannot say; the copy will tell
        if free < needed + SPARE_BYTES:
            raise BackupFailed(
                f"The backup folder {folder} has {free // (1 << 20)} MB free; a copy needs "
                f"about {needed // (1 << 20) + 1} MB. Free some space, or choose another folder."
            )

    def _write_record(self, final: Path, copy: BackupCopy, integrity: str) -> None:
        record = {
            "database": str(self.database),
            "taken_at": copy.taken_at.isoformat(),
            "kind": str(copy.kind),
            "size_bytes": copy.size_bytes,
            "schema_revision": copy.schema_revision,
            "integrity_check": integrity,
            "row_counts": copy.row_counts,
        }
        target = record_path(final)
        scratch = target.with_name(target.name + ".partial")
        scratch.write_text(json.dumps(record, indent=1), encoding="utf-8")
        os.replace(scratch, target)

    def remove(self, copy: BackupCopy) -> None:
        path = Path(copy.location)
        path.unlink(missing_ok=True)
        record_path(path).unlink(missing_ok=True)
