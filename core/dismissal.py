"""Staggered dismissal (R7-R9): the board, group transfers, self-release, custody and calls.

The board is computed, not stored: a child is flagged 无人接领 when the clock passes the
band's dismissal plus the grace period while the child is present and neither released nor in
a teacher's custody. Every station computes the same flags from the same records, so nothing
has to be written (or raced over) when the clock ticks; only what people do is stored, each in
one transaction with its audit entry.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import Clock
from core.club_queries import staff_choices
from core.club_types import StaffChoice
from core.dismissal_reads import (
    DAILY_ACTIONS,
    SELF_METHOD,
    DayFacts,
    Policy,
    compose,
    expected_in_group,
    read_day,
    read_policy,
    transfer_info,
)
from core.dismissal_types import (
    CALL_RESULTS,
    GONE,
    GRADE_NOT_ALLOWED,
    NO_CONSENT,
    Board,
    BoardChild,
    CallEntry,
    ChildDetail,
    FamilyLate,
    GroupChoice,
    GuardianPhone,
    Release,
    SelfReleaseCandidate,
    SelfReleaseResult,
    TransferInfo,
)
from core.errors import NotFoundError, ValidationError
from core.roster import canonical_class_name
from core.schedule import DaySchedule
from core.schedule_service import ScheduleService
from core.staff_types import CLASS_TEACHER, StaffMember
from core.today import mask_phone
from core.verdict import read_releases
from db import audit
from db.engine import Database
from db.models import (
    AuditEntry,
    AuditHead,
    Club,
    CustodyTransfer,
    Enrolment,
    GroupTransfer,
    Guardian,
    GuardianCall,
    Handoff,
    SchoolClass,
    Staff,
    Student,
    StudentGuardian,
)

FAMILY_LATE_WEEKS = 8
CACHE_MAX_AGE_S = 60.0
MAX_DAILY_CHANGES = 200  # more changes than this at once: read everything again
MAX_NOTE = 200
MAX_HEAD_COUNT = 500


@dataclass(frozen=True)
class _Cached:
    """The day's records as last read, and the audit sequence number they were read at."""

    key: tuple[dt.date, int]
    read_at: float
    facts: DayFacts
    schedule: DaySchedule
    policy: Policy


class DismissalService:
    """Reads the board and records what the duty teachers do at dismissal."""

    def __init__(self, db: Database, clock: Clock, schedule: ScheduleService) -> None:
        self._db = db
        self._clock = clock
        self._schedule = schedule
        self._cache: _Cached | None = None

    def _now(self) -> dt.datetime:
        return self._clock.now().replace(tzinfo=None)

    def _context(self, day: dt.date) -> tuple[DaySchedule, int]:
        data = self._schedule.load()
        return data.day(day), data.grace_min

    def _facts(self, s: Session, day: dt.date) -> tuple[DayFacts, DaySchedule, Policy]:
        schedule, grace = self._context(day)
        return read_day(s, day, schedule), schedule, read_policy(s, grace)

    # --- reading ---

    def board(self, day: dt.date | None = None) -> Board:
        """The board of ``day`` (today by the clock) as of now.

        Every station refreshes its board every few seconds because flags follow the clock;
        the day's records are read again only when the audit chain moved (every write that
        matters appends to it, R10), so an idle afternoon costs the server one tiny query per
        refresh. A minute's age limit covers anything written around the app.
        """
        now = self._now()
        day = day or now.date()
        with self._db.read() as s:
            seq = audit.chain_head(s).seq
            cached = self._cache
            if (
                cached is None
                or cached.key[0] != day
                or time.monotonic() - cached.read_at > CACHE_MAX_AGE_S
            ):
                cached = None
            elif cached.key[1] != seq:
                # Only the day's doings since the last read: keep the list of pupils.
                daily = _only_daily_changes(s, cached.key[1], seq)
                facts = read_day(s, day, cached.schedule, cached.facts) if daily else None
                cached = (
                    _Cached((day, seq), cached.read_at, facts, cached.schedule, cached.policy)
                    if facts is not None
                    else None
                )
            if cached is None:
                facts, schedule, policy = self._facts(s, day)
                cached = _Cached((day, seq), time.monotonic(), facts, schedule, policy)
            self._cache = cached
        return compose(cached.facts, cached.schedule, cached.policy, day, now)

    def child_detail(self, student_id: int, day: dt.date | None = None) -> ChildDetail:
        """Guardians with full phones, the call log and the family's late pickups of a child.

        Raises:
            NotFoundError: no such pupil, or not on the day's list.
        """
        now = self._now()
        day = day or now.date()
        with self._db.read() as s:
            facts, schedule, policy = self._facts(s, day)
            guardians = tuple(
                GuardianPhone(gid, name, relation, phone or "")
                for gid, name, relation, phone in s.execute(
                    select(Guardian.id, Guardian.name, StudentGuardian.relation, Guardian.phone)
                    .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
                    .where(StudentGuardian.student_id == student_id)
                    .order_by(StudentGuardian.position, StudentGuardian.id)
                )
            )
            since = day - dt.timedelta(weeks=FAMILY_LATE_WEEKS)
            late = _family_late_dates(s, [g.guardian_id for g in guardians], since, day)
        child = compose(facts, schedule, policy, day, now).child(student_id)
        if child is None:
            raise NotFoundError("the pupil is not on the day's list")
        return ChildDetail(
            child, guardians, tuple(facts.calls.get(student_id, [])), len(late), FAMILY_LATE_WEEKS
        )

    def self_release_list(
        self, band_id: int | None = None, day: dt.date | None = None
    ) -> list[SelfReleaseCandidate]:
        """Present 自行离校 children not yet gone (of one band, or all), eligible ones first."""
        now = self._now()
        day = day or now.date()
        with self._db.read() as s:
            facts, schedule, policy = self._facts(s, day)
            consents = _consents(s, [p[0] for p in facts.pupils if p[6] == "self"])
        board = compose(facts, schedule, policy, day, now)
        out = []
        for c in board.children:
            if c.departure != "self" or not c.still_waiting and c.state != "custody":
                continue
            if band_id is not None and c.band_id != band_id:
                continue
            consent = consents.get(c.student_id)
            refusal = _refusal(c.grade, consent, policy, day)
            out.append(
                SelfReleaseCandidate(c.student_id, c.name, c.class_name, c.grade, consent, refusal)
            )
        out.sort(key=lambda c: (not c.eligible, c.grade, c.class_name, c.name))
        return out

    def groups(self, day: dt.date | None = None) -> list[GroupChoice]:
        """Classes and clubs with children on the day's list, with the children they should have.

        ``expected`` is worked out now: present, not gone, not in a teacher's custody.
        """
        now = self._now()
        day = day or now.date()
        with self._db.read() as s:
            facts, schedule, _policy = self._facts(s, day)
            teachers = _class_teachers(s)
            club_teachers = {cid: tid for cid, tid in s.execute(select(Club.id, Club.teacher_id))}
        band_of = {}
        for b in schedule.bands:
            if b.service:
                for g in range(b.band.grade_from, b.band.grade_to + 1):
                    band_of[g] = b.band.id
        classes: dict[int, tuple[int, int]] = {}
        clubs: dict[int, tuple[str, int]] = {}
        for sid, _no, _name, class_id, grade, class_no, _dep in facts.pupils:
            if grade not in band_of:
                continue
            club = facts.club_of.get(sid)
            if club is not None:
                clubs.setdefault(club.id, (club.name, grade))
            else:
                classes.setdefault(class_id, (grade, class_no))
        out = []
        for cid, (grade, class_no) in sorted(classes.items(), key=lambda kv: kv[1]):
            teacher_id = teachers.get(cid)
            out.append(
                GroupChoice(
                    "class",
                    cid,
                    canonical_class_name(grade, class_no),
                    teacher_id,
                    facts.staff_names.get(teacher_id, "") if teacher_id else "",
                    band_of.get(grade),
                    tuple(n for _sid, n in expected_in_group(facts, "class", cid)),
                    facts.transfers.get(("class", cid)),
                )
            )
        for club_id, (name, grade) in sorted(clubs.items(), key=lambda kv: kv[1]):
            teacher_id = club_teachers.get(club_id)
            out.append(
                GroupChoice(
                    "club",
                    club_id,
                    name,
                    teacher_id,
                    facts.staff_names.get(teacher_id, "") if teacher_id else "",
                    band_of.get(grade),
                    tuple(n for _sid, n in expected_in_group(facts, "club", club_id)),
                    facts.transfers.get(("club", club_id)),
                )
            )
        return out

    def staff(self) -> list[StaffChoice]:
        """Active staff, for the teacher pickers (custody, transfers)."""
        with self._db.read() as s:
            return staff_choices(s)

    def late_families(self, since: dt.date, until: dt.date) -> list[FamilyLate]:
        """Families with late pickups between two dates (inclusive), most late first.

        A family is the child's first listed guardian, so siblings count together.
        """
        with self._db.read() as s:
            rows = s.execute(
                select(Handoff.student_id, Handoff.on_date, Student.name)
                .join(Student, Student.id == Handoff.student_id)
                .where(
                    Handoff.late.is_(True),
                    Handoff.undone_at.is_(None),
                    Handoff.method != SELF_METHOD,
                    Handoff.on_date >= since,
                    Handoff.on_date <= until,
                )
            ).all()
            first = _first_guardians(s, list({r[0] for r in rows}))
        dates: dict[int, set[dt.date]] = defaultdict(set)
        names: dict[int, dict[str, None]] = defaultdict(dict)
        for sid, on, name in rows:
            g = first.get(sid)
            if g is None:
                continue
            dates[g[0]].add(on)
            names[g[0]][name] = None
        out = []
        for gid, days in dates.items():
            _gid, gname, relation, phone = next(v for v in first.values() if v[0] == gid)
            label = f"{gname}（{relation}）" if relation else gname
            out.append(
                FamilyLate(gid, label, mask_phone(phone), tuple(names[gid]), tuple(sorted(days)))
            )
        out.sort(key=lambda f: (-f.count, f.guardian))
        return out

    # --- recording ---

    def confirm_self_release(
        self, student_ids: Sequence[int], member: StaffMember, station: str = ""
    ) -> list[SelfReleaseResult]:
        """Record the 自行离校 departure of some children in one transaction (R3).

        A child another station released meanwhile is reported, not written twice.

        Raises:
            ValidationError: ``nothing_selected``; ``not_self_release`` (departure is not
                自行离校); ``grade_not_allowed`` / ``no_consent`` (policy); ``not_present``;
                ``too_early`` (before the band's dismissal).
        """
        ids = list(dict.fromkeys(student_ids))
        if not ids:
            raise ValidationError("nothing_selected", "no child was selected")
        now = self._now()
        day = now.date()
        station = station[:40]
        schedule, grace = self._context(day)
        with self._db.write() as s:
            # The audit head's lock first: the checks below then see every other station.
            s.execute(select(AuditHead.id).where(AuditHead.id == 1).with_for_update())
            facts = read_day(s, day, schedule)
            policy = read_policy(s, grace)
            board = compose(facts, schedule, policy, day, now)
            consents = _consents(s, ids)
            gone = read_releases(s, ids, day)
            todo = []
            for sid in ids:
                child = board.child(sid)
                if child is None:
                    raise NotFoundError("the pupil is not on the day's list")
                if sid in gone:
                    continue
                if child.departure != "self":
                    raise ValidationError(
                        "not_self_release", "not a 自行离校 pupil", name=child.name
                    )
                refusal = _refusal(child.grade, consents.get(sid), policy, day)
                if refusal:
                    raise ValidationError(refusal, "self-release not allowed", name=child.name)
                _require_dismissed(facts, board, child, now)
                todo.append(child)
            results = [
                SelfReleaseResult(
                    sid,
                    False,
                    Release(
                        r.released_at,
                        r.receiver_name,
                        r.receiver_relation,
                        r.station,
                        r.method,
                        False,
                        False,
                        r.verified_by,
                    ),
                )
                for sid, r in gone.items()
            ]
            batch_id: int | None = None
            for child in todo:
                late = child.flag_at is not None and now > child.flag_at
                row = Handoff(
                    student_id=child.student_id,
                    on_date=day,
                    released_at=now,
                    method=SELF_METHOD,
                    station=station,
                    verified_by=member.id,
                    early=False,
                    late=late,
                )
                s.add(row)
                s.flush()
                batch_id = batch_id or row.id
                row.batch_id = batch_id
                audit.append(
                    s,
                    now,
                    member.actor,
                    "handoff.record",
                    "handoff",
                    row.id,
                    {
                        "student_id": child.student_id,
                        "date": day,
                        "method": SELF_METHOD,
                        "station": station,
                        "late": late,
                        "batch_id": batch_id,
                    },
                )
                release = Release(now, "", "", station, SELF_METHOD, False, late, member.name)
                results.append(SelfReleaseResult(child.student_id, True, release))
        return results

    def transfer_group(
        self,
        group_kind: str,
        group_id: int,
        from_staff_id: int,
        to_staff_id: int,
        head_count: int,
        member: StaffMember,
        station: str = "",
        note: str = "",
    ) -> TransferInfo:
        """Record a class or club handed to a duty teacher with its head count (R9).

        The expected count is worked out from the records at this moment; a different head
        count is stored as it is and shows as a mismatch on every board at once.

        Raises:
            ValidationError: ``bad_group``, ``bad_count``, ``same_teacher``, ``note_too_long``.
            NotFoundError: unknown group or teacher.
        """
        if group_kind not in ("class", "club"):
            raise ValidationError("bad_group", f"unknown group kind {group_kind!r}")
        if not 0 <= head_count <= MAX_HEAD_COUNT:
            raise ValidationError("bad_count", "the head count is out of range")
        if from_staff_id == to_staff_id:
            raise ValidationError("same_teacher", "a group is handed to another teacher")
        note = _note(note)
        now = self._now()
        day = now.date()
        schedule, _grace = self._context(day)
        with self._db.write() as s:
            s.execute(select(AuditHead.id).where(AuditHead.id == 1).with_for_update())
            name = _group_name(s, group_kind, group_id)
            _require_staff(s, from_staff_id)
            _require_staff(s, to_staff_id)
            facts = read_day(s, day, schedule)
            expected = len(expected_in_group(facts, group_kind, group_id))
            row = GroupTransfer(
                on_date=day,
                at=now,
                group_kind=group_kind,
                class_id=group_id if group_kind == "class" else None,
                club_id=group_id if group_kind == "club" else None,
                from_staff_id=from_staff_id,
                to_staff_id=to_staff_id,
                head_count=head_count,
                expected=expected,
                station=station[:40],
                recorded_by=member.id,
                note=note,
            )
            s.add(row)
            s.flush()
            audit.append(
                s,
                now,
                member.actor,
                "dismissal.group_transfer",
                "group_transfer",
                row.id,
                {
                    "date": day,
                    "group_kind": group_kind,
                    "group_id": group_id,
                    "group": name,
                    "from_staff_id": from_staff_id,
                    "to_staff_id": to_staff_id,
                    "head_count": head_count,
                    "expected": expected,
                    "station": row.station,
                    "note": note,
                },
            )
            return transfer_info(row, name, facts.staff_names)

    def take_custody(
        self,
        student_id: int,
        teacher_id: int,
        member: StaffMember,
        station: str = "",
        note: str = "",
    ) -> None:
        """Hand a waiting child to a named teacher who keeps them until collected (留校看护).

        Handing a child in custody to another teacher records a new transfer; the latest one
        stands.

        Raises:
            ValidationError: ``not_present``, ``already_released``, ``too_early`` (before the
                band's dismissal), ``note_too_long``.
            NotFoundError: unknown pupil or teacher, or not on the day's list.
        """
        note = _note(note)
        now = self._now()
        day = now.date()
        schedule, grace = self._context(day)
        with self._db.write() as s:
            s.execute(select(AuditHead.id).where(AuditHead.id == 1).with_for_update())
            teacher = _require_staff(s, teacher_id)
            facts = read_day(s, day, schedule)
            board = compose(facts, schedule, read_policy(s, grace), day, now)
            child = board.child(student_id)
            if child is None:
                raise NotFoundError("the pupil is not on the day's list")
            if child.state in GONE:
                raise ValidationError("already_released", "the child has left", name=child.name)
            _require_dismissed(facts, board, child, now)
            row = CustodyTransfer(
                student_id=student_id,
                on_date=day,
                at=now,
                teacher_id=teacher_id,
                recorded_by=member.id,
                station=station[:40],
                note=note,
            )
            s.add(row)
            s.flush()
            audit.append(
                s,
                now,
                member.actor,
                "dismissal.custody",
                "custody_transfer",
                row.id,
                {
                    "student_id": student_id,
                    "date": day,
                    "teacher_id": teacher_id,
                    "teacher": teacher.name,
                    "station": row.station,
                    "note": note,
                },
            )

    def log_call(
        self,
        student_id: int,
        result: str,
        member: StaffMember,
        *,
        guardian_id: int | None = None,
        callee: str = "",
        note: str = "",
        station: str = "",
    ) -> CallEntry:
        """Log a call about a child: to a listed guardian or a named person, and its result.

        Raises:
            ValidationError: ``bad_result``, ``callee_required``, ``not_guardian`` (the
                guardian is not the child's), ``note_too_long``.
            NotFoundError: unknown pupil.
        """
        if result not in CALL_RESULTS:
            raise ValidationError("bad_result", f"unknown call result {result!r}")
        note = _note(note)
        callee = callee.strip()[:50]
        now = self._now()
        with self._db.write() as s:
            if s.get(Student, student_id) is None:
                raise NotFoundError("no such pupil")
            if guardian_id is not None:
                row = s.execute(
                    select(Guardian.name, StudentGuardian.relation)
                    .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
                    .where(
                        StudentGuardian.student_id == student_id,
                        StudentGuardian.guardian_id == guardian_id,
                    )
                ).first()
                if row is None:
                    raise ValidationError("not_guardian", "not a guardian of this child")
                callee = f"{row[0]}（{row[1]}）" if row[1] else row[0]
            elif not callee:
                raise ValidationError("callee_required", "say whom you called")
            call = GuardianCall(
                student_id=student_id,
                on_date=now.date(),
                at=now,
                guardian_id=guardian_id,
                callee=callee,
                result=result,
                note=note,
                staff_id=member.id,
                station=station[:40],
            )
            s.add(call)
            s.flush()
            audit.append(
                s,
                now,
                member.actor,
                "dismissal.call",
                "guardian_call",
                call.id,
                {
                    "student_id": student_id,
                    "date": now.date(),
                    "guardian_id": guardian_id,
                    "callee": callee,
                    "result": result,
                    "note": note,
                },
            )
            return CallEntry(call.id, now, callee, guardian_id, result, note, member.name)


def _only_daily_changes(s: Session, since_seq: int, seq: int) -> bool:
    """Whether every audit entry after ``since_seq`` records a doing of the day.

    A mark, a handoff, a call … but no change to pupils, classes, clubs, staff or settings.
    """
    if seq - since_seq > MAX_DAILY_CHANGES:
        return False
    actions = s.scalars(
        select(AuditEntry.action).where(AuditEntry.seq > since_seq, AuditEntry.seq <= seq)
    ).all()
    return len(actions) == seq - since_seq and all(a.startswith(DAILY_ACTIONS) for a in actions)


def _note(text: str) -> str:
    """A note as stored: trimmed; ``note_too_long`` past the column's size."""
    text = text.strip()
    if len(text) > MAX_NOTE:
        raise ValidationError("note_too_long", "the note is too long")
    return text


def _require_dismissed(facts: DayFacts, board: Board, child: BoardChild, now: dt.datetime) -> None:
    """Present, and the child's band dismissed (self-release and custody start then)."""
    if not facts.present(child.student_id):
        raise ValidationError("not_present", "not marked present", name=child.name)
    wave = next(w for w in board.waves if w.band_id == child.band_id)
    if wave.dismissal is None or now < wave.dismissal:
        raise ValidationError(
            "too_early", "before the band's dismissal", name=child.name, dismissal=wave.dismissal
        )


def _refusal(grade: int, consent: dt.date | None, policy: Policy, day: dt.date) -> str:
    """Why a 自行离校 child may not leave alone today ("" when they may), R3."""
    if grade not in policy.self_release_grades:
        return GRADE_NOT_ALLOWED
    if consent is None or consent > day:
        return NO_CONSENT
    return ""


def _consents(s: Session, ids: list[int]) -> dict[int, dt.date | None]:
    return {
        sid: on
        for sid, on in s.execute(
            select(Enrolment.student_id, Enrolment.self_release_consent_on).where(
                Enrolment.student_id.in_(ids)
            )
        )
    }


def _class_teachers(s: Session) -> dict[int, int]:
    out: dict[int, int] = {}
    for sid, class_id in s.execute(
        select(Staff.id, Staff.class_id)
        .where(Staff.role == CLASS_TEACHER, Staff.active.is_(True), Staff.class_id.is_not(None))
        .order_by(Staff.id)
    ):
        if class_id is not None:
            out.setdefault(class_id, sid)
    return out


def _group_name(s: Session, kind: str, group_id: int) -> str:
    """The name of a class or club; NotFoundError when there is none."""
    if kind == "class":
        cls = s.get(SchoolClass, group_id)
        if cls is not None:
            return canonical_class_name(cls.grade, cls.class_no)
    else:
        club = s.get(Club, group_id)
        if club is not None:
            return club.name
    raise NotFoundError("no such group")


def _require_staff(s: Session, staff_id: int) -> Staff:
    staff = s.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise NotFoundError("no such staff member")
    return staff


def _first_guardians(
    s: Session, student_ids: list[int]
) -> dict[int, tuple[int, str, str, str | None]]:
    """Each pupil's first listed guardian: (id, name, relation, phone)."""
    out: dict[int, tuple[int, str, str, str | None]] = {}
    if not student_ids:
        return out
    for sid, gid, name, relation, phone in s.execute(
        select(
            StudentGuardian.student_id,
            Guardian.id,
            Guardian.name,
            StudentGuardian.relation,
            Guardian.phone,
        )
        .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
        .where(StudentGuardian.student_id.in_(student_ids))
        .order_by(StudentGuardian.student_id, StudentGuardian.position, StudentGuardian.id)
    ):
        out.setdefault(sid, (gid, name, relation, phone))
    return out


def _family_late_dates(
    s: Session, guardian_ids: list[int], since: dt.date, until: dt.date
) -> set[dt.date]:
    """Days with a late pickup of any child sharing one of these guardians."""
    if not guardian_ids:
        return set()
    siblings = select(StudentGuardian.student_id).where(
        StudentGuardian.guardian_id.in_(guardian_ids)
    )
    return set(
        s.scalars(
            select(Handoff.on_date).where(
                Handoff.student_id.in_(siblings),
                Handoff.late.is_(True),
                Handoff.undone_at.is_(None),
                Handoff.method != SELF_METHOD,
                Handoff.on_date >= since,
                Handoff.on_date <= until,
            )
        )
    )
