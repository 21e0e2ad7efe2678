"""The today page: each grade band's window and dismissal time, and who is enrolled today."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.services import Services
from core.today import BandToday, ClassToday, PupilToday, TodayOverview
from ui.date_bar import DateBar
from ui.table_model import Column, RecordTableModel
from ui.terms import date_text, departure_text, gender_text, leave_text, time_text

LEAVE_GREY = QColor("#8a8f98")


class BandCard(QFrame):
    """One grade band's afternoon at a glance: window, dismissal time, activities, counts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bandCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QGridLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setVerticalSpacing(4)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.dismissal = QLabel()
        self.dismissal.setObjectName("cardBig")
        self.dismissal.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.window = QLabel()
        self.periods = QLabel()
        self.periods.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setObjectName("cardCounts")
        self.note = QLabel()
        self.note.setObjectName("cardNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.title, 0, 0)
        layout.addWidget(self.dismissal, 0, 1, 2, 1)
        layout.addWidget(self.window, 1, 0)
        layout.addWidget(self.periods, 2, 0, 1, 2)
        layout.addWidget(self.counts, 3, 0, 1, 2)
        layout.addWidget(self.note, 4, 0, 1, 2)

    def show_band(self, band: BandToday) -> None:
        """Fill the card from one band's day."""
        day = band.day
        self.title.setText(day.band.name)
        if day.service:
            self.window.setText(
                self.tr("Service {start}–{end}").format(
                    start=time_text(day.start), end=time_text(day.end)
                )
            )
            self.dismissal.setText(
                self.tr("Dismissal\n{time}").format(time=time_text(day.dismissal))
            )
            self.periods.setText(
                self.tr("Period 1: {p1}    Period 2: {p2}").format(
                    p1=day.period1 or "—", p2=day.period2 or "—"
                )
            )
            self.counts.setText(
                self.tr("Expected {expected} · on leave {leave}").format(
                    expected=band.expected, leave=band.on_leave
                )
            )
        else:
            self.window.setText(self.tr("No after-school service today"))
            self.dismissal.setText("")
            self.periods.setText("")
            self.counts.setText("")
        self.note.setText(
            self.tr("Changed today: {reason}").format(reason=day.note or "—") if day.changed else ""
        )
        self.note.setVisible(day.changed)
        self.setProperty("noService", not day.service)
        self.style().unpolish(self)
        self.style().polish(self)


class TodayPage(QWidget):
    """Today's list per grade band and class (R1) with the schedule of the day (R11)."""

    import_requested = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._overview: TodayOverview | None = None
        self._pinned_date: dt.date | None = None
        self._guardians: dict[int, str] = {}

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.date_bar = DateBar()
        self.date_bar.date_picked.connect(self._date_picked)
        self.date_bar.today_button.clicked.connect(self.show_today)
        self.date_bar.refresh_button.clicked.connect(self.refresh)
        self.date_edit = self.date_bar.date_edit
        self.today_button = self.date_bar.today_button
        self.refresh_button = self.date_bar.refresh_button
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.date_bar)

        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.cards = [BandCard() for _ in range(3)]
        cards = QHBoxLayout()
        cards.setSpacing(10)
        for card in self.cards:
            cards.addWidget(card, 1)

        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.import_button = QPushButton(self.tr("Import class list…"))
        self.import_button.clicked.connect(self.import_requested)

        self.class_model: RecordTableModel[ClassToday] = RecordTableModel(
            [
                Column(self.tr("Class"), lambda c: c.name),
                Column(
                    self.tr("Expected"),
                    lambda c: str(len(c.expected)),
                    align=Qt.AlignmentFlag.AlignCenter,
                ),
                Column(
                    self.tr("Leave"),
                    lambda c: str(len(c.on_leave)) if c.on_leave else "",
                    align=Qt.AlignmentFlag.AlignCenter,
                ),
            ]
        )
        self.class_view = _table(self.class_model)
        class_header = self.class_view.horizontalHeader()
        class_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        class_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.class_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.class_view.setMinimumWidth(250)
        self.class_view.selectionModel().selectionChanged.connect(self._class_selected)

        self.pupil_title = QLabel()
        self.pupil_title.setObjectName("sectionTitle")
        self.pupil_model: RecordTableModel[PupilToday] = RecordTableModel(
            [
                Column(self.tr("Student no."), lambda p: p.student_no),
                Column(self.tr("Name"), lambda p: p.name),
                Column(
                    self.tr("Gender"),
                    lambda p: gender_text(p.gender),
                    align=Qt.AlignmentFlag.AlignCenter,
                ),
                Column(self.tr("Status"), lambda p: leave_text(p.leave) or self.tr("Expected")),
                Column(self.tr("Departure"), lambda p: departure_text(p.departure)),
                Column(
                    self.tr("Guardians"),
                    lambda p: self._guardians.get(p.student_id, ""),
                    tooltip=lambda p: self._guardians.get(p.student_id, ""),
                ),
                Column(self.tr("Notes"), lambda p: p.notes, tooltip=lambda p: p.notes),
            ],
            row_foreground=lambda p: LEAVE_GREY if p.leave else None,
        )
        self.pupil_view = _table(self.pupil_model)
        header = self.pupil_view.horizontalHeader()
        header.setResizeContentsPrecision(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.resizeSection(6, 170)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.pupil_title)
        right_layout.addWidget(self.pupil_view)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.class_view)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([270, 900])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(cards)
        # Below the cards: the lists, or a centred explanation when there is nothing to list.
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_hint)
        empty_layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.lower = QStackedWidget()
        self.lower.addWidget(self.splitter)
        self.lower.addWidget(empty)
        layout.addWidget(self.lower, 1)
        self.show_today()

    # --- behaviour ---

    def show_today(self) -> None:
        """Follow the clock's date again."""
        self._pinned_date = None
        self.date_bar.set_date(self._services.clock.now().date())
        self.refresh()

    def show_date(self, day: dt.date) -> None:
        """Show another date's list (planning ahead, looking back)."""
        self._pinned_date = day
        self.date_bar.set_date(day)
        self.refresh()

    def current_date(self) -> dt.date:
        """The date on show."""
        return self._pinned_date or self._services.clock.now().date()

    def refresh(self) -> None:
        """Reload the list from the database, keeping the selected class."""
        selected = self._selected_class_name()
        overview = self._services.today.overview(self.current_date())
        self._overview = overview
        self.date_bar.set_date(overview.schedule.date)
        self.heading.setText(
            self.tr("After-school list · {date}").format(date=date_text(overview.schedule.date))
        )
        bands = overview.bands
        for card, band in zip(self.cards, bands, strict=False):
            card.show_band(band)
            card.show()
        for card in self.cards[len(bands) :]:
            card.hide()
        self._show_summary(overview)
        classes = [c for b in bands for c in b.classes]
        self.class_model.set_rows(classes)
        has_pupils = bool(classes)
        self.lower.setCurrentIndex(0 if has_pupils else 1)
        no_roster = not has_pupils and overview.schedule.any_service
        self.import_button.setVisible(no_roster and not self._services.students())
        names = [c.name for c in classes]
        row = names.index(selected) if selected in names else 0
        if classes:
            self.class_view.selectRow(row)
        else:
            self.pupil_model.set_rows([])

    def live_refresh(self) -> None:
        """Another station wrote (ui.live): reload, keeping the class and where the lists are."""
        bars = [v.verticalScrollBar() for v in (self.class_view, self.pupil_view)]
        positions = [bar.value() for bar in bars]
        self.refresh()
        for bar, value in zip(bars, positions, strict=True):
            bar.setValue(value)

    def _show_summary(self, overview: TodayOverview) -> None:
        schedule = overview.schedule
        season = schedule.season or self.tr("no season set")
        if not schedule.any_service:
            nxt = self._services.schedule.next_service_day(schedule.date + dt.timedelta(days=1))
            text = self.tr("No after-school service on this day.")
            if nxt is not None:
                text += " " + self.tr("Next service day: {date}.").format(date=date_text(nxt))
            self.summary.setText(season)
            self.empty_hint.setText(text)
            return
        self.summary.setText(
            self.tr("{season} · {expected} pupils expected today, {leave} on leave").format(
                season=season, expected=overview.expected, leave=overview.on_leave
            )
        )
        self.empty_hint.setText(
            self.tr(
                "No pupil is enrolled for today yet. Import the class list on the "
                "Pupils page, or mark pupils as enrolled in after-school service."
            )
        )

    def _date_picked(self, day: dt.date) -> None:
        if day == self._services.clock.now().date():
            self.show_today()
        else:
            self.show_date(day)

    def _selected_class_name(self) -> str | None:
        rows = self.class_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.class_model.row_record(rows[0].row()).name

    def _class_selected(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        rows = self.class_view.selectionModel().selectedRows()
        if not rows:
            self.pupil_model.set_rows([])
            self.pupil_title.setText("")
            return
        cls = self.class_model.row_record(rows[0].row())
        pupils = [*cls.expected, *cls.on_leave]
        self._guardians = self._services.today.guardians_of([p.student_id for p in pupils])
        self.pupil_model.set_rows(pupils)
        self.pupil_title.setText(
            self.tr("{cls}: {expected} expected, {leave} on leave").format(
                cls=cls.name, expected=len(cls.expected), leave=len(cls.on_leave)
            )
        )


def _table(model: RecordTableModel) -> QTableView:  # type: ignore[type-arg]
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view
