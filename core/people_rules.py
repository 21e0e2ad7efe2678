"""Checks on what the safety officer types for an adult: names, relations, phones, dates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from core.account_rules import NotAllowedError
from core.errors import ValidationError
from core.roster import normalise_phone, normalise_relation
from core.staff_types import CLASS_TEACHER, SAFETY_OFFICER, StaffMember
from db.models import Staff

NAME_MAX = 50
NOTE_MAX = 200
PROXY_ROLES = (CLASS_TEACHER, SAFETY_OFFICER)


def require_role(
    s: Session, member: StaffMember, roles: tuple[str, ...] = (SAFETY_OFFICER,)
) -> None:
    """Raise NotAllowedError unless the member is active in one of ``roles`` (checked in the db).

    Only the safety officer manages authorized adults; a class teacher may also add a 代接 (R3).
    """
    staff = s.get(Staff, member.id)
    if staff is None or not staff.active or staff.role not in roles:
        raise NotAllowedError("people_not_allowed", "not allowed to change authorized adults")


def check_person_name(name: str) -> str:
    """The trimmed name; raises ``name_empty`` / ``name_too_long``."""
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("name_empty", "a name is needed")
    if len(clean) > NAME_MAX:
        raise ValidationError("name_too_long", "name is too long", limit=NAME_MAX)
    return clean


def check_phone(phone: str, required: bool = False) -> str | None:
    """The stored form of a phone (None when left empty); raises ``phone_invalid``."""
    if not phone.strip():
        if required:
            raise ValidationError("phone_required", "a phone number is needed")
        return None
    clean = normalise_phone(phone)
    if clean is None:
        raise ValidationError("phone_invalid", "malformed phone number", phone=phone.strip())
    return clean


def check_relation(relation: str) -> str:
    """The written form of a relation word (姥姥 → 外婆); raises ``relation_invalid``."""
    if not relation.strip():
        return ""
    clean = normalise_relation(relation)
    if clean is None:
        raise ValidationError("relation_invalid", "malformed relation", relation=relation.strip())
    return clean


def check_note(note: str, code: str = "note_too_long") -> str:
    """The trimmed note; raises ``note_too_long`` past 200 characters."""
    clean = note.strip()
    if len(clean) > NOTE_MAX:
        raise ValidationError(code, "note is too long", limit=NOTE_MAX)
    return clean


def check_validity(valid_from: dt.date, valid_to: dt.date, today: dt.date) -> None:
    """A 代接 runs forward and is not over yet; raises ``proxy_range`` / ``proxy_past``."""
    if valid_to < valid_from:
        raise ValidationError("proxy_range", "the authorization ends before it starts")
    if valid_to < today:
        raise ValidationError("proxy_past", "the authorization is already over")
