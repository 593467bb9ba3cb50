"""The thread a change feed runs on: started with the two callbacks, stopped on sign-out."""

from __future__ import annotations

import threading
from collections.abc import Callable

from domain.live.changes import ChangeBatch, FeedState


class FeedThread:
    """Subclasses define ``_run(deliver, report)`` and return when ``_stopped`` is set."""

    def __init__(self) -> None:
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(
        self, deliver: Callable[[ChangeBatch], None], report: Callable[[FeedState], None]
    ) -> None:
        self._thread = threading.Thread(
            target=self._run, args=(deliver, report), name="casedesk-changes", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self, deliver, report) -> None:
        raise NotImplementedError
