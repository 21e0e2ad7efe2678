"""The pupil's departure mode and 自行离校 consent on the authorized-adults page (R3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.dismissal_settings import GRADES, DismissalPolicy, SelfReleaseState
from ui.settings_dismissal import grades_text
from ui.terms import departure_text

RED = "#b3261e"
GREEN = "#15803d"

translate = QCoreApplication.translate


def consent_line(consent_on: dt.date | None) -> str:
    """家长自行离校同意书：2026-09-01 已收, or 未收到同意书 in red (rich text)."""
    if consent_on is None:
        text = translate("ReleaseText", "No signed consent received")
        return f"<span style='color:{RED}'><b>{text}</b></span>"
    return translate("ReleaseText", "Guardian's consent to leave alone: received {date}").format(
        date=consent_on.isoformat()
    )


def policy_line(state: SelfReleaseState, policy: DismissalPolicy) -> str:
    """本校不允许一、二年级自行离校 when the pupil's grade may not leave alone, else empty."""
    if state.grade_allowed:
        return ""
    refused = [g for g in GRADES if not policy.allows_grade(g)]
    text = translate("ReleaseText", "This school does not let {grades} leave alone").format(
        grades=grades_text(refused)
    )
    return f"<span style='color:{RED}'><b>{text}</b></span>"


def verdict_line(state: SelfReleaseState) -> str:
    """What the gate will do at dismissal: let the child go alone, or wait for a guardian."""
    if state.may_leave_alone:
        text = translate("ReleaseText", "May leave alone at dismissal")
        return f"<span style='color:{GREEN}'><b>{text}</b></span>"
    text = translate("ReleaseText", "May not leave alone: a guardian must collect the child")
    return f"<span style='color:{RED}'><b>{text}</b></span>"


class ReleaseBox(QFrame):
    """Departure mode; for 自行离校 the consent state, the policy and the consent buttons."""

    def __init__(
        self,
        state: SelfReleaseState,
        policy: DismissalPolicy,
        record: Callable[[], object],
        withdraw: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("section")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self)
        title = QLabel(self.tr("Going home"))
        title.setObjectName("sectionTitle")
        box.addWidget(title)
        lines = [self.tr("Departure: {mode}").format(mode=departure_text(state.departure))]
        alone = state.departure == "self"
        if alone or state.consent_on is not None:
            lines.append(consent_line(state.consent_on))
        if alone:
            lines.append(policy_line(state, policy))
            lines.append(verdict_line(state))
        self.text_label = QLabel("<br>".join(line for line in lines if line))
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.text_label, 1)
        self.record_button: QPushButton | None = None
        self.withdraw_button: QPushButton | None = None
        if alone or state.consent_on is not None:
            caption = (
                self.tr("Record consent…") if state.consent_on is None else self.tr("Change date…")
            )
            self.record_button = QPushButton(caption)
            self.record_button.clicked.connect(lambda _checked=False: record())
            row.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignTop)
        if state.consent_on is not None:
            self.withdraw_button = QPushButton(self.tr("Withdraw consent"))
            self.withdraw_button.clicked.connect(lambda _checked=False: withdraw())
            row.addWidget(self.withdraw_button, 0, Qt.AlignmentFlag.AlignTop)
        box.addLayout(row)
