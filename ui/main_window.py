"""The main window: school and clock on top, navigation on the left, one page at a time."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.services import Services
from ui.settings_page import SettingsPage
from ui.students_page import StudentsPage
from ui.terms import date_text
from ui.today_page import TodayPage

ACTOR = "本机"  # until staff sign-in exists, records name the station


class MainWindow(QMainWindow):
    """The app's only top-level window."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.setWindowTitle(self.tr("After-school attendance and pickup"))
        self.setMinimumSize(1024, 640)

        self.school_label = QLabel()
        self.school_label.setObjectName("schoolName")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clock")
        header = QWidget()
        header.setObjectName("header")
        head = QHBoxLayout(header)
        head.setContentsMargins(16, 8, 16, 8)
        head.addWidget(self.school_label)
        head.addStretch(1)
        head.addWidget(self.clock_label)

        self.sim_banner = QLabel()
        self.sim_banner.setObjectName("simBanner")
        self.sim_banner.setWordWrap(True)
        self.sim_banner.setVisible(services.clock.simulated)

        self.today_page = TodayPage(services)
        self.students_page = StudentsPage(services, ACTOR)
        self.settings_page = SettingsPage(services.schedule, ACTOR)
        self.pages = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.nav.setIconSize(QSize(0, 0))
        for text, page in (
            (self.tr("Today"), self.today_page),
            (self.tr("Pupils"), self.students_page),
            (self.tr("Settings"), self.settings_page),
        ):
            self.pages.addWidget(page)
            item = QListWidgetItem(text)
            item.setSizeHint(QSize(140, 48))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._page_changed)

        self.today_page.import_requested.connect(self.open_import)
        self.students_page.roster_changed.connect(self.today_page.refresh)
        self.settings_page.settings_changed.connect(self._settings_changed)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(header)
        outer.addWidget(self.sim_banner)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.tr("Database: {where}").format(where=services.db_label))

        self._last_date = services.clock.now().date()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self._update_header()
        self.nav.setCurrentRow(0)

    def open_import(self) -> None:
        """Go to the pupils page and open the import dialog."""
        self.nav.setCurrentRow(1)
        self.students_page.open_import()

    def _page_changed(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        # Another station may have changed things since the page was last shown.
        self.pages.currentWidget().refresh()

    def _settings_changed(self) -> None:
        self._update_header()
        self.today_page.refresh()

    def _tick(self) -> None:
        self._update_clock()
        today = self._services.clock.now().date()
        if today != self._last_date:
            # Past midnight the app must show the new day's list without a restart.
            self._last_date = today
            self.today_page.show_today()

    def _update_header(self) -> None:
        data = self._services.schedule.load()
        self.school_label.setText(data.school_name)
        if self._services.clock.simulated:
            text = self.tr("Simulated clock: the time shown is not the real time")
            if data.is_demo:
                text = self.tr(
                    "Demo school with invented pupils. The clock is simulated so that "
                    "you always see a school afternoon; it is not the real time."
                )
            self.sim_banner.setText(text)
        self._update_clock()

    def _update_clock(self) -> None:
        now = self._services.clock.now()
        text = f"{date_text(now.date())}  {now:%H:%M}"
        if self._services.clock.simulated:
            text += self.tr(" (simulated)")
        self.clock_label.setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the clock timer before the window goes."""
        self._timer.stop()
        super().closeEvent(event)
