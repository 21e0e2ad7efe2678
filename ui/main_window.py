"""The main window: the sign-in screen in front, then the pages the signed-in person may open."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.access import allowed_pages, may_open
from core.dismissal_types import BoardChild, TransferInfo
from core.services import Services
from core.staff_types import DUTY_TEACHER, StaffMember
from ui.accounts_page import AccountsPage
from ui.accounts_text import member_text
from ui.attendance_page import AttendancePage
from ui.cards_page import CardsPage
from ui.clubs_page import ClubsPage
from ui.coverage_page import CoveragePage
from ui.daily_jobs import purge_expired, start_daily_backup
from ui.db_banner import DatabaseBanner
from ui.dismissal_alert import AlertBanner, DismissalMonitor
from ui.dismissal_page import DismissalPage
from ui.gate_page import GatePage
from ui.gate_settings import GateSettings
from ui.idle_lock import IdleLock
from ui.incidents_page import IncidentsPage
from ui.live import LiveUpdates
from ui.log_page import LogPage
from ui.people_page import PeoplePage
from ui.settings_page import SettingsPage
from ui.sign_in import SignInPage
from ui.students_page import StudentsPage
from ui.terms import date_text
from ui.today_page import TodayPage

HEADER_BUTTON_STYLE = """
QPushButton { color: white; background: transparent; border: 1px solid #9fb8d3;
              border-radius: 4px; padding: 4px 14px; font-size: 14px; }
QPushButton:hover { background: #2b5f8f; }
"""


class NavEntry(NamedTuple):
    """A page of the navigation: its access key (core.access.PAGES), label and how to build it."""

    key: str
    label: str
    build: Callable[[], QWidget]


class MainWindow(QMainWindow):
    """The app's only top-level window; ``member=None`` shows the sign-in screen first."""

    def __init__(
        self,
        services: Services,
        member: StaffMember | None = None,
        parent: QWidget | None = None,
        *,
        camera: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._camera = camera  # --camera: the gate's source instead of the station setting
        self.member: StaffMember | None = None
        self._pages_for: StaffMember | None = None  # whom the pages were built for
        self._page_by_key: dict[str, QWidget] = {}
        self.setWindowTitle(self.tr("After-school attendance and pickup"))
        self.setMinimumSize(1024, 640)

        self.school_label = QLabel()
        self.school_label.setObjectName("schoolName")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clock")
        self.member_label = QLabel()
        self.member_label.setStyleSheet("color: white; font-size: 15px; padding-left: 18px;")
        self.sign_out_button = QPushButton(self.tr("Sign out"))
        self.sign_out_button.setStyleSheet(HEADER_BUTTON_STYLE)
        self.sign_out_button.clicked.connect(self.sign_out)
        header = QWidget()
        header.setObjectName("header")
        head = QHBoxLayout(header)
        head.setContentsMargins(16, 8, 16, 8)
        head.addWidget(self.school_label)
        head.addStretch(1)
        head.addWidget(self.clock_label)
        head.addWidget(self.member_label)
        head.addWidget(self.sign_out_button)

        self.sim_banner = QLabel()
        self.sim_banner.setObjectName("simBanner")
        self.sim_banner.setWordWrap(True)
        self.sim_banner.setVisible(services.clock.simulated)

        self.pages = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.nav.setIconSize(QSize(0, 0))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.currentRowChanged.connect(self._page_changed)
        self.app_view = QWidget()
        body = QHBoxLayout(self.app_view)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)

        self.sign_in_page = SignInPage(services)
        self.sign_in_page.signed_in.connect(self.sign_in)
        self.screens = QStackedWidget()
        self.screens.addWidget(self.sign_in_page)
        self.screens.addWidget(self.app_view)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(header)
        self.db_banner = DatabaseBanner()
        outer.addWidget(self.db_banner)
        outer.addWidget(self.sim_banner)
        # 无人接领 and head-count alerts reach a duty station whatever page it shows (R7).
        self.alert_banner = AlertBanner()
        self.alert_banner.setVisible(False)
        self.alert_banner.open_board.connect(self.open_board)
        outer.addWidget(self.alert_banner)
        outer.addWidget(self.screens, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.tr("Database: {where}").format(where=services.db_label))

        app = QApplication.instance()
        assert app is not None, "a QApplication must exist before the main window"
        self.idle_lock = IdleLock(app, self)
        self.idle_lock.idle_timeout.connect(self.lock)

        self._last_date = services.clock.now().date()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self.monitor = DismissalMonitor(services, self)
        self.monitor.board_changed.connect(self.alert_banner.show_board)
        self.monitor.alert.connect(self._alert)
        self._start_live()
        self._update_header()
        if member is None:
            self._show_sign_in()
        else:
            self.sign_in(member)

    # --- the pages, keyed as in core.access ---

    def _entries(self, member: StaffMember) -> list[NavEntry]:
        services, actor = self._services, member.actor
        return [
            NavEntry("today", self.tr("Today"), lambda: TodayPage(services)),
            NavEntry(
                "gate", self.tr("Gate"), lambda: GatePage(services, member, camera=self._camera)
            ),
            NavEntry("dismissal", self.tr("Dismissal"), lambda: DismissalPage(services, member)),
            NavEntry("log", self.tr("Daily log"), lambda: LogPage(services, member)),
            NavEntry(
                "attendance",
                self.tr("Attendance"),
                lambda: AttendancePage(services.attendance, member, audit=services.audit),
            ),
            NavEntry("clubs", self.tr("Clubs"), lambda: ClubsPage(services.clubs, member)),
            NavEntry(
                "coverage",
                self.tr("Duty and coverage"),
                lambda: CoveragePage(services.coverage, member),
            ),
            NavEntry("safety", self.tr("Safety records"), lambda: IncidentsPage(services, member)),
            NavEntry(
                "pupils",
                self.tr("Pupils"),
                lambda: StudentsPage(services, actor, member=member, privacy=services.privacy),
            ),
            NavEntry(
                "people",
                self.tr("Authorized adults"),
                lambda: PeoplePage(services.people, member, services.dismissal_settings),
            ),
            NavEntry(
                "cards",
                self.tr("Pickup cards"),
                lambda: CardsPage(
                    lambda: services.cards,
                    services.people,
                    lambda: [c.name for c in services.attendance.classes()],
                    member,
                ),
            ),
            NavEntry(
                "settings",
                self.tr("Settings"),
                lambda: SettingsPage(
                    services.schedule,
                    services.dismissal_settings,
                    member,
                    retention=services.retention,
                ),
            ),
            NavEntry(
                "accounts", self.tr("Accounts"), lambda: AccountsPage(services.accounts, member)
            ),
        ]

    def page(self, key: str) -> QWidget | None:
        """The page with this access key, when the signed-in person may open it."""
        return self._page_by_key.get(key)

    @property
    def today_page(self) -> TodayPage | None:
        """The today page (every role)."""
        page = self.page("today")
        return page if isinstance(page, TodayPage) else None

    @property
    def gate_page(self) -> GatePage | None:
        """The gate station (duty teacher, safety officer)."""
        page = self.page("gate")
        return page if isinstance(page, GatePage) else None

    @property
    def students_page(self) -> StudentsPage | None:
        """The pupils page (safety officer)."""
        page = self.page("pupils")
        return page if isinstance(page, StudentsPage) else None

    @property
    def settings_page(self) -> SettingsPage | None:
        """The settings page (safety officer)."""
        page = self.page("settings")
        return page if isinstance(page, SettingsPage) else None

    @property
    def accounts_page(self) -> AccountsPage | None:
        """The accounts page (safety officer)."""
        page = self.page("accounts")
        return page if isinstance(page, AccountsPage) else None

    def _build_pages(self, member: StaffMember) -> None:
        self._clear_pages()
        allowed = set(allowed_pages(member))
        for entry in self._entries(member):
            if entry.key not in allowed:
                continue
            page = entry.build()
            self._page_by_key[entry.key] = page
            self.pages.addWidget(page)
            item = QListWidgetItem(entry.label)
            # 13 pages must fit beside the alert bars at 1366x768 without scrolling.
            item.setSizeHint(QSize(130, 42))
            self.nav.addItem(item)
        self._pages_for = member
        today, students = self.today_page, self.students_page
        if today is not None:
            today.import_requested.connect(self.open_import)
        if today is not None and students is not None:
            students.roster_changed.connect(today.refresh)
        attendance, clubs, coverage = (self.page(k) for k in ("attendance", "clubs", "coverage"))
        if today is not None and isinstance(attendance, AttendancePage):
            # Leave entered on the attendance page moves pupils on the today list.
            attendance.attendance_changed.connect(today.refresh)
        if isinstance(coverage, CoveragePage):
            # Who is present decides which groups need a teacher (R9).
            if isinstance(attendance, AttendancePage):
                attendance.attendance_changed.connect(coverage.refresh)
            if isinstance(clubs, ClubsPage):
                clubs.changed.connect(coverage.refresh)
        if self.settings_page is not None:
            self.settings_page.settings_changed.connect(self._settings_changed)
        if self.accounts_page is not None:
            self.accounts_page.idle_minutes_changed.connect(self.idle_lock.set_minutes)
        gate = self.gate_page
        if gate is not None and today is not None:
            gate.handoff_recorded.connect(lambda _results: today.refresh())
        # A duty teacher is at the gate: that is the page they need first.
        start = gate if gate is not None and member.role == DUTY_TEACHER else None
        self.nav.setCurrentRow(self.pages.indexOf(start) if start is not None else 0)

    def _clear_pages(self) -> None:
        self.nav.blockSignals(True)
        self.nav.clear()
        self.nav.blockSignals(False)
        if self.gate_page is not None:
            self.gate_page.stop_camera()  # its threads must end before the page is deleted
        while self.pages.count():
            page = self.pages.widget(0)
            self.pages.removeWidget(page)
            page.deleteLater()
        self._page_by_key.clear()
        self._pages_for = None

    # --- signing in and out ---

    def sign_in(self, member: StaffMember) -> None:
        """Show the app for ``member``; the same person after an idle lock finds it as left."""
        # Rebuilt for someone else, or when the role or class changed meanwhile.
        if self._pages_for != member:
            self._build_pages(member)
        elif self.pages.currentWidget() is not None:
            self.pages.currentWidget().refresh()
        self.member = member
        self.member_label.setText(member_text(member))
        self.member_label.setVisible(True)
        self.sign_out_button.setVisible(True)
        self.screens.setCurrentWidget(self.app_view)
        self._reissue_corrected_days()
        self.idle_lock.set_minutes(self._services.accounts.idle_lock_minutes())
        self.idle_lock.start()
        self._watch_dismissal(member)

    def sign_out(self) -> None:
        """The person leaves: the next one starts from fresh pages."""
        self._close_dialogs()
        self._clear_pages()
        self._watch_dismissal(None)
        self._show_sign_in()

    def _watch_dismissal(self, member: StaffMember | None) -> None:
        # Duty stations alert on 无人接领 and head-count mismatches; an idle lock keeps the
        # alerts going (the station still stands at the gate), signing out stops them.
        if member is not None and may_open(member, "dismissal"):
            self.monitor.sounds.muted = GateSettings().load().muted
            self.monitor.start()
        else:
            self.monitor.stop()
            self.alert_banner.setVisible(False)

    def open_board(self) -> None:
        """Show the dismissal board (the alert bar's button)."""
        board = self.page("dismissal")
        if board is None or self.screens.currentWidget() is not self.app_view:
            return
        self.nav.setCurrentRow(self.pages.indexOf(board))

    def lock(self) -> None:
        """Idle too long: cover the app with the sign-in screen; every record is already saved."""
        staff_no = self.member.staff_no if self.member else ""
        self._close_dialogs()
        minutes = max(1, round(self.idle_lock.timeout_ms / 60_000))
        self._show_sign_in(
            staff_no,
            self.tr(
                "The screen was locked after {minutes} min without input. Nothing is lost; "
                "please sign in again."
            ).format(minutes=minutes),
        )

    def _show_sign_in(self, staff_no: str = "", notice: str = "") -> None:
        self.idle_lock.stop()
        self.member = None
        self.member_label.setVisible(False)
        self.sign_out_button.setVisible(False)
        self.screens.setCurrentWidget(self.sign_in_page)
        self.sign_in_page.show_sign_in(staff_no, notice)

    def _close_dialogs(self) -> None:
        # What a dialog showed must not stay on top of the sign-in screen.
        dialogs = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
        ]
        for dialog in dialogs:
            dialog.reject()
        if dialogs:
            self.activateWindow()  # typing goes to the sign-in, not to nowhere

    # --- page wiring ---

    def open_import(self) -> None:
        """Go to the pupils page and open the import dialog (administrator only)."""
        students = self.students_page
        if students is None:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Import class list"),
                self.tr("Only the safety officer can import class lists."),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return
        self.nav.setCurrentRow(self.pages.indexOf(students))
        students.open_import()

    def _page_changed(self, row: int) -> None:
        if row < 0:
            return
        self.pages.setCurrentIndex(row)
        if self._on_board():
            self.alert_banner.hide()  # the board says it all, in its own red bar
        # Another station may have changed things since the page was last shown.
        self.pages.currentWidget().refresh()

    def _on_board(self) -> bool:
        board = self.page("dismissal")
        return board is not None and self.pages.currentWidget() is board

    def _alert(self, flagged: list[BoardChild], mismatches: list[TransferInfo]) -> None:
        # The sound has played; the bar shows on every page but the board itself.
        if not self._on_board() or self.screens.currentWidget() is not self.app_view:
            self.alert_banner.show_alert(flagged, mismatches)

    def _start_live(self) -> None:
        # Other stations' writes and the database's health, for the window's whole life.
        # A page shows them by having live_refresh(); others may connect to self.live.changed.
        self.live = LiveUpdates(self._services.change_watcher, self)
        self.live.changed.connect(self._live_changed)
        self.live.connection_lost.connect(self.db_banner.show_lost)
        self.live.connection_restored.connect(self.db_banner.show_restored)
        self.live.start()

    def _live_changed(self) -> None:
        # The page on screen reloads now; the others reload when opened (_page_changed).
        self._reissue_corrected_days()
        if self.monitor.running:
            self.monitor.refresh()
        if self.screens.currentWidget() is not self.app_view:
            return
        page = self.pages.currentWidget()
        live_refresh = getattr(page, "live_refresh", None)
        if live_refresh is None:
            return
        try:
            live_refresh()
        except Exception:
            # Nobody asked for this reload: log it; the banner speaks for a lost database.
            logging.getLogger(__name__).warning("live refresh failed", exc_info=True)

    def _reissue_corrected_days(self) -> None:
        # R8/R10: a closed day corrected at any station gets its re-issued log in the archive
        # at once, by whichever signed-in station notices first.
        if self._pages_for is None or self.member is None:
            return
        try:
            self._services.day_close.reissue_due(self.member)
        except Exception:
            logging.getLogger(__name__).warning("re-issuing corrected days failed", exc_info=True)

    def _settings_changed(self) -> None:
        self._update_header()
        if self.today_page is not None:
            self.today_page.refresh()

    def _tick(self) -> None:
        self._update_clock()
        today = self._services.clock.now().date()
        if today != self._last_date:
            # Past midnight the app must show the new day's list without a restart.
            self._last_date = today
            self._daily_jobs()
            if self.today_page is not None:
                self.today_page.show_today()

    def _daily_jobs(self) -> None:
        # A station left running overnight: today's retention job and backup (ui/app.py does
        # them at start).
        purge_expired(self._services)
        start_daily_backup(self._services)

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
        """Stop the clock timer, the idle watch and the live updates before the window goes."""
        self._timer.stop()
        self.monitor.stop()
        self.live.stop()
        self.idle_lock.stop()
        if self.gate_page is not None:
            self.gate_page.stop_camera()
        super().closeEvent(event)
