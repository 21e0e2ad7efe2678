"""The release verdict at the gate (R3–R6): may this adult take these children now?

One decision path for a scanned card (``scan``) and for a teacher's identity check without a
card (``check_person``). The result carries codes and parameters, never words: the command line
and the gate screen word them with ``core.verdict_text``.

Card-level codes (the card itself is refused; no child may go on it): ``unreadable``,
``forged`` (not signed by this school's key: a fake or another school's card), ``wrong_key``
(this PC's key file is not the school's: a station fault, not the card's), ``unknown_card``,
``revoked`` (revoked, or an old print after 挂失补办: then ``superseded`` is set and the words
differ) and ``expired``. The teacher's way past these is an identity check.

Child-level codes, decided per child in this order: ``restricted`` (do-not-release hit: hard
stop, alert, never overridden), ``not_authorized``, ``already_released`` (R4, with who, when and
where), ``not_present`` (R5: no period-1 mark present/late/left_early, or on leave),
``self_release`` (自行离校), ``institution`` (托管, unless the holder is that institution's
staff), ``early_needs_reason`` (R6: before the band's dismissal), ``ok``.

The overall code: ``restricted`` when the adult is on any covered child's do-not-release list;
``not_authorized`` when the card covers no child; ``ok`` when at least one child may go now (the
others keep their own refusals); otherwise the first child refusal in the order
early_needs_reason, self_release, institution, already_released, not_present, not_authorized.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import defaultdict

from sqlalchemy import Date, Select, bindparam, select
from sqlalchemy.orm import Session

from core.card_tokens import CardKey, TokenError
from core.cards import (
    GUARDIAN,
    INSTITUTION_STAFF,
    PROXY,
    ChildRow,
    HolderRef,
    HolderRow,
    card_relation,
    child_query,
    covered_children,
    load_holder,
)
from core.clock import Clock
from core.db_errors import database_errors
from core.schedule import DaySchedule
from core.schedule_service import ScheduleData, ScheduleService
from core.verdict_types import (
    ALREADY_RELEASED,
    EARLY,
    EXPIRED,
    FORGED,
    INSTITUTION,
    NOT_AUTHORIZED,
    NOT_PRESENT,
    OK,
    OVERALL_ORDER,
    PRESENT_STATUSES,
    RESTRICTED,
    REVOKED,
    SCHEDULE_CACHE_S,
    SELF_RELEASE,
    UNKNOWN_CARD,
    UNREADABLE,
    WRONG_KEY,
    CardVerdict,
    ChildVerdict,
    HolderInfo,
    PriorRelease,
)
from db.engine import Database
from db.models import (
    AttendanceMark,
    Guardian,
    Handoff,
    Institution,
    InstitutionStudent,
    Leave,
    PickupCard,
    Restriction,
    School,
    Staff,
    Student,
)

# Card ids are database INTEGERs: signed 32 bits on PostgreSQL.
MAX_CARD_ROW_ID = 2**31 - 1


def _digits(phone: str | None) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


def _name(name: str) -> str:
    return re.sub(r"[\s·•]", "", name)


def same_person(holder: HolderRow, name: str, phone: str | None) -> bool:
    """A do-not-release entry names this adult: same phone, or same name.

    A name alone is enough: a namesake is stopped and the safety officer clears it, which is
    far better than releasing a child to the person a court order names.
    """
    if _digits(phone) and _digits(phone) == _digits(holder.phone):
        return True
    return bool(_name(name)) and _name(name) == _name(holder.name)


class VerdictService:
    """Decides releases at the gate; per scan it reads only the card and its children."""

    def __init__(self, db: Database, clock: Clock, key: CardKey, schedule: ScheduleService) -> None:
        self._db = db
        self._clock = clock
        self._key = key
        self._schedule = schedule
        self._fingerprint: str | None = None
        self._schedule_data: tuple[float, ScheduleData] | None = None

    # --- the two ways in ---

    @database_errors("check the card")
    def scan(self, text: str, at: dt.datetime | None = None, station: str = "") -> CardVerdict:
        """The verdict on a scanned card text at ``at`` (now by the clock)."""
        at = (at or self._clock.now()).replace(tzinfo=None)
        try:
            claims = self._key.verify(text)
        except TokenError as exc:
            if exc.code == UNREADABLE:
                return CardVerdict(UNREADABLE, at, station)
            return CardVerdict(WRONG_KEY if self._station_key_wrong() else FORGED, at, station)
        if self._station_key_wrong():
            return CardVerdict(WRONG_KEY, at, station)
        if claims.card_id > MAX_CARD_ROW_ID:
            # A token holds 32 unsigned bits; PostgreSQL would fail the query ("integer out
            # of range") and the gate would blame the database for a card it never issued.
            return CardVerdict(UNKNOWN_CARD, at, station, card_id=claims.card_id)
        with self._db.read() as s:
            card = (
                s.connection()
                .execute(
                    select(
                        PickupCard.id,
                        PickupCard.card_no,
                        PickupCard.holder_kind,
                        PickupCard.guardian_id,
                        PickupCard.institution_staff_id,
                        PickupCard.proxy_id,
                        PickupCard.version,
                        PickupCard.expires_on,
                        PickupCard.revoked_at,
                        Guardian.name,
                        Guardian.phone,
                    )
                    .outerjoin(Guardian, Guardian.id == PickupCard.guardian_id)
                    .where(PickupCard.id == claims.card_id)
                )
                .first()
            )
            if card is None or claims.version > card.version:
                # A higher version than issued cannot come from this school's cards.
                return CardVerdict(UNKNOWN_CARD, at, station, card_id=claims.card_id)
            holder: HolderRow | None
            if card.holder_kind == GUARDIAN and card.guardian_id is not None:
                holder = HolderRow(
                    GUARDIAN, card.guardian_id, card.name, card.phone, "", True, None, None, None
                )
            else:
                ref = HolderRef(card.holder_kind, card.institution_staff_id or card.proxy_id or 0)
                holder = load_holder(s, ref)
            if holder is None:
                return CardVerdict(UNKNOWN_CARD, at, station, card_id=card.id)
            children = covered_children(s, holder)
            info = HolderInfo(
                holder.kind, holder.id, holder.name, card_relation(holder, children), card.card_no
            )
            expires_on = min(card.expires_on, claims.expires_on)
            code = None
            if card.revoked_at is not None or claims.version < card.version:
                code = REVOKED
            elif at.date() > expires_on:
                code = EXPIRED
            if code is not None:
                return CardVerdict(
                    code,
                    at,
                    station,
                    info,
                    tuple(_child(c, code) for c in children),
                    card.id,
                    claims.version,
                    superseded=card.revoked_at is None and code == REVOKED,
                    expires_on=expires_on,
                )
            verdicts = self._children(s, holder, children, at)
        return CardVerdict(
            _overall(verdicts),
            at,
            station,
            info,
            verdicts,
            card.id,
            card.version,
            expires_on=expires_on,
        )

    @database_errors("check the adult")
    def check_person(
        self,
        student_id: int,
        person: HolderRef,
        at: dt.datetime | None = None,
        station: str = "",
    ) -> CardVerdict:
        """The verdict when a teacher has checked an adult's identity against the list (R3).

        ``person`` is one of the child's guardians, proxies or institution staff, as the teacher
        picked them; a person not authorized for this child gets ``not_authorized`` (or
        ``restricted``). Releasing on it needs a reason (flagged in the log).
        """
        at = (at or self._clock.now()).replace(tzinfo=None)
        with self._db.read() as s:
            holder = load_holder(s, person)
            if holder is None:
                return CardVerdict(NOT_AUTHORIZED, at, station, identity_check=True)
            covered = covered_children(s, holder)
            mine = [c for c in covered if c.student_id == student_id]
            if not mine:
                child = _lone_child(s, student_id)
                if child is None:
                    return CardVerdict(NOT_AUTHORIZED, at, station, identity_check=True)
                verdicts = self._children(s, holder, [child], at, authorized=False)
            else:
                verdicts = self._children(s, holder, mine, at)
        info = HolderInfo(holder.kind, holder.id, holder.name, card_relation(holder, mine), "")
        return CardVerdict(_overall(verdicts), at, station, info, verdicts, identity_check=True)

    @database_errors("prepare the gate")
    def warm_up(self) -> None:
        """Load the schedule and compile the per-scan queries before the first guardian comes.

        The first scan of the afternoon otherwise pays for both, and the screen stalls.
        """
        self.schedule_data()
        self._station_key_wrong()
        with self._db.read() as s:
            _Facts.read(s, [0], self._clock.now().date(), [0])

    # --- helpers ---

    def _station_key_wrong(self) -> bool:
        if self._fingerprint is None:
            with self._db.read() as s:
                self._fingerprint = s.scalar(
                    select(School.card_key_fingerprint).where(School.id == 1)
                )
        return self._fingerprint is not None and self._fingerprint != self._key.fingerprint

    def schedule_data(self) -> ScheduleData:
        """The schedule settings, re-read at most every 30 s (a scan must stay cheap)."""
        now = time.monotonic()
        if self._schedule_data is None or now - self._schedule_data[0] > SCHEDULE_CACHE_S:
            self._schedule_data = (now, self._schedule.load())
        return self._schedule_data[1]

    def _day(self, day: dt.date) -> DaySchedule:
        return self.schedule_data().day(day)

    def _children(
        self,
        s: Session,
        holder: HolderRow,
        children: list[ChildRow],
        at: dt.datetime,
        authorized: bool = True,
    ) -> tuple[ChildVerdict, ...]:
        if not children:
            return ()
        day = at.date()
        ids = [c.student_id for c in children]
        facts = _Facts.read(
            s, ids, day, [c.student_id for c in children if c.departure == "institution"]
        )
        schedule = self._day(day)
        authorized = authorized and holder.active
        if holder.kind == PROXY and holder.valid_from and holder.valid_to:
            authorized = authorized and holder.valid_from <= day <= holder.valid_to
        out = []
        for c in children:
            restriction = next(
                (
                    note
                    for name, phone, note in facts.restrictions[c.student_id]
                    if same_person(holder, name, phone)
                ),
                None,
            )
            band = schedule.for_grade(c.grade)
            dismissal = band.dismissal if band is not None and band.service else None
            if restriction is not None:
                out.append(_child(c, RESTRICTED, restriction_note=restriction))
            elif not authorized:
                out.append(_child(c, NOT_AUTHORIZED))
            elif c.student_id in facts.released:
                out.append(_child(c, ALREADY_RELEASED, released=facts.released[c.student_id]))
            elif c.student_id in facts.leave:
                out.append(_child(c, NOT_PRESENT, attendance=facts.leave[c.student_id]))
            elif facts.marks.get(c.student_id) not in PRESENT_STATUSES:
                out.append(_child(c, NOT_PRESENT, attendance=facts.marks.get(c.student_id)))
            elif c.departure == "self":
                out.append(_child(c, SELF_RELEASE))
            elif c.departure == "institution" and not (
                holder.kind == INSTITUTION_STAFF
                and holder.institution_id in facts.institutions[c.student_id]
            ):
                names = "、".join(facts.institutions[c.student_id].values())
                out.append(_child(c, INSTITUTION, institution=names))
            elif dismissal is not None and at.time() < dismissal:
                out.append(_child(c, EARLY, dismissal=dismissal))
            else:
                out.append(_child(c, OK))
        return tuple(out)


def _facts_query() -> Select[int, str | None, str | None, bool, bool]:
    day = bindparam("day", type_=Date)
    mark = (
        select(AttendanceMark.status)
        .where(
            AttendanceMark.student_id == Student.id,
            AttendanceMark.on_date == day,
            AttendanceMark.period == 1,
        )
        .scalar_subquery()
    )
    leave = (
        select(Leave.kind)
        .where(
            Leave.student_id == Student.id,
            Leave.start_date <= day,
            Leave.end_date >= day,
            Leave.cancelled.is_(False),
        )
        .limit(1)
        .scalar_subquery()
    )
    released = (
        select(Handoff.id)
        .where(
            Handoff.student_id == Student.id,
            Handoff.on_date == day,
            Handoff.undone_at.is_(None),
        )
        .exists()
    )
    restricted = (
        select(Restriction.id)
        .where(Restriction.student_id == Student.id, Restriction.active.is_(True))
        .exists()
    )
    return select(Student.id, mark, leave, released, restricted).where(
        Student.id.in_(bindparam("ids", expanding=True))
    )


# Built once: every scan runs it, and building the statement cost more than running it.
_FACTS = _facts_query()


class _Facts:
    """The day's marks, leave, handoffs, restrictions and institutions of a few children."""

    def __init__(self) -> None:
        self.marks: dict[int, str] = {}
        self.leave: dict[int, str] = {}
        self.released: dict[int, PriorRelease] = {}
        self.restrictions: dict[int, list[tuple[str, str | None, str]]] = defaultdict(list)
        self.institutions: dict[int, dict[int, str]] = defaultdict(dict)

    @classmethod
    def read(cls, s: Session, ids: list[int], day: dt.date, institution_ids: list[int]) -> _Facts:
        f = cls()
        # One round trip for the common case; details only for the children that need them.
        conn = s.connection()
        gone: list[int] = []
        stopped: list[int] = []
        for sid, status, kind, was_released, has_restriction in conn.execute(
            _FACTS, {"day": day, "ids": ids}
        ):
            if status is not None:
                f.marks[sid] = status
            if kind is not None:
                f.leave[sid] = kind
            if was_released:
                gone.append(sid)
            if has_restriction:
                stopped.append(sid)
        if gone:
            f.read_released(s, gone, day)
        if stopped:
            for sid, name, phone, note in conn.execute(
                select(
                    Restriction.student_id, Restriction.name, Restriction.phone, Restriction.note
                ).where(Restriction.student_id.in_(stopped), Restriction.active.is_(True))
            ):
                f.restrictions[sid].append((name, phone, note))
        if institution_ids:
            for sid, iid, name in conn.execute(
                select(InstitutionStudent.student_id, Institution.id, Institution.name)
                .join(Institution, Institution.id == InstitutionStudent.institution_id)
                .where(InstitutionStudent.student_id.in_(institution_ids))
            ):
                f.institutions[sid][iid] = name
        return f

    def read_released(self, s: Session, ids: list[int], day: dt.date) -> None:
        """The day's handoffs of these children (R4: who, when, where)."""
        self.released.update(read_releases(s, ids, day))


def read_releases(s: Session, ids: list[int], day: dt.date) -> dict[int, PriorRelease]:
    """The day's standing (not undone) handoffs of these children: who, when, where (R4)."""
    return {
        r[0]: PriorRelease(r[1], r[2], r[3], r[4], r[5], r[6] or "")
        for r in s.execute(
            select(
                Handoff.student_id,
                Handoff.released_at,
                Handoff.receiver_name,
                Handoff.receiver_relation,
                Handoff.station,
                Handoff.method,
                Staff.name,
            )
            .outerjoin(Staff, Staff.id == Handoff.verified_by)
            .where(
                Handoff.student_id.in_(ids),
                Handoff.on_date == day,
                Handoff.undone_at.is_(None),
            )
        )
    }


def _child(
    c: ChildRow,
    code: str,
    *,
    attendance: str | None = None,
    dismissal: dt.time | None = None,
    released: PriorRelease | None = None,
    institution: str = "",
    restriction_note: str = "",
) -> ChildVerdict:
    return ChildVerdict(
        c.student_id,
        c.student_no,
        c.name,
        c.class_name,
        code,
        attendance,
        dismissal,
        released,
        institution,
        restriction_note,
        c.grade,
    )


def _lone_child(s: Session, student_id: int) -> ChildRow | None:
    row = s.execute(child_query().where(Student.id == student_id)).first()
    return ChildRow._make((*row, "")) if row else None


def _overall(children: tuple[ChildVerdict, ...]) -> str:
    codes = {c.verdict for c in children}
    if RESTRICTED in codes:
        return RESTRICTED
    if not codes:
        return NOT_AUTHORIZED
    if OK in codes:
        return OK
    return next(code for code in OVERALL_ORDER if code in codes)
