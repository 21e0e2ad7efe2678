"""The board's dialogs: a group handed to a duty teacher, 自行离校 confirmation, custody."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.club_types import StaffChoice
from core.dismissal import MAX_NOTE
from core.dismissal_types import (
    GroupChoice,
    SelfReleaseCandidate,
    SelfReleaseResult,
    TransferInfo,
    Wave,
)
from core.errors import AfterSchoolError
from ui.dismissal_text import RED, error_text, hhmm, refusal_text

log = logging.getLogger(__name__)

OK_STYLE = "color: #166534; font-weight: bold;"
ERROR_STYLE = f"color: {RED}; font-weight: bold;"
MISMATCH_STYLE = (
    f"background: #fde2e1; color: #7f1d1d; border: 2px solid {RED}; padding: 6px; font-size: 15px;"
)


def staff_combo(staff: Sequence[StaffChoice], chosen: int | None) -> QComboBox:
    """A teacher picker; nothing chosen when ``chosen`` is not among them."""
    combo = QComboBox()
    for s in staff:
        combo.addItem(s.label, s.id)
    combo.setCurrentIndex(combo.findData(chosen) if chosen is not None else -1)
    return combo


def _failed(exc: Exception) -> str:
    if not isinstance(exc, AfterSchoolError):
        log.error("dismissal dialog action failed", exc_info=exc)
    return error_text(exc)


class GroupTransferDialog(QDialog):
    """A class or club handed to the duty teacher with a head count (R9)."""

    transferred = Signal(object)  # TransferInfo

    def __init__(
        self,
        groups: Sequence[GroupChoice],
        staff: Sequence[StaffChoice],
        to_staff_id: int | None,
        save: Callable[[GroupChoice, int, int, int, str], TransferInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hand a group to the duty teacher"))
        self.setMinimumWidth(520)
        self._groups = list(groups)
        self._save = save
        self.saved: TransferInfo | None = None
        self.group = QComboBox()
        for g in self._groups:
            text = self.tr("{name} · {n} expected").format(name=g.name, n=len(g.expected))
            if g.transferred is not None:
                text += self.tr(" · handed over {time}").format(time=hhmm(g.transferred.at))
            self.group.addItem(text)
        self.names = QPlainTextEdit()
        self.names.setReadOnly(True)
        self.names.setMaximumHeight(90)
        self.from_teacher = staff_combo(staff, None)
        self.to_teacher = staff_combo(staff, to_staff_id)
        self.head_count = QSpinBox()
        self.head_count.setRange(0, 999)
        self.head_count.setSuffix(self.tr(" pupils"))
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_NOTE)
        self.hint = QLabel()
        self.hint.setStyleSheet(f"color: {RED};")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        form = QFormLayout()
        form.addRow(self.tr("Class or club"), self.group)
        form.addRow(self.tr("Expected pupils"), self.names)
        form.addRow(self.tr("From teacher"), self.from_teacher)
        form.addRow(self.tr("To duty teacher"), self.to_teacher)
        form.addRow(self.tr("Head count"), self.head_count)
        form.addRow("", self.hint)
        form.addRow(self.tr("Note"), self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton(self.tr("Record the handover"))
        self.save_button.setObjectName("primary")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.group.currentIndexChanged.connect(self._group_chosen)
        self.head_count.valueChanged.connect(self._count_changed)
        self.save_button.setEnabled(bool(self._groups))
        self._group_chosen(self.group.currentIndex())

    def choice(self) -> GroupChoice | None:
        """The group chosen."""
        at = self.group.currentIndex()
        return self._groups[at] if 0 <= at < len(self._groups) else None

    def _group_chosen(self, _at: int) -> None:
        group = self.choice()
        if group is None:
            self.names.setPlainText(self.tr("No class or club has pupils at school now."))
            return
        self.names.setPlainText("、".join(group.expected))
        if group.teacher_id is not None:
            self.from_teacher.setCurrentIndex(self.from_teacher.findData(group.teacher_id))
        self.head_count.setValue(len(group.expected))
        self._count_changed(self.head_count.value())
        self.message.hide()

    def _count_changed(self, value: int) -> None:
        group = self.choice()
        differs = group is not None and value != len(group.expected)
        self.hint.setText(
            self.tr("Differs from the {n} expected").format(n=len(group.expected))
            if differs and group is not None
            else ""
        )

    def save(self) -> TransferInfo | None:
        """Record the transfer; a head count that does not match is shown at once."""
        group = self.choice()
        if group is None or self.from_teacher.currentIndex() < 0:
            self._say(self.tr("Please choose the group and both teachers."), ERROR_STYLE)
            return None
        if self.to_teacher.currentIndex() < 0:
            self._say(self.tr("Please choose the group and both teachers."), ERROR_STYLE)
            return None
        try:
            info = self._save(
                group,
                int(self.from_teacher.currentData()),
                int(self.to_teacher.currentData()),
                self.head_count.value(),
                self.note.text().strip(),
            )
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
            self._say(_failed(exc), ERROR_STYLE)
            return None
        self.saved = info
        self.transferred.emit(info)
        if info.mismatch:
            self._say(
                self.tr(
                    "Head count does not match! {group}: counted {count}, the records expect "
                    "{expected}. Expected pupils: {names}"
                ).format(
                    group=info.group_name,
                    count=info.head_count,
                    expected=info.expected,
                    names="、".join(group.expected),
                ),
                MISMATCH_STYLE,
            )
        else:
            self.accept()
        return info

    def _say(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.message.show()


class SelfReleaseDialog(QDialog):
    """The band's 自行离校 pupils: eligible ones ticked, the others greyed with why (R3)."""

    confirmed = Signal(list)  # SelfReleaseResult list

    def __init__(
        self,
        waves: Sequence[Wave],
        band_id: int | None,
        load: Callable[[int], list[SelfReleaseCandidate]],
        confirm: Callable[[list[int]], list[SelfReleaseResult]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Confirm pupils leaving alone"))
        self.setMinimumSize(480, 420)
        self._waves = [w for w in waves if w.service]
        self._load = load
        self._confirm = confirm
        self._candidates: list[SelfReleaseCandidate] = []
        self.band = QComboBox()
        for w in self._waves:
            self.band.addItem(
                self.tr("{band} · dismissal {time}").format(band=w.name, time=hhmm(w.dismissal)),
                w.band_id,
            )
        at = self.band.findData(band_id)
        self.band.setCurrentIndex(max(at, 0))
        self.list = QListWidget()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("primary")
        self.confirm_button.clicked.connect(self.confirm)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.band)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.band.currentIndexChanged.connect(self._band_changed)
        self.list.itemChanged.connect(self._item_changed)
        self.reload()

    def reload(self) -> None:
        """Read the chosen band's pupils again."""
        band_id = self.band.currentData()
        self.list.clear()
        self._candidates = []
        if band_id is not None:
            try:
                self._candidates = self._load(int(band_id))
            except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
                self._say(_failed(exc), ERROR_STYLE)
        for c in self._candidates:
            item = QListWidgetItem(f"{c.class_name} {c.name}")
            item.setData(Qt.ItemDataRole.UserRole, c.student_id)
            if c.eligible:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            else:
                item.setText(f"{c.class_name} {c.name} — {refusal_text(c.refusal)}")
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        if not self._candidates:
            self.list.addItem(self.tr("No pupil of this band is waiting to leave alone."))
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self._update_button()

    def _band_changed(self, _at: int) -> None:
        self.reload()

    def _item_changed(self, _item: QListWidgetItem) -> None:
        self._update_button()

    def ticked(self) -> list[int]:
        """The pupils ticked."""
        out = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            sid = item.data(Qt.ItemDataRole.UserRole)
            if sid is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(int(sid))
        return out

    def _update_button(self) -> None:
        n = len(self.ticked())
        self.confirm_button.setText(self.tr("Confirm {n} left alone").format(n=n))
        self.confirm_button.setEnabled(n > 0)

    def confirm(self) -> list[SelfReleaseResult]:
        """Record every ticked pupil's departure in one action."""
        ids = self.ticked()
        try:
            results = self._confirm(ids)
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
            self._say(_failed(exc), ERROR_STYLE)
            return []
        names = {c.student_id: c.name for c in self._candidates}
        done = [names.get(r.student_id, "") for r in results if r.recorded]
        others = [names.get(r.student_id, "") for r in results if not r.recorded]
        text = self.tr("Recorded: {n} pupils left alone.").format(n=len(done))
        if others:
            text += " " + self.tr("Already recorded at another station: {names}").format(
                names="、".join(others)
            )
        self.reload()
        self._say(text, OK_STYLE)
        self.confirmed.emit(results)
        return results

    def _say(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)


class CustodyDialog(QDialog):
    """Pick the teacher who keeps the child at school until collected (留校看护)."""

    def __init__(
        self,
        child: str,
        staff: Sequence[StaffChoice],
        chosen: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hand to a teacher's custody"))
        self.student_id: int | None = None
        self.teacher = staff_combo(staff, chosen)
        self.teacher.setPlaceholderText(self.tr("Choose a teacher"))
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_NOTE)
        intro = QLabel(
            self.tr("{child} stays at school with this teacher until collected.").format(
                child=child
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Teacher"), self.teacher)
        form.addRow(self.tr("Note"), self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.teacher.currentIndexChanged.connect(self._update)
        self._update()

    def teacher_id(self) -> int | None:
        """The teacher chosen."""
        data = self.teacher.currentData()
        return int(data) if data is not None else None

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.teacher_id() is not None)
