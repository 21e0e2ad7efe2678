"""Other stations' writes as a Qt signal, and the database's loss and return, from one thread."""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

log = logging.getLogger(__name__)

# Every started thread stays referenced until it has finished (see ui/camera_worker.py):
# destroying a running QThread aborts the process.
_THREADS: set[WatchThread] = set()


class Watcher(Protocol):
    """What the thread needs of db.changes.ChangeWatcher (built by Services.change_watcher)."""

    def current(self) -> int:
        """Read the change number now; raises ConnectionError when unreachable."""
        ...

    def wait(self, timeout: float) -> int:
        """Block until the number moves, wake() or timeout; raises ConnectionError."""
        ...

    def wake(self) -> None:
        """End a wait in progress; safe from any thread."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


def _forget_finished() -> None:
    for thread in [t for t in _THREADS if t.isFinished()]:
        _THREADS.discard(thread)


@atexit.register
def _join_at_exit() -> None:
    # The interpreter must not tear down a running thread: one whose owner was never stopped
    # (garbage not yet collected), or one stop() gave up on (stuck connecting to a dead host,
    # which ends within the connect timeout).
    threads = list(_THREADS)
    for thread in threads:
        thread.halt()
    for thread in threads:
        thread.wait(3000)


class WatchThread(QThread):
    """Waits on the watcher until halted; says when the number moved, or the database went/came."""

    moved = Signal(int)  # generation
    lost = Signal(int, str)  # generation, technical detail
    restored = Signal(int)  # generation

    def __init__(self, watcher: Watcher, generation: int, *, retry_s: float, wait_s: float) -> None:
        super().__init__()
        self.setObjectName("live-updates")  # see CaptureThread: unnamed threads crashed PySide
        self._watcher, self._generation = watcher, generation
        self._retry_s, self._wait_s = retry_s, wait_s
        self._halt = threading.Event()

    def halt(self) -> None:
        """Ask the thread to end; wakes it from a wait or a retry pause."""
        self.requestInterruption()
        self._halt.set()
        self._watcher.wake()

    def run(self) -> None:
        """Wait for changes until halted; on failure report once and retry every ``retry_s``."""
        last: int | None = None
        down = False
        try:
            while not self._halt.is_set():
                try:
                    # While down, read at once: success is what ends the outage.
                    seq = self._watcher.current() if down else self._watcher.wait(self._wait_s)
                except Exception as exc:
                    if not isinstance(exc, ConnectionError):
                        log.exception("change watcher failed")
                    if not down:
                        down = True
                        detail = str(exc) or type(exc).__name__
                        log.warning("database unreachable: %s", detail)
                        self.lost.emit(self._generation, detail)
                    self._halt.wait(self._retry_s)
                    continue
                if down:
                    down = False
                    log.info("database reachable again")
                    self.restored.emit(self._generation)
                if last is not None and seq != last:
                    self.moved.emit(self._generation)
                last = seq
        finally:
            self._watcher.close()


class LiveUpdates(QObject):
    """Tells the pages when any station (this one included) wrote, and when the database went.

    ``changed`` is coalesced: a burst of writes gives one signal, at most one per ``min_gap_ms``.
    """

    changed = Signal()
    connection_lost = Signal(str)
    connection_restored = Signal()

    def __init__(
        self,
        make_watcher: Callable[[], Watcher],
        parent: QObject | None = None,
        *,
        retry_s: float = 1.0,
        wait_s: float = 5.0,
        settle_ms: int = 100,
        min_gap_ms: int = 400,
        stop_timeout_s: float = 1.2,
    ) -> None:
        super().__init__(parent)
        self._make_watcher = make_watcher
        self._retry_s, self._wait_s = retry_s, wait_s
        self._settle_ms, self._min_gap_ms = settle_ms, min_gap_ms
        self._stop_timeout_ms = int(stop_timeout_s * 1000)
        self._thread: WatchThread | None = None
        self._finalizer: weakref.finalize[[], None] | None = None
        self._generation = 0
        self._lost = False
        self._last_emit = -1e9
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._emit_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    @property
    def lost(self) -> bool:
        """True from a failure until the database answers again."""
        return self._lost

    def is_running(self) -> bool:
        """True between start() and stop()."""
        return self._thread is not None

    def start(self) -> None:
        """Start watching; does nothing when already started."""
        if self._thread is not None:
            return
        self._generation += 1
        thread = WatchThread(
            self._make_watcher(), self._generation, retry_s=self._retry_s, wait_s=self._wait_s
        )
        thread.moved.connect(self._on_moved)
        thread.lost.connect(self._on_lost)
        thread.restored.connect(self._on_restored)
        _forget_finished()
        _THREADS.add(thread)
        self._thread = thread
        # Deleted with its window without stop() (no closeEvent): the thread must end anyway.
        # Not on the destroyed signal: that runs inside the C++ destructor.
        self._finalizer = weakref.finalize(self, thread.halt)
        thread.start(QThread.Priority.LowPriority)

    def stop(self) -> None:
        """Stop the thread and wait for it (bounded); safe to call twice."""
        thread, self._thread = self._thread, None
        self._generation += 1  # signals still queued from the old thread are ignored
        self._timer.stop()
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        if thread is None:
            return
        thread.halt()
        if not thread.wait(self._stop_timeout_ms):
            log.warning("live-updates thread did not stop in time; it ends on its own")
        _forget_finished()

    @Slot(int)
    def _on_moved(self, generation: int) -> None:
        if generation != self._generation or self._timer.isActive():
            return
        gap = self._min_gap_ms - (time.monotonic() - self._last_emit) * 1000
        self._timer.start(int(max(self._settle_ms, gap)))

    def _emit_changed(self) -> None:
        self._last_emit = time.monotonic()
        self.changed.emit()

    @Slot(int, str)
    def _on_lost(self, generation: int, detail: str) -> None:
        if generation != self._generation:
            return
        self._lost = True
        self._timer.stop()
        self.connection_lost.emit(detail)

    @Slot(int)
    def _on_restored(self, generation: int) -> None:
        if generation != self._generation:
            return
        self._lost = False
        self.connection_restored.emit()
        # Anything may have changed meanwhile: every page reloads.
        self._timer.stop()
        self._emit_changed()
