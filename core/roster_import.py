"""Stores a checked class list, all or nothing, updating pupils by student number."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from core.clock import Clock
from core.errors import AfterSchoolError, DatabaseUnavailableError
from core.roster import read_roster
from core.roster_sources import workbook_sheet_names
from core.roster_types import GuardianRecord, RosterIssue, RosterSheet, StudentRecord
from core.today import mask_from_weekdays
from db import audit
from db.engine import Database
from db.models import Enrolment, Guardian, SchoolClass, Student, StudentGuardian

ALL_FIELDS = frozenset(
    {
        "student_no",
        "name",
        "gender",
        "class",
        "guardians",
        "after_school",
        "weekdays",
        "departure",
        "notes",
    }
)


class RosterInvalidError(AfterSchoolError):
    """The class list has errors; nothing was stored."""

    code = "roster_invalid"

    def __init__(self, sheet: RosterSheet) -> None:
        super().__init__(f"{len(sheet.errors)} error(s) in the class list")
        self.sheet = sheet


@dataclass(frozen=True)
class ImportSummary:
    """What an import did."""

    added: int
    updated: int
    unchanged: int
    warnings: tuple[RosterIssue, ...] = ()

    @property
    def total(self) -> int:
        """Pupils in the file."""
        return self.added + self.updated + self.unchanged

    def line(self) -> str:
        """The command line's one-line summary."""
        return (
            f"imported {self.total} students: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class RosterService:
    """Reads class lists for a preview and stores them."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def sheet_names(self, path: Path) -> list[str]:
        """The sheets of a workbook, for choosing one."""
        return workbook_sheet_names(path)

    def read(self, path: Path, sheet: str | None = None) -> RosterSheet:
        """Read and check a file without storing anything."""
        return read_roster(path, sheet)

    def import_file(self, path: Path, sheet: str | None, actor: str) -> ImportSummary:
        """Read, check and store a file.

        Raises:
            RosterInvalidError: the file has errors; nothing was stored.
        """
        return self.apply(self.read(path, sheet), actor, source=Path(path).name)

    def apply(self, sheet: RosterSheet, actor: str, source: str = "") -> ImportSummary:
        """Store a checked sheet in one transaction."""
        if sheet.errors:
            raise RosterInvalidError(sheet)
        fields = sheet.fields or ALL_FIELDS
        try:
            return self._store(sheet, fields, actor, source)
        except SQLAlchemyError as exc:
            # Nothing was stored: the transaction rolled back whole.
            reason = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
            raise DatabaseUnavailableError(f"cannot store the class list: {reason}") from exc

    def _store(
        self, sheet: RosterSheet, fields: frozenset[str], actor: str, source: str
    ) -> ImportSummary:
        with self._db.write() as s:
            added, updated, unchanged = store_students(s, sheet.students, fields)
            audit.append(
                s,
                self._clock.now(),
                actor,
                "roster.import",
                "student",
                "",
                {"file": source, "added": added, "updated": updated, "unchanged": len(unchanged)},
            )
        return ImportSummary(len(added), len(updated), len(unchanged), sheet.warnings)


def store_students(
    s: Session, records: Sequence[StudentRecord], fields: frozenset[str]
) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """Insert or update pupils by student number inside the caller's transaction.

    Returns the added numbers, the updated numbers with their changed fields, and the unchanged
    numbers. Fields not in ``fields`` (columns the file lacks) are left as they are on update.
    New pupils go in as bulk INSERTs: a whole school's first import is thousands of rows.
    """
    classes = _class_ids(s, {(r.grade, r.class_no) for r in records})
    existing: dict[str, Student] = {}
    for chunk in _chunks([r.student_no for r in records]):
        for st in s.scalars(
            select(Student)
            .where(Student.student_no.in_(chunk))
            .options(
                selectinload(Student.enrolment),
                selectinload(Student.guardian_links).selectinload(StudentGuardian.guardian),
            )
        ):
            existing[st.student_no] = st
    people = _GuardianPool(s, [g for r in records for g in r.guardians])
    new = [r for r in records if r.student_no not in existing]
    _insert_new(s, new, classes, people)
    updated: dict[str, list[str]] = {}
    unchanged: list[str] = []
    for rec in records:
        found = existing.get(rec.student_no)
        if found is None:
            continue
        changed = _update(found, rec, classes[(rec.grade, rec.class_no)], fields, people)
        if changed:
            updated[rec.student_no] = changed
        else:
            unchanged.append(rec.student_no)
    s.flush()
    return [r.student_no for r in new], updated, unchanged


def _class_ids(s: Session, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    ids = {(c.grade, c.class_no): c.id for c in s.scalars(select(SchoolClass))}
    missing = sorted(wanted - set(ids))
    if missing:
        rows = s.execute(
            insert(SchoolClass).returning(
                SchoolClass.id,
                SchoolClass.grade,
                SchoolClass.class_no,
                sort_by_parameter_order=True,
            ),
            [{"grade": g, "class_no": c} for g, c in missing],
        )
        ids.update({(r.grade, r.class_no): r.id for r in rows})
    return ids


def _insert_new(
    s: Session,
    records: Sequence[StudentRecord],
    classes: dict[tuple[int, int], int],
    people: _GuardianPool,
) -> None:
    if not records:
        return
    ids = s.scalars(
        insert(Student).returning(Student.id, sort_by_parameter_order=True),
        [
            {
                "student_no": r.student_no,
                "name": r.name,
                "gender": r.gender,
                "class_id": classes[(r.grade, r.class_no)],
                "notes": r.notes,
                "active": True,
            }
            for r in records
        ],
    ).all()
    s.execute(
        insert(Enrolment),
        [
            {
                "student_id": sid,
                "status": "signed" if r.after_school else "none",
                "weekday_mask": mask_from_weekdays(r.weekdays),
                "departure": r.departure,
            }
            for sid, r in zip(ids, records, strict=True)
        ],
    )
    wanted = [[people.key(g) for g in r.guardians] for r in records]
    person_ids = people.ids([k for keys in wanted for k in keys])
    links = []
    for sid, r, keys in zip(ids, records, wanted, strict=True):
        seen: set[int] = set()
        for g, key in zip(r.guardians, keys, strict=True):
            gid = person_ids[key]
            if gid in seen:
                continue
            seen.add(gid)
            links.append(
                {
                    "student_id": sid,
                    "guardian_id": gid,
                    "relation": g.relation,
                    "position": len(seen) - 1,
                }
            )
    if links:
        s.execute(insert(StudentGuardian), links)


def _update(
    st: Student,
    rec: StudentRecord,
    class_id: int,
    fields: frozenset[str],
    people: _GuardianPool,
) -> list[str]:
    changed = []
    if st.name != rec.name:
        st.name = rec.name
        changed.append("name")
    if st.class_id != class_id:
        st.class_id = class_id
        changed.append("class")
    if not st.active:
        st.active = True
        changed.append("active")
    if "gender" in fields and st.gender != rec.gender:
        st.gender = rec.gender
        changed.append("gender")
    if "notes" in fields and st.notes != rec.notes:
        st.notes = rec.notes
        changed.append("notes")
    enr = st.enrolment
    if enr is None:
        enr = st.enrolment = Enrolment(status="none")
    if "after_school" in fields:
        # A "yes" keeps an application in progress; a "no" withdraws the enrolment.
        if rec.after_school and enr.status == "none":
            enr.status = "signed"
            changed.append("after_school")
        elif not rec.after_school and enr.status != "none":
            enr.status = "none"
            changed.append("after_school")
    if "weekdays" in fields and enr.weekday_mask != mask_from_weekdays(rec.weekdays):
        enr.weekday_mask = mask_from_weekdays(rec.weekdays)
        changed.append("weekdays")
    if "departure" in fields and enr.departure != rec.departure:
        enr.departure = rec.departure
        changed.append("departure")
    if "guardians" in fields:
        now = [(ln.guardian.name, ln.relation, ln.guardian.phone) for ln in st.guardian_links]
        new = [(g.name, g.relation, g.phone) for g in rec.guardians]
        if now != new:
            st.guardian_links = _links(st, rec.guardians, people)
            changed.append("guardians")
    return changed


def _links(
    st: Student, guardians: Sequence[GuardianRecord], people: _GuardianPool
) -> list[StudentGuardian]:
    # Reuse the link of an adult who stays, so the unique (pupil, adult) pair never sees a
    # delete and an insert of the same row in one flush; the same adult listed twice is one link.
    old_links = {ln.guardian_id: ln for ln in st.guardian_links}
    keys = [people.key(g, prefer=st) for g in guardians]
    person_ids = people.ids(keys)
    links: list[StudentGuardian] = []
    for g, key in zip(guardians, keys, strict=True):
        gid = person_ids[key]
        if any(ln.guardian_id == gid for ln in links):
            continue
        link = old_links.pop(gid, None) or StudentGuardian(guardian_id=gid)
        link.relation = g.relation
        link.position = len(links)
        links.append(link)
    return links


GuardianKey = tuple[str, str, int]  # (name, phone, n): n tells phone-less adults apart


class _GuardianPool:
    """Finds the same adult across pupils (siblings) by name and phone; inserts new adults."""

    def __init__(self, s: Session, guardians: list[GuardianRecord]) -> None:
        self._s = s
        self._ids: dict[GuardianKey, int] = {}
        self._anonymous = 0
        phones = sorted({g.phone for g in guardians if g.phone})
        for chunk in _chunks(phones):
            for gid, name, phone in s.execute(
                select(Guardian.id, Guardian.name, Guardian.phone)
                .where(Guardian.phone.in_(chunk))
                .order_by(Guardian.id)
            ):
                self._ids.setdefault((name, phone or "", 0), gid)

    def key(self, g: GuardianRecord, prefer: Student | None = None) -> GuardianKey:
        """The identity of an adult: name and phone.

        Without a phone it is a new person, unless the pupil already has a phone-less guardian
        of that name.
        """
        if g.phone:
            return (g.name, g.phone, 0)
        if prefer is not None:
            for link in prefer.guardian_links:
                if link.guardian.name == g.name and not link.guardian.phone:
                    key = (g.name, "", -link.guardian_id)
                    self._ids[key] = link.guardian_id
                    return key
        self._anonymous += 1
        return (g.name, "", self._anonymous)

    def ids(self, keys: Sequence[GuardianKey]) -> dict[GuardianKey, int]:
        """Ids of the adults behind ``keys``, inserting those not stored yet."""
        missing = list(dict.fromkeys(k for k in keys if k not in self._ids))
        if missing:
            new_ids = self._s.scalars(
                insert(Guardian).returning(Guardian.id, sort_by_parameter_order=True),
                [{"name": name, "phone": phone or None} for name, phone, _ in missing],
            ).all()
            self._ids.update(zip(missing, new_ids, strict=True))
        return {k: self._ids[k] for k in keys}
