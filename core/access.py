"""Which pages each role may open (R12: only the roles that need a screen can open it)."""

from __future__ import annotations

from core.account_rules import NotAllowedError
from core.staff_types import CLASS_TEACHER, DUTY_TEACHER, SAFETY_OFFICER, StaffMember

ALL_ROLES = frozenset({CLASS_TEACHER, DUTY_TEACHER, SAFETY_OFFICER})

# Page key -> the roles that may open it, in the navigation's order.
PAGES: dict[str, frozenset[str]] = {
    "today": ALL_ROLES,
    "gate": frozenset({DUTY_TEACHER, SAFETY_OFFICER}),
    "dismissal": frozenset({DUTY_TEACHER, SAFETY_OFFICER}),
    "log": frozenset({DUTY_TEACHER, SAFETY_OFFICER}),
    "attendance": frozenset({CLASS_TEACHER, SAFETY_OFFICER}),
    "clubs": frozenset({CLASS_TEACHER, SAFETY_OFFICER}),
    "coverage": ALL_ROLES,
    "safety": ALL_ROLES,
    "pupils": frozenset({SAFETY_OFFICER}),
    "people": frozenset({SAFETY_OFFICER}),
    "cards": frozenset({SAFETY_OFFICER}),
    "settings": frozenset({SAFETY_OFFICER}),
    "accounts": frozenset({SAFETY_OFFICER}),
}


def allowed_pages(member: StaffMember | None) -> list[str]:
    """The page keys this member may open, in navigation order; none before sign-in."""
    if member is None:
        return []
    return [key for key, roles in PAGES.items() if member.role in roles]


def may_open(member: StaffMember | None, key: str) -> bool:
    """True when ``member`` may open the page ``key`` (unknown keys: nobody)."""
    return member is not None and member.role in PAGES.get(key, frozenset())


def require_page(member: StaffMember | None, key: str) -> None:
    """Refuse to build page ``key`` for a member whose role may not open it (R12).

    The navigation lists only the allowed pages; this keeps any other way in shut too.

    Raises:
        NotAllowedError: ``page_not_allowed``.
    """
    if not may_open(member, key):
        role = member.role if member is not None else "nobody"
        raise NotAllowedError("page_not_allowed", f"the {role} role may not open the {key} page")
