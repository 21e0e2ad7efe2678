"""Account rules without the database: typed sign-in errors, secret hashing, field checks."""

from __future__ import annotations

import datetime as dt
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import Type, hash_secret

from core.errors import AfterSchoolError, ValidationError
from core.staff_types import ROLES

PIN_DIGITS = (4, 8)
PASSWORD_MIN, PASSWORD_MAX = 6, 128
STAFF_NO_RE = re.compile(r"[A-Z0-9_-]{1,20}")
NAME_MAX = 50
PHONE_RE = re.compile(r"[0-9+\- ]{3,20}")

_hasher = PasswordHasher()
_dummy_hash: str | None = None


class WrongSecretError(AfterSchoolError):
    """The staff number and secret do not match; ``attempts_left`` before the lock-out."""

    code = "wrong_secret"

    def __init__(self, attempts_left: int) -> None:
        super().__init__("staff number or secret wrong", attempts_left=attempts_left)
        self.attempts_left = attempts_left


class UnknownStaffError(WrongSecretError):
    """No active account has this staff number; shown exactly like a wrong secret."""

    code = "unknown_staff"


class LockedOutError(AfterSchoolError):
    """Too many failures: sign-in refused until ``until`` (on every station)."""

    code = "locked_out"

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(f"locked until {until:%H:%M}", until=until)
        self.until = until


class NotAllowedError(AfterSchoolError):
    """Only the administrator (safety officer) may do this, or not to this account."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class AdminExistsError(AfterSchoolError):
    """The first-run administrator was already created (perhaps on another station)."""

    code = "admin_exists"


# --- secrets ---


def hash_secret_text(secret: str) -> str:
    """An Argon2id hash of a PIN or password (random salt)."""
    return _hasher.hash(secret)


def fixed_salt_hash(secret: str, salt: bytes) -> str:
    """An Argon2id hash with a given salt, for the demo school that must build the same way."""
    return hash_secret(
        secret.encode("utf-8"),
        salt,
        time_cost=_hasher.time_cost,
        memory_cost=_hasher.memory_cost,
        parallelism=_hasher.parallelism,
        hash_len=_hasher.hash_len,
        type=Type.ID,
    ).decode("ascii")


def verify_secret(stored: str | None, secret: str) -> bool:
    """True when ``secret`` matches the stored hash; False for no hash, after as long a wait."""
    global _dummy_hash
    if stored is None:
        # Spend the same time as a real check, so timing does not tell which accounts exist;
        # the caller treats the result as a failure whatever it is.
        _dummy_hash = _dummy_hash or _hasher.hash("no account has this secret")
        stored = _dummy_hash
    try:
        return _hasher.verify(stored, secret)
    except (VerificationError, InvalidHashError):
        return False


def _trivial_digits(digits: str) -> bool:
    steps = {int(b) - int(a) for a, b in zip(digits, digits[1:], strict=False)}
    return len(set(digits)) == 1 or steps in ({1}, {-1})


def check_secret(secret: str, staff_no: str = "") -> None:
    """A PIN is 4–8 digits, not trivial; a password is at least 6 characters.

    Raises:
        ValidationError: ``secret_short``, ``secret_long``, ``secret_trivial`` or
            ``secret_is_staff_no``.
    """
    if len(secret) > PASSWORD_MAX:
        raise ValidationError("secret_long", "secret too long", max=PASSWORD_MAX)
    # Digits only: a PIN of 4-8 digits (or a longer all-digit password); else a password.
    digits = secret.isascii() and secret.isdigit()
    if len(secret) < (PIN_DIGITS[0] if digits else PASSWORD_MIN):
        raise ValidationError("secret_short", "PIN 4-8 digits or password of 6+ characters")
    if not secret.strip() or len(set(secret)) == 1 or (digits and _trivial_digits(secret)):
        raise ValidationError("secret_trivial", "secret too easy to guess")
    if staff_no and secret.upper() == staff_no.upper():
        raise ValidationError("secret_is_staff_no", "secret equals the staff number")


def normalise_staff_no(text: str) -> str:
    """Staff numbers compare without surrounding spaces and case (t001 is T001)."""
    return text.strip().upper()


def needs_rehash(stored: str) -> bool:
    """True when a hash was made with older Argon2 settings than the current ones."""
    return _hasher.check_needs_rehash(stored)


# --- fields ---


def check_staff_no(text: str) -> str:
    """The normalised staff number: 1–20 letters, digits, - or _.

    Raises:
        ValidationError: ``staff_no_empty`` or ``staff_no_form``.
    """
    no = normalise_staff_no(text)
    if not no:
        raise ValidationError("staff_no_empty", "staff number missing")
    if not STAFF_NO_RE.fullmatch(no):
        raise ValidationError("staff_no_form", "staff number: letters, digits, - or _, 1-20")
    return no


def check_name(text: str) -> str:
    """The trimmed name, 1–50 characters.

    Raises:
        ValidationError: ``staff_name_empty`` or ``staff_name_long``.
    """
    name = text.strip()
    if not name:
        raise ValidationError("staff_name_empty", "name missing")
    if len(name) > NAME_MAX:
        raise ValidationError("staff_name_long", "name too long", max=NAME_MAX)
    return name


def check_role(role: str) -> None:
    """Accept only the three roles.

    Raises:
        ValidationError: ``staff_role``.
    """
    if role not in ROLES:
        raise ValidationError("staff_role", "unknown role", role=role)


def check_phone(text: str) -> str:
    """The trimmed phone number, or "" when none is given.

    Raises:
        ValidationError: ``staff_phone``.
    """
    phone = text.strip()
    if phone and not PHONE_RE.fullmatch(phone):
        raise ValidationError("staff_phone", "phone: digits, + and -, at most 20")
    return phone
