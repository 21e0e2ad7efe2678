"""The weekly diagnosis per class and the monthly summary per child, on a simulated fortnight."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import ValidationError
from core.reports import ReportService
from core.services import Services
from db.models import Incident
from tests.core.test_dismissal import Afternoon, afternoon  # noqa: F401 (a fixture)
from tests.core.test_verdict import DAY, at

MONDAY = DAY - dt.timedelta(days=1)  # 2026-11-30
LAST_MONDAY = MONDAY - dt.timedelta(days=7)


@pytest.fixture
def reports(services: Services) -> ReportService:
    return ReportService(
        services._db,  # noqa: SLF001 (the bundle's own database)
        services.schedule,
        services.dismissal,
        services.coverage,
    )


def _day(af: Afternoon, day: dt.date, present: list[str], absent: list[str] = ()) -> None:
    af.at("15:30", day)
    af.present(*present, day=day)
    for no in absent:
        af.gate.services.attendance.mark(af.ids[no], day, 1, "absent", af.duty)


def _late_father(af: Afternoon, day: dt.date, hhmm: str = "17:45") -> None:
    af.at(hhmm, day)
    verdict = af.gate.verdicts.scan(af.gate.token(af.gate.guardian("李伟")))
    af.gate.handoffs.record(verdict, [af.ids["A1"]], af.duty)


def test_monthly_summary_counts_each_childs_days(afternoon, reports) -> None:  # noqa: F811
    af = afternoon
    _day(af, MONDAY, ["A1", "A2"], absent=["D1"])
    _day(af, DAY, ["A1"], absent=["D1"])
    af.at("18:00")
    summary = reports.monthly_summary(2026, 12)
    # December up to the 31st: 23 weekdays with service (the guidelines' winter table).
    assert summary.service_days == 23
    a1 = next(c for c in summary.children if c.name == "李小一")
    assert (a1.enrolled, a1.attended, a1.absent) == (23, 1, 0)
    assert a1.unmarked == 22
    d1 = next(c for c in summary.children if c.name == "孙七")
    assert (d1.attended, d1.absent) == (0, 1)
    november = reports.monthly_summary(2026, 11)
    a2 = next(c for c in november.children if c.name == "李小二")
    assert (a2.attended, a2.absent) == (1, 0)


def test_weekly_diagnosis_per_class(afternoon, reports, db) -> None:  # noqa: F811
    af = afternoon
    # Last week: the father was late once; this week twice: a repeat family.
    _day(af, LAST_MONDAY, ["A1"])
    _late_father(af, LAST_MONDAY)
    _day(af, MONDAY, ["A1", "B2"], absent=["C1"])
    _late_father(af, MONDAY)
    _day(af, DAY, ["A1", "B2", "C1"])
    _late_father(af, DAY, "17:50")
    af.gate.add(
        Incident(
            on_date=DAY,
            happened_at=at("16:20"),
            student_id=af.ids["B2"],
            kind="injury",
            description="摔倒擦伤膝盖",
            action_taken="校医处理",
            recorded_at=at("16:30"),
        )
    )
    af.at("18:30")
    week = reports.weekly_diagnosis(DAY)
    assert (week.start, week.end) == (MONDAY, MONDAY + dt.timedelta(days=6))
    one_one = next(c for c in week.classes if c.class_name == "一(1)班")
    one_two = next(c for c in week.classes if c.class_name == "一(2)班")
    # 一(1)班: 李小一 and 王五 on five service days each.
    assert one_one.enrolled == 10 and one_one.attended == 4
    assert one_one.late_pickups == 2
    assert one_one.repeat_families == ("李伟（父亲） 3 次",)
    assert one_one.incidents == ("12-01 16:20 受伤 王五",)
    # Nobody fetched 王五 on either day, nor 李小一 before the flag time: both flagged.
    assert "12-01 王五" in one_one.flagged and "11-30 李小一" in one_one.flagged
    assert one_two.absences == ("11-30 赵四",)
    assert one_two.rate == pytest.approx(1 / 5)
    # No teacher checked in anywhere: every class with children present is a coverage gap.
    assert "12-01 第1课时" in one_one.coverage_gaps


def test_reports_as_pdf_and_workbook(afternoon, reports, tmp_path) -> None:  # noqa: F811
    import openpyxl
    import pdfplumber

    from core.report_export import write_month, write_week

    af = afternoon
    _day(af, MONDAY, ["A1", "B2"], absent=["C1"])
    _late_father(af, MONDAY)
    af.at("18:30")
    week = reports.weekly_diagnosis(DAY)
    write_week(week, "测试小学", tmp_path / "week.pdf")
    write_week(week, "测试小学", tmp_path / "week.xlsx")
    with pdfplumber.open(tmp_path / "week.pdf") as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "测试小学 课后服务一周一诊断" in text and "2026-11-30 至 2026-12-06" in text
    assert "11-30 赵四" in text and "第 1 页 / 共" in text and "班主任" in text
    book = openpyxl.load_workbook(tmp_path / "week.xlsx")
    rows = list(book["各班概况"].iter_rows(values_only=True))
    assert rows[0][:5] == ("班级", "应到人次", "实到", "请假", "出勤率")
    one_two = next(r for r in rows if r[0] == "一(2)班")
    assert one_two[5] == "1"  # one absence without notice

    month = reports.monthly_summary(2026, 11)
    write_month(month, "测试小学", tmp_path / "month.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "month.xlsx")["每名学生"]
    by_name = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_name["李小一"][3:6] == ("21", "1", "0")  # 21 service days in November
    write_month(month, "测试小学", tmp_path / "month.pdf")
    with pdfplumber.open(tmp_path / "month.pdf") as pdf:
        assert "2026 年 11 月" in (pdf.pages[0].extract_text() or "")
    with pytest.raises(ValidationError):
        write_month(month, "测试小学", tmp_path / "month.csv")
    assert not (tmp_path / "month.csv").exists()
