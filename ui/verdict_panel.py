"""The verdict screen at the gate: the children who may go in green, or an unmissable refusal."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.verdict_types import CARD_CODES, RESTRICTED, CardVerdict, ChildVerdict
from ui import verdict_words as words
from ui.verdict_override import OverrideDialog
from ui.verdict_rows import (
    ChildRow,
    HolderCard,
    PhotoSource,
    VerdictBand,
    child_photo_size,
    load_photos,
    repolish,
)
from ui.verdict_style import verdict_stylesheet

__all__ = ["PhotoSource", "VerdictPanel"]

LARGE_SCALE = 1.5
CONFIRM_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class VerdictPanel(QWidget):
    """Shows one verdict; Space/Enter hands over the ticked children, and only on an OK.

    A refusal is never released by the confirm key: a refusal a teacher may pass with a reason
    offers "Release with reason…"; a refused card offers the identity check without a card;
    a do-not-release hit offers nothing and flashes until cleared.
    """

    release_requested = Signal(list)  # student ids
    override_requested = Signal(list, str)  # student ids, reason
    manual_check_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, embedded: bool = False) -> None:
        super().__init__(parent)
        self._embedded = embedded  # inside the identity-check dialog: display only
        # The identity-check dialog must fit a 768-pixel-high screen with its reason box.
        self._base = 0.85 if embedded else 1.0
        self._scale = self._base
        self._verdict: CardVerdict | None = None
        self._images: dict[tuple[str, int], bytes] = {}
        self._ticks: dict[int, bool] = {}
        self._pending = False  # release or override emitted, waiting for show_result
        self._done = False  # recorded: the same verdict is not released twice
        self._auto: int | None = None
        self._left = 0
        self.rows: list[ChildRow] = []
        self.override_dialog: OverrideDialog | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._count_down)

        self.frame = QFrame()
        self.frame.setObjectName("verdictFrame")
        self.band = VerdictBand()

        self.holder = HolderCard()
        self.children_box = QWidget()
        self.children_box.setObjectName("childrenBox")
        self.children_layout = QVBoxLayout(self.children_box)
        self.children_layout.setContentsMargins(0, 0, 0, 0)
        self.children_layout.setSpacing(8)
        self.children_scroll = QScrollArea()
        self.children_scroll.setWidgetResizable(True)
        self.children_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.children_scroll.viewport().setAutoFillBackground(False)
        self.children_scroll.setWidget(self.children_box)
        self.children_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.body = QWidget()
        body_layout = QHBoxLayout(self.body)
        body_layout.setContentsMargins(14, 12, 14, 4)
        body_layout.setSpacing(14)
        body_layout.addWidget(self.holder, 0, Qt.AlignmentFlag.AlignTop)
        body_layout.addWidget(self.children_scroll, 1)

        self.idle_hint = QLabel()
        self.idle_hint.setObjectName("idleHint")
        self.idle_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_label = QLabel()
        self.result_label.setObjectName("resultBar")
        self.result_label.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setObjectName("panelHint")
        self.hint.setWordWrap(True)
        self.override_button = self._button(self.tr("Release with reason…"), self.open_override)
        self.manual_button = self._button(
            self.tr("Check identity without card"), self._manual_clicked
        )
        self.confirm_button = self._button(self.tr("Release (Space)"), self.confirm)
        self.confirm_button.setObjectName("confirmButton")
        footer = QHBoxLayout()
        footer.setContentsMargins(14, 4, 14, 12)
        footer.addWidget(self.hint, 1)
        for button in (self.override_button, self.manual_button, self.confirm_button):
            footer.addWidget(button)
        self.footer = QWidget()
        self.footer.setLayout(footer)

        frame_layout = QVBoxLayout(self.frame)
        frame_layout.setContentsMargins(0, 0, 0, 0)
        frame_layout.setSpacing(0)
        frame_layout.addWidget(self.band)
        frame_layout.addWidget(self.body, 1)
        frame_layout.addWidget(self.idle_hint, 1)
        result_row = QHBoxLayout()
        result_row.setContentsMargins(14, 4, 14, 4)
        result_row.addWidget(self.result_label)
        frame_layout.addLayout(result_row)
        frame_layout.addWidget(self.footer)
        # Only once it has a parent: showing a parentless widget opens a window of its own.
        self.footer.setVisible(not embedded)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.frame)
        self.setStyleSheet(verdict_stylesheet(self._scale))
        self.clear()

    # --- what the page calls ---------------------------------------------------------------

    @property
    def verdict(self) -> CardVerdict | None:
        """The verdict on screen, or None when idle."""
        return self._verdict

    def show_verdict(self, verdict: CardVerdict, photos: PhotoSource) -> None:
        """Show a fresh verdict: OK children ticked, refusals explained, the photos loaded."""
        self._close_override()
        self._verdict = verdict
        self._images = load_photos(verdict, photos)
        self._ticks = {c.student_id: True for c in verdict.children if c.ok}
        self._pending = self._done = False
        self.result_label.setVisible(False)
        self._render()
        self._start_countdown()

    def show_notice(self, headline: str, detail: str, *, ok: bool = False) -> None:
        """A band with words of the page's own (no verdict, nothing to confirm)."""
        self.clear()
        self.band.show_state("ok" if ok else "refused", headline, detail)
        self.idle_hint.setText("")

    def clear(self) -> None:
        """Back to waiting for the next card."""
        self._stop_timers()
        self._close_override()
        self._verdict = None
        self._images = {}
        self._ticks = {}
        self._pending = self._done = False
        self._set_rows([])
        self._set_band("idle", words.idle_headline(), words.idle_detail())
        keys = self.tr("Space or Enter confirms; keys 1–9 untick a child.")
        self.idle_hint.setText("" if self._embedded else keys)
        self.idle_hint.setVisible(True)  # also fills the space, so the band keeps its height
        self.body.setVisible(False)
        self.result_label.setVisible(False)
        self._set_hint("")
        for button in (self.override_button, self.manual_button, self.confirm_button):
            button.setVisible(False)

    def set_large_type(self, large: bool) -> None:
        """Wall-screen mode: every text and photo bigger."""
        self._scale = LARGE_SCALE if large else self._base
        self.setStyleSheet(verdict_stylesheet(self._scale))
        if self._verdict is not None:
            self._ticks = {r.student_id: r.check.isChecked() for r in self.rows}
            self._render()

    def set_auto_confirm(self, seconds: int | None) -> None:
        """Confirm an OK verdict by itself after ``seconds`` unless touched; None: never."""
        self._auto = seconds if seconds and seconds > 0 else None
        if self._auto is None:
            self._countdown.stop()

    def show_result(self, text: str, ok: bool) -> None:
        """What recording did: "Recorded: … handed to …" or an error line."""
        self._pending = False
        self._done = self._done or ok
        self.result_label.setText(text)
        self.result_label.setProperty("state", "ok" if ok else "error")
        repolish(self.result_label)
        self.result_label.setVisible(True)
        self._set_hint("")
        self._update_buttons()

    def toggle_child(self, number: int) -> bool:
        """Flip the tick of the child shown as ``number`` (1-based); False when not allowed."""
        self.cancel_countdown()
        if not 1 <= number <= len(self.rows):
            return False
        return self.rows[number - 1].toggle()

    def ticked_ids(self) -> list[int]:
        """The children ticked to go with this adult."""
        return [r.student_id for r in self.rows if r.ticked]

    def confirm(self) -> None:
        """The confirm key: release the ticked children of an OK verdict, nothing else."""
        v = self._verdict
        if v is None or self._embedded or self._pending:
            return
        if self._done:
            self._set_hint(self.tr("Already recorded: scan the next card."))
            return
        self._countdown.stop()
        if not v.ok or v.identity_check:
            self._set_hint(words.refusal_hint(v, bool(self._override_children())), "warn")
            return
        ids = self.ticked_ids()
        if not ids:
            self._set_hint(self.tr("No child is ticked: nobody is released."), "warn")
            return
        self._pending = True
        self._set_hint(self.tr("Recording…"))
        self._update_buttons()
        self.release_requested.emit(ids)

    def open_override(self) -> OverrideDialog | None:
        """Ask which refused children go anyway, and why (never for a hard stop)."""
        self.cancel_countdown()
        v = self._verdict
        children = self._override_children()
        if v is None or not children or self._pending:
            return None
        dialog = OverrideDialog(children, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._override_done(dialog))
        self.override_dialog = dialog
        dialog.open()
        return dialog

    def cancel_countdown(self) -> None:
        """The teacher touched something: no automatic confirm for this verdict."""
        if self._countdown.isActive():
            self._countdown.stop()
            self._set_hint(self.tr("Automatic release stopped: press Space to confirm."))

    @property
    def countdown_active(self) -> bool:
        """An automatic confirm is running."""
        return self._countdown.isActive()

    # --- input -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space/Enter confirm; 1–9 flip a child's tick; any other key stops the countdown."""
        key = event.key()
        if key in CONFIRM_KEYS and not event.isAutoRepeat():
            self.confirm()
            event.accept()
            return
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.toggle_child(int(key) - int(Qt.Key.Key_0))
            event.accept()
            return
        self.cancel_countdown()
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A touch anywhere stops the automatic confirm and takes the keyboard focus."""
        self.cancel_countdown()
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    # --- drawing -----------------------------------------------------------------------------

    def _render(self) -> None:
        v = self._verdict
        assert v is not None
        state = "ok" if v.ok else "alert" if v.alert else "refused"
        notes = [c.restriction_note for c in v.children if c.verdict == RESTRICTED]
        extra = self.tr("; ").join(n for n in notes if n) if v.alert else ""
        self._set_band(state, words.headline(v), words.detail(v), extra)
        holder_image = None
        if v.holder is not None:
            holder_image = self._images.get((v.holder.kind, v.holder.id))
        self.holder.show_holder(v.holder, holder_image, v.identity_check, self._scale)
        # The alert's taller band leaves less room: one size smaller faces.
        size = child_photo_size(len(v.children) + int(v.alert), self._scale)
        may_tick = v.ok and not v.identity_check and not self._embedded
        rows = []
        for number, child in enumerate(v.children, start=1):
            row = ChildRow(
                number,
                child,
                self._images.get(("student", child.student_id)),
                may_tick and child.ok,
                self._ticks.get(child.student_id, False),
                self._scale,
                size,
                words.waiting_text(v, child),
                blocked=v.alert,
            )
            row.set_checkbox_visible(not self._embedded)
            row.touched.connect(self._row_touched)
            rows.append(row)
        self._set_rows(rows)
        # A card nobody could be read from: the band says it all.
        self.body.setVisible(v.holder is not None or bool(v.children))
        self.idle_hint.setText("")
        self.idle_hint.setVisible(not self.body.isVisibleTo(self))
        self._update_buttons()
        self._set_hint(self._standing_hint(v), "warn" if not v.ok else "")

    def _set_rows(self, rows: list[ChildRow]) -> None:
        for row in self.rows:
            # Hidden at once: deleteLater runs only when the event loop gets to it, and a
            # child of the previous adult must never show under the next one's verdict.
            self.children_layout.removeWidget(row)
            row.hide()
            row.setParent(None)
            row.deleteLater()
        while self.children_layout.count():
            self.children_layout.takeAt(0)
        self.rows = rows
        for row in rows:
            self.children_layout.addWidget(row)
        self.children_layout.addStretch(1)

    def _set_band(self, state: str, headline: str, detail: str, extra: str = "") -> None:
        self.band.show_state(state, headline, detail, extra)
        self.frame.setProperty("alert", state == "alert")
        repolish(self.frame)

    def _set_hint(self, text: str, state: str = "") -> None:
        self.hint.setText(text)
        self.hint.setProperty("state", state)
        repolish(self.hint)

    def _update_buttons(self) -> None:
        v = self._verdict
        busy = self._pending or self._done
        self.confirm_button.setVisible(v is not None and v.ok and not v.identity_check)
        self.confirm_button.setEnabled(not busy)
        self.override_button.setVisible(bool(self._override_children()) and not busy)
        self.manual_button.setVisible(v is not None and v.verdict in CARD_CODES and not busy)

    def _override_children(self) -> list[ChildVerdict]:
        v = self._verdict
        if v is None or v.alert or v.verdict in CARD_CODES or self._embedded:
            return []
        return [c for c in v.children if c.can_override or (v.identity_check and c.ok)]

    def _standing_hint(self, v: CardVerdict) -> str:
        if v.ok and not v.identity_check:
            return ""
        return words.refusal_hint(v, bool(self._override_children()))

    # --- helpers -----------------------------------------------------------------------------

    def _button(self, text: str, action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("panelButton")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keeps Space on the panel
        button.clicked.connect(lambda _checked=False: action())
        return button

    def _manual_clicked(self) -> None:
        self.cancel_countdown()
        self.manual_check_requested.emit()

    def _row_touched(self) -> None:
        self.cancel_countdown()
        if self._verdict is not None and self._verdict.ok and not self._pending:
            self._set_hint("" if self.ticked_ids() else self.tr("No child is ticked."))

    def _close_override(self) -> None:
        # A reason given for the previous adult must never release on the next one's verdict.
        if self.override_dialog is not None:
            dialog, self.override_dialog = self.override_dialog, None
            dialog.accepted.disconnect()
            dialog.reject()

    def _override_done(self, dialog: OverrideDialog) -> None:
        ids, reason = dialog.student_ids(), dialog.reason()
        self.override_dialog = None
        if not ids or not reason or self._pending or self._done:
            return
        self._pending = True
        self._set_hint(self.tr("Recording…"))
        self._update_buttons()
        self.override_requested.emit(ids, reason)

    def _start_countdown(self) -> None:
        v = self._verdict
        if self._auto is None or v is None or not v.ok or v.identity_check or self._embedded:
            return
        if not self.ticked_ids():
            return
        self._left = self._auto
        self._show_countdown()
        self._countdown.start()

    def _count_down(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self._countdown.stop()
            self.confirm()
            return
        self._show_countdown()

    def _show_countdown(self) -> None:
        self._set_hint(
            self.tr("Releasing by itself in {n} s: touch the screen to stop.").format(n=self._left),
            "countdown",
        )

    def _stop_timers(self) -> None:
        self._countdown.stop()
        self.band.stop()
