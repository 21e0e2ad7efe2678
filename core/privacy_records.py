"""What is stored about one child (R12): its rows by id, the texts that identify it, its audit.

Shared by the export, which shows all of it, and the erase, which removes the personal part.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.today import mask_phone
from db import audit
from db.models import (
    AttendanceMark,
    CustodyTransfer,
    Guardian,
    GuardianCall,
    Handoff,
    Incident,
    Institution,
    InstitutionStaff,
    InstitutionStudent,
    Leave,
    PickupCard,
    ProxyAuthorization,
    Restriction,
    Staff,
    Student,
    StudentGuardian,
)

# What an erased record shows instead of a person (the brief's placeholder for the pupil).
ERASED_PUPIL = "已删除学生"
ERASED_ADULT = "已删除"
ERASED_NO_PREFIX = "已删除-"
# Put in place of a name or number inside other records' free text and audit payloads.
MARK = "[已删除]"
# Keys of a redacted payload about the child that hold no personal data: the day, the pupil's
# id, what kind of record it was, so counts and day corrections still read it.
KEPT_KEYS = frozenset(
    {
        "date",
        "student_id",
        "student",
        "period",
        "status",
        "previous",
        "club_id",
        "all_present",
        "handoff_id",
        "method",
        "card_version",
        "holder_kind",
        "station",
        "verdict",
        "early",
        "late",
        "batch_id",
        "kind",
        "start",
        "end",
        "result",
        "guardian",
        "guardian_id",
        "teacher_id",
        "institution",
        "version",
        "old_version",
        "expires_on",
        "court_order",
        "from",
        "to",
        "departure",
        "old",
        "new",
        "bytes",
        "before",
        "after",
        "happened_at",
        "guardian_notified_at",
    }
)
MIN_NAME = 2
MIN_PHONE = 7


class Scrubber:
    """Finds and replaces a child's identifying texts: names anywhere, numbers standing alone.

    A number (student number, phone) inside a longer run of digits or letters is someone
    else's number, so it is only matched with no letter or digit on either side.
    """

    def __init__(self, names: Iterable[str], numbers: Iterable[str]) -> None:
        parts = [re.escape(n) for n in names if n]
        parts += [rf"(?<![0-9A-Za-z]){re.escape(n)}(?![0-9A-Za-z])" for n in numbers if n]
        # Longest first, so a full phone wins over a name that happens to be inside it.
        parts.sort(key=len, reverse=True)
        self.texts = tuple(dict.fromkeys([*names, *numbers]))
        self._pattern = re.compile("|".join(parts)) if parts else None

    def finds(self, text: str) -> bool:
        """``text`` holds one of the texts."""
        return self._pattern is not None and self._pattern.search(text) is not None

    def sub(self, text: str) -> str:
        """``text`` with each of the texts replaced by MARK."""
        return self._pattern.sub(MARK, text) if self._pattern is not None else text


@dataclass(frozen=True)
class ChildRecords:
    """One child's rows by id, and the texts that identify the child and its adults."""

    student_id: int
    student_no: str
    name: str
    class_id: int
    guardians_erased: tuple[int, ...]  # no other child: their names and phones go
    guardians_shared: tuple[int, ...]  # a sibling's guardians too: only the link goes
    proxies: tuple[int, ...]
    restrictions: tuple[int, ...]
    institutions: tuple[int, ...]
    marks: tuple[int, ...]
    leaves: tuple[int, ...]
    handoffs: tuple[int, ...]
    calls: tuple[int, ...]
    custody: tuple[int, ...]
    incidents: tuple[int, ...]
    snapshots: tuple[int, ...]
    cards: tuple[int, ...]  # held by the erased guardians and the child's proxies
    # Names and numbers that belong to nobody else in the school: safe to take out of any text.
    scrubber: Scrubber
    # Every name and number of the child and its adults (an erase reason must name none).
    identifying: tuple[str, ...]

    @property
    def erased(self) -> bool:
        """The pupil was erased already."""
        return self.name == ERASED_PUPIL and self.student_no.startswith(ERASED_NO_PREFIX)


def _ids(
    s: Session, column: InstrumentedAttribute[Any], *where: ColumnElement[bool]
) -> tuple[int, ...]:
    return tuple(sorted({i for i in s.scalars(select(column).where(*where)) if i is not None}))


def gather(s: Session, student: Student) -> ChildRecords:
    """Everything stored about ``student``, read inside the caller's transaction."""
    sid = student.id
    guardian_ids = _ids(s, StudentGuardian.guardian_id, StudentGuardian.student_id == sid)
    shared = _ids(
        s,
        StudentGuardian.guardian_id,
        StudentGuardian.guardian_id.in_(guardian_ids),
        StudentGuardian.student_id != sid,
    )
    erased_g = tuple(g for g in guardian_ids if g not in shared)
    proxies = _ids(s, ProxyAuthorization.id, ProxyAuthorization.student_id == sid)
    bans = _ids(s, Restriction.id, Restriction.student_id == sid)
    adults = _Adults(s, erased_g, proxies, bans)
    names = [n for n in [student.name, *adults.names] if adults.unique_name(n, sid)]
    numbers = [student.student_no, *adults.unique_phones()]
    return ChildRecords(
        student_id=sid,
        student_no=student.student_no,
        name=student.name,
        class_id=student.class_id,
        guardians_erased=erased_g,
        guardians_shared=shared,
        proxies=proxies,
        restrictions=bans,
        institutions=_ids(
            s, InstitutionStudent.institution_id, InstitutionStudent.student_id == sid
        ),
        marks=_ids(s, AttendanceMark.id, AttendanceMark.student_id == sid),
        leaves=_ids(s, Leave.id, Leave.student_id == sid),
        handoffs=_ids(s, Handoff.id, Handoff.student_id == sid),
        calls=_ids(s, GuardianCall.id, GuardianCall.student_id == sid),
        custody=_ids(s, CustodyTransfer.id, CustodyTransfer.student_id == sid),
        incidents=_ids(s, Incident.id, Incident.student_id == sid),
        snapshots=_ids(
            s, Handoff.snapshot_id, Handoff.student_id == sid, Handoff.snapshot_id.is_not(None)
        ),
        cards=_ids(
            s,
            PickupCard.id,
            PickupCard.guardian_id.in_(erased_g) | PickupCard.proxy_id.in_(proxies),
        ),
        scrubber=Scrubber(names, numbers),
        identifying=tuple(
            t
            for t in dict.fromkeys(
                [student.name, student.student_no, *adults.names, *adults.phones]
            )
            if t and t not in (ERASED_PUPIL, ERASED_ADULT)
        ),
    )


class _Adults:
    """The adults whose data goes with the child's: erased guardians, proxies, restrictions."""

    def __init__(
        self,
        s: Session,
        guardians: tuple[int, ...],
        proxies: tuple[int, ...],
        bans: tuple[int, ...],
    ) -> None:
        self.s, self.guardians, self.proxies, self.bans = s, guardians, proxies, bans
        rows: list[tuple[str, str | None]] = []
        for model, ids in (
            (Guardian, guardians),
            (ProxyAuthorization, proxies),
            (Restriction, bans),
        ):
            rows += [
                (n, p)
                for n, p in s.execute(select(model.name, model.phone).where(model.id.in_(ids)))
            ]
        self.names = [n for n in dict.fromkeys(n for n, _p in rows) if n and n != ERASED_ADULT]
        full = [p for p in dict.fromkeys(p for _n, p in rows) if p and len(p) >= MIN_PHONE]
        self.phones = [*full, *(mask_phone(p) for p in full)]
        self._full = full

    def _others(self, model: Any, ids: tuple[int, ...], column: Any) -> Any:
        return select(column).where(model.id.not_in(list(ids)))

    def unique_name(self, name: str, sid: int) -> bool:
        """No other person's name holds ``name``: taking it out of text touches only them."""
        if len(name) < MIN_NAME or name in (ERASED_PUPIL, ERASED_ADULT):
            return False
        others = [
            select(Student.id).where(
                Student.name.contains(name, autoescape=True), Student.id != sid
            ),
            self._others(Guardian, self.guardians, Guardian.id).where(
                Guardian.name.contains(name, autoescape=True)
            ),
            self._others(ProxyAuthorization, self.proxies, ProxyAuthorization.id).where(
                ProxyAuthorization.name.contains(name, autoescape=True)
            ),
            self._others(Restriction, self.bans, Restriction.id).where(
                Restriction.name.contains(name, autoescape=True)
            ),
            select(InstitutionStaff.id).where(
                InstitutionStaff.name.contains(name, autoescape=True)
            ),
            select(Institution.id).where(Institution.name.contains(name, autoescape=True)),
            select(Staff.id).where(Staff.name.contains(name, autoescape=True)),
        ]
        return not any(self.s.scalar(q.limit(1)) is not None for q in others)

    def unique_phones(self) -> list[str]:
        """The phones, full and masked, that no other adult of the school has."""
        if not self._full:
            return []
        taken: set[str] = set()
        for model, ids in (
            (Guardian, self.guardians),
            (ProxyAuthorization, self.proxies),
            (Restriction, self.bans),
            (InstitutionStaff, ()),
            (Institution, ()),
            (Staff, ()),
        ):
            for (phone,) in self.s.execute(
                select(model.phone).where(model.id.not_in(list(ids)), model.phone.is_not(None))
            ):
                if phone:
                    taken |= {phone, mask_phone(phone)}
        return [p for p in self.phones if p not in taken]


# --- the audit entries about the child, and what they become when redacted ---

SUBJECT, MENTION = "subject", "mention"


class AuditMatcher:
    """Tells which audit entries are about the child or name it, and their redacted content."""

    def __init__(self, rec: ChildRecords, placeholder_no: str = "") -> None:
        self.rec = rec
        self.placeholder_no = placeholder_no
        refs = {("student", str(rec.student_id)), ("student", rec.student_no)}
        for entity, ids in (
            ("attendance_mark", rec.marks),
            ("leave", rec.leaves),
            ("handoff", rec.handoffs),
            ("guardian_call", rec.calls),
            ("custody_transfer", rec.custody),
            ("incident", rec.incidents),
            ("proxy_authorization", rec.proxies),
            ("proxy", rec.proxies),
            ("restriction", rec.restrictions),
            ("guardian", rec.guardians_erased),
            ("pickup_card", rec.cards),
        ):
            refs |= {(entity, str(i)) for i in ids}
        self._refs = frozenset(refs)
        # How payload_text writes the pupil's id (json.dumps' ", " and ": " separators).
        sid = rec.student_id
        self._id_texts = tuple(
            f'"{key}": {sid}{end}' for key in ("student_id", "student") for end in (",", "}")
        )

    def kind(self, action: str, entity: str, entity_id: str, payload: str) -> str | None:
        """SUBJECT (about the child or its adults), MENTION (names them), else None."""
        if action == audit.ERASURE_ACTION:
            return None  # the record of redactions holds ids only, and must stay as appended
        if (entity, entity_id) in self._refs or any(t in payload for t in self._id_texts):
            return SUBJECT
        if self.rec.scrubber.finds(payload) or self.rec.scrubber.finds(entity_id):
            return MENTION
        return None

    def redacted(self, kind: str, entity_id: str, payload: str) -> tuple[str, dict[str, Any]]:
        """The record id and payload the entry keeps once the child's data is taken out."""
        data = _object(payload)
        scrubber = self.rec.scrubber
        if kind == SUBJECT:
            data = _kept(data, scrubber)
        data = _scrubbed(data, scrubber)
        if entity_id == self.rec.student_no and self.placeholder_no:
            entity_id = self.placeholder_no
        else:
            entity_id = scrubber.sub(entity_id)
        return entity_id, data


def _object(payload: str) -> dict[str, Any]:
    try:
        data = json.loads(payload)
    except ValueError:
        return {"raw": payload}
    return data if isinstance(data, dict) else {"value": data}


def _kept(data: dict[str, Any], scrubber: Scrubber) -> dict[str, Any]:
    """Only the keys without personal data; nested objects (before/after) the same way."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEPT_KEYS:
            continue
        if isinstance(value, dict):
            inner = _kept(value, scrubber)
            if inner:
                out[key] = inner
        elif isinstance(value, str):
            if not scrubber.finds(value):
                out[key] = value
        elif value is None or isinstance(value, bool | int | float):
            out[key] = value
    return out


def _scrubbed(value: Any, scrubber: Scrubber) -> Any:
    """Every identifying text replaced by MARK, in keys and values at any depth."""
    if isinstance(value, dict):
        return {scrubber.sub(str(k)): _scrubbed(v, scrubber) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrubbed(v, scrubber) for v in value]
    if isinstance(value, str):
        return scrubber.sub(value)
    return value


def matching_entries(s: Session, matcher: AuditMatcher) -> Iterator[tuple[Any, str]]:
    """Every audit entry about or naming the child, with its kind, in chain order."""
    rows = audit.chain_rows(s)
    try:
        for row in rows:
            kind = matcher.kind(row.action, row.entity, row.entity_id, row.payload)
            if kind is not None:
                yield row, kind
    finally:
        rows.close()
