"""The one background runner: service calls run off the UI thread.

Worker threads never touch Qt: they put each result on a plain thread-safe
queue, and a timer on the UI thread collects them, so callbacks always run on
the UI thread. (A Python thread emitting a Qt signal holds the GIL inside Qt's
locks; if the UI thread is meanwhile destroying an object whose connection it
must release under the GIL, both wait forever. The queue cannot deadlock.)
A job can be cancelled, and a callback whose owner widget has been deleted is
dropped instead of touching a dead object.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from domain.common.errors import SessionEnded

log = logging.getLogger(__name__)

# How often the UI thread collects finished work while any is pending: well
# under a frame, and idle otherwise.
COLLECT_EVERY_MS = 8


@dataclass(eq=False)
class Job:
    on_success: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None
    cancelled: bool = field(default=False)

    def cancel(self) -> None:
        self.cancelled = True


class BackgroundRunner(QObject):
    """Runs callables on worker threads and reports back on the UI thread.

    One worker by default: calls then run in the order they were submitted, so a
    save is always seen by the refresh submitted after it.
    """

    # An error nobody asked to handle; the main window presents it.
    failed = Signal(object)
    # Any call found the account deactivated: the session must end, whoever asked.
    session_ended = Signal()
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, workers: int = 1):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="casedesk-db")
        self._pending = 0
        self._results: queue.SimpleQueue[tuple[Job, bool, Any]] = queue.SimpleQueue()
        self._collector = QTimer(self)
        self._collector.setInterval(COLLECT_EVERY_MS)
        self._collector.timeout.connect(self._collect)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> Job:
        job = Job(on_success=on_success, on_error=on_error, owner=owner)

        def work() -> None:
            try:
                result = fn(*args)
            except BaseException as error:  # handed to the UI thread, never lost
                self._results.put((job, False, error))
            else:
                self._results.put((job, True, result))

        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
            self._collector.start()
        self._pool.submit(work)
        return job

    def _collect(self) -> None:
        while True:
            try:
                job, ok, payload = self._results.get_nowait()
            except queue.Empty:
                return
            self._deliver(job, ok, payload)

    def _deliver(self, job: Job, ok: bool, payload: Any) -> None:
        self._pending -= 1
        if self._pending == 0:
            self._collector.stop()
            self.busy_changed.emit(False)
        if not ok and isinstance(payload, SessionEnded):
            self.session_ended.emit()
        if job.cancelled or (job.owner is not None and not shiboken6.isValid(job.owner)):
            return
        if ok:
            if job.on_success is not None:
                job.on_success(payload)
        elif job.on_error is not None:
            job.on_error(payload)
        else:
            self.failed.emit(payload)

    def shutdown(self) -> None:
        """Finish the job under way (a save is never cut off) and drop the queued ones."""
        self._pool.shutdown(wait=True, cancel_futures=True)
