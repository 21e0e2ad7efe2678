"""A banner across the top of the window while the database cannot be reached."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

LOST_STYLE = """
QFrame#dbBanner { background: #b3261e; border-bottom: 2px solid #7f1d1d; }
QFrame#dbBanner QLabel { color: white; }
QLabel#dbBannerTitle { font-size: 17px; font-weight: bold; }
"""
RESTORED_STYLE = """
QFrame#dbBanner { background: #dcfce7; border-bottom: 1px solid #86efac; }
QFrame#dbBanner QLabel { color: #14532d; }
QLabel#dbBannerTitle { font-size: 15px; font-weight: bold; }
"""
RESTORED_SHOWN_MS = 3000


class DatabaseBanner(QFrame):
    """Red while the database is unreachable; green for a few seconds once it is back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dbBanner")
        self.title = QLabel()
        self.title.setObjectName("dbBannerTitle")
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self.hide)
        self.hide()

    @property
    def showing_lost(self) -> bool:
        """True while the red 'cannot be reached' message is up."""
        return not self.isHidden() and not self._hide_timer.isActive()

    def show_lost(self, detail: str) -> None:
        """Say that nothing can be recorded now; ``detail`` is the technical reason."""
        self._hide_timer.stop()
        self.setStyleSheet(LOST_STYLE)
        self.title.setText(
            self.tr(
                "The database cannot be reached. Nothing can be recorded until it is back; "
                "retrying by itself…"
            )
        )
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.show()

    def show_restored(self) -> None:
        """Say the database is back, then get out of the way."""
        self.setStyleSheet(RESTORED_STYLE)
        self.title.setText(self.tr("The database is reachable again; recording works as before."))
        self.detail.hide()
        self.show()
        self._hide_timer.start(RESTORED_SHOWN_MS)
