"""Changes made at other desks, brought to the GUI thread and batched.

The feed (storage/live) calls back on its own thread; the signal carries each
batch to the GUI thread, where batches arriving within 200 ms are combined, so
a bulk reassignment of 40 cases refreshes each view once. Views that want live
updates define ``changes_arrived(batch)`` and re-read through their services.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from domain.live.changes import ChangeBatch, ChangeFeed, FeedState

COALESCE_MS = 200


class LiveUpdates(QObject):
    arrived = Signal(object)  # a ChangeBatch, from the feed's thread
    reported = Signal(object)  # a FeedState, from the feed's thread
    changed = Signal(object)  # combined ChangeBatch, on the GUI thread
    state_changed = Signal(object)  # FeedState, on the GUI thread

    def __init__(self, feed: ChangeFeed | None, parent: QObject | None = None):
        super().__init__(parent)
        self._feed = feed
        self._pending: list[ChangeBatch] = []
        self.state = FeedState.STOPPED
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COALESCE_MS)
        self._timer.timeout.connect(self._flush)
        self.arrived.connect(self._queue)
        self.reported.connect(self._report)
        self._started = False

    def start(self) -> None:
        if self._feed is not None and not self._started:
            self._started = True
            self._feed.start(self.arrived.emit, self.reported.emit)

    def stop(self) -> None:
        if self._feed is not None and self._started:
            self._started = False
            self._feed.stop()

    def _queue(self, batch: ChangeBatch) -> None:
        self._pending.append(batch)
        if not self._timer.isActive():
            self._timer.start()

    def _flush(self) -> None:
        batch, self._pending = ChangeBatch.combined(self._pending), []
        self.changed.emit(batch)

    def _report(self, state: FeedState) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)


def state_text(state: FeedState) -> str:
    return {
        FeedState.LIVE: "Live updates on",
        FeedState.WATCHING: "Live updates on (this computer's database)",
        FeedState.RECONNECTING: "Live updates reconnecting…",
        FeedState.STOPPED: "Live updates off",
    }[state]
