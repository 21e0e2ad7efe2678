"""The daily supervision log (看管记录) as plain data: every section the exports print.

One builder reads the day once and lays it out as titled tables of text, so the PDF, the
workbook and the CSV print exactly the same content; they only differ in how they draw it.
Phones are masked (R12) unless the safety officer asks for the full export.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import daily_log_reads as reads
from core.attendance_types import ABSENT, LATE, LEAVE_KINDS, LEFT_EARLY, Counts, DaySheet
from core.coverage_duty import GroupNames
from core.coverage_types import UNCOVERED, CoverageBoard
from core.daily_log_reads import CallRow, HandoffRow
from core.dismissal_types import CUSTODY, FLAGGED, Board, BoardChild
from core.schedule import WEEKDAY_NAMES, DaySchedule
from core.today import mask_phone
from db import audit
from db.engine import Database
from db.models import (
    AuditEntry,
    Incident,
    Patrol,
)

if TYPE_CHECKING:
    from core.services import Services

TITLE = "课后服务看管记录"
SIGNATURES = ("值班教师签名", "安全负责人签名")
# The log's own method words (the gate's words say 核验身份; the printed log names the case).
METHOD_WORDS = {
    "card": "刷卡",
    "handheld": "扫码枪",
    "identity_check": "无卡核验",
    "override": "说明原因放行",
    "self": "自行离校",
    "institution": "托管机构",
    "custody": "留校看护后接走",
}
CALL_WORDS = {
    "no_answer": "无人接听",
    "on_the_way": "正在赶来",
    "other_arrangement": "另有安排",
    "notified": "已通知",
}
INCIDENT_WORDS = {"injury": "受伤", "illness": "身体不适", "conflict": "冲突", "other": "其他"}
LEAVE_WORDS = {"sick": "病假", "personal": "事假"}
NONE_TEXT = "无"

# Section keys: stable names for tests and for the workbook's order.
SUMMARY = "summary"
BANDS = "bands"
EXCEPTIONS = "exceptions"
HANDOFFS = "handoffs"
FLAGS = "flags"
INCIDENTS = "incidents"
PATROLS = "patrols"
GAPS = "gaps"
TOTALS = "totals"
AUDIT = "audit"


@dataclass(frozen=True)
class LogSection:
    """One titled table of the log; ``widths`` are relative column widths for the exporters."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]


@dataclass(frozen=True)
class AuditState:
    """The chain's state when the log was made, and the last entry of the day itself."""

    ok: bool
    entries: int
    problem: str  # the first break in English, "" when the chain verifies
    day_seq: int  # the last entry recorded on or before the day (0: none)
    day_hash: str
    head_seq: int
    head_hash: str

    @property
    def status(self) -> str:
        """一行中文：校验通过 or where it broke."""
        if self.ok:
            return f"审计链校验通过（共 {self.entries} 条记录）"
        return f"审计链校验未通过：{self.problem}"


@dataclass(frozen=True)
class DailyLog:
    """The whole log of one day."""

    school: str
    day: dt.date
    service: bool
    generated_at: dt.datetime
    full_phones: bool
    audit: AuditState
    sections: tuple[LogSection, ...]
    signatures: tuple[str, ...] = SIGNATURES
    # Set on a log re-issued after a correction to a closed day: which issue it is, and why.
    issue_note: str = ""

    @property
    def date_text(self) -> str:
        """2026-12-01（周二）."""
        return f"{self.day:%Y-%m-%d}（{WEEKDAY_NAMES[self.day.isoweekday()]}）"

    @property
    def heading(self) -> str:
        """学校 课后服务看管记录 2026-12-01（周二）: the line on top of every page."""
        return f"{self.school} {TITLE} {self.date_text}"

    def section(self, key: str) -> LogSection:
        """One section by its key."""
        return next(s for s in self.sections if s.key == key)


def _hm(value: dt.datetime | dt.time | None) -> str:
    return f"{value:%H:%M}" if value is not None else ""


def _who(name: str, relation: str) -> str:
    return f"{name}（{relation}）" if relation else name


class DailyLogService:
    """Builds the daily supervision log from the services' reads and a few of its own."""

    def __init__(self, db: Database, services: Services) -> None:
        self._db = db
        self._services = services

    def build(self, day: dt.date, *, full_phones: bool = False) -> DailyLog:
        """The log of ``day``; ``full_phones`` only for the safety officer's export (R12).

        Flags are judged as of the clock's now: for a past day every flag time has passed.
        """
        sv = self._services
        data = sv.schedule.load()
        schedule = data.day(day)
        sheet = sv.attendance.day_sheet(day)
        board = sv.dismissal.board(day)
        coverage = (
            (sv.coverage.board(day, 1), sv.coverage.board(day, 2)) if schedule.any_service else ()
        )
        report = sv.audit.verify()
        phone = (lambda p: p or "") if full_phones else mask_phone
        with self._db.read() as s:
            names = GroupNames(s)
            handoffs = reads.handoffs(s, day)
            calls = reads.calls(s, day)
            incidents = _incidents(s, day)
            patrols = _patrols(s, day)
            day_head = s.execute(
                select(AuditEntry.seq, AuditEntry.hash)
                .where(AuditEntry.at < dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
                .order_by(AuditEntry.seq.desc())
                .limit(1)
            ).first()
            head = audit.chain_head(s)
            wanted = {r.student_id for c in sheet.classes for r in c.rows if r.status == ABSENT}
            wanted |= {c.student_id for c in board.children if c.was_flagged}
            guardians = reads.guardians(s, wanted)
        audit_state = AuditState(
            report.ok,
            report.entries,
            report.problem,
            day_head[0] if day_head else 0,
            day_head[1] if day_head else "",
            head.seq,
            head.hash,
        )
        phones = {
            sid: "、".join(f"{_who(n, r)} {phone(p)}".strip() for n, r, p in rows)
            for sid, rows in guardians.items()
        }
        supervising, duty = _teachers(coverage, names, schedule, board)
        flags = _flag_rows(board, calls, phones)
        gaps = _gap_rows(coverage)
        sections = (
            _summary(data.school_name, schedule, duty, sv.clock.now(), full_phones),
            _band_rows(schedule, sheet, supervising),
            _exceptions(sheet, handoffs, phones),
            _handoff_section(handoffs),
            flags,
            incidents,
            patrols,
            gaps,
            _totals(sheet, board, handoffs, flags, incidents, patrols, gaps),
            _audit_section(audit_state),
        )
        return DailyLog(
            school=data.school_name,
            day=day,
            service=schedule.any_service,
            generated_at=sv.clock.now().replace(tzinfo=None),
            full_phones=full_phones,
            audit=audit_state,
            sections=sections,
        )


def build_daily_log(
    db: Database, services: Services, day: dt.date, *, full_phones: bool = False
) -> DailyLog:
    """The log of ``day`` (a shortcut for ``DailyLogService(db, services).build``)."""
    return DailyLogService(db, services).build(day, full_phones=full_phones)


def _incidents(s: Session, day: dt.date) -> LogSection:
    staff = reads.staff_names(s)
    rows = []
    found = s.scalars(
        select(Incident).where(Incident.on_date == day).order_by(Incident.happened_at, Incident.id)
    ).all()
    pupils = reads.pupils(s) if any(i.student_id for i in found) else {}
    for i in found:
        name, class_name = pupils.get(i.student_id or 0, ("", ""))
        rows.append(
            (
                _hm(i.happened_at),
                name,
                class_name,
                INCIDENT_WORDS.get(i.kind, i.kind),
                i.description,
                i.action_taken,
                _hm(i.guardian_notified_at) or "未通知",
                staff.get(i.notified_by or 0, ""),
            )
        )
    return LogSection(
        INCIDENTS,
        "安全事件",
        ("时间", "学生", "班级", "类别", "经过", "处理", "通知家长", "通知人"),
        tuple(rows),
        (1, 1.2, 1.1, 1, 3, 3, 1.2, 1.2),
    )


def _patrols(s: Session, day: dt.date) -> LogSection:
    staff = reads.staff_names(s)
    rows = tuple(
        (_hm(p.at), staff.get(p.inspector_id, ""), p.findings, p.praise, p.problems)
        for p in s.scalars(
            select(Patrol).where(Patrol.on_date == day).order_by(Patrol.at, Patrol.id)
        )
    )
    return LogSection(
        PATROLS, "巡查记录", ("时间", "巡查人", "发现", "表扬", "问题"), rows, (1, 1.3, 4, 3, 3)
    )


# --- composing the sections ---


def _summary(
    school: str, schedule: DaySchedule, duty: str, now: dt.datetime, full: bool
) -> LogSection:
    notes = [f"{b.band.name}：{b.note}" for b in schedule.bands if b.note]
    service = "有课后服务" if schedule.any_service else "本日无课后服务"
    rows = [
        ("学校", school),
        ("日期", f"{schedule.date:%Y-%m-%d}（{WEEKDAY_NAMES[schedule.date.isoweekday()]}）"),
        ("作息", schedule.season or "未设置"),
        ("服务", service + (f"（{'；'.join(notes)}）" if notes else "")),
        ("值班教师", duty or "未安排"),
        ("生成时间", f"{now:%Y-%m-%d %H:%M}"),
        ("电话号码", "完整显示（仅供安全负责人）" if full else "已遮挡（138****5678）"),
    ]
    return LogSection(SUMMARY, "基本信息", ("项目", "内容"), tuple(rows), (1, 5))


def _present(c: Counts) -> int:
    return c.present + c.late + c.left_early


def _teacher_text(labels: list[str]) -> str:
    came = [x for x in labels if not x.startswith("~")]
    missing = [x[1:] for x in labels if x.startswith("~") and x[1:] not in came]
    text = "、".join(came)
    if missing:
        text += ("；" if text else "") + "未到岗：" + "、".join(missing)
    return text


def _band_rows(
    schedule: DaySchedule, sheet: DaySheet, supervising: dict[str, list[str]]
) -> LogSection:
    counts = dict(sheet.band_counts())
    rows = []
    for b in schedule.bands:
        c = counts.get(b.band.name, Counts())
        window = f"{_hm(b.start)}–{_hm(b.end)}" if b.service else "无服务"
        rows.append(
            (
                b.band.name,
                window,
                _hm(b.dismissal) if b.service else "",
                b.period1 if b.service else "",
                b.period2 if b.service else "",
                _teacher_text(supervising.get(b.band.name, [])),
                str(c.total),
                str(_present(c)),
                str(c.leave),
                str(c.absent),
                str(c.unmarked),
            )
        )
    return LogSection(
        BANDS,
        "各年级段情况",
        (
            "年级段",
            "服务时段",
            "放学",
            "第一课时",
            "第二课时",
            "看管教师",
            "应到",
            "实到",
            "请假",
            "缺勤",
            "未点名",
        ),
        tuple(rows),
        (1.3, 1.4, 0.8, 1.4, 1.4, 2.6, 0.7, 0.7, 0.7, 0.7, 0.8),
    )


def _exceptions(sheet: DaySheet, handoffs: list[HandoffRow], phones: dict[int, str]) -> LogSection:
    early = {h.student_id: h for h in handoffs if h.undone_at is None and h.early}
    rows = []
    for cls in sheet.classes:
        if not cls.service or not cls.rows:
            continue
        # A class whose roll call was never taken is one line, not one per child.
        not_taken = all(r.mark is None for r in cls.rows)
        unmarked = sum(1 for r in cls.rows if r.shown is None)
        if not_taken and unmarked:
            rows.append((cls.cls.name, "全班", "未点名", f"第一课时未点名（{unmarked} 人）"))
        for r in cls.rows:
            if not_taken and r.shown is None:
                continue
            shown = r.shown
            if shown == ABSENT:
                rows.append(
                    (
                        cls.cls.name,
                        r.name,
                        "缺勤（未请假）",
                        f"家长：{phones.get(r.student_id, '')}",
                    )
                )
            elif shown in LEAVE_KINDS:
                reason = r.leave_reason or "未注明原因"
                by = f"（{r.leave_reported_by}告知）" if r.leave_reported_by else ""
                rows.append((cls.cls.name, r.name, LEAVE_WORDS[shown], reason + by))
            elif shown == LEFT_EARLY:
                h = early.get(r.student_id)
                note = f"{_hm(h.at)} {_who(h.receiver, h.relation)}接走：{h.reason}" if h else ""
                rows.append((cls.cls.name, r.name, "早退", note))
            elif shown == LATE:
                rows.append((cls.cls.name, r.name, "迟到", ""))
            elif shown is None:
                rows.append((cls.cls.name, r.name, "未点名", ""))
    return LogSection(
        EXCEPTIONS, "考勤异常", ("班级", "学生", "情况", "原因 / 说明"), tuple(rows), (1, 1, 1.3, 5)
    )


def _handoff_notes(h: HandoffRow) -> str:
    notes = []
    if h.early:
        notes.append(f"早退：{h.reason}" if h.reason else "早退")
    if h.late:
        notes.append("迟接")
    if h.reason and not h.early:
        notes.append(f"说明原因：{h.reason}")
    if h.undone_at is not None:
        notes.append(f"已撤销 {_hm(h.undone_at)}" + (f"：{h.undo_reason}" if h.undo_reason else ""))
    return "；".join(notes)


def _handoff_section(handoffs: list[HandoffRow]) -> LogSection:
    rows = tuple(
        (
            _hm(h.at),
            h.name,
            h.class_name,
            _who(h.receiver, h.relation) if h.method != "self" else "（自行离校）",
            METHOD_WORDS.get(h.method, h.method),
            h.verified_by,
            h.station,
            _handoff_notes(h),
        )
        for h in handoffs
    )
    return LogSection(
        HANDOFFS,
        "接领交接记录",
        ("时间", "学生", "班级", "接领人（关系）", "方式", "核验教师", "地点", "备注"),
        rows,
        (0.8, 1.1, 1.1, 1.9, 1.3, 1.2, 0.9, 2.6),
    )


def _resolution(child: BoardChild) -> str:
    parts = []
    if child.custody is not None:
        parts.append(f"{_hm(child.custody.at)} 留校看护，交{child.custody.teacher}")
    release = child.release
    if release is not None:
        parts.append(f"迟接：{_hm(release.at)} 由{_who(release.receiver, release.relation)}接走")
    if child.state == FLAGGED:
        parts.append("仍未落实")
    elif child.state == CUSTODY and release is None:
        parts.append("仍在留校看护")
    return "；".join(parts)


def _flag_rows(
    board: Board,
    calls: dict[int, list[CallRow]],
    phones: dict[int, str],
) -> LogSection:
    rows = []
    for c in sorted(
        (c for c in board.children if c.was_flagged), key=lambda c: (c.flag_at or board.at, c.name)
    ):
        log = "\n".join(
            f"{_hm(at)} {callee} {CALL_WORDS.get(result, result)}"
            + (f"：{note}" if note else "")
            + (f"（{staff}）" if staff else "")
            for at, callee, _gid, result, note, staff in calls.get(c.student_id, [])
        )
        rows.append(
            (
                c.name,
                c.class_name,
                _hm(c.flag_at),
                phones.get(c.student_id, ""),
                log or "未记录联系",
                _resolution(c),
            )
        )
    return LogSection(
        FLAGS,
        "无人接领及处理",
        ("学生", "班级", "标记时间", "监护人电话", "联系记录", "处理结果"),
        tuple(rows),
        (1, 1, 0.9, 2.4, 3, 2.4),
    )


def _gap_rows(coverage: tuple[CoverageBoard, ...]) -> LogSection:
    rows = []
    for board in coverage:
        for g in board.groups:
            if g.state != UNCOVERED:
                continue
            assigned = "、".join(t.staff.name for t in g.missing) or "未安排教师"
            rows.append(
                (
                    f"第{board.period}课时",
                    g.name or "校门",
                    f"{_hm(g.start)}–{_hm(g.end)}",
                    str(g.present),
                    assigned,
                )
            )
    return LogSection(
        GAPS,
        "看管缺口（有学生无教师到岗）",
        ("课时", "班级 / 社团", "时段", "在场人数", "安排教师（未到岗）"),
        tuple(rows),
        (1, 1.6, 1.4, 1, 2.5),
    )


def _teachers(
    coverage: tuple[CoverageBoard, ...],
    names: GroupNames,
    schedule: DaySchedule,
    board: Board,
) -> tuple[dict[str, list[str]], str]:
    """Supervising teachers per band (checked in or assigned), and the day's duty teachers."""
    per_band: dict[str, list[str]] = defaultdict(list)
    duty: list[str] = []
    for cov in coverage:
        for g in cov.groups:
            for t in g.teachers:
                # Checked in first; an assigned teacher who never came is named apart.
                label = t.staff.name if t.checked_in_at is not None else f"~{t.staff.name}"
                if g.group.kind == "gate":
                    if t.staff.name not in duty:
                        duty.append(t.staff.name)
                    continue
                for b in schedule.bands:
                    grades = names.grades(g.group)
                    if any(b.band.covers(x) for x in grades) and label not in per_band[b.band.name]:
                        per_band[b.band.name].append(label)
    for transfer in board.transfers:
        if transfer.to_teacher and transfer.to_teacher not in duty:
            duty.append(transfer.to_teacher)
    return per_band, "、".join(duty)


def _totals(
    sheet: DaySheet,
    board: Board,
    handoffs: list[HandoffRow],
    flags: LogSection,
    incidents: LogSection,
    patrols: LogSection,
    gaps: LogSection,
) -> LogSection:
    c = sheet.counts
    standing = [h for h in handoffs if h.undone_at is None]
    by_method: dict[str, int] = defaultdict(int)
    for h in standing:
        by_method[h.method] += 1
    methods = "、".join(
        f"{METHOD_WORDS[m]} {by_method[m]}" for m in METHOD_WORDS if by_method.get(m)
    )
    unresolved = sum(1 for ch in board.children if ch.state == FLAGGED)
    custody = sum(1 for ch in board.children if ch.state == CUSTODY)
    rows = (
        ("应到", str(c.total)),
        ("实到", str(_present(c))),
        ("请假", str(c.leave)),
        ("缺勤（未请假）", str(c.absent)),
        ("早退", str(c.left_early)),
        ("未点名", str(c.unmarked)),
        ("接领交接", f"{len(standing)}" + (f"（{methods}）" if methods else "")),
        ("撤销的交接", str(len(handoffs) - len(standing))),
        ("无人接领", str(len(flags.rows))),
        ("仍在留校看护", str(custody)),
        ("仍未落实", str(unresolved)),
        ("安全事件", str(len(incidents.rows))),
        ("巡查", str(len(patrols.rows))),
        ("看管缺口", str(len(gaps.rows))),
    )
    return LogSection(TOTALS, "合计", ("项目", "数量"), rows, (2, 5))


def _audit_section(a: AuditState) -> LogSection:
    rows = (
        ("校验结果", a.status),
        ("当日末条记录", f"第 {a.day_seq} 条  {a.day_hash}" if a.day_seq else "当日无记录"),
        ("生成时链尾", f"第 {a.head_seq} 条  {a.head_hash}"),
    )
    return LogSection(AUDIT, "审计链状态", ("项目", "内容"), rows, (1.4, 6))
