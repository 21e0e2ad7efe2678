"""SQLAlchemy 2 models: schedule, classes, pupils, guardians, enrolment, staff, audit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with the project's naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class School(Base):
    """The one school this database belongs to (a single row, id 1)."""

    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    unaccompanied_grace_min: Mapped[int] = mapped_column(Integer, default=10)
    snapshot_retention_days: Mapped[int] = mapped_column(Integer, default=30)
    # Minutes without input before a shared classroom PC locks itself.
    idle_lock_min: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    # Fingerprint of the card key kept outside the database (docs/security.md): tells a
    # station with the wrong key file from a forged card, without the key itself.
    card_key_fingerprint: Mapped[str | None] = mapped_column(String(64))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # R3 self-release policy: bit g set means grade g may leave alone (default grades 3-6).
    self_release_grades: Mapped[int] = mapped_column(
        Integer, default=0b1111000, server_default="120"
    )
    # R7 escalation clock: minutes after a child is flagged 无人接领.
    escalate_call_min: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    escalate_custody_min: Mapped[int] = mapped_column(Integer, default=15, server_default="15")
    escalate_officer_min: Mapped[int] = mapped_column(Integer, default=30, server_default="30")


class GradeBand(Base):
    """Grades that share a service window and a dismissal time (一、二年级 …)."""

    __tablename__ = "grade_band"
    __table_args__ = (
        CheckConstraint(
            "grade_from BETWEEN 1 AND 6 AND grade_to BETWEEN grade_from AND 6", "grades"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    grade_from: Mapped[int] = mapped_column(Integer)
    grade_to: Mapped[int] = mapped_column(Integer)


class Season(Base):
    """A schedule period (冬令时 / 夏令时) in force from its start date until the next one."""

    __tablename__ = "season"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    starts_on: Mapped[dt.date] = mapped_column(Date, unique=True)

    windows: Mapped[list[SeasonWindow]] = relationship(
        back_populates="season", cascade="all, delete-orphan"
    )


class SeasonWindow(Base):
    """Service window and dismissal time of one grade band in one season."""

    __tablename__ = "season_window"
    __table_args__ = (
        UniqueConstraint("season_id", "band_id"),
        CheckConstraint("start_time < end_time", "window_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    season_id: Mapped[int] = mapped_column(ForeignKey("season.id", ondelete="CASCADE"))
    band_id: Mapped[int] = mapped_column(ForeignKey("grade_band.id"))
    start_time: Mapped[dt.time] = mapped_column(Time)
    end_time: Mapped[dt.time] = mapped_column(Time)
    dismissal_time: Mapped[dt.time] = mapped_column(Time)

    season: Mapped[Season] = relationship(back_populates="windows")


class TimetableEntry(Base):
    """The activity of one grade band in one period on one weekday (自主阅读, 体育锻炼 …)."""

    __tablename__ = "timetable_entry"
    __table_args__ = (
        UniqueConstraint("band_id", "weekday", "period"),
        CheckConstraint("weekday BETWEEN 1 AND 7", "weekday"),
        CheckConstraint("period IN (1, 2)", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    band_id: Mapped[int] = mapped_column(ForeignKey("grade_band.id"))
    weekday: Mapped[int] = mapped_column(Integer)
    period: Mapped[int] = mapped_column(Integer)
    activity: Mapped[str] = mapped_column(String(60))


class DateOverride(Base):
    """A per-date exception for one band or the whole school (band_id NULL).

    ``no_service``: no after-school service (holiday, exam day); ``dismissal``: another dismissal
    time (bad weather); ``makeup``: a weekend school day that follows a weekday's timetable.
    """

    __tablename__ = "date_override"
    __table_args__ = (
        CheckConstraint("kind IN ('no_service', 'dismissal', 'makeup')", "kind"),
        CheckConstraint("kind <> 'dismissal' OR dismissal_time IS NOT NULL", "time_given"),
        CheckConstraint("kind <> 'makeup' OR follows_weekday BETWEEN 1 AND 5", "follows"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    on_date: Mapped[dt.date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    band_id: Mapped[int | None] = mapped_column(ForeignKey("grade_band.id"))
    dismissal_time: Mapped[dt.time | None] = mapped_column(Time)
    # A make-up school day (调休) on a weekend runs the timetable of this weekday.
    follows_weekday: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200), default="")


class SchoolClass(Base):
    """A class such as 三(2)班."""

    __tablename__ = "school_class"
    __table_args__ = (
        UniqueConstraint("grade", "class_no"),
        CheckConstraint("grade BETWEEN 1 AND 6", "grade"),
        CheckConstraint("class_no >= 1", "class_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    grade: Mapped[int] = mapped_column(Integer)
    class_no: Mapped[int] = mapped_column(Integer)


class Student(Base):
    """A pupil; never deleted, only made inactive, so that history keeps its subject."""

    __tablename__ = "student"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str | None] = mapped_column(String(2))
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    school_class: Mapped[SchoolClass] = relationship()
    enrolment: Mapped[Enrolment | None] = relationship(
        back_populates="student", uselist=False, cascade="all, delete-orphan"
    )
    guardian_links: Mapped[list[StudentGuardian]] = relationship(
        back_populates="student", order_by="StudentGuardian.position", cascade="all, delete-orphan"
    )


class Guardian(Base):
    """An adult who may be linked to several pupils (siblings share their parents)."""

    __tablename__ = "guardian"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)


class StudentGuardian(Base):
    """A guardian of one pupil, with the relation (父亲, 外婆 …) and the order in the list."""

    __tablename__ = "student_guardian"
    __table_args__ = (UniqueConstraint("student_id", "guardian_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"))
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardian.id"), index=True)
    relation: Mapped[str] = mapped_column(String(20), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    student: Mapped[Student] = relationship(back_populates="guardian_links")
    guardian: Mapped[Guardian] = relationship()


class Enrolment(Base):
    """A pupil's after-school enrolment: status, service days and departure mode."""

    __tablename__ = "enrolment"
    __table_args__ = (
        CheckConstraint("status IN ('none', 'applied', 'approved', 'signed')", "status"),
        CheckConstraint("departure IN ('guardian', 'self', 'institution')", "departure"),
        CheckConstraint("weekday_mask BETWEEN 0 AND 254", "weekday_mask"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("student.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(10), default="none")
    # Bit n set means weekday n (Monday = 1) is a service day; queryable with & on both backends.
    weekday_mask: Mapped[int] = mapped_column(Integer, default=0b111110)
    departure: Mapped[str] = mapped_column(String(12), default="guardian")
    # The date the guardian's signed consent to self-release (自行离校) was received (R3).
    self_release_consent_on: Mapped[dt.date | None] = mapped_column(Date)

    student: Mapped[Student] = relationship(back_populates="enrolment")


class Leave(Base):
    """Sick or personal leave over a date range, phoned in or entered ahead."""

    __tablename__ = "leave"
    __table_args__ = (
        CheckConstraint("kind IN ('sick', 'personal')", "kind"),
        CheckConstraint("start_date <= end_date", "range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")
    reported_by: Mapped[str] = mapped_column(String(50), default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class Staff(Base):
    """A teacher or officer; roles are class_teacher, duty_teacher, safety_officer."""

    __tablename__ = "staff"
    __table_args__ = (
        CheckConstraint("role IN ('class_teacher', 'duty_teacher', 'safety_officer')", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_no: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(20))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id"))
    phone: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Argon2 hash of the PIN or password; NULL until one is set.
    secret_hash: Mapped[str | None] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AttendanceMark(Base):
    """A pupil's status in one period of one day (R2); the latest mark, its history in the audit."""

    __tablename__ = "attendance_mark"
    __table_args__ = (
        UniqueConstraint("student_id", "on_date", "period"),
        CheckConstraint(
            "status IN ('present', 'late', 'sick', 'personal', 'absent', 'left_early')", "status"
        ),
        CheckConstraint("period IN (1, 2)", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    on_date: Mapped[dt.date] = mapped_column(Date, index=True)
    period: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    club_id: Mapped[int | None] = mapped_column(ForeignKey("club.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    marked_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    marked_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Club(Base):
    """A club of the 1+E+X timetable (走班 / 社团) meeting on one weekday and period."""

    __tablename__ = "club"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 1 AND 5", "weekday"),
        CheckConstraint("period IN (1, 2)", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(20))
    room: Mapped[str] = mapped_column(String(40), default="")
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    weekday: Mapped[int] = mapped_column(Integer)
    period: Mapped[int] = mapped_column(Integer, default=2)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ClubMember(Base):
    """A pupil in a club."""

    __tablename__ = "club_member"
    __table_args__ = (UniqueConstraint("club_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("club.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)


class DutyAssignment(Base):
    """A teacher's duty for a group (class, club or the gate) in a period (R9).

    Either a weekly pattern (``weekday``) or one date (``on_date``); a dated one wins.
    """

    __tablename__ = "duty_assignment"
    __table_args__ = (
        CheckConstraint("group_kind IN ('class', 'club', 'gate')", "group_kind"),
        CheckConstraint("period IN (1, 2)", "period"),
        CheckConstraint("(weekday IS NULL) <> (on_date IS NULL)", "when"),
        CheckConstraint(
            "(group_kind = 'class' AND class_id IS NOT NULL AND club_id IS NULL) OR "
            "(group_kind = 'club' AND club_id IS NOT NULL AND class_id IS NULL) OR "
            "(group_kind = 'gate' AND class_id IS NULL AND club_id IS NULL)",
            "group_ref",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    group_kind: Mapped[str] = mapped_column(String(8))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id"))
    club_id: Mapped[int | None] = mapped_column(ForeignKey("club.id"))
    period: Mapped[int] = mapped_column(Integer)
    weekday: Mapped[int | None] = mapped_column(Integer)
    on_date: Mapped[dt.date | None] = mapped_column(Date)


class DutyCheckin(Base):
    """A teacher checked in for a group and period on a date."""

    __tablename__ = "duty_checkin"
    __table_args__ = (
        UniqueConstraint("staff_id", "on_date", "period", "group_kind", "class_id", "club_id"),
        CheckConstraint("group_kind IN ('class', 'club', 'gate')", "group_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    on_date: Mapped[dt.date] = mapped_column(Date, index=True)
    period: Mapped[int] = mapped_column(Integer)
    group_kind: Mapped[str] = mapped_column(String(8))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id"))
    club_id: Mapped[int | None] = mapped_column(ForeignKey("club.id"))
    checked_in_at: Mapped[dt.datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """One append-only, hash-chained record of a change (R10)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40), default="")
    payload: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # Set when an erasure of a child's data (R12) replaced entity_id and payload: the digest of
    # what was appended, which the hash covers, so the chain still verifies without the text.
    redacted_digest: Mapped[str | None] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's tip in one row; appends lock it so that stations append one at a time."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))


class HandoffSnapshot(Base):
    """The webcam frame at a handoff (R12): kept for the retention period, then deleted."""

    __tablename__ = "handoff_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    station: Mapped[str] = mapped_column(String(40), default="")
    image: Mapped[bytes] = mapped_column(LargeBinary)


class Photo(Base):
    """A face shown wherever a person is verified: pupil, guardian, proxy, restricted person."""

    __tablename__ = "photo"
    __table_args__ = (
        UniqueConstraint("owner_kind", "owner_id"),
        CheckConstraint(
            "owner_kind IN ('student', 'guardian', 'proxy', 'institution_staff', 'restriction')",
            "owner_kind",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_kind: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[int] = mapped_column(Integer)
    # In the database, not on one PC's disk, so every gate station of a school sees it.
    image: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ProxyAuthorization(Base):
    """代接: another adult may take a pupil on the given dates (one day or a range)."""

    __tablename__ = "proxy_authorization"
    __table_args__ = (CheckConstraint("valid_from <= valid_to", "range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    relation: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date] = mapped_column(Date)
    phoned_in_by: Mapped[str] = mapped_column(String(50), default="")
    written_note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Institution(Base):
    """A 托管机构 that collects pupils."""

    __tablename__ = "institution"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class InstitutionStaff(Base):
    """A staff member of an institution, who may hold a card."""

    __tablename__ = "institution_staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class InstitutionStudent(Base):
    """A pupil an institution is authorized to collect."""

    __tablename__ = "institution_student"
    __table_args__ = (UniqueConstraint("institution_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)


class Restriction(Base):
    """A person a pupil must never be released to, whatever card they hold (hard stop)."""

    __tablename__ = "restriction"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="")
    court_order: Mapped[bool] = mapped_column(Boolean, default=False)
    court_order_date: Mapped[dt.date | None] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PickupCard(Base):
    """A QR pickup card; the QR holds only (card id, version, expiry) signed with the card key."""

    __tablename__ = "pickup_card"
    __table_args__ = (
        CheckConstraint(
            "(holder_kind = 'guardian' AND guardian_id IS NOT NULL) OR "
            "(holder_kind = 'institution_staff' AND institution_staff_id IS NOT NULL) OR "
            "(holder_kind = 'proxy' AND proxy_id IS NOT NULL)",
            "holder",
        ),
        CheckConstraint("version >= 1", "version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_no: Mapped[str] = mapped_column(String(16), unique=True)
    holder_kind: Mapped[str] = mapped_column(String(20))
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("guardian.id"), index=True)
    institution_staff_id: Mapped[int | None] = mapped_column(ForeignKey("institution_staff.id"))
    proxy_id: Mapped[int | None] = mapped_column(ForeignKey("proxy_authorization.id"))
    # A reissue (挂失补办) bumps the version: the old printed card then reads as superseded.
    version: Mapped[int] = mapped_column(Integer, default=1)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_on: Mapped[dt.date] = mapped_column(Date)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoke_reason: Mapped[str] = mapped_column(String(200), default="")
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class Handoff(Base):
    """A pupil handed over (接领交接); at most one standing handoff per pupil and day (R4).

    The rule is a partial unique index, so it holds across stations; an undo (a mistaken scan
    noticed at once) sets ``undone_at`` and keeps the row: records are never deleted (R10).
    """

    __tablename__ = "handoff"
    __table_args__ = (
        Index(
            "uq_handoff_standing",
            "student_id",
            "on_date",
            unique=True,
            sqlite_where=text("undone_at IS NULL"),
            postgresql_where=text("undone_at IS NULL"),
        ),
        CheckConstraint(
            "method IN ('card', 'handheld', 'identity_check', 'override', 'self', "
            "'institution', 'custody')",
            "method",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"))
    on_date: Mapped[dt.date] = mapped_column(Date, index=True)
    released_at: Mapped[dt.datetime] = mapped_column(DateTime)
    method: Mapped[str] = mapped_column(String(16))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_card.id"))
    card_version: Mapped[int | None] = mapped_column(Integer)
    receiver_name: Mapped[str] = mapped_column(String(50), default="")
    receiver_relation: Mapped[str] = mapped_column(String(20), default="")
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("guardian.id"))
    proxy_id: Mapped[int | None] = mapped_column(ForeignKey("proxy_authorization.id"))
    institution_staff_id: Mapped[int | None] = mapped_column(ForeignKey("institution_staff.id"))
    station: Mapped[str] = mapped_column(String(40), default="")
    verified_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    early: Mapped[bool] = mapped_column(Boolean, default=False)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    override_reason: Mapped[str] = mapped_column(String(200), default="")
    # Siblings released together share a batch (the first row's id) and one snapshot.
    batch_id: Mapped[int | None] = mapped_column(Integer, index=True)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("handoff_snapshot.id"))
    # The period-1 mark this handoff replaced (早退, or present after an R5 override), so an
    # undo can put it back.
    replaced_status: Mapped[str | None] = mapped_column(String(12))
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    undo_reason: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(200), default="")


class GroupTransfer(Base):
    """A class or club handed to the duty teacher at the pickup point, with a head count."""

    __tablename__ = "group_transfer"
    __table_args__ = (
        CheckConstraint("group_kind IN ('class', 'club')", "group_kind"),
        CheckConstraint("head_count >= 0", "head_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    on_date: Mapped[dt.date] = mapped_column(Date, index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    group_kind: Mapped[str] = mapped_column(String(8))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id"))
    club_id: Mapped[int | None] = mapped_column(ForeignKey("club.id"))
    from_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    to_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    head_count: Mapped[int] = mapped_column(Integer)
    # The children the records say the group should have at that moment.
    expected: Mapped[int] = mapped_column(Integer)
    station: Mapped[str] = mapped_column(String(40), default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    note: Mapped[str] = mapped_column(String(200), default="")


class CustodyTransfer(Base):
    """A child kept at school by a named teacher until collected (留校看护, R7)."""

    __tablename__ = "custody_transfer"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    on_date: Mapped[dt.date] = mapped_column(Date, index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    station: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(String(200), default="")


class GuardianCall(Base):
    """A call made about an unaccompanied child: when, to whom, and what came of it (R7)."""

    __tablename__ = "guardian_call"
    __table_args__ = (
        CheckConstraint(
            "result IN ('no_answer', 'on_the_way', 'other_arrangement', 'notified')", "result"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    on_date: Mapped[dt.date] = mapped_column(Date, index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    # Whom: a guardian on the list, or a named person (the safety officer, a neighbour).
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("guardian.id"))
    callee: Mapped[str] = mapped_column(String(50), default="")
    result: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    station: Mapped[str] = mapped_column(String(40), default="")


class Incident(Base):
    """An incident during the service (R13): what happened, what was done, who told the family."""

    __tablename__ = "incident"
    __table_args__ = (
        CheckConstraint("kind IN ('injury', 'illness', 'conflict', 'other')", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    on_date: Mapped[dt.date] = mapped_column(Date, index=True)
    happened_at: Mapped[dt.datetime] = mapped_column(DateTime)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    description: Mapped[str] = mapped_column(Text, default="")
    action_taken: Mapped[str] = mapped_column(Text, default="")
    guardian_notified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    notified_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Patrol(Base):
    """The daily patrol (一天一巡查): who inspected, when, and what they found."""

    __tablename__ = "patrol"

    id: Mapped[int] = mapped_column(primary_key=True)
    on_date: Mapped[dt.date] = mapped_column(Date, index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    findings: Mapped[str] = mapped_column(Text, default="")
    praise: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class DayClose(Base):
    """A closed day (R8): every present child accounted for, the log generated and archived."""

    __tablename__ = "day_close"

    id: Mapped[int] = mapped_column(primary_key=True)
    on_date: Mapped[dt.date] = mapped_column(Date, unique=True)
    closed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class DayLogIssue(Base):
    """One issue of a closed day's log in the archive.

    The first, or one re-issued after a correction; the file's name and SHA-256 let the archive
    be checked.
    """

    __tablename__ = "day_log_issue"
    __table_args__ = (UniqueConstraint("on_date", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    on_date: Mapped[dt.date] = mapped_column(Date, index=True)
    version: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(String(200), default="")
    file_name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    audit_seq: Mapped[int] = mapped_column(Integer)
