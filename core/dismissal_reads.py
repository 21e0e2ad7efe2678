"""Reads behind the dismissal board: one pass of bulk queries, composed in memory.

A board of 1,500 present children is rebuilt every few seconds at every duty station, so every
fact comes from one query per table for the whole day, never one query per child.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, select
from sqlalchemy.orm import Session

from core.club_whereabouts import club_slots
from core.dismissal_settings import DEFAULT_SELF_RELEASE_GRADES
from core.dismissal_settings import read_policy as stored_policy
from core.dismissal_types import (
    ABSENT,
    CUSTODY,
    FLAGGED,
    HANDED_OVER,
    INSTITUTION,
    LEAVE,
    SELF_RELEASED,
    STILL_WAITING,
    UNMARKED,
    WAITING,
    Board,
    BoardChild,
    CallEntry,
    Custody,
    DutyCount,
    EscalationPolicy,
    Release,
    TransferInfo,
    Wave,
)
from core.roster import canonical_class_name
from core.schedule import BandDay, DaySchedule
from core.today import weekday_bit
from db.models import (
    AttendanceMark,
    Club,
    CustodyTransfer,
    Enrolment,
    GroupTransfer,
    Guardian,
    GuardianCall,
    Handoff,
    Leave,
    SchoolClass,
    Staff,
    Student,
    StudentGuardian,
)

PRESENT_MARKS = frozenset({"present", "late"})
LEAVE_MARKS = frozenset({"sick", "personal"})
SELF_METHOD = "self"


@dataclass(frozen=True)
class Policy:
    """The school's dismissal settings: the escalation clock and who may leave alone."""

    escalation: EscalationPolicy
    self_release_grades: frozenset[int]


def read_policy(s: Session, grace_min: int) -> Policy:
    """The school's settings (defaults before the school row exists)."""
    found = stored_policy(s)
    if found is None:
        return Policy(EscalationPolicy(grace_min), DEFAULT_SELF_RELEASE_GRADES)
    return Policy(
        EscalationPolicy(grace_min, found.call_min, found.custody_min, found.officer_min),
        found.self_release_grades,
    )


@dataclass
class DayFacts:
    """Everything recorded about one day that the board needs, keyed by pupil."""

    pupils: list[tuple[int, str, str, int, int, int, str]]  # id, no, name, class id, grade, no, dep
    leaves: dict[int, str]
    marks: dict[tuple[int, int], str]
    releases: dict[int, tuple[Release, bool]]  # student -> (release, by institution staff)
    custody: dict[int, Custody]
    calls: dict[int, list[CallEntry]]
    transfers: dict[tuple[str, int], TransferInfo]  # latest per group
    club_of: dict[int, Club]  # the period-2 club of each pupil on this weekday
    staff_names: dict[int, str] = field(default_factory=dict)
    phones: dict[int, str] = field(default_factory=dict)  # guardians to ring, per pupil
    came: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.came = {sid for (sid, _p), status in self.marks.items() if status in PRESENT_MARKS}

    def present(self, student_id: int) -> bool:
        """Came today: present or late at period 1 or at the club's roll call."""
        return student_id in self.came


# Audit actions that change only what happens during the day (marks, leave, handoffs, what
# the duty teachers record); after these the list of pupils, clubs and staff need no re-read.
DAILY_ACTIONS = (
    "attendance.",
    "leave.",
    "handoff.",
    "snapshot.",
    "dismissal.call",
    "dismissal.custody",
    "dismissal.group_transfer",
    "incident.",
    "patrol.",
)


def read_day(
    s: Session, day: dt.date, schedule: DaySchedule, base: DayFacts | None = None
) -> DayFacts:
    """One pass over the day's records.

    ``base``: the same day's facts read earlier; its pupils, clubs and staff are kept and only
    what changes during the day is read again.
    """
    # Core rows through the session's connection: the ORM's row processing would cost more
    # than the query itself on a whole school's list.
    conn = s.connection()
    if base is not None:
        return DayFacts(
            pupils=base.pupils,
            leaves=_leaves(s, day),
            marks=_marks(conn, day),
            releases=_releases(s, day, base.staff_names),
            custody=_custody(s, day, base.staff_names),
            calls=_calls(s, day, base.staff_names),
            transfers=_transfers(s, day, base.staff_names),
            club_of=base.club_of,
            staff_names=base.staff_names,
            phones=base.phones,
        )
    pupils = [
        (r[0], r[1], r[2], r[3], r[4], r[5], r[6])
        for r in conn.execute(
            select(
                Student.id,
                Student.student_no,
                Student.name,
                SchoolClass.id,
                SchoolClass.grade,
                SchoolClass.class_no,
                Enrolment.departure,
            )
            .join(SchoolClass, Student.class_id == SchoolClass.id)
            .join(Enrolment, Enrolment.student_id == Student.id)
            .where(
                Student.active.is_(True),
                Enrolment.status == "signed",
                Enrolment.weekday_mask.op("&")(weekday_bit(schedule.weekday)) != 0,
            )
            .order_by(SchoolClass.grade, SchoolClass.class_no, Student.student_no)
        )
    ]
    staff_names = {sid: name for sid, name in s.execute(select(Staff.id, Staff.name))}
    return DayFacts(
        pupils=pupils,
        leaves=_leaves(s, day),
        marks=_marks(conn, day),
        releases=_releases(s, day, staff_names),
        custody=_custody(s, day, staff_names),
        calls=_calls(s, day, staff_names),
        transfers=_transfers(s, day, staff_names),
        club_of={
            sid: club
            for (sid, period), club in club_slots(s, schedule.weekday).items()
            if period == 2
        },
        staff_names=staff_names,
        phones=_phones(conn),
    )


def _phones(conn: Connection) -> dict[int, str]:
    """Every pupil's guardians with phones, in list order, as one line each."""
    parts: dict[int, list[str]] = defaultdict(list)
    for sid, name, relation, phone in conn.execute(
        select(StudentGuardian.student_id, Guardian.name, StudentGuardian.relation, Guardian.phone)
        .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
        .order_by(StudentGuardian.student_id, StudentGuardian.position, StudentGuardian.id)
    ):
        label = f"{name}（{relation}）" if relation else name
        parts[sid].append(f"{label}{phone or ''}")
    return {sid: "、".join(p) for sid, p in parts.items()}


def _leaves(s: Session, day: dt.date) -> dict[int, str]:
    return {
        sid: kind
        for sid, kind in s.execute(
            select(Leave.student_id, Leave.kind).where(
                and_(Leave.start_date <= day, Leave.end_date >= day, Leave.cancelled.is_(False))
            )
        )
    }


def _marks(conn: Connection, day: dt.date) -> dict[tuple[int, int], str]:
    return {
        (sid, period): status
        for sid, period, status in conn.execute(
            select(AttendanceMark.student_id, AttendanceMark.period, AttendanceMark.status).where(
                AttendanceMark.on_date == day
            )
        )
    }


def _releases(
    s: Session, day: dt.date, staff_names: dict[int, str]
) -> dict[int, tuple[Release, bool]]:
    out = {}
    for r in s.connection().execute(
        select(
            Handoff.student_id,
            Handoff.released_at,
            Handoff.receiver_name,
            Handoff.receiver_relation,
            Handoff.station,
            Handoff.method,
            Handoff.early,
            Handoff.late,
            Handoff.verified_by,
            Handoff.institution_staff_id,
        ).where(Handoff.on_date == day, Handoff.undone_at.is_(None))
    ):
        release = Release(r[1], r[2], r[3], r[4], r[5], r[6], r[7], staff_names.get(r[8] or 0, ""))
        out[r[0]] = (release, r[9] is not None)
    return out


def _custody(s: Session, day: dt.date, staff_names: dict[int, str]) -> dict[int, Custody]:
    out = {}
    for sid, at, teacher_id in s.execute(
        select(CustodyTransfer.student_id, CustodyTransfer.at, CustodyTransfer.teacher_id)
        .where(CustodyTransfer.on_date == day)
        .order_by(CustodyTransfer.at, CustodyTransfer.id)
    ):
        out[sid] = Custody(at, teacher_id, staff_names.get(teacher_id, ""))  # latest wins
    return out


def _calls(s: Session, day: dt.date, staff_names: dict[int, str]) -> dict[int, list[CallEntry]]:
    out: dict[int, list[CallEntry]] = defaultdict(list)
    for r in s.execute(
        select(
            GuardianCall.id,
            GuardianCall.student_id,
            GuardianCall.at,
            GuardianCall.callee,
            GuardianCall.guardian_id,
            GuardianCall.result,
            GuardianCall.note,
            GuardianCall.staff_id,
        )
        .where(GuardianCall.on_date == day)
        .order_by(GuardianCall.at, GuardianCall.id)
    ):
        out[r[1]].append(
            CallEntry(r[0], r[2], r[3], r[4], r[5], r[6], staff_names.get(r[7] or 0, ""))
        )
    return dict(out)


def _transfers(
    s: Session, day: dt.date, staff_names: dict[int, str]
) -> dict[tuple[str, int], TransferInfo]:
    class_names = {
        cid: canonical_class_name(g, n)
        for cid, g, n in s.execute(select(SchoolClass.id, SchoolClass.grade, SchoolClass.class_no))
    }
    club_names = {cid: name for cid, name in s.execute(select(Club.id, Club.name))}
    out = {}
    for t in s.scalars(
        select(GroupTransfer)
        .where(GroupTransfer.on_date == day)
        .order_by(GroupTransfer.at, GroupTransfer.id)
    ):
        gid = t.class_id if t.group_kind == "class" else t.club_id
        assert gid is not None
        name = class_names.get(gid, "") if t.group_kind == "class" else club_names.get(gid, "")
        out[(t.group_kind, gid)] = transfer_info(t, name, staff_names)  # latest wins
    return out


def transfer_info(t: GroupTransfer, name: str, staff_names: dict[int, str]) -> TransferInfo:
    """A stored transfer as the board shows it."""
    gid = t.class_id if t.group_kind == "class" else t.club_id
    assert gid is not None
    return TransferInfo(
        t.id,
        t.at,
        t.group_kind,
        gid,
        name,
        t.from_staff_id,
        staff_names.get(t.from_staff_id, ""),
        t.to_staff_id,
        staff_names.get(t.to_staff_id, ""),
        t.head_count,
        t.expected,
        t.station,
    )


def compose(
    facts: DayFacts, schedule: DaySchedule, policy: Policy, day: dt.date, now: dt.datetime
) -> Board:
    """The board from the day's facts at ``now``."""
    grace = dt.timedelta(minutes=policy.escalation.grace_min)
    band_of_grade: dict[int, BandDay] = {}
    waves_times: dict[int, tuple[dt.datetime | None, dt.datetime | None]] = {}
    for band_day in schedule.bands:
        band = band_day.band
        dismissal = (
            dt.datetime.combine(day, band_day.dismissal)
            if band_day.service and band_day.dismissal is not None
            else None
        )
        waves_times[band.id] = (dismissal, dismissal + grace if dismissal else None)
        for g in range(band.grade_from, band.grade_to + 1):
            band_of_grade[g] = band_day
    children = []
    class_names: dict[int, str] = {}
    # Locals: this loop runs for every child of the school at every refresh.
    came, releases, custody_of = facts.came, facts.releases, facts.custody
    calls_of, transfers, club_of = facts.calls, facts.transfers, facts.club_of
    marks, leaves, phones = facts.marks, facts.leaves, facts.phones
    no_calls: list[CallEntry] = []
    for sid, no, name, class_id, grade, class_no, departure in facts.pupils:
        served = band_of_grade.get(grade)
        if served is None or not served.service:
            continue
        band_id = served.band.id
        flag_at = waves_times[band_id][1]
        release: Release | None = None
        custody = custody_of.get(sid)
        released = releases.get(sid)
        if released is not None:
            release = released[0]
            if release.method == SELF_METHOD:
                state = SELF_RELEASED
            else:
                state = INSTITUTION if released[1] else HANDED_OVER
        elif sid not in came and (p1 := marks.get((sid, 1))) != "left_early":
            # Not present; a 早退 mark whose handoff was undone falls through: the child may
            # well still be here.
            if sid in leaves or p1 in LEAVE_MARKS:
                state = LEAVE
            elif p1 == "absent":
                state = ABSENT
            else:
                state = UNMARKED
            custody = None
        elif custody is not None:
            state = CUSTODY
        elif flag_at is not None and now >= flag_at:
            state = FLAGGED
        else:
            state = WAITING
        calls = calls_of.get(sid, no_calls)
        # A child in a period-2 club comes to the pickup point with the club, others with
        # their class: the transfer of that group names the duty teacher in charge.
        club = club_of.get(sid)
        transfer = transfers.get(("club", club.id) if club is not None else ("class", class_id))
        class_name = class_names.get(class_id)
        if class_name is None:
            class_name = class_names[class_id] = canonical_class_name(grade, class_no)
        # Positional: the board builds thousands of these per refresh.
        children.append(
            BoardChild(
                sid,
                no,
                name,
                class_id,
                class_name,
                grade,
                band_id,
                departure,
                state,
                release,
                custody,
                flag_at if sid in came or release else None,
                len(calls),
                calls[-1] if calls else None,
                transfer.to_staff_id if transfer else None,
                transfer.to_teacher if transfer else "",
                phones.get(sid, "") if state in (FLAGGED, CUSTODY) else "",
            )
        )
    waves = []
    for band_day in schedule.bands:
        counts: dict[str, int] = defaultdict(int)
        for c in children:
            if c.band_id == band_day.band.id:
                counts[c.state] += 1
        dismissal, flag_at = waves_times[band_day.band.id]
        waves.append(
            Wave(
                band_day.band.id,
                band_day.band.name,
                band_day.band.grade_from,
                band_day.band.grade_to,
                band_day.service,
                dismissal,
                flag_at,
                band_day.note,
                dict(counts),
            )
        )
    return Board(
        day=day,
        at=now,
        policy=policy.escalation,
        waves=tuple(waves),
        children=tuple(children),
        transfers=tuple(sorted(facts.transfers.values(), key=lambda t: t.at)),
        duty_counts=_duty_counts(children, waves, facts, now),
    )


def _duty_counts(
    children: list[BoardChild], waves: list[Wave], facts: DayFacts, now: dt.datetime
) -> tuple[DutyCount, ...]:
    """Children still waiting per duty teacher, for the bands already dismissed."""
    dismissed = {w.band_id for w in waves if w.dismissal is not None and w.dismissal <= now}
    per: dict[int | None, dict[int, int]] = defaultdict(lambda: dict.fromkeys(dismissed, 0))
    for t in facts.transfers.values():
        per[t.to_staff_id]  # every duty teacher who took a group has a row, zeros included
    for c in children:
        if c.state in STILL_WAITING and c.band_id in dismissed:
            assert c.band_id is not None
            per[c.duty_teacher_id][c.band_id] += 1
    rows = [
        DutyCount(sid, facts.staff_names.get(sid, "") if sid is not None else "", counts)
        for sid, counts in per.items()
        if sid is not None or any(counts.values())
    ]
    rows.sort(key=lambda r: (r.staff_id is None, r.name))
    return tuple(rows)


def expected_in_group(facts: DayFacts, kind: str, group_id: int) -> list[tuple[int, str]]:
    """(id, name) of the children a group should bring to the pickup point now.

    Present, not gone, not in a teacher's custody; a club brings its period-2 members, a class
    those of its pupils not in a club.
    """
    out = []
    for sid, _no, name, class_id, _g, _n, _dep in facts.pupils:
        if sid in facts.releases or sid in facts.custody or not facts.present(sid):
            continue
        club = facts.club_of.get(sid)
        in_club = kind == "club" and club is not None and club.id == group_id
        in_class = kind == "class" and club is None and class_id == group_id
        if in_club or in_class:
            out.append((sid, name))
    return out


def marks_query_present(s: Session, student_id: int, day: dt.date) -> bool:
    """One pupil present today (period 1 or the club's roll call)."""
    found = s.scalars(
        select(AttendanceMark.status).where(
            AttendanceMark.student_id == student_id, AttendanceMark.on_date == day
        )
    ).all()
    return any(status in PRESENT_MARKS for status in found)
