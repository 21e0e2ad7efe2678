"""Pickup card tokens: short, opaque, HMAC-signed texts printed as QR codes (see docs/security.md).

A token is ``AS1`` followed by 42 uppercase base32 characters (QR alphanumeric mode) encoding
26 bytes: key id (2), card id (4), card version (2), expiry in days since 2000-01-01 (2) and
the first 16 bytes of HMAC-SHA256 over ``AS1`` and those 10 bytes. Verifying needs only the key.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import re
import secrets
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import platformdirs

from core import card_keys
from core.card_keys import CardKeyError
from core.errors import AfterSchoolError

__all__ = [
    "CardClaims",
    "CardKey",
    "CardKeyError",
    "TokenError",
    "default_key_path",
    "load_or_create",
    "school_year_end",
]

PREFIX = "AS1"
_EPOCH = dt.date(2000, 1, 1)
_CLAIMS = struct.Struct(">HIHH")  # key id, card id, version, expiry day
_MAC_BYTES = 16
_RAW_BYTES = _CLAIMS.size + _MAC_BYTES
_BODY_CHARS = (8 * _RAW_BYTES + 4) // 5
TOKEN_LENGTH = len(PREFIX) + _BODY_CHARS
MAX_CARD_ID = 2**32 - 1
MAX_VERSION = 2**16 - 1
LATEST_EXPIRY = _EPOCH + dt.timedelta(days=2**16 - 1)
# Anything longer than this is not a token; refuse it before doing any work on it.
_MAX_INPUT = 256
# Scanners in keyboard mode add CR/LF, tabs or control prefixes; an IME may add a wide space.
_STRIP = "".join(chr(c) for c in range(33)) + "\x7f\u00a0\u3000\ufeff"
_TOKEN_RE = re.compile(rf"{PREFIX}[A-Z2-7]{{{_BODY_CHARS}}}")

TokenErrorCode = Literal["unreadable", "forged", "wrong_key"]


@dataclass(frozen=True)
class CardClaims:
    """What a genuine card says: which card, which issue of it, and until when."""

    card_id: int
    version: int
    expires_on: dt.date


class TokenError(AfterSchoolError):
    """A scanned text is not a genuine card of this school.

    ``code`` is ``unreadable`` (not a card token at all), ``forged`` (a token of ours whose
    signature is wrong) or ``wrong_key`` (signed under another key: another school's card, or
    this PC has the wrong key file). All three mean: do not release on this card.
    """

    def __init__(self, code: TokenErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: TokenErrorCode = code


class CardKey:
    """The school's secret card key; signs and verifies tokens. Its repr never shows it."""

    __slots__ = ("_fingerprint", "_secret")

    def __init__(self, secret: bytes) -> None:
        if len(secret) != card_keys.KEY_BYTES:
            raise ValueError(f"A card key has {card_keys.KEY_BYTES} bytes, not {len(secret)}.")
        self._secret = bytes(secret)
        self._fingerprint = card_keys.fingerprint_of(self._secret)

    @classmethod
    def generate(cls) -> CardKey:
        """A new key from the operating system's random source."""
        return cls(secrets.token_bytes(card_keys.KEY_BYTES))

    @property
    def fingerprint(self) -> str:
        """Public identifier to store in the database, e.g. ``1A2B-3C4D-5E6F-7081``."""
        return card_keys.format_fingerprint(self._fingerprint)

    @property
    def key_id(self) -> int:
        """The first two fingerprint bytes, embedded in every token this key signs."""
        return int.from_bytes(self._fingerprint[:2], "big")

    def __repr__(self) -> str:
        return f"CardKey(fingerprint={self.fingerprint!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CardKey):
            return NotImplemented
        return hmac.compare_digest(self._secret, other._secret)

    def __hash__(self) -> int:
        return hash(self._fingerprint)

    def _mac(self, claims_bytes: bytes) -> bytes:
        message = PREFIX.encode("ascii") + claims_bytes
        return hmac.new(self._secret, message, hashlib.sha256).digest()[:_MAC_BYTES]

    def sign(self, claims: CardClaims) -> str:
        """The token text to print as the card's QR code."""
        if not 0 <= claims.card_id <= MAX_CARD_ID:
            raise ValueError(f"Card id {claims.card_id} is outside 0..{MAX_CARD_ID}.")
        if not 0 <= claims.version <= MAX_VERSION:
            raise ValueError(f"Card version {claims.version} is outside 0..{MAX_VERSION}.")
        if not _EPOCH <= claims.expires_on <= LATEST_EXPIRY:
            raise ValueError(f"Expiry {claims.expires_on} is outside {_EPOCH}..{LATEST_EXPIRY}.")
        day = (claims.expires_on - _EPOCH).days
        body = _CLAIMS.pack(self.key_id, claims.card_id, claims.version, day)
        text = base64.b32encode(body + self._mac(body)).decode("ascii").rstrip("=")
        return PREFIX + text

    def verify(self, text: str) -> CardClaims:
        """The claims of a genuine token; never raises anything but ``TokenError``.

        Surrounding whitespace and control characters are ignored and letter case is not
        significant (some scanners change it); nothing else is tolerated. Expiry, card version
        and revocation are not checked here: the verdict does that with the clock and database.
        """
        raw = _decode(text)
        key_id, card_id, version, day = _CLAIMS.unpack(raw[: _CLAIMS.size])
        if not hmac.compare_digest(self._mac(raw[: _CLAIMS.size]), raw[_CLAIMS.size :]):
            if key_id != self.key_id:
                raise TokenError(
                    "wrong_key", "This card was signed with another key (another school's card?)."
                )
            raise TokenError("forged", "This card's signature is wrong: it is not genuine.")
        return CardClaims(card_id, version, _EPOCH + dt.timedelta(days=day))

    def to_recovery_text(self) -> str:
        """The printable recovery sheet text (keep it in the school safe)."""
        return card_keys.encode_recovery(self._secret)

    @classmethod
    def from_recovery_text(cls, text: str, *, expected_fingerprint: str | None = None) -> CardKey:
        """The key typed back from its recovery sheet; ``CardKeyError`` (a ValueError) on typos.

        Pass the database's fingerprint as ``expected_fingerprint`` to refuse another school's key.
        """
        return cls(card_keys.decode_recovery(text, expected_fingerprint))

    def save(self, path: Path, *, exclusive: bool = False) -> None:
        """Write the key file atomically (``exclusive``: never replace an existing one)."""
        card_keys.write_key_file(path, self.to_recovery_text(), exclusive=exclusive)

    @classmethod
    def load(cls, path: Path, *, expected_fingerprint: str | None = None) -> CardKey:
        """Read a key file; ``CardKeyError`` when missing, damaged or for another database."""
        text = card_keys.read_key_file(path)
        try:
            secret = card_keys.decode_recovery(text)
        except CardKeyError as error:
            raise CardKeyError(
                "key_corrupt", f"The card key file {path} is damaged: {error}"
            ) from None
        card_keys.check_fingerprint(secret, expected_fingerprint)
        return cls(secret)


def _unreadable() -> TokenError:
    return TokenError("unreadable", "This is not a pickup card code.")


def _decode(text: str) -> bytes:
    """The 26 token bytes of a well-formed token text, or ``TokenError('unreadable')``."""
    if not isinstance(text, str) or len(text) > _MAX_INPUT:
        raise _unreadable()
    candidate = text.strip(_STRIP)
    # Check ASCII before upper(): "ß".upper() is "SS" and would change the length.
    if not candidate.isascii():
        raise _unreadable()
    candidate = candidate.upper()
    if not _TOKEN_RE.fullmatch(candidate):
        raise _unreadable()
    body = candidate[len(PREFIX) :]
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except (binascii.Error, ValueError):  # pragma: no cover - the pattern admits only valid text
        raise _unreadable() from None
    # The last character carries 2 spare bits; accept only the one spelling we print.
    if len(raw) != _RAW_BYTES or base64.b32encode(raw).decode("ascii").rstrip("=") != body:
        raise _unreadable()
    return raw


def school_year_end(today: dt.date) -> dt.date:
    """31 August of the school year containing ``today`` (the year starts on 1 September)."""
    return dt.date(today.year + 1 if today.month >= 9 else today.year, 8, 31)


def default_key_path() -> Path:
    """Where this PC keeps the card key: the user's config folder, outside the database."""
    return Path(platformdirs.user_config_dir("afterschool", "afterschool")) / "card-key"


def load_or_create(path: Path | None = None, *, expected_fingerprint: str | None = None) -> CardKey:
    """The key in ``path`` (default: ``default_key_path()``), created on first use.

    A key is created only when the file is missing and ``expected_fingerprint`` is None, i.e.
    the database has no cards yet. When the database already records a fingerprint, a missing
    file raises ``CardKeyError('key_missing')``: the safety officer must import the recovery
    sheet, because a new key would silently invalidate every printed card.
    """
    path = default_key_path() if path is None else path
    try:
        return CardKey.load(path, expected_fingerprint=expected_fingerprint)
    except CardKeyError as error:
        if error.code != "key_missing" or expected_fingerprint is not None:
            raise
    key = CardKey.generate()
    try:
        key.save(path, exclusive=True)
    except FileExistsError:  # another station created it a moment ago: use theirs
        return CardKey.load(path)
    return key
