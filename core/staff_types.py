"""Who is signed in: the staff member every record names, and the pages each role may open."""

from __future__ import annotations

from dataclasses import dataclass

CLASS_TEACHER = "class_teacher"
DUTY_TEACHER = "duty_teacher"
SAFETY_OFFICER = "safety_officer"
ROLES = (CLASS_TEACHER, DUTY_TEACHER, SAFETY_OFFICER)


@dataclass(frozen=True)
class StaffMember:
    """A signed-in teacher or officer (the safety officer is also the administrator)."""

    id: int
    staff_no: str
    name: str
    role: str
    class_id: int | None = None

    @property
    def actor(self) -> str:
        """How audit entries and printed logs name this person: 王芳(T001)."""
        return f"{self.name}({self.staff_no})"

    @property
    def is_admin(self) -> bool:
        """The safety officer administers accounts and settings."""
        return self.role == SAFETY_OFFICER
