"""The demo school's past: ten simulated school days before the demo day, so reports have content.

Every record is what the services would have written that afternoon, with its audit entry at
the simulated time. The entries are chained in time order after the demo's own set-up entries
(which carry the build time), in one pass: appending them one by one would cost seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from core.club_types import period_times
from core.coverage_duty import effective_duties, group_of
from core.dismissal_settings import read_policy
from core.roster import canonical_class_name
from core.schedule import Band, BandDay, DaySchedule, Override, SeasonDef, Window
from core.schedule_service import ScheduleData
from core.today import weekday_bit
from db import audit
from db.models import (
    AttendanceMark,
    AuditEntry,
    AuditHead,
    Base,
    Club,
    ClubMember,
    CustodyTransfer,
    DateOverride,
    DutyCheckin,
    Enrolment,
    GradeBand,
    GroupTransfer,
    Guardian,
    GuardianCall,
    Handoff,
    Incident,
    Institution,
    InstitutionStaff,
    InstitutionStudent,
    Leave,
    Patrol,
    School,
    SchoolClass,
    Season,
    SeasonWindow,
    Staff,
    Student,
    StudentGuardian,
    TimetableEntry,
)

SEED = 20261203
DAYS = 10
HORIZON_DAYS = 70  # a term that began lately has fewer school days behind it
STATIONS = ("东门", "西门", "东门")  # per grade band, with duty teachers D001, D002, D003
INSTITUTION = (
    "阳光托管中心",
    "0519-86551234",
    (("刘晓燕", "13915012345"), ("陈志明", "13915067890")),
)
SICK = ("发烧", "感冒咳嗽", "肠胃不适", "咽喉发炎", "水痘在家隔离")
PERSONAL = ("家中有事", "回老家探亲", "参加亲戚婚礼", "陪同外出就医")
EARLY = (
    "看牙医，家长提前接走",
    "参加钢琴考级",
    "家中有事，提前接走",
    "去医院复查",
    "参加区运动会集训",
)
NO_CARD = (
    "家长忘带接送卡，核对名单与照片后放行",
    "接送卡落在车上，电话联系母亲确认后放行",
    "接送卡遗失待补办，核对名单与照片后放行",
)
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
INCIDENTS = (
    (
        "injury",
        "体育锻炼时在操场奔跑摔倒，左膝擦伤。",
        "校医处理：清洗消毒、贴创可贴，观察无异常后回班。",
    ),
    ("illness", "自述头晕乏力，体温37.6℃。", "校医测体温、安排休息并观察，电话通知家长。"),
)

Row = dict[str, Any]  # a row's column values: inserted in bulk, its id added then
Payload = Callable[[], dict[str, Any]]  # read once the rows have their ids


class _Pupil(NamedTuple):
    id: int
    no: str
    name: str
    class_id: int
    grade: int
    mask: int
    departure: str
    consent: dt.date | None


class _Guardian(NamedTuple):
    id: int
    name: str
    relation: str

    @property
    def label(self) -> str:
        return f"{self.name}（{self.relation}）" if self.relation else self.name


@dataclass
class _Entry:
    at: dt.datetime
    actor: str
    action: str
    entity: str
    ref: Row | str  # a row (its id is known once inserted) or the entity id itself
    payload: dict[str, Any] | Payload


@dataclass
class _Wave:
    """One grade band's dismissal on one day: when, where, and who is on duty."""

    band: BandDay
    dismissal: dt.datetime
    flag_at: dt.datetime
    duty: Staff
    station: str


def load_schedule(session: Session) -> ScheduleData:
    """The schedule rules' data read in the caller's session (as ``ScheduleService.load``)."""
    school = session.execute(
        select(School.name, School.unaccompanied_grace_min, School.is_demo).where(School.id == 1)
    ).first()
    bands = tuple(
        Band(*r)
        for r in session.execute(
            select(GradeBand.id, GradeBand.name, GradeBand.grade_from, GradeBand.grade_to)
        )
    )
    windows: dict[int, list[Window]] = defaultdict(list)
    for sid, band_id, start, end, dismissal in session.execute(
        select(
            SeasonWindow.season_id,
            SeasonWindow.band_id,
            SeasonWindow.start_time,
            SeasonWindow.end_time,
            SeasonWindow.dismissal_time,
        )
    ):
        windows[sid].append(Window(band_id, start, end, dismissal))
    seasons = tuple(
        SeasonDef(sid, name, starts_on, tuple(windows[sid]))
        for sid, name, starts_on in session.execute(
            select(Season.id, Season.name, Season.starts_on).order_by(Season.starts_on)
        )
    )
    timetable = {
        (b, w, p): a
        for b, w, p, a in session.execute(
            select(
                TimetableEntry.band_id,
                TimetableEntry.weekday,
                TimetableEntry.period,
                TimetableEntry.activity,
            )
        )
    }
    overrides = tuple(
        Override(*r)
        for r in session.execute(
            select(
                DateOverride.id,
                DateOverride.on_date,
                DateOverride.kind,
                DateOverride.band_id,
                DateOverride.dismissal_time,
                DateOverride.follows_weekday,
                DateOverride.reason,
            ).order_by(DateOverride.on_date, DateOverride.id)
        )
    )
    return ScheduleData(
        school.name if school else "",
        school.unaccompanied_grace_min if school else 10,
        bool(school and school.is_demo),
        tuple(sorted(bands, key=lambda b: b.grade_from)),
        seasons,
        timetable,
        overrides,
    )


def history_days(session: Session, today: dt.date) -> list[dt.date]:
    """The (up to) ten dates before ``today`` with after-school service, oldest first."""
    data = load_schedule(session)
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


def actor(staff: Staff) -> str:
    """How audit entries name a staff member, as ``StaffMember.actor`` does."""
    return f"{staff.name}({staff.staff_no})"


class _History:
    """Simulates the days in order, then stores the rows and their chained audit entries."""

    def __init__(
        self, session: Session, days: list[dt.date], today: dt.date, now: dt.datetime
    ) -> None:
        self.s = session
        self.now = now
        self.days = days
        self.today = today
        self.rng = random.Random(SEED)
        self.data = load_schedule(session)
        policy = read_policy(session)
        self.grace = dt.timedelta(minutes=policy.grace_min if policy else 10)
        self.self_grades = policy.self_release_grades if policy else frozenset({3, 4, 5, 6})
        self.entries: list[_Entry] = []
        self.rows: dict[type[Base], list[Row]] = defaultdict(list)
        self.batches: list[list[Row]] = []
        staff = session.scalars(select(Staff).order_by(Staff.staff_no)).all()
        self.teacher = {st.class_id: st for st in staff if st.class_id is not None}
        self.duty = [st for st in staff if st.role == "duty_teacher"] or list(staff)
        self.officer = next((st for st in staff if st.role == "safety_officer"), staff[0])
        self.classes = {
            cid: (grade, no)
            for cid, grade, no in session.execute(
                select(SchoolClass.id, SchoolClass.grade, SchoolClass.class_no)
            )
        }
        self.pupils = [
            _Pupil(*r)
            for r in session.execute(
                select(
                    Student.id,
                    Student.student_no,
                    Student.name,
                    Student.class_id,
                    SchoolClass.grade,
                    Enrolment.weekday_mask,
                    Enrolment.departure,
                    Enrolment.self_release_consent_on,
                )
                .join(SchoolClass, SchoolClass.id == Student.class_id)
                .join(Enrolment, Enrolment.student_id == Student.id)
                .where(Student.active.is_(True), Enrolment.status == "signed")
                .order_by(SchoolClass.grade, SchoolClass.class_no, Student.student_no)
            )
        ]
        self.guardians: dict[int, list[_Guardian]] = defaultdict(list)
        for sid, gid, name, relation in session.execute(
            select(StudentGuardian.student_id, Guardian.id, Guardian.name, StudentGuardian.relation)
            .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
            .order_by(StudentGuardian.student_id, StudentGuardian.position, StudentGuardian.id)
        ):
            self.guardians[sid].append(_Guardian(gid, name, relation))
        self.leaves: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for sid, start, end in session.execute(
            select(Leave.student_id, Leave.start_date, Leave.end_date).where(
                Leave.cancelled.is_(False)
            )
        ):
            self.leaves[sid].append((start, end))
        # Two children with a story across days: one family often late, one child flagged.
        steady = [
            p
            for p in self.pupils
            if p.departure == "guardian" and p.mask & 0b111110 == 0b111110 and self.guardians[p.id]
        ]
        self.repeat_child = next(p for p in steady if p.grade == 3)
        self.flag_child = next(p for p in steady if p.grade == 1)
        self.reserved = {self.repeat_child.id, self.flag_child.id}
        week = today - dt.timedelta(days=today.isoweekday() - 1)
        last_week = [d for d in days if week - dt.timedelta(days=7) <= d < week] or days
        self.repeat_days = set(self.rng.sample(last_week, min(3, len(last_week))))
        if len(self.repeat_days) < 3:
            self.repeat_days |= set(days[: 3 - len(self.repeat_days)])
        self.flag_day = last_week[len(last_week) // 2]
        self.incident_days = {days[-2]: INCIDENTS[0], days[len(days) // 3]: INCIDENTS[1]}
        self.gap_day = days[len(days) // 2]
        self.mismatch_day = days[-1]
        self.institution: list[InstitutionStaff] = []

    # --- recording ---

    def add(
        self,
        model: type[Base],
        row: Row,
        at: dt.datetime,
        who: str,
        action: str,
        entity: str,
        payload: dict[str, Any] | Payload,
    ) -> None:
        self.rows[model].append(row)
        self.add_entry(at, who, action, entity, row, payload)

    def add_entry(
        self,
        at: dt.datetime,
        who: str,
        action: str,
        entity: str,
        ref: Row | str,
        payload: dict[str, Any] | Payload,
    ) -> None:
        self.entries.append(_Entry(at, who, action, entity, ref, payload))

    def run(self) -> None:
        self.setup_institution()
        for day in self.days:
            self.simulate(day)
        # Bulk inserts: the unit of work would take a second over these few thousand rows.
        for model, rows in self.rows.items():
            stmt = insert(model).returning(model.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
            inserted = self.s.connection().execute(stmt, rows)
            for row, (new_id,) in zip(rows, inserted, strict=True):
                row["id"] = new_id
        batched = []
        for batch in self.batches:
            for row in batch:
                row["batch_id"] = batch[0]["id"]
                batched.append({"b_id": row["id"], "b_batch": row["batch_id"]})
        self.s.connection().execute(
            update(Handoff)
            .where(Handoff.id == bindparam("b_id"))
            .values(batch_id=bindparam("b_batch")),
            batched,
        )
        append_chained(self.s, self.entries)

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
        # Set-up, like the demo's pupils and clubs: one entry at the build time, by "demo".
        payload = {"name": name, "staff": len(people), "pupils": len(kids)}
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

    def waves(self, day: dt.date, sched: DaySchedule) -> dict[int, _Wave]:
        out: dict[int, _Wave] = {}
        served = [b for b in sched.bands if b.service and b.dismissal is not None]
        for i, band in enumerate(served):
            assert band.dismissal is not None
            dismissal = dt.datetime.combine(day, band.dismissal)
            wave = _Wave(
                band,
                dismissal,
                dismissal + self.grace,
                self.duty[i % len(self.duty)],
                STATIONS[i % len(STATIONS)],
            )
            for grade in range(band.band.grade_from, band.band.grade_to + 1):
                out[grade] = wave
        return out

    def on_leave(self, sid: int, first: dt.date, last: dt.date | None = None) -> bool:
        last = last or first
        return any(a <= last and first <= b for a, b in self.leaves.get(sid, ()))

    def new_leaves(self, day: dt.date, sched: DaySchedule, waves: dict[int, _Wave]) -> None:
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

    def checkins(self, day: dt.date, sched: DaySchedule, waves: dict[int, _Wave]) -> dict[int, int]:
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
        self, day: dt.date, listed: list[_Pupil], waves: dict[int, _Wave]
    ) -> dict[int, Row]:
        """Period-1 roll call by class: the exceptions first, then 全部出勤 for the rest."""
        rng = self.rng
        pool = [p for p in listed if p.id not in self.reserved]
        absent = {p.id for p in rng.sample(pool, min(len(pool), rng.randint(1, 3)))}
        pool = [p for p in pool if p.id not in absent]
        late = {p.id for p in rng.sample(pool, min(len(pool), rng.randint(2, 5)))}
        by_class: dict[int, list[_Pupil]] = defaultdict(list)
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

    def mark(
        self, p: _Pupil, day: dt.date, status: str, at: dt.datetime, teacher: Staff, bulk: bool
    ) -> Row:
        row: Row = dict(
            student_id=p.id,
            on_date=day,
            period=1,
            status=status,
            club_id=None,
            note="",
            marked_by=teacher.id,
            marked_at=at,
        )
        payload: dict[str, Any] = {
            "student_id": p.id,
            "date": day,
            "period": 1,
            "status": status,
            "previous": None,
        }
        if bulk:
            payload["all_present"] = True
        self.add(
            AttendanceMark, row, at, actor(teacher), "attendance.mark", "attendance_mark", payload
        )
        return row

    # --- dismissal ---

    def guardian_for(self, p: _Pupil, day: dt.date) -> _Guardian:
        """Who comes today: mostly the first guardian on the list (the same for siblings)."""
        family = self.guardians[p.id]
        weights = (0.6, 0.28, 0.12)[: len(family)]
        return random.Random(f"{SEED}-{family[0].id}-{day}").choices(family, weights)[0]

    def early(
        self,
        day: dt.date,
        present: list[_Pupil],
        waves: dict[int, _Wave],
        marks: dict[int, Row],
    ) -> dict[int, dt.datetime]:
        """One or two children collected before dismissal with a reason (R6: 早退)."""
        rng = self.rng
        pool = [
            p
            for p in present
            if p.departure == "guardian" and p.id not in self.reserved and self.guardians[p.id]
        ]
        out = {}
        for p in rng.sample(pool, min(len(pool), rng.choice((1, 1, 2)))):
            wave = waves[p.grade]
            at = wave.dismissal - dt.timedelta(
                minutes=rng.randint(25, 80), seconds=rng.randint(0, 59)
            )
            who = self.guardian_for(p, day)
            mark = marks[p.id]
            previous = mark["status"]
            row = self.handoff(
                day, [p], at, wave, "override", who, reason=rng.choice(EARLY), early=True
            )[0]
            row["note"] = "override:early_needs_reason"
            row["replaced_status"] = previous
            mark.update(status="left_early", marked_by=wave.duty.id, marked_at=at)
            self.add_entry(
                at,
                actor(wave.duty),
                "attendance.correct",
                "attendance_mark",
                mark,
                partial(_left_early, row, previous),
            )
            out[p.id] = at
        return out

    def transfers(
        self,
        day: dt.date,
        sched: DaySchedule,
        present: list[_Pupil],
        waves: dict[int, _Wave],
        early: dict[int, dt.datetime],
        keepers: dict[int, int],
    ) -> None:
        """Each class and club handed to the duty teacher with a head count (one recount)."""
        rng = self.rng
        clubs = {
            sid: (cid, name, teacher)
            for sid, cid, name, teacher in self.s.execute(
                select(ClubMember.student_id, Club.id, Club.name, Club.teacher_id)
                .join(Club, Club.id == ClubMember.club_id)
                .where(Club.active.is_(True), Club.weekday == sched.weekday, Club.period == 2)
            )
        }
        groups: dict[tuple[str, int], list[_Pupil]] = defaultdict(list)
        for p in present:
            club = clubs.get(p.id)
            groups[("club", club[0]) if club else ("class", p.class_id)].append(p)
        mismatch = day == self.mismatch_day
        for (kind, gid), pupils in sorted(groups.items()):
            wave = min((waves[p.grade] for p in pupils), key=lambda w: w.dismissal)
            at = wave.dismissal - dt.timedelta(seconds=rng.randint(60, 240))
            expected = sum(1 for p in pupils if p.id not in early or early[p.id] >= at)
            if kind == "class":
                grade, class_no = self.classes[gid]
                name = canonical_class_name(grade, class_no)
                giver = keepers.get(gid, self.teacher[gid].id)
            else:
                club = clubs[pupils[0].id]
                name = club[1]
                giver = club[2] or self.teacher[pupils[0].class_id].id
            counts = [(expected, "")]
            if mismatch and kind == "class" and expected >= 2:
                mismatch = False
                counts = [(expected - 1, ""), (expected, "复点：一人去洗手间，已归队，人数一致")]
            for head, note in counts:
                row: Row = dict(
                    on_date=day,
                    at=at,
                    group_kind=kind,
                    class_id=gid if kind == "class" else None,
                    club_id=gid if kind == "club" else None,
                    from_staff_id=giver,
                    to_staff_id=wave.duty.id,
                    head_count=head,
                    expected=expected,
                    station=wave.station,
                    recorded_by=wave.duty.id,
                    note=note,
                )
                payload = {
                    "date": day,
                    "group_kind": kind,
                    "group_id": gid,
                    "group": name,
                    "from_staff_id": giver,
                    "to_staff_id": wave.duty.id,
                    "head_count": head,
                    "expected": expected,
                    "station": wave.station,
                    "note": note,
                }
                self.add(
                    GroupTransfer,
                    row,
                    at,
                    actor(wave.duty),
                    "dismissal.group_transfer",
                    "group_transfer",
                    payload,
                )
                at += dt.timedelta(seconds=rng.randint(60, 120))

    def pickups(self, day: dt.date, pupils: list[_Pupil], waves: dict[int, _Wave]) -> None:
        """Everyone present leaves: alone, with the institution, or with a guardian."""
        rng = self.rng
        pool = [
            p
            for p in pupils
            if p.departure == "guardian" and p.id not in self.reserved and self.guardians[p.id]
        ]
        late = {p.id for p in rng.sample(pool, min(len(pool), rng.randint(2, 4)))}
        if day in self.repeat_days:
            late.add(self.repeat_child.id)
        alone: dict[int, list[_Pupil]] = defaultdict(list)
        collected: dict[int, list[_Pupil]] = defaultdict(list)
        families: dict[tuple[int, int], list[_Pupil]] = defaultdict(list)
        for p in pupils:
            wave = waves[p.grade]
            if p.id == self.flag_child.id and day == self.flag_day:
                self.flagged(day, p, wave)
            elif p.departure == "self" and self.may_leave_alone(p, day):
                alone[id(wave)].append(p)
            elif p.departure == "institution" and self.institution:
                collected[id(wave)].append(p)
            elif self.guardians[p.id]:
                families[(self.guardians[p.id][0].id, id(wave))].append(p)
        for kids in alone.values():
            wave = waves[kids[0].grade]
            at = wave.dismissal + dt.timedelta(seconds=rng.randint(30, 150))
            self.handoff(day, kids, at, wave, "self", None)
        for i, kids in enumerate(collected.values()):
            wave = waves[kids[0].grade]
            at = wave.dismissal + dt.timedelta(seconds=rng.randint(180, 420))
            person = self.institution[i % len(self.institution)]
            self.handoff(day, kids, at, wave, "institution", person)
        checked = rng.randrange(len(families)) if families else -1
        for i, kids in enumerate(families.values()):
            wave = waves[kids[0].grade]
            who = self.guardian_for(kids[0], day)
            is_late = any(p.id in late for p in kids)
            if is_late:
                at = wave.flag_at + dt.timedelta(seconds=rng.randint(60, 720))
            else:
                at = wave.dismissal + dt.timedelta(seconds=int(rng.triangular(0, 580, 120)))
            if i == checked and not is_late:
                self.handoff(day, kids, at, wave, "identity_check", who, reason=rng.choice(NO_CARD))
                continue
            method = "handheld" if rng.random() < 0.12 else "card"
            if is_late and at > wave.flag_at + dt.timedelta(minutes=4):
                for p in kids:  # the duty teacher rang before they came
                    call_at = wave.flag_at + dt.timedelta(seconds=rng.randint(60, 200))
                    self.call(day, p, call_at, wave, wave.duty, who, "on_the_way", "堵车，马上到")
            self.handoff(day, kids, at, wave, method, who, late=is_late)

    def may_leave_alone(self, p: _Pupil, day: dt.date) -> bool:
        return p.grade in self.self_grades and p.consent is not None and p.consent <= day

    def flagged(self, day: dt.date, p: _Pupil, wave: _Wave) -> None:
        """无人接领: two calls, custody with another teacher, collected 20 minutes late."""
        family = self.guardians[p.id]
        first, second = family[0], family[-1]
        keeper = next((d for d in self.duty if d is not wave.duty), self.officer)
        flag = wave.flag_at
        self.call(day, p, flag + dt.timedelta(minutes=3), wave, wave.duty, first, "no_answer", "")
        self.call(
            day,
            p,
            flag + dt.timedelta(minutes=8),
            wave,
            wave.duty,
            second,
            "on_the_way",
            "下班堵车，约二十分钟到",
        )
        at = flag + dt.timedelta(minutes=15)
        note = "家长正在赶来，带至值班室看护"
        row: Row = dict(
            student_id=p.id,
            on_date=day,
            at=at,
            teacher_id=keeper.id,
            recorded_by=wave.duty.id,
            station=wave.station,
            note=note,
        )
        payload = {
            "student_id": p.id,
            "date": day,
            "teacher_id": keeper.id,
            "teacher": keeper.name,
            "station": wave.station,
            "note": note,
        }
        self.add(
            CustodyTransfer,
            row,
            at,
            actor(wave.duty),
            "dismissal.custody",
            "custody_transfer",
            payload,
        )
        at = flag + dt.timedelta(minutes=24, seconds=self.rng.randint(0, 300))
        self.handoff(day, [p], at, wave, "card", second, late=True, verifier=keeper)

    def call(
        self,
        day: dt.date,
        p: _Pupil,
        at: dt.datetime,
        wave: _Wave,
        member: Staff,
        who: _Guardian,
        result: str,
        note: str,
    ) -> None:
        row: Row = dict(
            student_id=p.id,
            on_date=day,
            at=at,
            guardian_id=who.id,
            callee=who.label,
            result=result,
            note=note,
            staff_id=member.id,
            station=wave.station,
        )
        payload = {
            "student_id": p.id,
            "date": day,
            "guardian_id": who.id,
            "callee": who.label,
            "result": result,
            "note": note,
        }
        self.add(GuardianCall, row, at, actor(member), "dismissal.call", "guardian_call", payload)

    def handoff(
        self,
        day: dt.date,
        kids: Sequence[_Pupil],
        at: dt.datetime,
        wave: _Wave,
        method: str,
        who: _Guardian | InstitutionStaff | None,
        *,
        reason: str = "",
        early: bool = False,
        late: bool = False,
        verifier: Staff | None = None,
    ) -> list[Row]:
        """One release of some children together (a batch), as the gate records it."""
        member = verifier or wave.duty
        staff = who if isinstance(who, InstitutionStaff) else None
        guardian = who if isinstance(who, _Guardian) else None
        if staff is not None:
            name, relation, kind = staff.name, INSTITUTION[0], "institution_staff"
        elif guardian is not None:
            name, relation, kind = guardian.name, guardian.relation, "guardian"
        else:
            name, relation, kind = "", "", ""
        batch = []
        for p in kids:
            row: Row = dict(
                student_id=p.id,
                on_date=day,
                released_at=at,
                method=method,
                receiver_name=name,
                receiver_relation=relation[:20],
                guardian_id=guardian.id if guardian else None,
                institution_staff_id=staff.id if staff else None,
                station=wave.station,
                verified_by=member.id,
                early=early,
                late=late,
                override_reason=reason,
                note="",
                replaced_status=None,
            )
            payload = (
                partial(_self_payload, row) if method == "self" else partial(_payload, row, kind)
            )
            self.add(Handoff, row, at, actor(member), "handoff.record", "handoff", payload)
            batch.append(row)
        self.batches.append(batch)
        return batch

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

    def incident(self, day: dt.date, pupils: list[_Pupil], waves: dict[int, _Wave]) -> None:
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


def _payload(row: Row, holder_kind: str) -> dict[str, Any]:
    """What ``HandoffService`` writes; the demo has no cards printed yet, so no card number."""
    return {
        "student_id": row["student_id"],
        "date": row["on_date"],
        "method": row["method"],
        "card_no": None,
        "card_version": None,
        "receiver": row["receiver_name"],
        "relation": row["receiver_relation"],
        "holder_kind": holder_kind,
        "station": row["station"],
        "verdict": "early_needs_reason" if row["early"] else "ok",
        "override_reason": row["override_reason"],
        "early": row["early"],
        "late": row["late"],
        "batch_id": row["batch_id"],
    }


def _self_payload(row: Row) -> dict[str, Any]:
    """What ``DismissalService.confirm_self_release`` writes."""
    return {
        "student_id": row["student_id"],
        "date": row["on_date"],
        "method": "self",
        "station": row["station"],
        "late": row["late"],
        "batch_id": row["batch_id"],
    }


def _left_early(row: Row, previous: str) -> dict[str, Any]:
    """The 早退 mark an early handoff sets (R6), as ``handoffs._set_mark`` writes it."""
    return {
        "student_id": row["student_id"],
        "date": row["on_date"],
        "period": 1,
        "status": "left_early",
        "previous": previous,
        "handoff_id": row["id"],
    }


def append_chained(session: Session, entries: list[_Entry]) -> None:
    """Append the entries in time order to the audit chain, in one insert.

    The same hashes ``audit.append`` would compute entry by entry; written at once because the
    history holds thousands of entries. The rows must have their ids (flushed) already.
    """
    head = session.execute(
        select(AuditHead)
        .where(AuditHead.id == 1)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    seq, prev = head.seq, head.hash
    rows = []
    for e in sorted(entries, key=lambda e: e.at):  # stable: same-time entries keep their order
        seq += 1
        ref = e.ref if isinstance(e.ref, str) else str(e.ref["id"])
        text = audit.payload_text(e.payload() if callable(e.payload) else e.payload)
        at = e.at.replace(tzinfo=None)
        digest = audit.entry_hash(prev, seq, at, e.actor, e.action, e.entity, ref, text)
        rows.append(
            {
                "seq": seq,
                "at": at,
                "actor": e.actor,
                "action": e.action,
                "entity": e.entity,
                "entity_id": ref,
                "payload": text,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    if not rows:
        return
    session.connection().execute(insert(AuditEntry), rows)
    head.seq, head.hash = seq, prev
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_notify(audit.CHANGES_CHANNEL, str(seq))))
