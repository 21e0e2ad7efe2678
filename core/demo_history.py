"""The demo school's past: ten simulated school days before the demo day, so reports have content.

Every record is what the services would have written that afternoon, with its audit entry at
the simulated time. The entries are chained in time order after the demo's own set-up entries
(which carry the build time), in one pass: appending them one by one would cost seconds.

Here: which days, the institution, and the school day (leave, check-ins, roll call, patrol,
incidents). ``core.demo_history_dismissal`` simulates the dismissals; ``core.demo_history_rows``
reads the school, builds each record with its entry and stores them (``audit.append_many``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.club_types import period_times
from core.coverage_duty import effective_duties, group_of
from core.demo_history_dismissal import DismissalHistory
from core.demo_history_rows import (
    INSTITUTION,
    Pupil,
    Row,
    Wave,
    actor,
)
from core.demo_photos import store_demo_portrait
from core.roster import canonical_class_name
from core.schedule import DaySchedule
from core.schedule_service import read_schedule
from core.today import weekday_bit
from db import audit
from db.models import (
    Club,
    DutyCheckin,
    Incident,
    Institution,
    InstitutionStaff,
    InstitutionStudent,
    Leave,
    Patrol,
    Staff,
)

DAYS = 10
HORIZON_DAYS = 70  # a term that began lately has fewer school days behind it
STATIONS = ("东门", "西门", "东门")  # per grade band, with duty teachers D001, D002, D003
SICK = ("发烧", "感冒咳嗽", "肠胃不适", "咽喉发炎", "水痘在家隔离")
PERSONAL = ("家中有事", "回老家探亲", "参加亲戚婚礼", "陪同外出就医")
PATROLS = (
    ("各班课后服务秩序良好，看护教师均在岗。", "三(2)班自主作业安静有序。", ""),
    (
        "操场体育锻炼有教师看护，器材摆放整齐。",
        "体育组教师组织有序。",
        "西门排队区照明偏暗，已报后勤。",
    ),
    ("走班社团按时到位，点名记录完整。", "机器人社团学生专注。", ""),
    ("检查各教室门窗及饮水机，均正常。", "", "一楼东侧楼梯地面湿滑，已放置提示牌。"),
    ("放学排队有序，家长在黄线外等候。", "值班教师引导到位。", ""),
    ("抽查三个班的考勤记录，与实到人数一致。", "", "五(1)班点名时间晚于规定五分钟，已提醒。"),
    ("各年级段错峰放学衔接顺畅。", "一、二年级交接清点认真。", ""),
    ("检查托管机构接领区域，接领凭证齐全。", "", "东门外有车辆临停，已请保安劝离。"),
)


def history_days(session: Session, today: dt.date) -> list[dt.date]:
    """The (up to) ten dates before ``today`` with after-school service, oldest first."""
    data = read_schedule(session)
    days: list[dt.date] = []
    for back in range(1, HORIZON_DAYS + 1):
        day = today - dt.timedelta(days=back)
        if data.day(day).any_service:
            days.append(day)
            if len(days) == DAYS:
                break
    return sorted(days)


def add_demo_history(session: Session, today: dt.date, now: dt.datetime) -> None:
    """Fill the school days before ``today`` with a plausible past (inside the demo build)."""
    days = [d for d in history_days(session, today) if d < now.date()]
    if days:
        _History(session, days, today, now).run()


class _History(DismissalHistory):
    """Simulates the days in order, then stores the rows and their chained audit entries."""

    def run(self) -> None:
        self.setup_institution()
        for day in self.days:
            self.simulate(day)
        self.store()

    def setup_institution(self) -> None:
        """A 托管机构 collecting the pupils whose departure says so: part of the demo's set-up."""
        kids = [p for p in self.pupils if p.departure == "institution"]
        if not kids or self.s.scalar(select(func.count(Institution.id))):
            return
        name, phone, people = INSTITUTION
        inst = Institution(name=name, phone=phone, note="演示：放学后接往机构写作业")
        self.s.add(inst)
        self.s.flush()
        self.institution = [
            InstitutionStaff(institution_id=inst.id, name=person, phone=mobile)
            for person, mobile in people
        ]
        self.s.add_all(self.institution)
        self.s.add_all(InstitutionStudent(institution_id=inst.id, student_id=p.id) for p in kids)
        self.s.flush()
        # Their faces at the gate, like every other demo person's (the photos ran before).
        for member in self.institution:
            store_demo_portrait(self.s, "institution_staff", member.id, self.now)
        self.s.flush()
        # Set-up, like the demo's pupils and clubs: one entry at the build time, by "demo".
        payload = {"name": name, "staff": len(people), "pupils": len(kids), "photos": len(people)}
        audit.append(self.s, self.now, "demo", "demo.institution", "institution", inst.id, payload)

    # --- one day ---

    def simulate(self, day: dt.date) -> None:
        sched = self.data.day(day)
        waves = self.waves(day, sched)
        self.new_leaves(day, sched, waves)
        listed = [
            p
            for p in self.pupils
            if p.grade in waves
            and p.mask & weekday_bit(sched.weekday)
            and not self.on_leave(p.id, day)
        ]
        keepers = self.checkins(day, sched, waves)
        marks = self.roll_call(day, listed, waves)
        present = [p for p in listed if marks[p.id]["status"] != "absent"]
        early = self.early(day, present, waves, marks)
        self.transfers(day, sched, present, waves, early, keepers)
        self.pickups(day, [p for p in present if p.id not in early], waves)
        self.patrol(day)
        if day in self.incident_days:
            self.incident(day, [p for p in present if p.id not in early], waves)

    def waves(self, day: dt.date, sched: DaySchedule) -> dict[int, Wave]:
        out: dict[int, Wave] = {}
        served = [b for b in sched.bands if b.service and b.dismissal is not None]
        for i, band in enumerate(served):
            assert band.dismissal is not None
            dismissal = dt.datetime.combine(day, band.dismissal)
            wave = Wave(
                band,
                dismissal,
                dismissal + self.grace,
                self.duty[i % len(self.duty)],
                STATIONS[i % len(STATIONS)],
            )
            for grade in range(band.band.grade_from, band.band.grade_to + 1):
                out[grade] = wave
        return out

    def new_leaves(self, day: dt.date, sched: DaySchedule, waves: dict[int, Wave]) -> None:
        """Leave phoned in that morning for a day or two (病假 / 事假)."""
        rng = self.rng
        later = [d for d in self.days if d > day]
        pool = [
            p
            for p in self.pupils
            if p.grade in waves
            and p.mask & weekday_bit(sched.weekday)
            and p.id not in self.reserved
            and not self.on_leave(p.id, day)
        ]
        for p in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
            end = later[0] if later and rng.random() < 0.4 else day
            if self.on_leave(p.id, day, end):
                continue
            sick = rng.random() < 0.6
            kind, reason = (
                ("sick", rng.choice(SICK)) if sick else ("personal", rng.choice(PERSONAL))
            )
            first = self.guardians[p.id][0] if self.guardians[p.id] else None
            reported = f"{first.relation or '家长'}（电话）" if first else "家长（电话）"
            teacher = self.teacher[p.class_id]
            at = dt.datetime.combine(day, dt.time(7, 20)) + dt.timedelta(
                minutes=rng.randint(0, 280)
            )
            row: Row = dict(
                student_id=p.id,
                kind=kind,
                start_date=day,
                end_date=end,
                reason=reason,
                reported_by=reported,
                cancelled=False,
                created_by=teacher.id,
            )
            payload = {
                "student_id": p.id,
                "kind": kind,
                "start": day,
                "end": end,
                "reason": reason,
                "reported_by": reported,
            }
            self.add(Leave, row, at, actor(teacher), "leave.add", "leave", payload)
            self.leaves[p.id].append((day, end))

    def checkins(self, day: dt.date, sched: DaySchedule, waves: dict[int, Wave]) -> dict[int, int]:
        """我已到岗 for the day's duties (one forgotten); returns each class's period-2 keeper."""
        rng = self.rng
        staff = {st.id: st for st in self.s.scalars(select(Staff))}
        clubs = dict(self.s.execute(select(Club.id, Club.name)).all())
        times = [
            t for w in {id(w): w for w in waves.values()}.values() if (t := period_times(w.band))
        ]
        if not times:
            return {}
        first_p2 = min(t.period2 for t in times)
        first_out = min(w.dismissal for w in waves.values())
        done: set[tuple[int, Any, int]] = set()
        keepers: dict[int, int] = {}
        gap = day == self.gap_day
        for row in sorted(effective_duties(self.s, day, sched.weekday), key=lambda r: r.period):
            g = group_of(row)
            if g.kind == "class" and row.period == 2 and g.class_id is not None:
                keepers[g.class_id] = row.staff_id
            if row.period == 2 and (row.staff_id, g, 1) in done:
                continue  # still in the room since period 1: that check-in counts
            name = ""
            if g.kind == "class" and g.class_id is not None:
                grade, class_no = self.classes[g.class_id]
                wave = waves.get(grade)
                times_of = period_times(wave.band) if wave else None
                if times_of is None:
                    continue
                start = times_of.period1 if row.period == 1 else times_of.period2
                slot = dt.datetime.combine(day, start)
                name = canonical_class_name(grade, class_no)
                if (
                    gap
                    and row.period == 2
                    and self.teacher.get(g.class_id) is not staff.get(row.staff_id)
                ):
                    gap = False  # the paired class's teacher forgot to check in for it
                    continue
            elif g.kind == "club":
                slot = dt.datetime.combine(day, first_p2)
                name = clubs.get(g.club_id or 0, "")
            else:
                slot = first_out - dt.timedelta(minutes=20)
            at = slot - dt.timedelta(seconds=rng.randint(30, 360))
            done.add((row.staff_id, g, row.period))
            member = staff[row.staff_id]
            checkin: Row = dict(
                staff_id=row.staff_id,
                on_date=day,
                period=row.period,
                group_kind=g.kind,
                class_id=g.class_id,
                club_id=g.club_id,
                checked_in_at=at,
            )
            payload = {
                "date": day,
                "period": row.period,
                "group_kind": g.kind,
                "class_id": g.class_id,
                "club_id": g.club_id,
                "group": name,
            }
            self.add(
                DutyCheckin, checkin, at, actor(member), "duty.checkin", "duty_checkin", payload
            )
        return keepers

    def roll_call(
        self, day: dt.date, listed: list[Pupil], waves: dict[int, Wave]
    ) -> dict[int, Row]:
        """Period-1 roll call by class: the exceptions first, then 全部出勤 for the rest."""
        rng = self.rng
        pool = [p for p in listed if p.id not in self.reserved]
        absent = {p.id for p in rng.sample(pool, min(len(pool), rng.randint(1, 3)))}
        pool = [p for p in pool if p.id not in absent]
        late = {p.id for p in rng.sample(pool, min(len(pool), rng.randint(2, 5)))}
        by_class: dict[int, list[Pupil]] = defaultdict(list)
        for p in listed:
            by_class[p.class_id].append(p)
        marks: dict[int, Row] = {}
        for class_id, pupils in by_class.items():
            teacher = self.teacher[class_id]
            start = waves[pupils[0].grade].band.start
            assert start is not None
            at = dt.datetime.combine(day, start) + dt.timedelta(seconds=rng.randint(120, 600))
            for p in pupils:
                status = "absent" if p.id in absent else "late" if p.id in late else ""
                if status:
                    at += dt.timedelta(seconds=rng.randint(10, 40))
                    marks[p.id] = self.mark(p, day, status, at, teacher, bulk=False)
            at += dt.timedelta(seconds=rng.randint(20, 90))
            for p in pupils:
                if p.id not in marks:
                    marks[p.id] = self.mark(p, day, "present", at, teacher, bulk=True)
        return marks

    # --- the rest of the afternoon ---

    def patrol(self, day: dt.date) -> None:
        rng = self.rng
        inspector = ([self.officer, *self.duty])[self.days.index(day) % (len(self.duty) + 1)]
        # The duty teacher on the east gate enters the officer's patrols.
        recorder = inspector if inspector in self.duty else self.duty[0]
        at = dt.datetime.combine(day, dt.time(16)) + dt.timedelta(minutes=rng.randint(0, 45))
        findings, praise, problems = PATROLS[self.days.index(day) % len(PATROLS)]
        recorded = at + dt.timedelta(minutes=rng.randint(3, 10))
        row: Row = dict(
            on_date=day,
            at=at,
            inspector_id=inspector.id,
            findings=findings,
            praise=praise,
            problems=problems,
            recorded_by=recorder.id,
            recorded_at=recorded,
        )
        payload = {
            "date": day,
            "at": at,
            "inspector_id": inspector.id,
            "findings": findings,
            "praise": praise,
            "problems": problems,
        }
        self.add(Patrol, row, recorded, actor(recorder), "patrol.record", "patrol", payload)

    def incident(self, day: dt.date, pupils: list[Pupil], waves: dict[int, Wave]) -> None:
        kind, description, action = self.incident_days[day]
        young = [p for p in pupils if p.grade <= 2 and p.id not in self.reserved] or pupils
        p = self.rng.choice(young)
        teacher = self.teacher[p.class_id]
        happened = dt.datetime.combine(day, dt.time(16, 20)) + dt.timedelta(
            minutes=self.rng.randint(0, 15)
        )
        notified = happened + dt.timedelta(minutes=10)
        recorded = happened + dt.timedelta(minutes=18)
        values: dict[str, Any] = {
            "on_date": day,
            "happened_at": happened,
            "student_id": p.id,
            "kind": kind,
            "description": description,
            "action_taken": action,
            "guardian_notified_at": notified,
            "notified_by": teacher.id,
        }
        row: Row = dict(**values, recorded_by=teacher.id, recorded_at=recorded)
        payload = {("date" if k == "on_date" else k): v for k, v in values.items()}
        self.add(Incident, row, recorded, actor(teacher), "incident.record", "incident", payload)
