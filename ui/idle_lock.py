"""Notices when nobody has touched keyboard or mouse for a while, so a shared PC can lock itself."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QObject, QTimer, Signal

# Input that shows someone is at the PC; paint, timer and focus events do not.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)
MAX_CHECK_MS = 1000


class IdleLock(QObject):
    """An application-wide event filter that emits ``idle_timeout`` after the idle time.

    Real (monotonic) time is right here, not the school's clock: a simulated clock must not
    make the screen lock sooner or later than the person at the PC expects.
    """

    idle_timeout = Signal()

    def __init__(self, app: QCoreApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._timeout_ms = 5 * 60_000
        self._since_input = QElapsedTimer()
        self._check = QTimer(self)
        self._check.timeout.connect(self._check_idle)
        self._running = False

    @property
    def timeout_ms(self) -> int:
        """The idle time before ``idle_timeout``, in milliseconds."""
        return self._timeout_ms

    @property
    def running(self) -> bool:
        """True while idle time is being watched (someone is signed in)."""
        return self._running

    def set_minutes(self, minutes: int) -> None:
        """Lock after this many minutes without input."""
        self.set_timeout_ms(minutes * 60_000)

    def set_timeout_ms(self, ms: int) -> None:
        """Lock after this many milliseconds without input (tests use a tiny value)."""
        self._timeout_ms = max(1, ms)
        self._check.setInterval(max(5, min(MAX_CHECK_MS, self._timeout_ms // 4)))

    def start(self) -> None:
        """Start watching; the idle time counts from now."""
        self._since_input.start()
        if not self._running:
            self._app.installEventFilter(self)
            self._running = True
        self._check.setInterval(max(5, min(MAX_CHECK_MS, self._timeout_ms // 4)))
        self._check.start()

    def stop(self) -> None:
        """Stop watching (signed out, or the window closes)."""
        self._check.stop()
        if self._running:
            self._app.removeEventFilter(self)
            self._running = False

    def idle_ms(self) -> int:
        """Milliseconds since the last input (0 when not watching)."""
        return self._since_input.elapsed() if self._running else 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: any input restarts the idle time; the event goes on unchanged."""
        if event.type() in INPUT_EVENTS:
            self._since_input.restart()
        return False

    def _check_idle(self) -> None:
        if self._since_input.elapsed() >= self._timeout_ms:
            self.stop()
            self.idle_timeout.emit()
