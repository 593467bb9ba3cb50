"""The one background runner: service calls run off the UI thread.

Worker threads never touch Qt: they put each result on a plain thread-safe
queue, and a timer on the UI thread collects them, so callbacks always run on
the UI thread. (A Python thread emitting a Qt signal holds the GIL inside Qt's
locks; if the UI thread is meanwhile destroying an object whose connection it
must release under the GIL, both wait forever. The queue cannot deadlock.)
A job can be cancelled, and a callback whose owner widget has been deleted is
dropped instead of touching a dead object.

Waiting is seen: each job knows the window it was asked for from (its owner's),
and a busy indicator of that window (gui/common/busy_indicator.py) shows, once a
job has been waited on for a moment, what is awaited and a Cancel button. Cancel
(``stop_waiting``) hands the job's error callback a ``StoppedWaiting`` at once, so
the window takes its controls back, and drops whatever the job answers later.
The worker itself is not interrupted (Python cannot stop a thread): a call stuck
on the network ends when the database's own timeouts end it.
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from domain.common.errors import CaseDeskError, SessionEnded

log = logging.getLogger(__name__)

# How often the UI thread collects finished work while any is pending: well
# under a frame, and idle otherwise.
COLLECT_EVERY_MS = 8


class Wait(Enum):
    """What a person waiting on a job is waiting for: what Cancel means to them."""

    READ = "read"  # something to show
    SAVE = "save"  # a change; what was typed stays in the window
    SAVE_KEPT = "save kept"  # a change whose work is also kept on this computer
    QUIET = "quiet"  # nobody waits on it (a check while typing): no indicator


STOPPED_SAVE_KEPT = (
    "Stopped waiting. If the save reached the server it will show when you refresh; "
    "your work is kept on this computer."
)
STOPPED_SAVE = (
    "Stopped waiting. If the save reached the server it will show when you refresh; "
    "what you typed is still in this window."
)
STOPPED_READ = (
    "Stopped waiting for the server. What this window shows may be out of date; "
    "refresh or try again in a moment."
)


class StoppedWaiting(CaseDeskError):
    """The person pressed Cancel while a job was under way: its answer, when it
    comes, is dropped. The job itself may still finish on the server."""

    def __init__(self, wait: Wait):
        self.wait = wait
        super().__init__(
            {Wait.SAVE_KEPT: STOPPED_SAVE_KEPT, Wait.SAVE: STOPPED_SAVE}.get(wait, STOPPED_READ)
        )


@dataclass(eq=False)
class Job:
    on_success: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None
    cancelled: bool = field(default=False)
    wait: Wait = Wait.READ
    what: str = ""  # what is awaited, in the person's words ("Saving the plan")
    submitted_at: float = field(default_factory=time.monotonic)
    delivered: bool = False

    def cancel(self) -> None:
        """Drop the answer, quietly (the caller asked something newer instead)."""
        self.cancelled = True

    @property
    def owner_gone(self) -> bool:
        return self.owner is not None and not shiboken6.isValid(self.owner)

    @property
    def waiting(self) -> bool:
        """Someone still waits on it: neither answered, nor cancelled, nor its owner gone."""
        return not (self.cancelled or self.delivered or self.owner_gone)

    @property
    def window(self) -> QWidget | None:
        """The window it was asked for from, as that window is now (None: no owner)."""
        owner = self.owner
        if isinstance(owner, QWidget) and shiboken6.isValid(owner):
            return owner.window()
        return None

    def waited_ms(self) -> float:
        return (time.monotonic() - self.submitted_at) * 1000


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
    # A job started or stopped being waited on (delivered or cancelled).
    waiting_changed = Signal()

    def __init__(self, parent: QObject | None = None, workers: int = 1):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="casedesk-db")
        self._pending = 0
        self._waiting: list[Job] = []
        self._indicated: dict[int, QObject] = {}  # window id -> its busy indicator
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
        wait: Wait = Wait.READ,
        what: str = "",
    ) -> Job:
        job = Job(on_success=on_success, on_error=on_error, owner=owner, wait=wait, what=what)

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
        if wait is not Wait.QUIET:
            self._waiting.append(job)
            self.waiting_changed.emit()
        return job

    # --- waiting, seen and stopped ---------------------------------------------

    def waiting_jobs(self) -> list[Job]:
        """The jobs someone is waiting on, oldest first."""
        self._waiting = [job for job in self._waiting if job.waiting]
        return list(self._waiting)

    def stop_waiting(self, job: Job) -> None:
        """Cancel, as the person pressed it: the job's error callback hears
        ``StoppedWaiting`` now (so the window gives its controls back, its form as
        it was), and the job's own answer is dropped when it comes."""
        if not job.waiting:
            return
        job.cancelled = True
        self.waiting_changed.emit()
        if job.on_error is not None:
            job.on_error(StoppedWaiting(job.wait))

    def register_indicator(self, window: QWidget, indicator: QObject) -> None:
        """``indicator`` shows the waiting of the jobs asked for from ``window``."""
        key = id(window)
        self._indicated[key] = indicator

        def gone(_object=None) -> None:
            if self._indicated.get(key) is indicator:
                del self._indicated[key]

        indicator.destroyed.connect(gone)

    def indicator_of(self, window: QWidget | None) -> QObject | None:
        found = self._indicated.get(id(window)) if window is not None else None
        return found if found is not None and shiboken6.isValid(found) else None

    def _collect(self) -> None:
        while True:
            try:
                job, ok, payload = self._results.get_nowait()
            except queue.Empty:
                return
            self._deliver(job, ok, payload)

    def _deliver(self, job: Job, ok: bool, payload: Any) -> None:
        self._pending -= 1
        was_waiting = job.waiting and job.wait is not Wait.QUIET
        job.delivered = True
        if was_waiting:
            self.waiting_changed.emit()
        if self._pending == 0:
            self._collector.stop()
            self.busy_changed.emit(False)
        if not ok and isinstance(payload, SessionEnded):
            self.session_ended.emit()
        if job.cancelled or job.owner_gone:
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
