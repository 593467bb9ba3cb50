"""What a window is waiting for, and a way to stop waiting.

Each window that asks the background runner for something shows, once it has
waited ``SHOW_AFTER_MS``, a small bar: a moving progress bar, what is awaited
("Saving the service plan… 3 s") and Stop waiting, which stops waiting for every job
of that window (``BackgroundRunner.stop_waiting``): the window gets its controls
back with its form as it was, the answer is dropped when it comes, and the bar
says plainly what that means until it is dismissed or the next wait begins.

The main window's indicator (in its status bar) also shows jobs asked for with
no window, and gives a window that has no indicator of its own a floating one,
at its bottom edge, the first time that window waits: so every window shows
its waiting, however it was built.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from gui.common.runner import BackgroundRunner, Job, StoppedWaiting, Wait

SHOW_AFTER_MS = 400  # a quick answer shows nothing; a slow one is seen well within 1 s
TICK_MS = 100
SAY_SECONDS_AFTER = 2  # "… 3 s" once the wait is long enough to wonder about
STOPPED_SHOWN_MS = 20_000  # the "stopped waiting" sentence, unless dismissed earlier


class BusyIndicator(QFrame):
    """Waiting for the jobs of ``window``; with ``catch_all`` also for jobs of no
    window and of windows without an indicator of their own. ``floating``: over the
    window's bottom edge, in no layout; ``one_line``: never wraps (a status bar)."""

    stopped = Signal(object)  # the StoppedWaiting the person was told

    def __init__(
        self,
        runner: BackgroundRunner,
        window: QWidget,
        parent: QWidget | None = None,
        *,
        catch_all: bool = False,
        floating: bool = False,
        one_line: bool = False,
    ):
        super().__init__(parent if parent is not None else window)
        self.setObjectName("busy_indicator")
        self._runner, self._window, self._catch_all = runner, window, catch_all
        self._floating = floating
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # moving: how long it takes is not known
        self.bar.setTextVisible(False)
        self.bar.setFixedSize(60, 10)
        self.label = QLabel(self)
        self.label.setObjectName("busy_text")
        self.label.setWordWrap(not one_line)  # a status bar stays one line high
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # Not "Cancel": the form beside it has a Cancel of its own that means "discard".
        self.cancel_button = QPushButton(self.tr("Stop waiting"), self)
        self.cancel_button.setObjectName("stop_waiting")
        self.cancel_button.setToolTip(self.tr("Stop waiting for the server"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.dismiss_button = QPushButton(self.tr("OK"), self)
        self.dismiss_button.setObjectName("dismiss_stopped")
        self.dismiss_button.setAutoDefault(False)
        self.dismiss_button.clicked.connect(self._dismiss)
        for button in (self.cancel_button, self.dismiss_button):
            # A click leaves the focus where the person was typing; Tab still reaches them.
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._focus_before: QWidget | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.dismiss_button)
        if floating:
            self.setFrameShape(QFrame.Shape.StyledPanel)
            self.setAutoFillBackground(True)
            self.setStyleSheet(
                "#busy_indicator { background: palette(window); border: 1px solid palette(mid); }"
            )
            window.installEventFilter(self)
        self.hide()
        self.stopped_text = ""
        self._cancelling = False
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._update)
        self._forget_stopped = QTimer(self)
        self._forget_stopped.setSingleShot(True)
        self._forget_stopped.setInterval(STOPPED_SHOWN_MS)
        self._forget_stopped.timeout.connect(self._dismiss)
        runner.register_indicator(window, self)
        runner.waiting_changed.connect(self._waiting_changed)
        self._waiting_changed()

    # --- whose jobs ---------------------------------------------------------------

    def jobs(self) -> list[Job]:
        """The jobs this indicator shows, oldest first."""
        return [job for job in self._runner.waiting_jobs() if self._shows(job)]

    def _shows(self, job: Job) -> bool:
        window = job.window
        if window is self._window:
            return True
        if not self._catch_all:
            return False
        if window is None:
            return True  # asked for with no window at all
        return self._runner.indicator_of(window) is None

    @property
    def waiting(self) -> bool:
        return self.isVisible() and self.cancel_button.isVisible()

    # --- showing ----------------------------------------------------------------

    def _waiting_changed(self) -> None:
        if self._cancelling:
            return
        if self.jobs():
            if not self._tick.isActive():
                self._tick.start()
            self._update()
        else:
            self._tick.stop()
            if not self.stopped_text:
                self.hide()
            else:
                self._show_stopped()

    def _update(self) -> None:
        jobs = self.jobs()
        if not jobs:
            self._waiting_changed()
            return
        oldest = jobs[0]
        waited = oldest.waited_ms()
        if waited < SHOW_AFTER_MS:
            return
        if self._catch_all:
            self._hand_to_own_windows(jobs)
            jobs = self.jobs()
            if not jobs:
                self._waiting_changed()
                return
            oldest = jobs[0]
        what = oldest.what or self.tr("Waiting for the server…")
        seconds = int(waited // 1000)
        text = what if seconds < SAY_SECONDS_AFTER else f"{what} {seconds} s"
        if len(jobs) > 1:
            text += " " + self.tr("({0} requests)").format(len(jobs))
        self.stopped_text = ""
        self._forget_stopped.stop()
        self.label.setText(text)
        self.bar.show()
        self.cancel_button.show()
        self.dismiss_button.hide()
        self._appear()

    def _hand_to_own_windows(self, jobs: list[Job]) -> None:
        """A window without an indicator, waiting, gets a floating one of its own."""
        for job in jobs:
            window = job.window
            if (
                window is not None
                and window is not self._window
                and window.isVisible()
                and self._runner.indicator_of(window) is None
            ):
                BusyIndicator(self._runner, window, floating=True)._update()

    def _appear(self) -> None:
        focused = QApplication.focusWidget()
        if focused is not None and focused is not self and not self.isAncestorOf(focused):
            self._focus_before = focused
        if self._floating:
            self._place()
            self.raise_()
        self.show()

    def _show_stopped(self) -> None:
        self.label.setText(self.stopped_text)
        self.bar.hide()
        self.dismiss_button.show()  # before Cancel goes, so a focus there has a place
        self.cancel_button.hide()
        self._appear()
        self._forget_stopped.start()

    def _dismiss(self) -> None:
        self.stopped_text = ""
        self._forget_stopped.stop()
        if self.jobs():
            self._update()
        else:
            self._give_focus_back()
            self.hide()

    def _give_focus_back(self) -> None:
        """A button of the bar about to hide has the focus (Tab took it there): back
        to where the person was, without selecting what they typed."""
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            return
        before = self._focus_before
        if before is not None and shiboken6.isValid(before) and before.isEnabled():
            before.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- stopping -----------------------------------------------------------------

    def cancel(self) -> None:
        """Stop waiting for every job of this window, and say what that means."""
        jobs = self.jobs()
        if not jobs:
            return
        waits = {job.wait for job in jobs}
        kind = next(
            (wait for wait in (Wait.SAVE_KEPT, Wait.SAVE) if wait in waits),
            Wait.READ,
        )
        told = StoppedWaiting(kind)
        self._tick.stop()
        self._cancelling = True  # each job stopped says so: not a new wait to show
        try:
            for job in jobs:
                self._runner.stop_waiting(job)
        finally:
            self._cancelling = False
        self.stopped_text = self.tr(str(told))
        tabbed_here = QApplication.focusWidget() is self.cancel_button
        self._show_stopped()
        if tabbed_here:  # the keyboard's place moves to OK, not into the form
            self.dismiss_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.jobs():  # asked for by a window told it stopped waiting: shown in turn
            self._tick.start()
        self.stopped.emit(told)

    # --- floating at the window's bottom edge ----------------------------------------

    def _place(self) -> None:
        width = min(max(self._window.width() - 16, 200), 560)
        self.setFixedWidth(width)
        self.adjustSize()
        self.move(8, self._window.height() - self.height() - 8)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return super().eventFilter(watched, event)
