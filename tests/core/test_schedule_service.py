"""ScheduleService: validation codes, persistence and one audit entry per edit (R10, R11)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from core.errors import NotFoundError, ValidationError
from core.schedule_service import ScheduleService
from core.services import Services
from db.engine import Database
from db.models import AuditEntry

T = dt.time
D = dt.date
TUESDAY = D(2026, 12, 1)
THURSDAY = D(2026, 12, 3)
SATURDAY = D(2026, 12, 5)
SUNDAY = D(2026, 12, 6)
ACTOR = "王老师"


def audit_count(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(AuditEntry.id))) or 0


def last_audit(db: Database) -> AuditEntry:
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        s.expunge(entry)
        return entry


def band_ids(schedule: ScheduleService) -> list[int]:
    return [b.id for b in schedule.load().bands]


def winter_windows(schedule: ScheduleService) -> dict[int, tuple[dt.time, dt.time, dt.time]]:
    season = schedule.load().seasons[0]
    return {w.band_id: (w.start, w.end, w.dismissal) for w in season.windows}


@pytest.fixture
def schedule(services: Services) -> ScheduleService:
    return services.schedule


def test_defaults_follow_the_guidelines(schedule: ScheduleService) -> None:
    day = schedule.day(TUESDAY)
    assert day.season == "冬令时"
    assert [(b.band.name, b.start, b.end, b.dismissal) for b in day.bands] == [
        ("一、二年级", T(15, 10), T(17, 10), T(17, 10)),
        ("三、四年级", T(15, 20), T(17, 20), T(17, 20)),
        ("五、六年级", T(15, 30), T(17, 30), T(17, 30)),
    ]
    assert [(b.period1, b.period2) for b in day.bands] == [
        ("自主阅读", "体育锻炼"),
        ("自主作业", "兴趣活动"),
        ("自主作业", "体育锻炼"),
    ]
    assert schedule.load().grace_min == 10


# --- seasons ---------------------------------------------------------------------------------


def _bad_windows(kind: str, windows: dict) -> dict:
    first = min(windows)
    if kind == "end_before_start":
        return {**windows, first: (T(17, 10), T(15, 10), T(17, 10))}
    if kind == "end_equals_start":
        return {**windows, first: (T(15, 10), T(15, 10), T(17, 10))}
    if kind == "dismissal_before_end":
        return {**windows, first: (T(15, 10), T(17, 10), T(17, 0))}
    if kind == "missing_band":
        return {k: v for k, v in windows.items() if k != first}
    if kind == "unknown_band":
        return {**windows, 999: (T(15, 10), T(17, 10), T(17, 10))}
    return windows


@pytest.mark.parametrize(
    ("name", "starts_on", "windows", "code"),
    [
        ("", D(2027, 5, 1), "ok", "season_name_empty"),
        ("   ", D(2027, 5, 1), "ok", "season_name_empty"),
        ("夏" * 41, D(2027, 5, 1), "ok", "season_name_too_long"),
        ("夏令时", D(2027, 5, 1), "end_before_start", "window_order"),
        ("夏令时", D(2027, 5, 1), "end_equals_start", "window_order"),
        ("夏令时", D(2027, 5, 1), "dismissal_before_end", "dismissal_before_end"),
        ("夏令时", D(2027, 5, 1), "missing_band", "season_bands"),
        ("夏令时", D(2027, 5, 1), "unknown_band", "season_bands"),
        ("夏令时", D(2026, 9, 1), "ok", "season_date_taken"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.isascii() else None,
)
def test_refuses_invalid_season_and_stores_nothing(
    schedule: ScheduleService,
    db: Database,
    name: str,
    starts_on: dt.date,
    windows: str,
    code: str,
) -> None:
    before = schedule.load().seasons
    audits = audit_count(db)
    with pytest.raises(ValidationError) as err:
        schedule.save_season(
            None, name, starts_on, _bad_windows(windows, winter_windows(schedule)), ACTOR
        )
    assert err.value.code == code
    assert schedule.load().seasons == before
    assert audit_count(db) == audits


def test_refuses_invalid_edit_of_existing_season_and_keeps_it(
    schedule: ScheduleService, db: Database
) -> None:
    winter = schedule.load().seasons[0]
    bad = _bad_windows("dismissal_before_end", winter_windows(schedule))
    with pytest.raises(ValidationError):
        schedule.save_season(winter.id, "冬令时改", winter.starts_on, bad, ACTOR)
    assert schedule.load().seasons == (winter,)


def test_new_season_applies_from_its_start_until_the_next(
    schedule: ScheduleService, db: Database
) -> None:
    summer = {bid: (T(15, 40), T(17, 40), T(17, 45)) for bid in band_ids(schedule)}
    season_id = schedule.save_season(None, " 夏令时 ", D(2027, 5, 1), summer, ACTOR)

    assert schedule.day(D(2027, 4, 30)).season == "冬令时"
    may = schedule.day(D(2027, 5, 3))
    assert may.season == "夏令时"
    assert {(b.start, b.end, b.dismissal) for b in may.bands} == {(T(15, 40), T(17, 40), T(17, 45))}
    entry = last_audit(db)
    assert (entry.action, entry.entity, entry.entity_id, entry.actor) == (
        "season.save",
        "season",
        str(season_id),
        ACTOR,
    )
    assert json.loads(entry.payload)["name"] == "夏令时"


def test_editing_a_season_replaces_its_windows(schedule: ScheduleService, db: Database) -> None:
    winter = schedule.load().seasons[0]
    windows = winter_windows(schedule)
    first = min(windows)
    windows[first] = (T(15, 10), T(16, 50), T(17, 0))
    audits = audit_count(db)

    schedule.save_season(winter.id, "冬令时", winter.starts_on, windows, ACTOR)

    band = schedule.day(TUESDAY).bands[0]
    assert (band.end, band.dismissal) == (T(16, 50), T(17, 0))
    assert len(schedule.load().seasons[0].windows) == 3
    assert audit_count(db) == audits + 1


def test_editing_a_missing_season_is_not_found(schedule: ScheduleService) -> None:
    with pytest.raises(NotFoundError):
        schedule.save_season(999, "冬令时", D(2027, 1, 1), winter_windows(schedule), ACTOR)


def test_refuses_to_delete_the_last_season(schedule: ScheduleService, db: Database) -> None:
    winter = schedule.load().seasons[0]
    audits = audit_count(db)
    with pytest.raises(ValidationError) as err:
        schedule.delete_season(winter.id, ACTOR)
    assert err.value.code == "last_season"
    assert schedule.load().seasons == (winter,)
    assert audit_count(db) == audits


def test_deletes_a_season_with_audit(schedule: ScheduleService, db: Database) -> None:
    summer_id = schedule.save_season(None, "夏令时", D(2027, 5, 1), winter_windows(schedule), ACTOR)
    schedule.delete_season(summer_id, ACTOR)
    assert [s.name for s in schedule.load().seasons] == ["冬令时"]
    assert schedule.day(D(2027, 5, 3)).season == "冬令时"
    entry = last_audit(db)
    assert (entry.action, entry.entity_id) == ("season.delete", str(summer_id))
    with pytest.raises(NotFoundError):
        schedule.delete_season(summer_id, ACTOR)


# --- timetable -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weekday", "period", "activity", "code"),
    [
        (0, 1, "书法", "timetable_slot"),
        (6, 1, "书法", "timetable_slot"),
        (1, 0, "书法", "timetable_slot"),
        (1, 3, "书法", "timetable_slot"),
        (1, 1, "书" * 61, "activity_too_long"),
    ],
)
def test_refuses_invalid_timetable_cell(
    schedule: ScheduleService, db: Database, weekday: int, period: int, activity: str, code: str
) -> None:
    before = schedule.load().timetable
    audits = audit_count(db)
    with pytest.raises(ValidationError) as err:
        schedule.set_activity(band_ids(schedule)[0], weekday, period, activity, ACTOR)
    assert err.value.code == code
    assert schedule.load().timetable == before
    assert audit_count(db) == audits


def test_sets_a_timetable_cell_with_old_and_new_in_the_audit(
    schedule: ScheduleService, db: Database
) -> None:
    band = band_ids(schedule)[1]
    schedule.set_activity(band, 2, 2, " 书法社团 ", ACTOR)  # Tuesday, period 2

    assert schedule.day(TUESDAY).bands[1].period2 == "书法社团"
    assert schedule.day(THURSDAY).bands[1].period2 == "兴趣活动"
    entry = last_audit(db)
    assert (entry.action, entry.entity_id) == ("timetable.set", f"{band}/2/2")
    assert json.loads(entry.payload) == {"old": "兴趣活动", "new": "书法社团"}


def test_setting_the_same_activity_records_nothing(schedule: ScheduleService, db: Database) -> None:
    audits = audit_count(db)
    schedule.set_activity(band_ids(schedule)[0], 1, 1, "自主阅读", ACTOR)
    assert audit_count(db) == audits


# --- per-date overrides ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on_date", "kind", "band", "extra", "code"),
    [
        (THURSDAY, "holiday", None, {}, "override_kind"),
        (THURSDAY, "dismissal", 0, {}, "override_time"),
        (THURSDAY, "makeup", None, {"follows_weekday": 1}, "makeup_weekday"),
        (SATURDAY, "makeup", None, {}, "makeup_follows"),
        (SATURDAY, "makeup", None, {"follows_weekday": 6}, "makeup_follows"),
        (SATURDAY, "makeup", None, {"follows_weekday": 0}, "makeup_follows"),
        (THURSDAY, "no_service", 999, {}, "override_invalid"),
        (THURSDAY, "no_service", None, {"reason": "假" * 201}, "reason_too_long"),
    ],
)
def test_refuses_invalid_override_and_stores_nothing(
    schedule: ScheduleService,
    db: Database,
    on_date: dt.date,
    kind: str,
    band: int | None,
    extra: dict,
    code: str,
) -> None:
    band_id = band if band in (None, 999) else band_ids(schedule)[band]
    audits = audit_count(db)
    kwargs = {"reason": "测试", **extra}
    with pytest.raises(ValidationError) as err:
        schedule.add_override(on_date, kind, band_id, actor=ACTOR, **kwargs)
    assert err.value.code == code
    assert schedule.load().overrides == ()
    assert audit_count(db) == audits


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((None, "no_service"), (None, "dismissal")),
        ((0, "dismissal"), (0, "no_service")),
    ],
)
def test_refuses_a_second_override_for_the_same_date_and_scope(
    schedule: ScheduleService, first: tuple, second: tuple
) -> None:
    ids = band_ids(schedule)
    band_of = {None: None, 0: ids[0]}
    schedule.add_override(
        THURSDAY, first[1], band_of[first[0]], "一", dismissal=T(16, 0), actor=ACTOR
    )
    with pytest.raises(ValidationError) as err:
        schedule.add_override(
            THURSDAY, second[1], band_of[second[0]], "二", dismissal=T(16, 0), actor=ACTOR
        )
    assert err.value.code == "override_exists"
    assert len(schedule.load().overrides) == 1


def test_whole_school_no_service_day(schedule: ScheduleService, db: Database) -> None:
    oid = schedule.add_override(THURSDAY, "no_service", None, "期末考试", actor=ACTOR)
    day = schedule.day(THURSDAY)
    assert not day.any_service
    assert {b.note for b in day.bands} == {"期末考试"}
    assert schedule.day(TUESDAY).any_service
    entry = last_audit(db)
    assert (entry.action, entry.entity, entry.entity_id) == (
        "override.add",
        "date_override",
        str(oid),
    )


def test_band_dismissal_override_changes_only_that_band(schedule: ScheduleService) -> None:
    ids = band_ids(schedule)
    schedule.add_override(THURSDAY, "dismissal", ids[0], "暴雨", dismissal=T(16, 0), actor=ACTOR)
    bands = schedule.day(THURSDAY).bands
    assert (bands[0].end, bands[0].dismissal, bands[0].changed) == (T(16, 0), T(16, 0), True)
    assert [(b.dismissal, b.changed) for b in bands[1:]] == [(T(17, 20), False), (T(17, 30), False)]


def test_band_override_wins_over_whole_school(schedule: ScheduleService) -> None:
    ids = band_ids(schedule)
    schedule.add_override(THURSDAY, "no_service", None, "运动会", actor=ACTOR)
    schedule.add_override(
        THURSDAY, "dismissal", ids[2], "毕业班照常", dismissal=T(17, 0), actor=ACTOR
    )
    bands = schedule.day(THURSDAY).bands
    assert [b.service for b in bands] == [False, False, True]
    assert bands[2].dismissal == T(17, 0)


@pytest.mark.parametrize(
    ("on_date", "follows", "period2"), [(SATURDAY, 2, "体育锻炼"), (SUNDAY, 5, "劳动实践")]
)
def test_make_up_weekend_day_follows_the_chosen_weekday(
    schedule: ScheduleService, on_date: dt.date, follows: int, period2: str
) -> None:
    assert not schedule.day(on_date).any_service
    ids = band_ids(schedule)
    # A band given for a make-up day is ignored: the whole school comes in.
    schedule.add_override(on_date, "makeup", ids[0], "调休", follows_weekday=follows, actor=ACTOR)
    day = schedule.day(on_date)
    assert day.weekday == follows
    assert all(b.service for b in day.bands)
    assert day.bands[0].period2 == period2
    assert schedule.load().overrides[0].band_id is None


def test_deletes_an_override_with_audit(schedule: ScheduleService, db: Database) -> None:
    oid = schedule.add_override(THURSDAY, "no_service", None, "元旦", actor=ACTOR)
    schedule.delete_override(oid, ACTOR)
    assert schedule.load().overrides == ()
    assert schedule.day(THURSDAY).any_service
    entry = last_audit(db)
    assert (entry.action, entry.entity_id, entry.actor) == ("override.delete", str(oid), ACTOR)
    with pytest.raises(NotFoundError):
        schedule.delete_override(oid, ACTOR)


# --- grace period ----------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [-1, 121, 600])
def test_refuses_grace_outside_range(schedule: ScheduleService, db: Database, minutes: int) -> None:
    audits = audit_count(db)
    with pytest.raises(ValidationError) as err:
        schedule.set_grace_minutes(minutes, ACTOR)
    assert err.value.code == "grace_range"
    assert schedule.load().grace_min == 10
    assert audit_count(db) == audits


@pytest.mark.parametrize("minutes", [0, 15, 120])
def test_stores_grace_minutes_with_audit(
    schedule: ScheduleService, db: Database, minutes: int
) -> None:
    schedule.set_grace_minutes(minutes, ACTOR)
    assert schedule.load().grace_min == minutes
    entry = last_audit(db)
    assert entry.action == "school.grace"
    assert json.loads(entry.payload) == {"old": 10, "new": minutes}


def test_every_edit_extends_the_hash_chain(schedule: ScheduleService, db: Database) -> None:
    start = audit_count(db)
    schedule.set_grace_minutes(12, ACTOR)
    schedule.set_activity(band_ids(schedule)[0], 3, 1, "书法", ACTOR)
    schedule.add_override(THURSDAY, "no_service", None, "元旦", actor=ACTOR)
    with db.read() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    assert len(entries) == start + 3
    for prev, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == prev.hash
        assert entry.seq == prev.seq + 1
