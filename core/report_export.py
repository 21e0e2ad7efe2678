"""The weekly diagnosis and the monthly summary as PDF (A4, page x/y) or .xlsx workbooks."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from core.daily_log import LogSection
from core.errors import ValidationError
from core.log_export import write_sections_xlsx
from core.log_pdf import render_sections_pdf
from core.reports import MonthSummary, WeekDiagnosis

WEEK_TITLE = "课后服务一周一诊断"
MONTH_TITLE = "课后服务月度出勤汇总"
WEEK_SIGNATURES = ("班主任", "安全负责人")
MONTH_SIGNATURES = ("制表人", "安全负责人")
SEP = "、"


def _rate(value: float | None) -> str:
    return f"{value * 100:.1f}%" if value is not None else "—"


def week_sections(week: WeekDiagnosis) -> tuple[LogSection, ...]:
    """One overview row per class, then the details that need names."""
    overview = LogSection(
        "week",
        "各班概况",
        (
            "班级",
            "应到人次",
            "实到",
            "请假",
            "出勤率",
            "无故缺勤",
            "晚接",
            "无人接领",
            "事故",
            "看护缺口",
        ),
        tuple(
            (
                c.class_name,
                str(c.enrolled),
                str(c.attended),
                str(c.leave),
                _rate(c.rate),
                str(len(c.absences)),
                str(c.late_pickups),
                str(len(c.flagged)),
                str(len(c.incidents)),
                str(len(c.coverage_gaps)),
            )
            for c in week.classes
        ),
        (1.2, 1, 0.8, 0.8, 1, 1, 0.8, 1, 0.8, 1),
    )
    details = LogSection(
        "week_details",
        "需要跟进的情况",
        ("班级", "无故缺勤", "多次晚接的家庭", "无人接领", "事故", "看护缺口"),
        tuple(
            (
                c.class_name,
                SEP.join(c.absences),
                SEP.join(c.repeat_families),
                SEP.join(c.flagged),
                SEP.join(c.incidents),
                SEP.join(c.coverage_gaps),
            )
            for c in week.classes
            if c.absences or c.repeat_families or c.flagged or c.incidents or c.coverage_gaps
        ),
        (1, 2, 2, 2, 2, 1.5),
    )
    return overview, details


def month_sections(month: MonthSummary) -> tuple[LogSection, ...]:
    """One row per child: what fee settlement needs."""
    return (
        LogSection(
            "month",
            "每名学生",
            ("学号", "姓名", "班级", "在册天数", "出勤", "请假", "无故缺勤", "未点名"),
            tuple(
                (
                    c.student_no,
                    c.name,
                    c.class_name,
                    str(c.enrolled),
                    str(c.attended),
                    str(c.leave),
                    str(c.absent),
                    str(c.unmarked),
                )
                for c in month.children
            ),
            (1.4, 1.2, 1, 1, 0.8, 0.8, 1, 0.8),
        ),
    )


def _write(path: Path, render: dict[str, Callable[[Path], object]]) -> None:
    writer = render.get(path.suffix.lower())
    if writer is None:
        raise ValidationError(
            "report_format", f"unknown report format {path.suffix or '(none)'}: use .pdf or .xlsx"
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        writer(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_week(week: WeekDiagnosis, school: str, path: Path) -> None:
    """The weekly diagnosis to ``path`` (.pdf or .xlsx); nothing is left half-written.

    Raises:
        ValidationError: ``report_format`` for another suffix.
    """
    span = f"{week.start:%Y-%m-%d} 至 {week.end:%Y-%m-%d}"
    heading = f"{school} {WEEK_TITLE} {span}"
    sections = week_sections(week)
    intro = (f"服务日 {len(week.service_days)} 天；出勤率 = 实到 ÷（应到人次 减 请假）",)
    _write(
        path,
        {
            ".pdf": lambda out: render_sections_pdf(
                out,
                title_lines=(f"{school} {WEEK_TITLE}", span),
                heading=heading,
                intro=intro,
                sections=sections,
                signatures=WEEK_SIGNATURES,
                doc_title=heading,
                author=school,
            ),
            ".xlsx": lambda out: write_sections_xlsx(heading, sections, WEEK_SIGNATURES, out),
        },
    )


def write_month(month: MonthSummary, school: str, path: Path) -> None:
    """The monthly attendance summary to ``path`` (.pdf or .xlsx).

    Raises:
        ValidationError: ``report_format`` for another suffix.
    """
    span = f"{month.year} 年 {month.month} 月"
    heading = f"{school} {MONTH_TITLE} {span}"
    sections = month_sections(month)
    intro = (f"本月服务日 {month.service_days} 天；共 {len(month.children)} 名学生",)
    _write(
        path,
        {
            ".pdf": lambda out: render_sections_pdf(
                out,
                title_lines=(f"{school} {MONTH_TITLE}", span),
                heading=heading,
                intro=intro,
                sections=sections,
                signatures=MONTH_SIGNATURES,
                doc_title=heading,
                author=school,
            ),
            ".xlsx": lambda out: write_sections_xlsx(heading, sections, MONTH_SIGNATURES, out),
        },
    )
