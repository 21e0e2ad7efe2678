"""Clubs of the 1+E+X timetable (走班): clubs and members, the club roll call, where a child is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from core.clock import Clock
from core.club_queries import (
    club_infos,
    members_clashing,
    pupil_query,
    pupils_of,
    staff_choices,
)
from core.club_roll_call import MarkRequest, may_roll_call, write_marks
from core.club_types import (
    CATEGORIES,
    NAME_MAX,
    ROLL_CALL_STATUSES,
    ROOM_MAX,
    SEARCH_LIMIT,
    ClubDraft,
    ClubInfo,
    ClubPupil,
    RollCall,
    RollCallEntry,
    StaffChoice,
    Whereabouts,
    require_admin,
)
from core.club_whereabouts import club_slots, locate, marks_of, on_list
from core.errors import NotFoundError, ValidationError
from core.roster import canonical_class_name
from core.schedule_service import ScheduleService
from core.staff_types import StaffMember
from core.today import TodayService
from db import audit
from db.engine import Database
from db.models import (
    AttendanceMark,
    Club,
    ClubMember,
    SchoolClass,
    Staff,
    Student,
)


class ClubService:
    """Clubs and members for the safety officer; roll call for the club teacher."""

    def __init__(
        self, db: Database, clock: Clock, schedule: ScheduleService, today: TodayService
    ) -> None:
        self._db = db
        self._clock = clock
        self._schedule = schedule
        self._today = today

    # --- reading ---

    def now(self) -> dt.datetime:
        """The clock's time (where-now answers follow it)."""
        return self._clock.now()

    def clubs(self, include_inactive: bool = True) -> list[ClubInfo]:
        """Every club, by weekday, period and name."""
        with self._db.read() as s:
            return club_infos(s, None if include_inactive else True)

    def club(self, club_id: int) -> ClubInfo:
        """One club."""
        with self._db.read() as s:
            found = club_infos(s, None, club_id)
        if not found:
            raise NotFoundError("club not found")
        return found[0]

    def staff(self) -> list[StaffChoice]:
        """Active staff who may run a club or take a duty."""
        with self._db.read() as s:
            return staff_choices(s)

    def classes(self) -> list[tuple[int, str]]:
        """Every class as (id, 三(2)班)."""
        with self._db.read() as s:
            rows = s.execute(
                select(SchoolClass.id, SchoolClass.grade, SchoolClass.class_no).order_by(
                    SchoolClass.grade, SchoolClass.class_no
                )
            ).all()
        return [(cid, canonical_class_name(g, n)) for cid, g, n in rows]

    def members(self, club_id: int) -> list[ClubPupil]:
        """A club's members, by class and student number."""
        with self._db.read() as s:
            rows = s.execute(
                pupil_query()
                .join(ClubMember, ClubMember.student_id == Student.id)
                .where(ClubMember.club_id == club_id)
                .order_by(SchoolClass.grade, SchoolClass.class_no, Student.student_no)
            ).all()
        return pupils_of(rows)

    def pupils_of_class(self, class_id: int) -> list[ClubPupil]:
        """Active pupils of one class, by student number."""
        with self._db.read() as s:
            rows = s.execute(
                pupil_query()
                .where(Student.class_id == class_id, Student.active.is_(True))
                .order_by(Student.student_no)
            ).all()
        return pupils_of(rows)

    def find_pupils(self, text: str) -> list[ClubPupil]:
        """Active pupils whose name contains ``text`` or whose number starts with it."""
        text = text.strip()
        if not text:
            return []
        with self._db.read() as s:
            rows = s.execute(
                pupil_query()
                .where(
                    Student.active.is_(True),
                    or_(
                        Student.name.contains(text, autoescape=True),
                        Student.student_no.startswith(text, autoescape=True),
                    ),
                )
                .order_by(SchoolClass.grade, SchoolClass.class_no, Student.student_no)
                .limit(SEARCH_LIMIT)
            ).all()
        return pupils_of(rows)

    def roll_call_clubs(self, member: StaffMember, day: dt.date | None = None) -> list[ClubInfo]:
        """Clubs meeting on a day whose roll call this person may take."""
        day = day or self._clock.now().date()
        schedule = self._schedule.day(day)
        if not schedule.any_service:
            return []
        with self._db.read() as s:
            clubs = [c for c in club_infos(s, True) if c.weekday == schedule.weekday]
            return [
                c
                for c in clubs
                if may_roll_call(s, member, c.id, c.teacher_id, day, schedule.weekday)
            ]

    def roll_call(self, club_id: int, day: dt.date | None = None) -> RollCall:
        """A club's members with their marks of a day."""
        day = day or self._clock.now().date()
        club = self.club(club_id)
        schedule = self._schedule.day(day)
        listed = on_list(self._today.overview(day))
        with self._db.read() as s:
            rows = s.execute(
                select(AttendanceMark.student_id, AttendanceMark.status, Staff.name)
                .outerjoin(Staff, Staff.id == AttendanceMark.marked_by)
                .where(AttendanceMark.on_date == day, AttendanceMark.period == club.period)
            ).all()
        marks = {sid: (status, by or "") for sid, status, by in rows}
        entries = tuple(
            RollCallEntry(
                pupil=p,
                on_list=p.student_id in listed,
                leave=listed.get(p.student_id),
                status=marks.get(p.student_id, (None, ""))[0],
                marked_by=marks.get(p.student_id, (None, ""))[1],
            )
            for p in self.members(club_id)
        )
        meets = schedule.any_service and schedule.weekday == club.weekday and club.active
        return RollCall(club, day, meets, entries)

    # --- where a child is now ---

    def where_now(self, student_id: int, at: dt.datetime | None = None) -> Whereabouts:
        """Where a child should be at ``at`` (now by the clock), from list, schedule and marks."""
        at = at or self._clock.now()
        day = at.date()
        schedule = self._schedule.day(day)
        with self._db.read() as s:
            row = s.execute(pupil_query().where(Student.id == student_id)).first()
            if row is None:
                raise NotFoundError("pupil not found")
            pupil = pupils_of([row])[0]
            marks = marks_of(s, day)
            slots = club_slots(s, schedule.weekday)
        listed = on_list(self._today.overview(day))
        return locate(
            pupil,
            listed.get(student_id),
            student_id in listed,
            schedule.for_grade(pupil.grade),
            marks,
            {p: c for (sid, p), c in slots.items() if sid == student_id},
            at.time(),
        )

    # --- editing clubs (safety officer) ---

    def save_club(self, club_id: int | None, draft: ClubDraft, member: StaffMember) -> int:
        """Create or change a club. Returns its id.

        Raises:
            ValidationError: ``not_allowed``, ``club_name_empty``, ``club_name_too_long``,
                ``club_category``, ``room_too_long``, ``club_weekday``, ``club_period``,
                ``teacher_unknown``, ``club_name_taken``, ``teacher_clash`` or ``member_clash``
                (moving the club would give a member two clubs in one slot).
            NotFoundError: the club was deleted meanwhile.
        """
        require_admin(member)
        draft = _checked(draft)
        with self._db.write() as s:
            if draft.teacher_id is not None:
                teacher = s.get(Staff, draft.teacher_id)
                if teacher is None or not teacher.active:
                    raise ValidationError("teacher_unknown", "no such active teacher")
            same_slot = select(Club).where(
                Club.active.is_(True),
                Club.weekday == draft.weekday,
                Club.period == draft.period,
                Club.id != (club_id or 0),
            )
            for other in s.scalars(same_slot):
                if other.name == draft.name:
                    raise ValidationError(
                        "club_name_taken", "another club of that name meets then", name=draft.name
                    )
                if draft.teacher_id is not None and other.teacher_id == draft.teacher_id:
                    raise ValidationError(
                        "teacher_clash", "the teacher runs another club then", club=other.name
                    )
            if club_id is None:
                club = Club(active=True)
                s.add(club)
                old: dict[str, object] = {}
            else:
                found = s.get(Club, club_id)
                if found is None:
                    raise NotFoundError("club not found")
                club = found
                old = _fields(club)
                clash = members_clashing(s, club.id, draft.weekday, draft.period)
                if clash:
                    raise ValidationError(
                        "member_clash", "a member has another club then", name=clash
                    )
            for key, value in vars(draft).items():
                setattr(club, key, value)
            s.flush()
            new = _fields(club)
            if old == new:
                return club.id
            audit.append(
                s,
                self._clock.now(),
                member.actor,
                "club.create" if club_id is None else "club.update",
                "club",
                club.id,
                {"old": old, "new": new} if old else new,
            )
            return club.id

    def set_active(self, club_id: int, active: bool, member: StaffMember) -> None:
        """Stop a club (its history stays) or start it again."""
        require_admin(member)
        with self._db.write() as s:
            club = s.get(Club, club_id)
            if club is None:
                raise NotFoundError("club not found")
            if club.active == active:
                return
            if active:
                clash = members_clashing(s, club.id, club.weekday, club.period)
                if clash:
                    raise ValidationError(
                        "member_clash", "a member has another club then", name=clash
                    )
            club.active = active
            audit.append(
                s,
                self._clock.now(),
                member.actor,
                "club.start" if active else "club.stop",
                "club",
                club.id,
                {"name": club.name},
            )

    def add_members(self, club_id: int, student_ids: Sequence[int], member: StaffMember) -> int:
        """Add pupils to a club; returns how many were new.

        A pupil goes to one club per slot: a member of another active club meeting on the same
        weekday and period is refused.
        """
        require_admin(member)
        with self._db.write() as s:
            club = s.get(Club, club_id)
            if club is None:
                raise NotFoundError("club not found")
            have = set(
                s.scalars(select(ClubMember.student_id).where(ClubMember.club_id == club_id))
            )
            new = [sid for sid in dict.fromkeys(student_ids) if sid not in have]
            if not new:
                return 0
            rows = s.execute(
                pupil_query().where(Student.id.in_(new), Student.active.is_(True))
            ).all()
            pupils = {p.student_id: p for p in pupils_of(rows)}
            missing = [sid for sid in new if sid not in pupils]
            if missing:
                raise NotFoundError("pupil not found")
            busy = s.execute(
                select(ClubMember.student_id, Club.name)
                .join(Club, Club.id == ClubMember.club_id)
                .where(
                    ClubMember.student_id.in_(new),
                    Club.active.is_(True),
                    Club.weekday == club.weekday,
                    Club.period == club.period,
                    Club.id != club.id,
                )
            ).first()
            if busy is not None and club.active:
                raise ValidationError(
                    "member_clash",
                    "the pupil has another club then",
                    name=pupils[busy[0]].name,
                    club=busy[1],
                )
            now = self._clock.now()
            for sid in new:
                s.add(ClubMember(club_id=club_id, student_id=sid))
                s.flush()
                audit.append(
                    s,
                    now,
                    member.actor,
                    "club.member_add",
                    "club",
                    club_id,
                    {"student_id": sid, "student_no": pupils[sid].student_no, "club": club.name},
                )
            return len(new)

    def remove_members(self, club_id: int, student_ids: Sequence[int], member: StaffMember) -> int:
        """Take pupils out of a club; returns how many were members."""
        require_admin(member)
        with self._db.write() as s:
            club = s.get(Club, club_id)
            if club is None:
                raise NotFoundError("club not found")
            rows = s.scalars(
                select(ClubMember).where(
                    ClubMember.club_id == club_id, ClubMember.student_id.in_(student_ids)
                )
            ).all()
            now = self._clock.now()
            for row in rows:
                s.delete(row)
                s.flush()
                audit.append(
                    s,
                    now,
                    member.actor,
                    "club.member_remove",
                    "club",
                    club_id,
                    {"student_id": row.student_id, "club": club.name},
                )
            return len(rows)

    # --- roll call (club teacher) ---

    def mark(
        self,
        club_id: int,
        student_ids: Sequence[int],
        status: str,
        member: StaffMember,
        day: dt.date | None = None,
    ) -> int:
        """Mark members in the club's roll call of a day; returns how many marks changed.

        Each changed mark is one audit entry in the same transaction, like the class roll call's
        (``attendance.mark``, or ``attendance.correct`` when it replaces another status).

        Raises:
            ValidationError: ``status_invalid``, ``future_date``, ``club_not_today``,
                ``not_allowed``, ``not_member`` or ``not_on_list``.
        """
        return self._mark(club_id, student_ids, status, member, day, False)

    def mark_all_present(
        self, club_id: int, member: StaffMember, day: dt.date | None = None
    ) -> int:
        """Mark every member who is expected and not yet marked present; returns how many.

        Members on leave and members already marked keep their status: the teacher marks the
        exceptions afterwards.
        """
        call = self.roll_call(club_id, day)
        wanted = [
            e.pupil.student_id
            for e in call.entries
            if e.on_list and e.leave is None and e.status is None
        ]
        return self._mark(club_id, wanted, "present", member, call.day, True)

    def _mark(
        self,
        club_id: int,
        student_ids: Sequence[int],
        status: str,
        member: StaffMember,
        day: dt.date | None,
        bulk: bool,
    ) -> int:
        if status not in ROLL_CALL_STATUSES:
            raise ValidationError("status_invalid", "no such roll-call status", status=status)
        now = self._clock.now()
        day = day or now.date()
        if day > now.date():
            raise ValidationError("future_date", "roll call cannot be taken ahead", day=day)
        schedule = self._schedule.day(day)
        listed = on_list(self._today.overview(day))
        wanted = list(dict.fromkeys(student_ids))
        request = MarkRequest(club_id, wanted, status, member, day, schedule.weekday, bulk)
        for attempt in (1, 2):
            try:
                with self._db.write() as s:
                    return write_marks(s, request, listed, self._clock.now())
            except IntegrityError:
                # Another station inserted one of these marks first: the retry updates it.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    # --- helpers ---


def _fields(club: Club) -> dict[str, object]:
    return {
        "name": club.name,
        "category": club.category,
        "room": club.room,
        "teacher_id": club.teacher_id,
        "weekday": club.weekday,
        "period": club.period,
    }


def _checked(draft: ClubDraft) -> ClubDraft:
    name = draft.name.strip()
    room = draft.room.strip()
    if not name:
        raise ValidationError("club_name_empty", "the club needs a name")
    if len(name) > NAME_MAX:
        raise ValidationError("club_name_too_long", "club name is too long", limit=NAME_MAX)
    if draft.category not in CATEGORIES:
        raise ValidationError("club_category", "no such category", category=draft.category)
    if len(room) > ROOM_MAX:
        raise ValidationError("room_too_long", "room is too long", limit=ROOM_MAX)
    if not 1 <= draft.weekday <= 5:
        raise ValidationError("club_weekday", "clubs meet Monday to Friday")
    if draft.period not in (1, 2):
        raise ValidationError("club_period", "no such period")
    return ClubDraft(name, draft.category, room, draft.teacher_id, draft.weekday, draft.period)
