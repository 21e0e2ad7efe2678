"""Pure schedule rules (R11): seasons, the guidelines' table, overrides, make-up days."""

from __future__ import annotations

import datetime as dt

import pytest

from core.schedule import (
    DEFAULT_TIMETABLE,
    DEFAULT_WINTER,
    Band,
    Override,
    SeasonDef,
    Window,
    next_service_day,
    resolve_day,
    season_on,
)

T = dt.time
BANDS = (Band(1, "一、二年级", 1, 2), Band(2, "三、四年级", 3, 4), Band(3, "五、六年级", 5, 6))
WINTER = SeasonDef(
    1,
    "冬令时",
    dt.date(2026, 10, 8),
    tuple(Window(b.id, *w) for b, w in zip(BANDS, DEFAULT_WINTER, strict=True)),
)
SUMMER = SeasonDef(
    2,
    "夏令时",
    dt.date(2027, 5, 1),
    (
        Window(1, T(15, 40), T(17, 40), T(17, 40)),
        Window(2, T(15, 50), T(17, 50), T(17, 50)),
        Window(3, T(16, 0), T(18, 0), T(18, 0)),
    ),
)
TIMETABLE = {
    (band.id, wd, period): acts[wd - 1]
    for band, periods in zip(BANDS, DEFAULT_TIMETABLE, strict=True)
    for period, acts in enumerate(periods, start=1)
    for wd in range(1, 6)
}
TUESDAY = dt.date(2026, 12, 1)
SATURDAY = dt.date(2026, 12, 5)


def day(d: dt.date, overrides: tuple[Override, ...] = (), seasons=(WINTER, SUMMER)):
    return resolve_day(d, BANDS, seasons, TIMETABLE, overrides)


@pytest.mark.parametrize(
    ("band", "start", "end", "dismissal"),
    [
        (0, T(15, 10), T(17, 10), T(17, 10)),
        (1, T(15, 20), T(17, 20), T(17, 20)),
        (2, T(15, 30), T(17, 30), T(17, 30)),
    ],
)
def test_winter_windows_follow_the_guidelines_table(band, start, end, dismissal):
    b = day(TUESDAY).bands[band]
    assert (b.service, b.start, b.end, b.dismissal) == (True, start, end, dismissal)


@pytest.mark.parametrize(
    ("weekday_date", "band", "p1", "p2"),
    [
        (dt.date(2026, 11, 30), 0, "自主阅读", "兴趣活动"),  # Monday
        (dt.date(2026, 12, 1), 0, "自主阅读", "体育锻炼"),  # Tuesday
        (dt.date(2026, 12, 2), 1, "自主作业", "体育锻炼"),  # Wednesday, grades 3–4
        (dt.date(2026, 12, 2), 2, "自主作业", "兴趣活动"),  # Wednesday, grades 5–6
        (dt.date(2026, 12, 4), 2, "自主作业", "劳动实践"),  # Friday
    ],
)
def test_periods_follow_the_guidelines_course_table(weekday_date, band, p1, p2):
    b = day(weekday_date).bands[band]
    assert (b.period1, b.period2) == (p1, p2)


@pytest.mark.parametrize(
    ("date", "season"),
    [
        (dt.date(2026, 10, 7), None),
        (dt.date(2026, 10, 8), "冬令时"),
        (dt.date(2027, 4, 30), "冬令时"),
        (dt.date(2027, 5, 1), "夏令时"),
        (dt.date(2027, 9, 1), "夏令时"),
    ],
)
def test_season_in_force_is_the_latest_started(date, season):
    found = season_on((SUMMER, WINTER), date)
    assert (found.name if found else None) == season


def test_summer_season_changes_dismissal_times():
    b = day(dt.date(2027, 5, 6)).bands[2]
    assert (b.start, b.dismissal) == (T(16, 0), T(18, 0))


def test_no_season_means_no_service():
    assert not day(dt.date(2026, 9, 1)).any_service


def test_weekend_has_no_service():
    d = day(SATURDAY)
    assert not d.any_service
    assert all(b.dismissal is None for b in d.bands)


def test_whole_school_no_service_override():
    ov = Override(1, TUESDAY, "no_service", None, reason="期中考试")
    d = day(TUESDAY, (ov,))
    assert not d.any_service
    assert all(b.changed and b.note == "期中考试" for b in d.bands)


def test_band_no_service_leaves_other_bands():
    ov = Override(1, TUESDAY, "no_service", 3, reason="六年级测试")
    d = day(TUESDAY, (ov,))
    assert [b.service for b in d.bands] == [True, True, False]


def test_bad_weather_dismissal_for_whole_school():
    ov = Override(1, TUESDAY, "dismissal", None, T(16, 0), reason="暴雨预警")
    d = day(TUESDAY, (ov,))
    assert [b.dismissal for b in d.bands] == [T(16, 0)] * 3
    assert [b.end for b in d.bands] == [T(16, 0)] * 3
    assert d.bands[0].start == T(15, 10)


def test_band_override_wins_over_whole_school_override():
    school = Override(1, TUESDAY, "dismissal", None, T(16, 30), reason="暴雨")
    band = Override(2, TUESDAY, "dismissal", 1, T(16, 0), reason="低年级先走")
    d = day(TUESDAY, (school, band))
    assert [b.dismissal for b in d.bands] == [T(16, 0), T(16, 30), T(16, 30)]


def test_override_on_another_date_has_no_effect():
    ov = Override(1, TUESDAY + dt.timedelta(days=1), "no_service", None)
    assert day(TUESDAY, (ov,)).any_service


def test_makeup_saturday_follows_the_chosen_weekday():
    ov = Override(1, SATURDAY, "makeup", None, follows_weekday=5, reason="调休")
    d = day(SATURDAY, (ov,))
    assert d.any_service and d.weekday == 5
    assert d.bands[0].period2 == "劳动实践"


def test_next_service_day_skips_weekend_and_holiday():
    friday = dt.date(2026, 12, 4)
    monday = dt.date(2026, 12, 7)
    holiday = Override(1, monday, "no_service", None, reason="校庆")
    found = next_service_day(friday + dt.timedelta(days=1), BANDS, (WINTER,), TIMETABLE, (holiday,))
    assert found == monday + dt.timedelta(days=1)
