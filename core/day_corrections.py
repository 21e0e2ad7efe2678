"""Changes to a day made after its log was archived: found in the audit log, named in Chinese.

A closed day stays open to corrections (R10); each one is an audit entry whose payload names
the day (``date``) or, for a leave, the range it covers (``start``/``end``). The re-issued log
lists them, so the archive says what changed after the close and who changed it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.daily_log import LEAVE_WORDS, METHOD_WORDS, LogSection
from db.models import AuditEntry, Student

CORRECTIONS = "corrections"
# The close and re-issues themselves are not corrections of the day.
OWN_ACTIONS = frozenset({"day.close", "day.reissue"})
ACTION_WORDS = {
    "attendance.mark": "补录考勤",
    "attendance.correct": "更正考勤",
    "attendance.unmark": "撤销考勤",
    "handoff.record": "补录接领",
    "handoff.undo": "撤销接领",
    "leave.add": "补录请假",
    "leave.cancel": "取消请假",
    "dismissal.call": "联系家长",
    "dismissal.custody": "留校看护",
    "dismissal.group_transfer": "班级移交",
    "duty.assign": "安排值班",
    "duty.unassign": "取消值班",
    "duty.checkin": "到岗签到",
    "incident.record": "补录事故/事件",
    "incident.correct": "更正事故/事件",
    "patrol.record": "补录巡查",
    "patrol.correct": "更正巡查",
    "override.add": "调整当日安排",
    "override.delete": "取消当日调整",
}
STATUS_WORDS = {
    "present": "出勤",
    "late": "迟到",
    "sick": "病假",
    "personal": "事假",
    "absent": "缺勤",
    "left_early": "早退",
}


@dataclass(frozen=True)
class Correction:
    """One audit entry about a day, recorded after the day's latest archived log."""

    seq: int
    at: dt.datetime
    actor: str
    action: str
    summary: str

    @property
    def words(self) -> str:
        """The action in Chinese (the code itself when it has no words)."""
        return ACTION_WORDS.get(self.action, self.action)


def about_day(payload: str, day: dt.date) -> bool:
    """Whether an audit payload (JSON text) concerns ``day``."""
    iso = day.isoformat()
    if f'"date": "{iso}"' in payload:
        return True
    if '"start"' not in payload:
        return False
    try:
        data = json.loads(payload)
    except ValueError:
        return False
    start, end = data.get("start"), data.get("end")
    return isinstance(start, str) and isinstance(end, str) and start <= iso <= end


def read_corrections(s: Session, day: dt.date, after_seq: int) -> list[Correction]:
    """Entries about ``day`` after ``after_seq``, oldest first, with pupils named."""
    found = [
        (seq, at, actor, action, payload)
        for seq, at, actor, action, payload in s.execute(
            select(
                AuditEntry.seq,
                AuditEntry.at,
                AuditEntry.actor,
                AuditEntry.action,
                AuditEntry.payload,
            )
            .where(AuditEntry.seq > after_seq)
            .order_by(AuditEntry.seq)
        )
        if action not in OWN_ACTIONS and about_day(payload, day)
    ]
    details = [json.loads(p) for *_, p in found]
    ids = {d["student_id"] for d in details if isinstance(d.get("student_id"), int)}
    names = (
        dict(s.execute(select(Student.id, Student.name).where(Student.id.in_(ids))).all())
        if ids
        else {}
    )
    return [
        Correction(seq, at, actor, action, _summary(action, d, names))
        for (seq, at, actor, action, _), d in zip(found, details, strict=True)
    ]


def count_corrections(s: Session, day: dt.date, after_seq: int) -> int:
    """How many entries about ``day`` came after ``after_seq``."""
    return sum(
        1
        for action, payload in s.execute(
            select(AuditEntry.action, AuditEntry.payload).where(AuditEntry.seq > after_seq)
        )
        if action not in OWN_ACTIONS and about_day(payload, day)
    )


def days_touched(s: Session, after_seq: int, latest: dict[dt.date, int]) -> set[dt.date]:
    """Which of ``latest``'s days have an entry after their own latest issue (one pass)."""
    found: set[dt.date] = set()
    for seq, action, payload in s.execute(
        select(AuditEntry.seq, AuditEntry.action, AuditEntry.payload).where(
            AuditEntry.seq > after_seq
        )
    ):
        if action in OWN_ACTIONS:
            continue
        for day, issued in latest.items():
            if seq > issued and day not in found and about_day(payload, day):
                found.add(day)
    return found


def corrections_section(corrections: list[Correction]) -> LogSection:
    """The re-issued log's table of what changed after the close."""
    rows = tuple(
        (str(c.seq), f"{c.at:%m-%d %H:%M}", c.actor, c.words, c.summary) for c in corrections
    )
    return LogSection(
        CORRECTIONS,
        "日结后的更正",
        ("审计序号", "时间", "操作人", "操作", "内容"),
        rows,
        (1, 1.2, 1.6, 1.4, 5),
    )


def _summary(action: str, d: dict[str, Any], names: dict[int, str]) -> str:
    parts: list[str] = []
    sid = d.get("student_id")
    if isinstance(sid, int):
        parts.append(names.get(sid, f"学生#{sid}"))
    if action.startswith("attendance."):
        before, after = d.get("previous"), d.get("status")
        if before and after:
            parts.append(f"{STATUS_WORDS.get(before, before)}→{STATUS_WORDS.get(after, after)}")
        elif after:
            parts.append(STATUS_WORDS.get(after, after))
    elif action.startswith("leave."):
        kind = d.get("kind")
        if kind:
            parts.append(LEAVE_WORDS.get(kind, kind))
        parts.append(f"{d.get('start')}至{d.get('end')}")
    elif action == "handoff.record":
        receiver = d.get("receiver")
        if receiver:
            relation = d.get("relation")
            parts.append(f"{receiver}（{relation}）" if relation else str(receiver))
        method = d.get("method")
        if method:
            parts.append(METHOD_WORDS.get(method, method))
    elif action in ("dismissal.group_transfer", "duty.checkin", "duty.assign"):
        group = d.get("group")
        if group:
            parts.append(str(group))
    for key in ("reason", "override_reason", "note"):
        value = d.get(key)
        if value:
            parts.append(f"原因：{value}" if key != "note" else str(value))
            break
    return "，".join(parts)
