"""Demo 自行离校 consents: most self-release pupils have one, two cases show the refusals (R3)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.dismissal_settings import DEFAULT_SELF_RELEASE_GRADES
from core.schedule_service import school_year_start
from db.models import Enrolment, Leave, SchoolClass, Student, StudentGuardian


def _on_list(enrolment: Enrolment, today: dt.date, on_leave: set[int]) -> bool:
    # The two refusal cases must be on today's list, or the board never shows them.
    return (
        enrolment.status == "signed"
        and bool(enrolment.weekday_mask & (1 << today.isoweekday()))
        and enrolment.student_id not in on_leave
    )


def _first(candidates: list[Enrolment], today: dt.date, on_leave: set[int]) -> Enrolment | None:
    # On a day without service (the demo built on a Sunday) nobody is on the list: any will do.
    on_list = [e for e in candidates if _on_list(e, today, on_leave)]
    pool = on_list or candidates
    return pool[0] if pool else None


def add_demo_consents(session: Session, today: dt.date) -> tuple[int | None, int | None]:
    """Give consents dated the start of term; leave one without, make one young pupil 自行离校.

    Runs inside the demo build's transaction, after the pupils and today's leave exist.

    Returns:
        The student ids of the grade 3+ pupil left without consent and of the grade 1-2 pupil
        whose grade the default policy does not allow (on today's list when anybody is).
    """
    term_start = school_year_start(today)
    on_leave = set(
        session.scalars(
            select(Leave.student_id).where(Leave.start_date <= today, Leave.end_date >= today)
        )
    )
    rows = session.execute(
        select(Enrolment, SchoolClass.grade)
        .join(Student, Student.id == Enrolment.student_id)
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .where(Student.active.is_(True))
        .order_by(SchoolClass.grade, SchoolClass.class_no, Student.student_no)
    ).all()
    allowed = [
        (e, g) for e, g in rows if e.departure == "self" and g in DEFAULT_SELF_RELEASE_GRADES
    ]
    missing = _first([e for e, _g in allowed], today, on_leave)
    for enrolment, _grade in allowed:
        if enrolment is not missing:
            enrolment.self_release_consent_on = term_start
    # A younger pupil whose parents signed a consent the school's policy does not accept; an
    # only child (no shared guardian), so no sibling or gate-video family changes.
    shared = set(
        session.scalars(
            select(StudentGuardian.student_id).where(
                StudentGuardian.guardian_id.in_(
                    select(StudentGuardian.guardian_id)
                    .group_by(StudentGuardian.guardian_id)
                    .having(func.count() > 1)
                )
            )
        )
    )
    young = _first(
        [
            e
            for e, g in reversed(rows)
            if g == 2 and e.departure == "guardian" and e.student_id not in shared
        ],
        today,
        on_leave,
    )
    if young is not None:
        young.departure = "self"
        young.self_release_consent_on = term_start
    return (
        missing.student_id if missing is not None else None,
        young.student_id if young is not None else None,
    )
