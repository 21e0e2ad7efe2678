"""The demo history's records: the school as read, the rows built, and storing them at once.

``HistoryBase`` holds what the simulation of ``core.demo_history`` needs (pupils, families,
staff, the story's children), builds each record with the audit entry the services would have
written, and stores them all in bulk inserts, the entries chained in time order.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from core.dismissal_settings import read_policy
from core.schedule import BandDay
from core.schedule_service import read_schedule
from db import audit
from db.models import (
    AttendanceMark,
    Base,
    Enrolment,
    Guardian,
    GuardianCall,
    Handoff,
    InstitutionStaff,
    Leave,
    SchoolClass,
    Staff,
    Student,
    StudentGuardian,
)

SEED = 20261203
INSTITUTION = (
    "阳光托管中心",
    "0519-86551234",
    (("刘晓燕", "13915012345"), ("陈志明", "13915067890")),
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


class Pupil(NamedTuple):
    """A signed-up pupil with what the simulation needs: class, days, how they go home."""

    id: int
    no: str
    name: str
    class_id: int
    grade: int
    mask: int
    departure: str
    consent: dt.date | None


class Carer(NamedTuple):
    """One of a pupil's guardians, as the relation on that pupil names them."""

    id: int
    name: str
    relation: str

    @property
    def label(self) -> str:
        """The name with the relation, as the call log shows the callee."""
        return f"{self.name}（{self.relation}）" if self.relation else self.name


@dataclass
class Entry:
    """An audit entry waiting for its row's id (and so its payload)."""

    at: dt.datetime
    actor: str
    action: str
    entity: str
    ref: Row | str  # a row (its id is known once inserted) or the entity id itself
    payload: dict[str, Any] | Payload


@dataclass
class Wave:
    """One grade band's dismissal on one day: when, where, and who is on duty."""

    band: BandDay
    dismissal: dt.datetime
    flag_at: dt.datetime
    duty: Staff
    station: str


def actor(staff: Staff) -> str:
    """How audit entries name a staff member, as ``StaffMember.actor`` does."""
    return f"{staff.name}({staff.staff_no})"


class HistoryBase:
    """The school as read, the records built so far, and how they are stored."""

    def __init__(
        self, session: Session, days: list[dt.date], today: dt.date, now: dt.datetime
    ) -> None:
        self.s = session
        self.now = now
        self.days = days
        self.today = today
        self.rng = random.Random(SEED)
        self.data = read_schedule(session)
        policy = read_policy(session)
        self.grace = dt.timedelta(minutes=policy.grace_min if policy else 10)
        self.self_grades = policy.self_release_grades if policy else frozenset({3, 4, 5, 6})
        self.entries: list[Entry] = []
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
            Pupil(*r)
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
        self.guardians: dict[int, list[Carer]] = defaultdict(list)
        for sid, gid, name, relation in session.execute(
            select(StudentGuardian.student_id, Guardian.id, Guardian.name, StudentGuardian.relation)
            .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
            .order_by(StudentGuardian.student_id, StudentGuardian.position, StudentGuardian.id)
        ):
            self.guardians[sid].append(Carer(gid, name, relation))
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
        """Keep a row to insert and the audit entry that records it."""
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
        """Keep an audit entry about a row (or an entity id)."""
        self.entries.append(Entry(at, who, action, entity, ref, payload))

    def store(self) -> None:
        """Insert every row built, link the batches, append the audit entries in time order."""
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
        in_time = sorted(self.entries, key=lambda e: e.at)  # stable: same-time keep their order
        audit.append_many(self.s, [_record(e) for e in in_time])

    def on_leave(self, sid: int, first: dt.date, last: dt.date | None = None) -> bool:
        """The pupil has leave on some day from ``first`` to ``last``."""
        last = last or first
        return any(a <= last and first <= b for a, b in self.leaves.get(sid, ()))

    def guardian_for(self, p: Pupil, day: dt.date) -> Carer:
        """Who comes today: mostly the first guardian on the list (the same for siblings)."""
        family = self.guardians[p.id]
        weights = (0.6, 0.28, 0.12)[: len(family)]
        return random.Random(f"{SEED}-{family[0].id}-{day}").choices(family, weights)[0]

    def may_leave_alone(self, p: Pupil, day: dt.date) -> bool:
        """The grade may go home alone and the family had consented by then."""
        return p.grade in self.self_grades and p.consent is not None and p.consent <= day

    def mark(
        self, p: Pupil, day: dt.date, status: str, at: dt.datetime, teacher: Staff, bulk: bool
    ) -> Row:
        """One period-1 attendance mark (``bulk``: part of 全部出勤)."""
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

    def call(
        self,
        day: dt.date,
        p: Pupil,
        at: dt.datetime,
        wave: Wave,
        member: Staff,
        who: Carer,
        result: str,
        note: str,
    ) -> None:
        """One call to a guardian about a pupil not yet collected."""
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
        kids: Sequence[Pupil],
        at: dt.datetime,
        wave: Wave,
        method: str,
        who: Carer | InstitutionStaff | None,
        *,
        reason: str = "",
        early: bool = False,
        late: bool = False,
        verifier: Staff | None = None,
    ) -> list[Row]:
        """One release of some children together (a batch), as the gate records it."""
        member = verifier or wave.duty
        staff = who if isinstance(who, InstitutionStaff) else None
        guardian = who if isinstance(who, Carer) else None
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


def left_early_payload(row: Row, previous: str) -> dict[str, Any]:
    """The 早退 mark an early handoff sets (R6), as ``handoffs._set_mark`` writes it."""
    return {
        "student_id": row["student_id"],
        "date": row["on_date"],
        "period": 1,
        "status": "left_early",
        "previous": previous,
        "handoff_id": row["id"],
    }


def _record(e: Entry) -> audit.AuditRecord:
    """The entry to append, its row's id and its payload known now the rows are inserted."""
    ref = e.ref if isinstance(e.ref, str) else str(e.ref["id"])
    payload = e.payload() if callable(e.payload) else e.payload
    return audit.AuditRecord(e.at, e.actor, e.action, e.entity, ref, payload)
