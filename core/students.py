"""Lists pupils with their guardians and enrolment, for ``students --json`` and the UI."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from sqlalchemy import select

from core.roster import canonical_class_name
from core.today import weekdays_from_mask
from db.engine import Database
from db.models import Enrolment, Guardian, SchoolClass, Student, StudentGuardian


@dataclass(frozen=True)
class GuardianInfo:
    """A guardian as the JSON contract shows it."""

    name: str
    relation: str
    phone: str | None


@dataclass(frozen=True)
class StudentInfo:
    """A pupil as the JSON contract of roster-format.md shows it (field order is the contract's)."""

    student_no: str
    name: str
    gender: str | None
    grade: int
    class_no: int
    class_name: str
    after_school: bool
    weekdays: list[int]
    departure: str
    notes: str
    guardians: list[GuardianInfo]

    def to_json(self) -> dict[str, object]:
        """The object printed by ``students --json``."""
        return asdict(self)


def list_students(db: Database) -> list[StudentInfo]:
    """Every pupil, sorted by student number, guardians in file order."""
    with db.read() as s:
        rows = list(
            s.execute(
                select(
                    Student.id,
                    Student.student_no,
                    Student.name,
                    Student.gender,
                    Student.notes,
                    SchoolClass.grade,
                    SchoolClass.class_no,
                    Enrolment.status,
                    Enrolment.weekday_mask,
                    Enrolment.departure,
                )
                .join(SchoolClass, Student.class_id == SchoolClass.id)
                .outerjoin(Enrolment, Enrolment.student_id == Student.id)
            )
        )
        # Sorted in Python: PostgreSQL's locale collation would order text differently.
        rows.sort(key=lambda r: r.student_no)
        guardians: dict[int, list[GuardianInfo]] = defaultdict(list)
        for sid, name, relation, phone in s.execute(
            select(
                StudentGuardian.student_id, Guardian.name, StudentGuardian.relation, Guardian.phone
            )
            .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
            .order_by(StudentGuardian.student_id, StudentGuardian.position)
        ):
            guardians[sid].append(GuardianInfo(name, relation, phone))
    return [
        StudentInfo(
            student_no=r.student_no,
            name=r.name,
            gender=r.gender,
            grade=r.grade,
            class_no=r.class_no,
            class_name=canonical_class_name(r.grade, r.class_no),
            after_school=(r.status or "none") != "none",
            weekdays=weekdays_from_mask(r.weekday_mask) if r.weekday_mask is not None else [],
            departure=r.departure or "guardian",
            notes=r.notes,
            guardians=guardians.get(r.id, []),
        )
        for r in rows
    ]
