"""A slow server, for real: a service whose named calls wait before calling the
real one through (nothing of the database is faked), and a probe of the UI
thread that measures its longest stall meanwhile.

Also the embedded database out of reach, for real: its file replaced by a folder,
so SQLite cannot open it, and put back."""

from __future__ import annotations

import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QTimer

# Long enough that nobody could mistake it for an answer; the test releases it.
SLOW_SECONDS = 8.0


class SlowService:
    """The real service; each call named in ``slow`` first waits (up to
    ``seconds``, or until ``release()``), then calls the real one."""

    def __init__(self, real, *slow: str, seconds: float = SLOW_SECONDS):
        self._real, self._slow, self._seconds = real, set(slow), seconds
        self._released = threading.Event()
        self.started = threading.Event()
        self.finished = threading.Event()
        self.calls = 0

    def release(self) -> None:
        self._released.set()

    def __getattr__(self, name: str):
        real = getattr(self._real, name)
        if name not in self._slow:
            return real

        def slowly(*args, **kwargs):
            self.calls += 1
            self.started.set()
            self._released.wait(self._seconds)
            try:
                return real(*args, **kwargs)
            finally:
                self.finished.set()

        return slowly


class SlowServices:
    """A Services whose one feature service is slow; the rest as they are."""

    def __init__(self, services, feature: str, slow: SlowService):
        self._services, self._feature, self._slow = services, feature, slow

    def __getattr__(self, name: str):
        return self._slow if name == self._feature else getattr(self._services, name)


class StallProbe:
    """Ticks every few milliseconds on the UI thread; ``longest_ms`` is the
    longest the event loop went without turning."""

    def __init__(self, every_ms: int = 5):
        self._timer = QTimer()
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(self._tick)
        self._last: float | None = None
        self.longest_ms = 0.0
        self.ticks = 0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.longest_ms = max(self.longest_ms, (now - self._last) * 1000)
        self._last = now
        self.ticks += 1

    def start(self) -> StallProbe:
        self._last = None
        self._timer.start()
        return self

    def stop(self) -> None:
        self._timer.stop()

    @contextmanager
    def paused(self):
        """Not measured: what the test itself does on the UI thread (a screenshot)."""
        self._timer.stop()
        try:
            yield
        finally:
            self._last = None
            self._timer.start()


@contextmanager
def database_out_of_reach(engine):
    """The embedded file cannot be opened (a folder stands in its place) until the
    block ends; connections already open are closed first."""
    path = Path(engine.url.database)
    engine.dispose()
    aside = path.with_name(path.name + ".aside")
    path.rename(aside)
    path.mkdir()
    try:
        yield
    finally:
        engine.dispose()
        shutil.rmtree(path)
        aside.rename(path)
