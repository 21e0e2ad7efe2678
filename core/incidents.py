"""Incidents and the daily patrol (R13, 一天一巡查), each write audited in its own transaction.

A correction changes the stored row and appends an audit entry holding the fields before and
after (R10), the way attendance marks keep their history; the lists say how often a record was
corrected, and the audit log shows each version. The recorder or the safety officer corrects.
Every audit payload names the day (``date``), so a closed day's log knows it must be re-issued.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import Clock
from core.club_queries import staff_choices
from core.club_types import StaffChoice
from core.errors import NotFoundError, ValidationError
from core.roster import canonical_class_name
from core.staff_types import DUTY_TEACHER, SAFETY_OFFICER, StaffMember
from db import audit
from db.engine import Database
from db.models import AuditEntry, Incident, Patrol, SchoolClass, Staff, Student

KINDS = ("injury", "illness", "conflict", "other")
MAX_TEXT = 1000
PATROL_ROLES = frozenset({DUTY_TEACHER, SAFETY_OFFICER})


@dataclass(frozen=True)
class IncidentDraft:
    """What the incident form holds; ``notified_by`` is a staff id, set with the notice time."""

    kind: str
    happened_at: dt.datetime
    description: str
    action_taken: str
    student_id: int | None = None
    guardian_notified_at: dt.datetime | None = None
    notified_by: int | None = None


@dataclass(frozen=True)
class IncidentEntry:
    """A recorded incident with names resolved (no phones)."""

    id: int
    on_date: dt.date
    happened_at: dt.datetime
    kind: str
    student_id: int | None
    student_name: str
    class_name: str
    description: str
    action_taken: str
    guardian_notified_at: dt.datetime | None
    notified_by_id: int | None
    notified_by: str  # 王芳(T001), "" when nobody was told yet
    recorded_by_id: int | None
    recorded_by: str
    recorded_at: dt.datetime
    corrections: int

    def draft(self) -> IncidentDraft:
        """The form's values, to correct this entry."""
        return IncidentDraft(
            self.kind,
            self.happened_at,
            self.description,
            self.action_taken,
            self.student_id,
            self.guardian_notified_at,
            self.notified_by_id,
        )


@dataclass(frozen=True)
class PatrolDraft:
    """What the patrol form holds: who inspected, when, and what they found."""

    at: dt.datetime
    inspector_id: int
    findings: str
    praise: str = ""
    problems: str = ""


@dataclass(frozen=True)
class PatrolEntry:
    """A recorded patrol with the inspector's name resolved."""

    id: int
    on_date: dt.date
    at: dt.datetime
    inspector_id: int
    inspector: str
    findings: str
    praise: str
    problems: str
    recorded_by_id: int | None
    recorded_by: str
    recorded_at: dt.datetime
    corrections: int

    def draft(self) -> PatrolDraft:
        """The form's values, to correct this entry."""
        return PatrolDraft(self.at, self.inspector_id, self.findings, self.praise, self.problems)


class SafetyRecords:
    """Recording, correcting and listing incidents and patrols (R13)."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def now(self) -> dt.datetime:
        """The clock's time, the forms' default."""
        return self._clock.now()

    @staticmethod
    def may_patrol(member: StaffMember) -> bool:
        """Duty teachers and the safety officer record patrols."""
        return member.role in PATROL_ROLES

    def staff(self) -> list[StaffChoice]:
        """Active staff, for the inspector and notifier pickers."""
        with self._db.read() as s:
            return staff_choices(s)

    # --- incidents ------------------------------------------------------------------------

    def record_incident(self, member: StaffMember, draft: IncidentDraft) -> IncidentEntry:
        """Record an incident (any signed-in teacher).

        Raises:
            ValidationError: ``not_allowed``, ``incident_kind``, ``in_future``,
                ``notified_before``, ``notifier_required``, ``description_required``,
                ``action_required``, ``text_too_long``.
            NotFoundError: unknown pupil or notifying staff member.
        """
        now = self._clock.now()
        values = _incident_values(draft, now)
        with self._db.write() as s:
            _require_member(s, member)
            _check_incident_refs(s, values)
            row = Incident(**values, recorded_by=member.id, recorded_at=now)
            s.add(row)
            s.flush()
            audit.append(
                s, now, member.actor, "incident.record", "incident", row.id, _payload(values)
            )
            return _incident_entries(s, [row])[0]

    def correct_incident(
        self, member: StaffMember, incident_id: int, draft: IncidentDraft
    ) -> IncidentEntry:
        """Correct or complete an incident (the notice time added later …), audited old and new.

        Raises:
            ValidationError: as :meth:`record_incident`, ``not_allowed`` (neither the recorder
                nor the safety officer) and ``no_change``.
            NotFoundError: unknown incident, pupil or staff member.
        """
        now = self._clock.now()
        values = _incident_values(draft, now)
        with self._db.write() as s:
            _require_member(s, member)
            row = s.get(Incident, incident_id)
            if row is None:
                raise NotFoundError(f"no incident {incident_id}")
            _require_author(member, row.recorded_by)
            _check_incident_refs(s, values)
            _correct(s, now, member, row, values, "incident.correct", "incident")
            return _incident_entries(s, [row])[0]

    def incidents(self, day: dt.date) -> list[IncidentEntry]:
        """The day's incidents, by the time they happened."""
        with self._db.read() as s:
            rows = s.scalars(
                select(Incident)
                .where(Incident.on_date == day)
                .order_by(Incident.happened_at, Incident.id)
            ).all()
            return _incident_entries(s, rows)

    # --- patrols --------------------------------------------------------------------------

    def record_patrol(self, member: StaffMember, draft: PatrolDraft) -> PatrolEntry:
        """Record a patrol (duty teachers and the safety officer).

        Raises:
            ValidationError: ``not_allowed``, ``in_future``, ``findings_required``,
                ``text_too_long``.
            NotFoundError: unknown or inactive inspector.
        """
        now = self._clock.now()
        values = _patrol_values(draft, now)
        with self._db.write() as s:
            _require_member(s, member, PATROL_ROLES)
            _require_staff(s, draft.inspector_id)
            row = Patrol(**values, recorded_by=member.id, recorded_at=now)
            s.add(row)
            s.flush()
            audit.append(s, now, member.actor, "patrol.record", "patrol", row.id, _payload(values))
            return _patrol_entries(s, [row])[0]

    def correct_patrol(
        self, member: StaffMember, patrol_id: int, draft: PatrolDraft
    ) -> PatrolEntry:
        """Correct a patrol, audited old and new (its recorder or the safety officer).

        Raises:
            ValidationError: as :meth:`record_patrol`, ``not_allowed`` and ``no_change``.
            NotFoundError: unknown patrol or inspector.
        """
        now = self._clock.now()
        values = _patrol_values(draft, now)
        with self._db.write() as s:
            _require_member(s, member, PATROL_ROLES)
            row = s.get(Patrol, patrol_id)
            if row is None:
                raise NotFoundError(f"no patrol {patrol_id}")
            _require_author(member, row.recorded_by)
            if draft.inspector_id != row.inspector_id:
                _require_staff(s, draft.inspector_id)
            _correct(s, now, member, row, values, "patrol.correct", "patrol")
            return _patrol_entries(s, [row])[0]

    def patrols(self, day: dt.date) -> list[PatrolEntry]:
        """The day's patrols, by time."""
        with self._db.read() as s:
            rows = s.scalars(
                select(Patrol).where(Patrol.on_date == day).order_by(Patrol.at, Patrol.id)
            ).all()
            return _patrol_entries(s, rows)


# --- validation ---------------------------------------------------------------------------


def _text(value: str, required_code: str | None) -> str:
    clean = value.strip()
    if required_code is not None and not clean:
        raise ValidationError(required_code, "this text is required")
    if len(clean) > MAX_TEXT:
        raise ValidationError("text_too_long", "the text is too long", limit=MAX_TEXT)
    return clean


def _moment(value: dt.datetime, now: dt.datetime) -> dt.datetime:
    moment = value.replace(tzinfo=None, microsecond=0)
    if moment > now:
        raise ValidationError("in_future", "the time is later than now", time=moment)
    return moment


def _incident_values(draft: IncidentDraft, now: dt.datetime) -> dict[str, Any]:
    if draft.kind not in KINDS:
        raise ValidationError("incident_kind", f"unknown incident kind {draft.kind!r}")
    happened = _moment(draft.happened_at, now)
    notified_at = notified_by = None
    if draft.guardian_notified_at is not None:
        notified_at = _moment(draft.guardian_notified_at, now)
        if notified_at < happened:
            raise ValidationError("notified_before", "the guardian was told before it happened")
        if draft.notified_by is None:
            raise ValidationError("notifier_required", "say who told the guardian")
        notified_by = draft.notified_by
    return {
        "on_date": happened.date(),
        "happened_at": happened,
        "student_id": draft.student_id,
        "kind": draft.kind,
        "description": _text(draft.description, "description_required"),
        "action_taken": _text(draft.action_taken, "action_required"),
        "guardian_notified_at": notified_at,
        "notified_by": notified_by,
    }


def _patrol_values(draft: PatrolDraft, now: dt.datetime) -> dict[str, Any]:
    at = _moment(draft.at, now)
    return {
        "on_date": at.date(),
        "at": at,
        "inspector_id": draft.inspector_id,
        "findings": _text(draft.findings, "findings_required"),
        "praise": _text(draft.praise, None),
        "problems": _text(draft.problems, None),
    }


def _require_member(s: Session, member: StaffMember, roles: Iterable[str] | None = None) -> None:
    staff = s.get(Staff, member.id)
    if staff is None or not staff.active or (roles is not None and staff.role not in roles):
        raise ValidationError("not_allowed", "not allowed to record this")


def _require_author(member: StaffMember, recorded_by: int | None) -> None:
    if not member.is_admin and member.id != recorded_by:
        raise ValidationError("not_allowed", "only the recorder or the safety officer corrects")


def _require_staff(s: Session, staff_id: int) -> Staff:
    staff = s.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise NotFoundError(f"no active staff member {staff_id}")
    return staff


def _check_incident_refs(s: Session, values: dict[str, Any]) -> None:
    if values["student_id"] is not None and s.get(Student, values["student_id"]) is None:
        raise NotFoundError(f"no pupil {values['student_id']}")
    if values["notified_by"] is not None:
        _require_staff(s, values["notified_by"])


# --- writing and reading ------------------------------------------------------------------


def _payload(values: dict[str, Any]) -> dict[str, Any]:
    # "date" names the day, as day_close looks for it in every payload.
    return {("date" if k == "on_date" else k): v for k, v in values.items()}


def _correct(
    s: Session,
    now: dt.datetime,
    member: StaffMember,
    row: Incident | Patrol,
    values: dict[str, Any],
    action: str,
    entity: str,
) -> None:
    changed = [k for k, v in values.items() if getattr(row, k) != v]
    if not changed:
        raise ValidationError("no_change", "nothing was changed")
    # The day stays in both halves, so both days' logs see the change.
    keys = sorted({*changed, "on_date"})
    before = _payload({k: getattr(row, k) for k in keys})
    after = _payload({k: values[k] for k in keys})
    for key in changed:
        setattr(row, key, values[key])
    s.flush()
    audit.append(s, now, member.actor, action, entity, row.id, {"before": before, "after": after})


def _labels(s: Session) -> dict[int, str]:
    return {
        sid: f"{name}({no})"
        for sid, no, name in s.execute(select(Staff.id, Staff.staff_no, Staff.name))
    }


def _corrections(s: Session, action: str, ids: list[int]) -> dict[str, int]:
    if not ids:
        return {}
    rows = s.execute(
        select(AuditEntry.entity_id, func.count(AuditEntry.id))
        .where(AuditEntry.action == action, AuditEntry.entity_id.in_([str(i) for i in ids]))
        .group_by(AuditEntry.entity_id)
    )
    return {entity_id: n for entity_id, n in rows}


def _incident_entries(s: Session, rows: Iterable[Incident]) -> list[IncidentEntry]:
    rows = list(rows)
    staff = _labels(s)
    pupil_ids = {r.student_id for r in rows if r.student_id is not None}
    pupils = {
        sid: (name, canonical_class_name(grade, class_no))
        for sid, name, grade, class_no in s.execute(
            select(Student.id, Student.name, SchoolClass.grade, SchoolClass.class_no)
            .join(SchoolClass, SchoolClass.id == Student.class_id)
            .where(Student.id.in_(pupil_ids))
        )
    }
    fixes = _corrections(s, "incident.correct", [r.id for r in rows])
    out = []
    for r in rows:
        name, class_name = pupils.get(r.student_id or 0, ("", ""))
        out.append(
            IncidentEntry(
                r.id,
                r.on_date,
                r.happened_at,
                r.kind,
                r.student_id,
                name,
                class_name,
                r.description,
                r.action_taken,
                r.guardian_notified_at,
                r.notified_by,
                staff.get(r.notified_by or 0, ""),
                r.recorded_by,
                staff.get(r.recorded_by or 0, ""),
                r.recorded_at,
                fixes.get(str(r.id), 0),
            )
        )
    return out


def _patrol_entries(s: Session, rows: Iterable[Patrol]) -> list[PatrolEntry]:
    rows = list(rows)
    staff = _labels(s)
    fixes = _corrections(s, "patrol.correct", [r.id for r in rows])
    return [
        PatrolEntry(
            r.id,
            r.on_date,
            r.at,
            r.inspector_id,
            staff.get(r.inspector_id, ""),
            r.findings,
            r.praise,
            r.problems,
            r.recorded_by,
            staff.get(r.recorded_by or 0, ""),
            r.recorded_at,
            fixes.get(str(r.id), 0),
        )
        for r in rows
    ]
