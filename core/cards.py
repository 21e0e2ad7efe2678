"""Pickup cards (接送卡): issuing, 挂失补办, revoking, and the family cards to print.

A card belongs to one holder: a guardian (one family card covering all their children, siblings
in other classes included), an institution's staff member, or a 代接 proxy. Its QR token holds
only (card id, version, expiry) signed with the school's card key; everything shown at the gate
is read from the database. The database keeps the key's fingerprint, set by the first issue, so
a PC with another key file is caught before it prints cards nobody can verify.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.card_tokens import CardClaims, CardKey, school_year_end
from core.card_types import CardChild, CardPrint
from core.clock import Clock
from core.errors import AfterSchoolError, NotFoundError, ValidationError
from core.roster import canonical_class_name, parse_class
from core.staff_types import StaffMember
from core.today import TodayService
from db import audit
from db.engine import Database
from db.models import (
    AuditHead,
    Enrolment,
    Guardian,
    Institution,
    InstitutionStaff,
    InstitutionStudent,
    PickupCard,
    ProxyAuthorization,
    School,
    SchoolClass,
    Student,
    StudentGuardian,
)

GUARDIAN = "guardian"
INSTITUTION_STAFF = "institution_staff"
PROXY = "proxy"
HOLDER_KINDS = (GUARDIAN, INSTITUTION_STAFF, PROXY)
CARD_NO_PREFIX = "K"
PROXY_RELATION = "代接"


class CardKeyMismatchError(AfterSchoolError):
    """This PC's card key is not the one the school's cards were issued with.

    Cards signed here would be refused at every other station, and the school's cards are
    refused here: the safety officer must install the key from the recovery sheet.
    """

    code = "card_key_mismatch"


@dataclass(frozen=True)
class HolderRef:
    """Who holds (or may hold) a card: ``kind`` is guardian, institution_staff or proxy."""

    kind: str
    id: int


@dataclass(frozen=True)
class CardSelection:
    """Whose cards: the whole school, one class (三(2)班 in any accepted notation), one pupil.

    Both filters may be given; no filter means every pupil in the service.
    """

    class_name: str | None = None
    student_no: str | None = None


@dataclass(frozen=True)
class CardInfo:
    """A card's record (no token: that is only made for printing)."""

    id: int
    card_no: str
    holder: HolderRef
    version: int
    issued_at: dt.datetime
    expires_on: dt.date
    revoked_at: dt.datetime | None
    revoke_reason: str


class ChildRow(NamedTuple):
    """A pupil a holder may take: active and in the service (enrolment signed)."""

    student_id: int
    student_no: str
    name: str
    grade: int
    class_no: int
    departure: str
    relation: str

    @property
    def class_name(self) -> str:
        """三(2)班."""
        return canonical_class_name(self.grade, self.class_no)


class HolderRow(NamedTuple):
    """A holder as the gate needs them: name and phone (restriction match), validity."""

    kind: str
    id: int
    name: str
    phone: str | None
    relation: str  # the card's relation line: 父亲, 代接, or the institution's name
    active: bool  # institution (and its staff) active; proxy not revoked
    institution_id: int | None
    valid_from: dt.date | None  # proxy only
    valid_to: dt.date | None


def child_query() -> Select[int, str, str, int, int, str]:
    """Pupils a card may cover: active and in the service, with class and departure."""
    return (
        select(
            Student.id,
            Student.student_no,
            Student.name,
            SchoolClass.grade,
            SchoolClass.class_no,
            Enrolment.departure,
        )
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .where(Student.active.is_(True), Enrolment.status == "signed")
    )


def load_holder(s: Session, ref: HolderRef) -> HolderRow | None:
    """The holder's name, phone and validity, or None when the record is gone."""
    if ref.kind == GUARDIAN:
        g = s.execute(select(Guardian.name, Guardian.phone).where(Guardian.id == ref.id)).first()
        if g is None:
            return None
        return HolderRow(GUARDIAN, ref.id, g.name, g.phone, "", True, None, None, None)
    if ref.kind == INSTITUTION_STAFF:
        r = s.execute(
            select(
                InstitutionStaff.name,
                InstitutionStaff.phone,
                InstitutionStaff.active,
                Institution.id,
                Institution.name.label("institution"),
                Institution.active.label("institution_active"),
            )
            .join(Institution, Institution.id == InstitutionStaff.institution_id)
            .where(InstitutionStaff.id == ref.id)
        ).first()
        if r is None:
            return None
        active = bool(r.active and r.institution_active)
        return HolderRow(
            INSTITUTION_STAFF, ref.id, r.name, r.phone, r.institution, active, r.id, None, None
        )
    if ref.kind == PROXY:
        p = s.get(ProxyAuthorization, ref.id)
        if p is None:
            return None
        return HolderRow(
            PROXY,
            ref.id,
            p.name,
            p.phone,
            p.relation or PROXY_RELATION,
            p.revoked_at is None,
            None,
            p.valid_from,
            p.valid_to,
        )
    raise ValidationError("holder_kind", "unknown card holder kind", kind=ref.kind)


# Built once: at the gate every scan runs it, and building the statement cost more than running it.
_GUARDIAN_CHILDREN = (
    child_query()
    .add_columns(StudentGuardian.relation)
    .join(StudentGuardian, StudentGuardian.student_id == Student.id)
    .where(StudentGuardian.guardian_id == bindparam("holder_id"))
)


def covered_children(s: Session, holder: HolderRow) -> list[ChildRow]:
    """Every pupil in the service this holder may take, in grade and class order."""
    if holder.kind == GUARDIAN:
        rows = [
            ChildRow._make(r)
            for r in s.connection().execute(_GUARDIAN_CHILDREN, {"holder_id": holder.id})
        ]
    else:
        query = child_query()
        if holder.kind == INSTITUTION_STAFF:
            query = query.join(
                InstitutionStudent, InstitutionStudent.student_id == Student.id
            ).where(InstitutionStudent.institution_id == holder.institution_id)
        else:
            query = query.where(
                Student.id
                == select(ProxyAuthorization.student_id)
                .where(ProxyAuthorization.id == holder.id)
                .scalar_subquery()
            )
        rows = [ChildRow._make((*r, holder.relation)) for r in s.connection().execute(query)]
    return sorted(rows, key=lambda c: (c.grade, c.class_no, c.student_no))


def card_relation(holder: HolderRow, children: Iterable[ChildRow]) -> str:
    """The relation line of a card: a guardian's relations to their children, e.g. 父亲."""
    if holder.kind != GUARDIAN:
        return holder.relation
    seen = dict.fromkeys(c.relation for c in children if c.relation)
    return "/".join(seen)


def _holder_of(card: PickupCard) -> HolderRef:
    if card.holder_kind == GUARDIAN and card.guardian_id is not None:
        return HolderRef(GUARDIAN, card.guardian_id)
    if card.holder_kind == INSTITUTION_STAFF and card.institution_staff_id is not None:
        return HolderRef(INSTITUTION_STAFF, card.institution_staff_id)
    if card.proxy_id is not None:
        return HolderRef(PROXY, card.proxy_id)
    raise AssertionError("a card row without a holder breaks its check constraint")


def _info(card: PickupCard) -> CardInfo:
    return CardInfo(
        card.id,
        card.card_no,
        _holder_of(card),
        card.version,
        card.issued_at,
        card.expires_on,
        card.revoked_at,
        card.revoke_reason,
    )


def _holder_column(kind: str) -> InstrumentedAttribute[int | None]:
    return {
        GUARDIAN: PickupCard.guardian_id,
        INSTITUTION_STAFF: PickupCard.institution_staff_id,
        PROXY: PickupCard.proxy_id,
    }[kind]


class CardService:
    """Issues, reissues and revokes pickup cards, and builds the cards to print."""

    def __init__(
        self, db: Database, clock: Clock, key: CardKey, today: TodayService | None = None
    ) -> None:
        self._db = db
        self._clock = clock
        self._key = key
        self._today = today  # kept for callers wiring it; cards do not need the day's list

    # --- reading ---

    def card(self, card_id: int) -> CardInfo:
        """One card's record.

        Raises:
            NotFoundError: there is no such card.
        """
        with self._db.read() as s:
            card = s.get(PickupCard, card_id)
            if card is None:
                raise NotFoundError("no such card", card_id=card_id)
            return _info(card)

    def current_card(self, holder: HolderRef) -> CardInfo | None:
        """The holder's card in force (neither revoked nor expired), if any."""
        with self._db.read() as s:
            card = self._current(s, holder, self._clock.now().date())
            return _info(card) if card else None

    def printable(self, selection: CardSelection) -> list[CardPrint]:
        """The cards in force of the selected pupils' holders, one per holder, with tokens.

        A guardian's family card lists all their children, also those outside the selection.
        Holders without a card in force are left out (``issue_missing`` first).

        Raises:
            NotFoundError: the class or pupil does not exist.
            CardKeyMismatchError: this PC's key is not the school's.
        """
        today = self._clock.now().date()
        with self._db.read() as s:
            self._check_key(s)
            school = s.scalar(select(School.name).where(School.id == 1)) or ""
            out: list[CardPrint] = []
            for holder, children in self._selected_holders(s, selection):
                card = self._current(s, HolderRef(holder.kind, holder.id), today)
                if card is None:
                    continue
                token = self._key.sign(CardClaims(card.id, card.version, card.expires_on))
                out.append(
                    CardPrint(
                        card_no=card.card_no,
                        holder_name=holder.name,
                        relation=card_relation(holder, children),
                        children=tuple(
                            CardChild(c.student_no, c.name, c.class_name) for c in children
                        ),
                        valid_until=card.expires_on,
                        token=token,
                        school_name=school,
                        version=card.version,
                    )
                )
            return out

    # --- changes: one transaction each, with its audit entry ---

    def issue(
        self, holder: HolderRef, member: StaffMember, expires_on: dt.date | None = None
    ) -> CardInfo:
        """Issue version 1 of a new card to a holder that has none in force.

        The expiry defaults to the end of the school year (a proxy's card: its last day).

        Raises:
            NotFoundError: the holder does not exist.
            ValidationError: ``card_exists`` (with ``card_no``), ``card_expiry``.
            CardKeyMismatchError: this PC's key is not the school's.
        """
        with self._db.write() as s:
            self._lock(s)
            self._check_key(s)
            row = load_holder(s, holder)
            if row is None:
                raise NotFoundError("no such card holder", kind=holder.kind, id=holder.id)
            if not row.active:
                raise ValidationError("holder_inactive", "the holder is no longer authorized")
            card = self._issue(s, row, member, expires_on)
            if card is None:
                existing = self._current(s, holder, self._clock.now().date())
                raise ValidationError(
                    "card_exists",
                    "the holder already has a card",
                    card_no=existing.card_no if existing else "",
                )
            return _info(card)

    def issue_missing(self, selection: CardSelection, member: StaffMember) -> int:
        """Issue cards to every selected holder without a card in force. Returns how many.

        Raises:
            NotFoundError: the class or pupil does not exist.
            CardKeyMismatchError: this PC's key is not the school's.
        """
        with self._db.write() as s:
            self._lock(s)
            self._check_key(s)
            issued = 0
            for holder, _children in self._selected_holders(s, selection):
                if holder.active and self._issue(s, holder, member, None) is not None:
                    issued += 1
            return issued

    def reissue(self, card_id: int, member: StaffMember, reason: str) -> CardInfo:
        """挂失补办: the same card number with the next version; the old print is void.

        The expiry is renewed to the current school year's end.

        Raises:
            NotFoundError: there is no such card.
            ValidationError: ``card_revoked``, ``reason_required``, ``reason_too_long``.
            CardKeyMismatchError: this PC's key is not the school's.
        """
        reason = _reason(reason)
        with self._db.write() as s:
            self._lock(s)
            self._check_key(s)
            card = self._get(s, card_id)
            if card.revoked_at is not None:
                raise ValidationError("card_revoked", "a revoked card cannot be reissued")
            now = self._clock.now()
            old = card.version
            card.version = old + 1
            card.issued_at = now
            card.issued_by = member.id
            holder = load_holder(s, _holder_of(card))
            card.expires_on = self._expiry(holder, now.date(), None)
            s.flush()
            audit.append(
                s,
                now,
                member.actor,
                "card.reissue",
                "pickup_card",
                card.id,
                {
                    "card_no": card.card_no,
                    "old_version": old,
                    "version": card.version,
                    "expires_on": card.expires_on,
                    "reason": reason,
                },
            )
            return _info(card)

    def revoke(self, card_id: int, member: StaffMember, reason: str) -> CardInfo:
        """Revoke a card for good (lost for good, adult no longer authorized).

        Raises:
            NotFoundError: there is no such card.
            ValidationError: ``card_revoked``, ``reason_required``, ``reason_too_long``.
        """
        reason = _reason(reason)
        with self._db.write() as s:
            self._lock(s)
            card = self._get(s, card_id)
            if card.revoked_at is not None:
                raise ValidationError("card_revoked", "the card is revoked already")
            now = self._clock.now()
            card.revoked_at = now
            card.revoke_reason = reason
            s.flush()
            audit.append(
                s,
                now,
                member.actor,
                "card.revoke",
                "pickup_card",
                card.id,
                {"card_no": card.card_no, "version": card.version, "reason": reason},
            )
            return _info(card)

    # --- helpers ---

    @staticmethod
    def _lock(s: Session) -> None:
        # Take the audit head's lock first: card numbers and "has no card yet" are then
        # decided by one station at a time on PostgreSQL too (SQLite: BEGIN IMMEDIATE).
        s.execute(select(AuditHead.id).where(AuditHead.id == 1).with_for_update())

    @staticmethod
    def _get(s: Session, card_id: int) -> PickupCard:
        card = s.get(PickupCard, card_id)
        if card is None:
            raise NotFoundError("no such card", card_id=card_id)
        return card

    def _check_key(self, s: Session, store: bool = False) -> None:
        """Compare the key with the school's fingerprint; record it when there is none yet."""
        school = s.get(School, 1)
        if school is None:
            raise NotFoundError("school not set up")
        if school.card_key_fingerprint is None:
            if store:
                school.card_key_fingerprint = self._key.fingerprint
                audit.append(
                    s,
                    self._clock.now(),
                    "system",
                    "school.card_key",
                    "school",
                    1,
                    {"fingerprint": self._key.fingerprint},
                )
            return
        if school.card_key_fingerprint != self._key.fingerprint:
            raise CardKeyMismatchError(
                "this PC's card key is not the school's",
                expected=school.card_key_fingerprint,
                found=self._key.fingerprint,
            )

    def _current(self, s: Session, holder: HolderRef, today: dt.date) -> PickupCard | None:
        return s.scalar(
            select(PickupCard)
            .where(
                PickupCard.holder_kind == holder.kind,
                _holder_column(holder.kind) == holder.id,
                PickupCard.revoked_at.is_(None),
                PickupCard.expires_on >= today,
            )
            .order_by(PickupCard.id.desc())
            .limit(1)
        )

    def _expiry(self, holder: HolderRow | None, today: dt.date, given: dt.date | None) -> dt.date:
        end = given or school_year_end(today)
        if holder is not None and holder.kind == PROXY and holder.valid_to is not None:
            end = min(end, holder.valid_to)
        if end < today:
            raise ValidationError("card_expiry", "the card would expire before today", end=end)
        return end

    def _issue(
        self, s: Session, holder: HolderRow, member: StaffMember, expires_on: dt.date | None
    ) -> PickupCard | None:
        """A new card for the holder, or None when they have one in force."""
        now = self._clock.now()
        ref = HolderRef(holder.kind, holder.id)
        if self._current(s, ref, now.date()) is not None:
            return None
        self._check_key(s, store=True)
        last = s.scalar(
            select(PickupCard.card_no)
            .where(PickupCard.card_no.like(f"{CARD_NO_PREFIX}%"))
            .order_by(PickupCard.card_no.desc())
            .limit(1)
        )
        number = int(last[len(CARD_NO_PREFIX) :]) + 1 if last else 1
        card = PickupCard(
            card_no=f"{CARD_NO_PREFIX}{number:06d}",
            holder_kind=holder.kind,
            version=1,
            issued_at=now,
            expires_on=self._expiry(holder, now.date(), expires_on),
            issued_by=member.id,
            revoke_reason="",
        )
        setattr(card, _holder_column(holder.kind).key, holder.id)
        s.add(card)
        s.flush()
        audit.append(
            s,
            now,
            member.actor,
            "card.issue",
            "pickup_card",
            card.id,
            {
                "card_no": card.card_no,
                "holder_kind": holder.kind,
                "holder_id": holder.id,
                "version": 1,
                "expires_on": card.expires_on,
            },
        )
        return card

    def _selected_holders(
        self, s: Session, selection: CardSelection
    ) -> list[tuple[HolderRow, list[ChildRow]]]:
        """The holders of the selected pupils, each with every child they may take."""
        query = child_query().with_only_columns(Student.id)
        if selection.class_name:
            key = parse_class(selection.class_name, None)
            found = key and s.scalar(
                select(SchoolClass.id).where(
                    SchoolClass.grade == key[0], SchoolClass.class_no == key[1]
                )
            )
            if not found:
                raise NotFoundError("no such class", class_name=selection.class_name)
            query = query.where(Student.class_id == found)
        if selection.student_no:
            no = selection.student_no.strip()
            if s.scalar(select(Student.id).where(Student.student_no == no)) is None:
                raise NotFoundError("no such pupil", student_no=no)
            query = query.where(Student.student_no == no)
        pupils = query.scalar_subquery()
        refs: list[HolderRef] = []
        for gid in s.scalars(
            select(StudentGuardian.guardian_id)
            .where(StudentGuardian.student_id.in_(pupils))
            .distinct()
        ):
            refs.append(HolderRef(GUARDIAN, gid))
        for sid in s.scalars(
            select(InstitutionStaff.id)
            .join(
                InstitutionStudent,
                InstitutionStudent.institution_id == InstitutionStaff.institution_id,
            )
            .where(InstitutionStudent.student_id.in_(pupils))
            .distinct()
        ):
            refs.append(HolderRef(INSTITUTION_STAFF, sid))
        # Proxies get a card only when issued one by hand; they are printed when they have one.
        for pid in s.scalars(
            select(PickupCard.proxy_id)
            .join(ProxyAuthorization, ProxyAuthorization.id == PickupCard.proxy_id)
            .where(ProxyAuthorization.student_id.in_(pupils))
            .distinct()
        ):
            if pid is not None:
                refs.append(HolderRef(PROXY, pid))
        out = []
        for ref in refs:
            holder = load_holder(s, ref)
            if holder is None:
                continue
            children = covered_children(s, holder)
            if children:
                out.append((holder, children))
        out.sort(key=lambda hc: (_order(hc[1]), HOLDER_KINDS.index(hc[0].kind), hc[0].name))
        return out


def school_key_fingerprint(db: Database) -> str | None:
    """The card key fingerprint the school's cards were issued with (None before any card)."""
    with db.read() as s:
        return s.scalar(select(School.card_key_fingerprint).where(School.id == 1))


def _order(children: list[ChildRow]) -> tuple[int, int, str]:
    first = children[0]
    return (first.grade, first.class_no, first.student_no)


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError("reason_required", "a reason is required")
    if len(reason) > 200:
        raise ValidationError("reason_too_long", "the reason is too long")
    return reason
