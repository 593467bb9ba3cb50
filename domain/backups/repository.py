"""What backups need from storage: a folder of checked copies of the embedded file."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.backups.copies import BackupCopy, BackupKind


class BackupStore(Protocol):
    def default_folder(self) -> str:
        """Where copies go until an administrator chooses a folder: the data folder's backups/."""
        ...

    def check_folder(self, folder: str) -> None:
        """``BackupFolderUnreachable`` unless copies can be written there (it is created)."""
        ...

    def copies(self, folder: str) -> list[BackupCopy]:
        """The checked copies of this database in ``folder``; ``BackupFolderUnreachable``."""
        ...

    def make_copy(self, folder: str, kind: BackupKind, at: datetime) -> BackupCopy:
        """Copy the database while it is in use, check the copy, and return it.

        Takes as long as the copy does; ``BackupFolderUnreachable`` or ``BackupFailed``
        (nothing unchecked is left behind).
        """
        ...

    def remove(self, copy: BackupCopy) -> None: ...

    def stop(self) -> None:
        """CaseDesk is closing: a copy under way stops soon and leaves nothing behind."""
        ...
