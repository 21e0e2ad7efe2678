"""Releasing past a refusal with a reason (R5, R6): which children, and why, in the log."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.verdict_types import ChildVerdict
from ui.verdict_words import child_text

MAX_REASON = 200


class ReasonBox(QWidget):
    """A mandatory reason: free text of at most 200 characters, or one of a few presets."""

    changed = Signal(str)

    def __init__(self, presets: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName("reasonEdit")
        self.edit.setMaxLength(MAX_REASON)
        self.edit.setStyleSheet("font-size: 16px; padding: 4px;")
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(self.tr("Type a reason or choose one below"))
        self.edit.textChanged.connect(lambda text: self.changed.emit(text.strip()))
        self.preset_buttons: list[QPushButton] = []
        chips = QGridLayout()
        chips.setSpacing(6)
        for index, text in enumerate(presets):
            button = QPushButton(text)
            button.setObjectName("reasonPreset")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, t=text: self.set_reason(t))
            chips.addWidget(button, index // 2, index % 2)
            self.preset_buttons.append(button)
        chips.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addLayout(chips)

    def reason(self) -> str:
        """The reason as it will be recorded (trimmed)."""
        return self.edit.text().strip()

    def set_reason(self, text: str) -> None:
        """Fill in a preset; the teacher may still edit it."""
        self.edit.setText(text[:MAX_REASON])
        self.edit.setFocus()


class OverrideDialog(QDialog):
    """Pick the refused children to release anyway and give the reason (never a hard stop)."""

    def __init__(self, children: list[ChildVerdict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Release with reason"))
        self.setMinimumWidth(520)
        intro = QLabel(self.tr("Which children go with this adult?"))
        intro.setObjectName("sectionTitle")
        self.checks: dict[int, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for child in children:
            box = QCheckBox(
                self.tr("{name} ({class_name})").format(
                    name=child.name, class_name=child.class_name
                )
            )
            box.setObjectName("overrideChild")
            box.setChecked(len(children) == 1)
            box.toggled.connect(self._update)
            why = QLabel(child_text(child))
            why.setObjectName("overrideWhy")
            why.setWordWrap(True)
            why.setIndent(26)
            layout.addWidget(box)
            layout.addWidget(why)
            self.checks[child.student_id] = box
        reason_title = QLabel(self.tr("Reason (required, at most 200 characters)"))
        reason_title.setObjectName("sectionTitle")
        self.reason_box = ReasonBox(
            [
                self.tr("Attendance was not recorded; checked the child is at school"),
                self.tr("Parent confirmed the early pickup by phone"),
                self.tr("Parent phoned: this adult collects today"),
            ]
        )
        self.reason_box.changed.connect(self._update)
        note = QLabel(self.tr("The release is logged with your name and this reason."))
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.release_button = self.buttons.addButton(
            self.tr("Release"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.release_button.setObjectName("primary")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addSpacing(8)
        layout.addWidget(reason_title)
        layout.addWidget(self.reason_box)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.reason_box.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update()

    def student_ids(self) -> list[int]:
        """The ticked children."""
        return [sid for sid, box in self.checks.items() if box.isChecked()]

    def reason(self) -> str:
        """The reason as typed or chosen."""
        return self.reason_box.reason()

    def _update(self, *_args: object) -> None:
        self.release_button.setEnabled(bool(self.student_ids()) and bool(self.reason()))

    def _accept(self) -> None:
        if self.release_button.isEnabled():
            self.accept()
