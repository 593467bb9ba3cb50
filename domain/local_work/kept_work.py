"""A copy of unsaved work, kept on the workstation, and the port that keeps them.

Each editor keeps at most one copy per record it edits, named by its kind and the
record (``plan-case12``, ``intake-new3fa2``, ``assessment-client7``): opened again
for the same record, the editor finds it and offers it back. The copy holds the
form as JSON-able data (domain/local_work/form_json.py turns forms into it and
back); nothing here logs what a copy says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


class WorkKind(StrEnum):
    """Which editor a copy belongs to. (A case note's copy is a LocalDraft of its
    own, domain/notes/local_drafts.py, named ``case<id>-...``: no kind is "case".)"""

    PLAN = "plan"
    INTAKE = "intake"
    ASSESSMENT = "assessment"
    CONSENT = "consent"
    CLIENT = "client"

    @property
    def label(self) -> str:
        return {
            WorkKind.PLAN: "Service plan draft",
            WorkKind.INTAKE: "Intake",
            WorkKind.ASSESSMENT: "Assessment",
            WorkKind.CONSENT: "Consent",
            WorkKind.CLIENT: "Client details",
        }[self]


_RECORD = re.compile(r"^[A-Za-z0-9]{1,40}$")


def kept_name(kind: WorkKind, record: str) -> str:
    """The copy's name: one per kind and record, safe as a file name."""
    if not _RECORD.match(record):
        raise ValueError(f"not a record key: {record!r}")
    return f"{kind.value}-{record}"


def kind_of_name(name: str) -> WorkKind | None:
    """The kind a copy's name says, or None (a case note's draft, or not ours)."""
    prefix, dash, record = name.partition("-")
    if not dash or not _RECORD.match(record):
        return None
    try:
        return WorkKind(prefix)
    except ValueError:
        return None


@dataclass(frozen=True)
class KeptWork:
    username: str
    kind: WorkKind
    record: str  # which record the editor was for: "case12", "client7", "new3fa2"
    client_name: str  # who it is about, to say so when it is offered
    form: Mapping[str, Any]  # the editor's form, as JSON-able data
    saved_at: datetime  # UTC, when this copy was written

    @property
    def name(self) -> str:
        return kept_name(self.kind, self.record)


class Unreadable(StrEnum):
    """Why a local copy cannot be read."""

    KEY_GONE = "key gone"  # locked with a key this computer no longer has
    DAMAGED = "damaged"  # fails its own check: altered, cut short, or moved
    KEY_UNREACHABLE = "key unreachable"  # the key is there, but would not come just now


@dataclass(frozen=True)
class UnreadableDraft:
    """A local copy that could not be read; kept until the person says otherwise."""

    username: str
    key: str  # the copy's name
    reason: Unreadable

    @property
    def removable(self) -> bool:
        """Nothing will ever read it: the person may have it removed. A copy whose
        key merely did not come just now may read fine at the next sign-in."""
        return self.reason is not Unreadable.KEY_UNREACHABLE


class CopyUnreadable(Exception):
    """The copy is there but cannot be read (``reason`` says why)."""

    def __init__(self, reason: Unreadable, message: str):
        super().__init__(message)
        self.reason = reason


class LocalWorkKeeper(Protocol):
    """Copies of unsaved work on the workstation (storage/local_work/files.py)."""

    def keep(self, work: KeptWork) -> None:
        """Raises OSError when no copy could be kept (a full disk, no key)."""
        ...

    def forget(self, username: str, kind: WorkKind, record: str) -> None:
        """The copy goes (saved, or discarded); nothing if there is none."""
        ...

    def kept(self, username: str, kind: WorkKind, record: str) -> KeptWork | None:
        """This copy, None if there is none; CopyUnreadable if it cannot be read."""
        ...

    def kept_of(self, username: str, kind: WorkKind | None = None) -> list[KeptWork]:
        """This person's readable copies (of one kind), oldest first."""
        ...

    def unreadable_work_of(self, username: str) -> list[UnreadableDraft]:
        """This person's copies that cannot be read (their key gone, or damaged):
        kept until the person has them removed (``forget``, or by name)."""
        ...

    def erase(self, username: str, name: str) -> None:
        """The copy of this name goes, whatever it holds."""
        ...
