"""Custody of the card key: its fingerprint, the printable recovery sheet and the key file.

The key itself is 32 random bytes. It never enters the database: the database keeps only the
fingerprint, so a leaked backup cannot sign cards, yet it can tell "wrong key file" from "forged".
These helpers work on raw bytes; ``core.card_tokens.CardKey`` wraps them.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from core.errors import AfterSchoolError

KEY_BYTES = 32
FINGERPRINT_BYTES = 8

_FINGERPRINT_DOMAIN = b"afterschool card key fingerprint v1\x00"
_LINE_DOMAIN = b"afterschool recovery line v1\x00"
_HEADER = "AFTERSCHOOL CARD KEY v1"
_LINES = 4
_BYTES_PER_LINE = KEY_BYTES // _LINES
# 8 key bytes and 1 check byte are 72 bits: 15 base32 characters (3 spare bits, always zero).
_CHARS_PER_LINE = 15
_MAX_TEXT = 8192
_B32_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
# Base32 has no 0, 1 or 8, so a person copying the sheet by hand most likely meant O, I or B.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
_LINE_RE = re.compile(r"^\s*(?:line\s*)?([1-4])(?:\s*[:.)]\s*|\s+)(.*?)\s*$", re.IGNORECASE)
_FINGERPRINT_RE = re.compile(r"^\s*fingerprint\s*:?\s*([0-9a-f\s-]+?)\s*$", re.IGNORECASE)


class CardKeyError(AfterSchoolError, ValueError):
    """The key file or recovery text is missing, corrupt, mistyped or for another database.

    ``code`` is one of ``key_missing``, ``key_corrupt``, ``recovery_typo`` or ``key_mismatch``.
    It is a ``ValueError`` too, so callers that only expect bad input can catch that.
    """

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message, **params)
        self.code = code


def fingerprint_of(secret: bytes) -> bytes:
    """The key's public identifier: it reveals nothing about the 256-bit secret."""
    return hashlib.sha256(_FINGERPRINT_DOMAIN + secret).digest()[:FINGERPRINT_BYTES]


def format_fingerprint(fingerprint: bytes) -> str:
    """Sixteen hex digits in groups of four, e.g. ``1A2B-3C4D-5E6F-7081``."""
    digits = fingerprint.hex().upper()
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def normalize_fingerprint(text: str) -> str:
    """The canonical form of a fingerprint typed with or without dashes, in any case."""
    digits = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", text)).upper()
    if len(digits) != 2 * FINGERPRINT_BYTES or not re.fullmatch(r"[0-9A-F]+", digits):
        raise CardKeyError("key_corrupt", f"{text!r} is not a key fingerprint (16 hex digits).")
    return format_fingerprint(bytes.fromhex(digits))


def _line_check(index: int, chunk: bytes) -> int:
    return hashlib.sha256(_LINE_DOMAIN + bytes([index]) + chunk).digest()[0]


def encode_recovery(secret: bytes) -> str:
    """The recovery sheet: a header, the fingerprint, and four checked lines of the key."""
    lines = [_HEADER, f"Fingerprint: {format_fingerprint(fingerprint_of(secret))}"]
    for index in range(1, _LINES + 1):
        chunk = secret[(index - 1) * _BYTES_PER_LINE : index * _BYTES_PER_LINE]
        body = base64.b32encode(chunk + bytes([_line_check(index, chunk)])).decode("ascii")
        body = body.rstrip("=")
        lines.append(f"Line {index}: " + " ".join(body[i : i + 5] for i in range(0, len(body), 5)))
    return "\n".join(lines) + "\n"


def _decode_line(index: int, typed: str) -> bytes:
    body = re.sub(r"[\s-]", "", typed).upper().translate(_LOOKALIKES)
    if len(body) != _CHARS_PER_LINE or not set(body) <= _B32_ALPHABET:
        raise CardKeyError(
            "recovery_typo",
            f"Line {index} of the recovery key should have {_CHARS_PER_LINE} letters and digits "
            f"2-7; it has {len(body)} characters. Compare it with the sheet.",
            line=index,
        )
    try:
        raw = base64.b32decode(body + "=")
    except (binascii.Error, ValueError):  # pragma: no cover - alphabet and length checked above
        raw = b""
    chunk, check = raw[:_BYTES_PER_LINE], raw[_BYTES_PER_LINE:]
    canonical = base64.b32encode(raw).decode("ascii").rstrip("=") == body
    if len(raw) != _BYTES_PER_LINE + 1 or not canonical or check[0] != _line_check(index, chunk):
        raise CardKeyError(
            "recovery_typo",
            f"Line {index} of the recovery key has a typo: its check does not match. "
            "Compare it with the sheet character by character.",
            line=index,
        )
    return chunk


def decode_recovery(text: str, expected_fingerprint: str | None = None) -> bytes:
    """The secret typed back from a recovery sheet; ``CardKeyError`` says which line is wrong.

    Tolerates any case, extra spaces and dashes, full-width characters from a Chinese input
    method, and 0/1/8 typed for O/I/B. When ``expected_fingerprint`` (the database's) is given,
    a key for another database is refused with ``key_mismatch``.
    """
    if len(text) > _MAX_TEXT:
        raise CardKeyError("recovery_typo", "The recovery text is far too long to be a key.")
    found: dict[int, bytes] = {}
    printed: str | None = None
    for raw_line in unicodedata.normalize("NFKC", text).splitlines():
        if match := _LINE_RE.match(raw_line):
            index = int(match[1])
            if index in found:
                raise CardKeyError(
                    "recovery_typo", f"Line {index} of the recovery key appears twice.", line=index
                )
            found[index] = _decode_line(index, match[2])
        elif match := _FINGERPRINT_RE.match(raw_line):
            printed = normalize_fingerprint(match[1])
    missing = [index for index in range(1, _LINES + 1) if index not in found]
    if missing:
        raise CardKeyError(
            "recovery_typo",
            f"Line {missing[0]} of the recovery key is missing: type all {_LINES} lines, "
            'each starting with its number ("Line 1: ...").',
            line=missing[0],
        )
    secret = b"".join(found[index] for index in range(1, _LINES + 1))
    actual = format_fingerprint(fingerprint_of(secret))
    if printed is not None and printed != actual:
        raise CardKeyError(
            "recovery_typo",
            f"The key typed has fingerprint {actual}, but the sheet says {printed}. "
            "Check the lines against the sheet.",
        )
    check_fingerprint(secret, expected_fingerprint)
    return secret


def check_fingerprint(secret: bytes, expected_fingerprint: str | None) -> None:
    """Refuse a key whose fingerprint is not the one the database recorded."""
    if expected_fingerprint is None:
        return
    actual = format_fingerprint(fingerprint_of(secret))
    if normalize_fingerprint(expected_fingerprint) != actual:
        raise CardKeyError(
            "key_mismatch",
            f"This key (fingerprint {actual}) is not the one this school's cards were signed "
            f"with (fingerprint {normalize_fingerprint(expected_fingerprint)}).",
            actual=actual,
            expected=expected_fingerprint,
        )


def write_key_file(path: Path, text: str, *, exclusive: bool) -> None:
    """Write the key file atomically, readable only by this user where the OS allows.

    A crash never leaves a half-written key. With ``exclusive`` an existing file is never
    replaced (``FileExistsError``), so two stations starting at once cannot both create a key.
    On Windows the file inherits the per-user ACL of the profile folder it lives in.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkstemp creates the file with mode 0600 on POSIX before any secret is written to it.
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".card-key-", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="ascii", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if not exclusive:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)  # atomic, and fails if the file exists
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if path.exists():
                    raise FileExistsError(str(path)) from None
                os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o600)
        with contextlib.suppress(OSError):
            directory = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)


def read_key_file(path: Path) -> str:
    """The key file's text; ``CardKeyError`` if it is missing or is not a key file."""
    try:
        if path.stat().st_size > _MAX_TEXT:
            raise CardKeyError("key_corrupt", f"{path} is too large to be a card key file.")
        return path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise CardKeyError("key_missing", f"The card key file {path} does not exist.") from None
    except UnicodeDecodeError:
        raise CardKeyError("key_corrupt", f"{path} is not a card key file.") from None
