"""Copies written for the system's own viewer, removed again afterwards.

"Open in its own viewer" writes the file to a folder of this session's in the
temporary folder (readable by this user only) and hands it to the operating
system. CaseDesk cannot know when that viewer is done, so the copies go when
the record's window closes and when CaseDesk exits; a copy still held open
(Windows refuses to delete it) is tried again then, and whatever a crash left
behind is removed the next time a copy is made. No copy is written anywhere
else.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

PREFIX = "casedesk-open-"
# A folder of another session this old is left over from a crash.
STALE_SECONDS = 12 * 3600


class TemporaryCopies:
    """Plain Python (no Qt): copies may be written on the runner's worker."""

    def __init__(self, root: Path | None = None):
        self._root = Path(root) if root else Path(tempfile.gettempdir())
        self._folder: Path | None = None
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path | None:
        return self._folder

    def write(self, name: str, content: bytes) -> Path:
        """A copy named ``name`` (made unique), readable by this user only."""
        with self._lock:
            if self._folder is None or not self._folder.exists():
                self._sweep_stale()
                # mkdtemp makes the folder for this user alone (0700 where that means anything).
                self._folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=self._root))
            target = self._folder / name
            stem, suffix = target.stem, target.suffix
            number = 1
            while target.exists():
                number += 1
                target = self._folder / f"{stem} ({number}){suffix}"
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                out.write(content)
            return target

    def remove_all(self) -> bool:
        """Remove every copy; False when some are still held open (tried again later)."""
        with self._lock:
            folder = self._folder
            if folder is None:
                return True
            shutil.rmtree(folder, ignore_errors=True)
            if folder.exists():
                return False
            self._folder = None
            return True

    def _sweep_stale(self) -> None:
        now = time.time()
        for old in self._root.glob(f"{PREFIX}*"):
            with contextlib.suppress(OSError):
                if old.is_dir() and now - old.stat().st_mtime > STALE_SECONDS:
                    shutil.rmtree(old, ignore_errors=True)
