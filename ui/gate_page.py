"""The gate station (接领交接): camera, scanner or manual check in; verdict and record out.

Every card read, whichever way it came, goes through ``handle_code``: the verdict is shown at
once with a sound, and a release is written (all ticked siblings in one transaction) only when
the teacher confirms it, or by itself after the station's countdown when one is set. A refusal
is never confirmed by a key: only the override path with a reason, or an identity check.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.access import require_page
from core.capture import open_source
from core.handoffs import CARD, HANDHELD
from core.qr_decode import QrPipeline, RepeatFilter
from core.services import Services
from core.snapshots import snapshot_jpeg
from core.staff_types import StaffMember
from core.verdict_types import CardVerdict, HandoffResult
from ui.camera_view import CameraView
from ui.camera_worker import CameraWorker
from ui.gate_failures import log_failure, record_failure, scan_failure
from ui.gate_recent import RecentHandoffs
from ui.gate_settings import GateConfig, GateSettings, GateSettingsDialog
from ui.manual_check import ManualCheckDialog
from ui.sound import GateSounds
from ui.verdict_panel import VerdictPanel

log = logging.getLogger(__name__)

# A handheld scanner types a whole code in well under this; a pause means a person typed.
KEY_GAP_S = 0.3
RECENT_REFRESH_MS = 5000
TEXT_WIDGETS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)


@dataclass
class _Pending:
    """The verdict on screen, waiting for the teacher's confirm."""

    verdict: CardVerdict
    method: str
    snapshot: Callable[[], bytes | None]


class GatePage(QWidget):
    """The duty teacher's gate screen."""

    handoff_recorded = Signal(list)  # HandoffResult list of one release
    verdict_shown = Signal(object)  # CardVerdict

    def __init__(
        self,
        services: Services,
        member: StaffMember,
        *,
        camera: str | None = None,
        settings: GateSettings | None = None,
        sounds: GateSounds | None = None,
        opener: Callable[[Any], Any] = open_source,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        require_page(member, "gate")  # R12: no other way in for other roles
        self._services = services
        self._member = member
        self._settings = settings or GateSettings()
        self.config = self._settings.load()
        self._camera_override = camera
        self._opener = opener
        self._repeat = RepeatFilter()
        self._pipeline = QrPipeline()
        self._pending: _Pending | None = None
        self._keys: list[str] = []
        self._last_key = 0.0
        self._last_image: QImage | None = None
        self.last_scan_ms = 0.0
        self.sounds = sounds or GateSounds(self)
        self.worker: CameraWorker | None = None
        self.manual_dialog: ManualCheckDialog | None = None
        self.settings_dialog: GateSettingsDialog | None = None

        self.camera_view = CameraView(self)
        self.camera_state = QLabel()
        self.camera_state.setObjectName("summary")
        self.station_label = QLabel()
        self.station_label.setObjectName("sectionTitle")
        self.manual_button = QPushButton(self.tr("Check identity without card (F2)"))
        self.manual_button.setObjectName("primary")
        self.manual_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.manual_button.clicked.connect(self.open_manual_check)
        self.large_button = QPushButton(self.tr("Large type"))
        self.large_button.setCheckable(True)
        self.large_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.large_button.toggled.connect(self._set_large_type)
        self.settings_button = QPushButton(self.tr("Station settings…"))
        self.settings_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.settings_button.clicked.connect(self.open_settings)
        self.hint = QLabel(
            self.tr(
                "Space or Enter: confirm · F2: no card · Esc: clear · a handheld scanner works "
                "anywhere on this page"
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #4b5563;")
        self.recent = RecentHandoffs(services.handoffs, services.clock, member, self)
        self.recent.failed.connect(lambda text: self.panel.show_result(text, False))
        self.recent.undone.connect(lambda _id: self.panel.show_result(self.tr("Undone."), True))
        self.panel = VerdictPanel(self)
        self.panel.release_requested.connect(self.release)
        self.panel.override_requested.connect(self.override)
        self.panel.manual_check_requested.connect(self.open_manual_check)

        buttons = QHBoxLayout()
        buttons.addWidget(self.manual_button, 1)
        buttons.addWidget(self.large_button)
        buttons.addWidget(self.settings_button)
        left = QVBoxLayout()
        left.addWidget(self.station_label)
        left.addWidget(self.camera_view, 3)
        left.addWidget(self.camera_state)
        left.addLayout(buttons)
        left.addWidget(self.hint)
        left.addWidget(self.recent, 2)
        self.left = QWidget()
        self.left.setLayout(left)
        self.columns = QHBoxLayout(self)
        self.columns.setContentsMargins(12, 8, 12, 8)
        self.columns.addWidget(self.left, 4)
        self.columns.addWidget(self.panel, 6)

        self._key_timer = QTimer(self)
        self._key_timer.setSingleShot(True)
        self._key_timer.timeout.connect(self._keys_timed_out)
        self._recent_timer = QTimer(self)
        self._recent_timer.timeout.connect(self.recent.refresh)
        self._apply_config()
        self.recent.refresh()

    # --- the camera ---

    @property
    def camera_source(self) -> str:
        """What the camera reads: ``--camera`` when given, else this station's setting."""
        return self._camera_override or self.config.camera

    def start_camera(self) -> None:
        """Open the camera in its threads (the page stays usable without one)."""
        if self.worker is not None:
            return
        self.worker = CameraWorker(
            self.camera_source, self._pipeline.decode, self, opener=self._opener
        )
        self.camera_view.bind(self.worker)
        self.worker.frame_ready.connect(self._frame)
        self.worker.codes_decoded.connect(self._codes)
        self.worker.status_changed.connect(self._camera_status)
        self.worker.start()

    def stop_camera(self) -> None:
        """Release the camera (leaving the page, signing out, quitting)."""
        if self.worker is not None:
            self.worker.stop()
            self.worker.deleteLater()
            self.worker = None

    def _frame(self, image: QImage) -> None:
        self._last_image = image  # the snapshot of a handheld scan or a manual check

    def _codes(self, texts: list[str], frame: Any) -> None:
        for text in texts:
            self.handle_code(text, CARD, frame)

    def _camera_status(self, state: str, detail: str) -> None:
        words = {
            "starting": self.tr("Camera: starting"),
            "running": self.tr("Camera: scanning"),
            "lost": self.tr("Camera: disconnected, waiting for it to come back"),
            "no_camera": self.tr("Camera: none found; the scanner and the manual check work"),
            "ended": self.tr("Camera: the video has ended"),
            "error": self.tr("Camera: failed"),
        }
        self.camera_state.setText(words.get(state, state))

    def _warm_up(self) -> None:
        try:
            self._services.verdict.warm_up()
        except Exception as exc:  # noqa: BLE001 - the first real scan will say what is wrong
            log.warning("gate warm-up failed: %s", exc)

    # --- a card read ---

    def handle_code(self, text: str, method: str = CARD, frame: Any = None) -> CardVerdict | None:
        """Decide on a card text and show the verdict; the same card again soon is ignored."""
        text = text.strip()
        if not text or not self._repeat.fresh(text, time.monotonic()):
            return None
        started = time.perf_counter()
        try:
            verdict = self._services.verdict.scan(text, station=self.config.station_name)
        except Exception as exc:  # noqa: BLE001 - whatever failed, the gate goes on scanning
            log_failure("scan failed", exc)
            # Another adult is at the gate now: the previous verdict must not stay confirmable.
            self._pending = None
            self.panel.show_notice(*scan_failure(exc))
            self.sounds.play("refused")
            return None
        self._pending = _Pending(verdict, method, self._snapshot_source(frame))
        self.panel.show_verdict(verdict, self._services.people.photos)
        self.sounds.play("alert" if verdict.alert else "ok" if verdict.ok else "refused")
        self.last_scan_ms = (time.perf_counter() - started) * 1000
        self.verdict_shown.emit(verdict)
        return verdict

    def _snapshot_source(self, frame: Any) -> Callable[[], bytes | None]:
        image = self._last_image

        def encode() -> bytes | None:
            # Encoded only when a release is recorded: a refusal keeps no picture.
            try:
                if frame is not None:
                    return snapshot_jpeg(frame)
                return _jpeg(image) if image is not None else None
            except ValueError:
                return None

        return encode

    # --- releasing ---

    def release(self, student_ids: list[int]) -> list[HandoffResult]:
        """Record the confirmed release of the ticked children."""
        return self._record(student_ids, "")

    def override(self, student_ids: list[int], reason: str) -> list[HandoffResult]:
        """Record a release past an overridable refusal, with the teacher's reason."""
        return self._record(student_ids, reason)

    def _record(self, student_ids: list[int], reason: str) -> list[HandoffResult]:
        pending = self._pending
        if pending is None or not student_ids:
            return []
        try:
            results = self._services.handoffs.record(
                pending.verdict,
                student_ids,
                self._member,
                station=self.config.station_name,
                method=pending.method,
                reason=reason,
                snapshot=pending.snapshot(),
            )
        except Exception as exc:  # noqa: BLE001 - never "recorded" unless record() returned
            # Nothing was stored (or, if the connection died during the commit, perhaps it
            # was): say so plainly and keep the verdict on screen; a retry gives "recorded" or
            # "already handed over", never a second row.
            log_failure("handoff not recorded", exc)
            self.panel.show_result(record_failure(exc), False)
            self.sounds.play("refused")
            return []
        self._pending = None
        self.panel.show_result(self._result_text(pending.verdict, results), True)
        # The list in the next turn of the event loop: the write and the paint already took
        # their share of this one.
        QTimer.singleShot(0, self.recent.refresh)
        self.handoff_recorded.emit(results)
        return results

    def _result_text(self, verdict: CardVerdict, results: list[HandoffResult]) -> str:
        names = {c.student_id: c.name for c in verdict.children}
        done = [names[r.student_id] for r in results if r.recorded]
        gone = [r for r in results if not r.recorded]
        lines = []
        if done:
            lines.append(
                self.tr("Recorded: {names} handed to {holder}").format(
                    names="、".join(done), holder=verdict.holder.name if verdict.holder else ""
                )
            )
        for r in gone:
            lines.append(
                self.tr("{name} was already taken by {receiver} at {time} ({station})").format(
                    name=names.get(r.student_id, ""),
                    receiver=r.release.receiver_name,
                    time=f"{r.release.released_at:%H:%M}",
                    station=r.release.station,
                )
            )
        return "\n".join(lines)

    def open_manual_check(self) -> None:
        """The identity check without a card (R3): search the child, compare the adult."""
        dialog = ManualCheckDialog(
            self._services.people, self._services.verdict, self.config.station_name, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A bound method, not a lambda holding the dialog: PySide 6.11 can crash at teardown
        # when a self-deleting dialog's own signal keeps a closure over it.
        dialog.accepted.connect(self._manual_done)
        self.manual_dialog = dialog
        dialog.open()

    def _manual_done(self) -> None:
        dialog = self.manual_dialog
        if dialog is None:
            return
        verdict = dialog.chosen_verdict
        if verdict is None:
            return
        self._pending = _Pending(verdict, CARD, self._snapshot_source(None))
        self.panel.show_verdict(verdict, self._services.people.photos)
        self._record(dialog.student_ids, dialog.reason)

    # --- settings ---

    def open_settings(self) -> None:
        """The station's own settings (name, camera, countdown, large type, sound)."""
        dialog = GateSettingsDialog(self.config, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._settings_done)
        self.settings_dialog = dialog
        dialog.open()

    def _settings_done(self) -> None:
        if self.settings_dialog is not None:
            self.apply_config(self.settings_dialog.config())

    def apply_config(self, config: GateConfig) -> None:
        """Use and store new station settings; a new camera source restarts the camera."""
        camera_changed = config.camera != self.config.camera
        self.config = config
        self._settings.save(config)
        self._apply_config()
        if camera_changed and self._camera_override is None and self.worker is not None:
            self.worker.set_source(self.camera_source)

    def _apply_config(self) -> None:
        self.station_label.setText(self.tr("Station: {name}").format(name=self.config.station_name))
        self.panel.set_auto_confirm(self.config.auto_confirm_s or None)
        self.sounds.muted = self.config.muted
        self.large_button.setChecked(self.config.large_type)
        self._set_large_type(self.config.large_type)

    def _set_large_type(self, on: bool) -> None:
        # A wall screen is read from afar: the verdict takes most of the width.
        self.columns.setStretch(0, 25 if on else 40)
        self.columns.setStretch(1, 75 if on else 60)
        self.panel.set_large_type(on)
        self.hint.setVisible(not on)
        self.recent.setVisible(not on)

    # --- keys: confirm, the handheld scanner ---

    def refresh(self) -> None:
        """Called when the page is shown again."""
        self.recent.refresh()

    def live_refresh(self) -> None:
        """Another station wrote (ui.live): only the latest-handoffs list shows shared data."""
        self.recent.refresh()

    def showEvent(self, event: Any) -> None:
        """Qt override: scan only while the page is on screen."""
        super().showEvent(event)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._recent_timer.start(RECENT_REFRESH_MS)
        self.start_camera()
        QTimer.singleShot(0, self._warm_up)

    def hideEvent(self, event: Any) -> None:
        """Qt override: release the camera and the keyboard when the page is left."""
        super().hideEvent(event)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._recent_timer.stop()
        self.stop_camera()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys anywhere in this window: scanner input, confirm, F2, Esc."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self.window() or isinstance(watched, TEXT_WIDGETS):
            return False
        assert isinstance(event, QKeyEvent)
        return self.key_pressed(event)

    def key_pressed(self, event: QKeyEvent) -> bool:
        """Handle one key; True when the gate used it."""
        key, text = event.key(), event.text()
        now = time.monotonic()
        if self._keys and now - self._last_key > KEY_GAP_S:
            self._keys.clear()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._key_timer.stop()
            if self._keys:
                code = "".join(self._keys)
                self._keys.clear()
                self._repeat.forget(code)  # a deliberate second scan is a new read
                self.handle_code(code, HANDHELD, None)
            else:
                self.panel.confirm()
            return True
        if key == Qt.Key.Key_Space and not self._keys:
            self.panel.confirm()
            return True
        if key == Qt.Key.Key_F2:
            self.open_manual_check()
            return True
        if key == Qt.Key.Key_Escape:
            self._keys.clear()
            self._pending = None
            self.panel.clear()
            return True
        mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if (
            text
            and text.isprintable()
            and not text.isspace()
            and mods
            in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
        ):
            self._keys.append(text)
            self._last_key = now
            self._key_timer.start(int(KEY_GAP_S * 1000))
            return True
        return False

    def _keys_timed_out(self) -> None:
        # A single digit typed by a person (no Enter) ticks or unticks that child.
        if len(self._keys) == 1 and self._keys[0].isdigit():
            self.panel.toggle_child(int(self._keys[0]))
        self._keys.clear()


def _jpeg(image: QImage) -> bytes | None:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    ok = image.save(buffer, "JPEG", 70)
    buffer.close()
    return bytes(data.data()) if ok else None
