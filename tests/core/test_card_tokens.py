"""Card tokens and card key custody: signing, refusing, recovery sheet and key file."""

from __future__ import annotations

import base64
import datetime as dt
import os
from pathlib import Path

import pytest
import qrcode
import qrcode.constants
import qrcode.util

from core import card_tokens
from core.card_tokens import (
    CardClaims,
    CardKey,
    CardKeyError,
    TokenError,
    default_key_path,
    load_or_create,
    school_year_end,
)

CLAIMS = CardClaims(card_id=1234, version=2, expires_on=dt.date(2027, 8, 31))
KEY = CardKey(bytes(range(32)))
OTHER_SCHOOL = CardKey(bytes(range(1, 33)))


def _raw(token: str) -> bytes:
    body = token[3:]
    return base64.b32decode(body + "=" * (-len(body) % 8))


def _encode(raw: bytes) -> str:
    return "AS1" + base64.b32encode(raw).decode().rstrip("=")


def _code(key: CardKey, text: str) -> str:
    with pytest.raises(TokenError) as caught:
        key.verify(text)
    return caught.value.code


# --- tokens -----------------------------------------------------------------------------------


def test_round_trip_returns_the_signed_claims() -> None:
    assert KEY.verify(KEY.sign(CLAIMS)) == CLAIMS


@pytest.mark.parametrize(
    "claims",
    [
        CardClaims(0, 0, dt.date(2000, 1, 1)),
        CardClaims(2**32 - 1, 2**16 - 1, card_tokens.LATEST_EXPIRY),
        CardClaims(7, 1, dt.date(2026, 8, 31)),
    ],
)
def test_card_id_version_and_expiry_survive_at_the_limits(claims: CardClaims) -> None:
    assert KEY.verify(KEY.sign(claims)) == claims


def test_token_is_prefix_and_uppercase_base32_without_personal_data() -> None:
    token = KEY.sign(CLAIMS)
    assert len(token) == card_tokens.TOKEN_LENGTH == 45
    assert token.startswith("AS1")
    assert set(token[3:]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert _raw(token)[2:10] == (1234).to_bytes(4, "big") + (2).to_bytes(2, "big") + (
        (CLAIMS.expires_on - dt.date(2000, 1, 1)).days
    ).to_bytes(2, "big")


def test_reissued_card_keeps_its_id_but_carries_the_new_version() -> None:
    old = KEY.verify(KEY.sign(CardClaims(55, 1, CLAIMS.expires_on)))
    new = KEY.verify(KEY.sign(CardClaims(55, 2, CLAIMS.expires_on)))
    assert (old.card_id, old.version, new.version) == (55, 1, 2)


@pytest.mark.parametrize(
    "claims",
    [
        CardClaims(-1, 1, CLAIMS.expires_on),
        CardClaims(2**32, 1, CLAIMS.expires_on),
        CardClaims(1, 2**16, CLAIMS.expires_on),
        CardClaims(1, 1, dt.date(1999, 12, 31)),
        CardClaims(1, 1, card_tokens.LATEST_EXPIRY + dt.timedelta(days=1)),
    ],
)
def test_sign_refuses_claims_it_cannot_encode(claims: CardClaims) -> None:
    with pytest.raises(ValueError):
        KEY.sign(claims)


def test_accepts_lowercase_and_scanner_line_endings() -> None:
    token = KEY.sign(CLAIMS)
    for scanned in (token.lower(), f"  {token}\r\n", f"\t{token.swapcase()}\n", f"\u3000{token}"):
        assert KEY.verify(scanned) == CLAIMS


def test_tampering_with_any_byte_is_refused_as_forged() -> None:
    raw = _raw(KEY.sign(CLAIMS))
    for index in range(2, len(raw)):  # bytes 0-1 are the key id, tested below
        for flip in (0x01, 0x80, 0xFF):
            tampered = raw[:index] + bytes([raw[index] ^ flip]) + raw[index + 1 :]
            assert _code(KEY, _encode(tampered)) == "forged"


def test_changing_the_key_id_is_refused_as_wrong_key() -> None:
    raw = _raw(KEY.sign(CLAIMS))
    for index in (0, 1):
        tampered = raw[:index] + bytes([raw[index] ^ 0x10]) + raw[index + 1 :]
        assert _code(KEY, _encode(tampered)) == "wrong_key"


def test_refuses_another_schools_card_as_wrong_key() -> None:
    assert OTHER_SCHOOL.key_id != KEY.key_id
    assert _code(KEY, OTHER_SCHOOL.sign(CLAIMS)) == "wrong_key"


def test_other_key_with_the_same_key_id_is_still_refused_as_forged() -> None:
    raw = bytearray(_raw(OTHER_SCHOOL.sign(CLAIMS)))
    raw[0:2] = KEY.key_id.to_bytes(2, "big")  # an attacker can write any key id
    assert _code(KEY, _encode(bytes(raw))) == "forged"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "AS1",
        "hello",
        "https://example.com/AS1",
        "AS2" + "A" * 42,
        "AS1" + "A" * 41,
        "AS1" + "A" * 43,
        "AS1" + "A" * 41 + "1",
        "AS1" + "A" * 41 + "ß",
        "AS1 " + "A" * 42,
        "\x00" * 10_000_000,
        "学生卡",
    ],
)
def test_junk_is_unreadable(text: str) -> None:
    assert _code(KEY, text) == "unreadable"


def test_padding_inner_whitespace_and_unused_bits_are_unreadable() -> None:
    token = KEY.sign(CLAIMS)
    last = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".index(token[-1])
    other_spelling = token[:-1] + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[last ^ 0b00001]
    assert _raw(other_spelling) == _raw(token)  # same bytes, different text
    for text in (token + "======", token[:20] + " " + token[20:], other_spelling):
        assert _code(KEY, text) == "unreadable"


def test_token_fits_a_version_4_qr_code_at_level_q_in_alphanumeric_mode() -> None:
    worst = KEY.sign(CardClaims(2**32 - 1, 2**16 - 1, card_tokens.LATEST_EXPIRY))
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q)
    code.add_data(worst)
    code.make(fit=True)
    assert code.version is not None and code.version <= 4
    assert [chunk.mode for chunk in code.data_list] == [qrcode.util.MODE_ALPHA_NUM]


@pytest.mark.parametrize(
    ("today", "end"),
    [
        (dt.date(2026, 9, 1), dt.date(2027, 8, 31)),
        (dt.date(2026, 12, 1), dt.date(2027, 8, 31)),
        (dt.date(2027, 2, 28), dt.date(2027, 8, 31)),
        (dt.date(2027, 8, 31), dt.date(2027, 8, 31)),
    ],
)
def test_school_year_ends_on_31_august(today: dt.date, end: dt.date) -> None:
    assert school_year_end(today) == end


# --- the key ----------------------------------------------------------------------------------


def test_generated_keys_differ_and_repr_hides_the_secret() -> None:
    first, second = CardKey.generate(), CardKey.generate()
    assert first != second and first.fingerprint != second.fingerprint
    assert repr(first) == f"CardKey(fingerprint={first.fingerprint!r})"
    assert first.to_recovery_text().split("\n")[2] not in repr(first)


def test_fingerprint_is_sixteen_hex_digits_in_groups() -> None:
    assert len(KEY.fingerprint) == 19 and KEY.fingerprint.count("-") == 3
    assert int(KEY.fingerprint.replace("-", ""), 16).to_bytes(8, "big")[:2] == (
        KEY.key_id.to_bytes(2, "big")
    )


def test_key_must_have_32_bytes() -> None:
    with pytest.raises(ValueError):
        CardKey(b"short")


def test_recovery_text_round_trip() -> None:
    key = CardKey.generate()
    restored = CardKey.from_recovery_text(key.to_recovery_text())
    assert restored == key and restored.verify(key.sign(CLAIMS)) == CLAIMS


def test_recovery_text_tolerates_how_people_type_it() -> None:
    sheet = KEY.to_recovery_text()
    lines = [line for line in sheet.splitlines() if line.startswith("Line")]
    typed = "\n".join(
        line.replace("Line ", "").replace(" ", "").lower() for line in reversed(lines)
    )
    assert CardKey.from_recovery_text(typed) == KEY
    fullwidth = sheet.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert CardKey.from_recovery_text(fullwidth) == KEY
    body = lines[0].split(": ")[1]
    lookalike = next((c for c in body if c in "OIB"), None)
    if lookalike is not None:
        digit = {"O": "0", "I": "1", "B": "8"}[lookalike]
        assert (
            CardKey.from_recovery_text(sheet.replace(body, body.replace(lookalike, digit))) == KEY
        )


def test_recovery_typo_names_the_line() -> None:
    sheet = KEY.to_recovery_text()
    line3 = sheet.splitlines()[4]
    body = line3.split(": ")[1]
    swapped = body[1] + body[0] + body[2:] if body[0] != body[1] else body[::-1]
    with pytest.raises(ValueError, match="Line 3 .*typo") as caught:
        CardKey.from_recovery_text(sheet.replace(body, swapped))
    assert isinstance(caught.value, CardKeyError) and caught.value.code == "recovery_typo"


def test_single_character_typos_in_a_line_are_caught() -> None:
    sheet = KEY.to_recovery_text()
    start = sheet.index("Line 1: ") + len("Line 1: ")
    for position in range(start, start + 17):
        if sheet[position] == " ":
            continue
        for replacement in "ACQZ27":
            if replacement == sheet[position]:
                continue
            typo = sheet[:position] + replacement + sheet[position + 1 :]
            with pytest.raises(CardKeyError):
                CardKey.from_recovery_text(typo)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: "\n".join(x for x in s.splitlines() if not x.startswith("Line 2")), "Line 2"),
        (lambda s: s.replace("Line 4: ", "Line 4: A"), "Line 4 .*15 letters"),
        (lambda s: s + s.splitlines()[3] + "\n", "Line 2 .*twice"),
        (lambda s: "", "Line 1 .*missing"),
        (lambda s: "x" * 100_000, "too long"),
    ],
)
def test_recovery_text_mistakes_are_explained(edit: object, message: str) -> None:
    assert callable(edit)
    with pytest.raises(CardKeyError, match=message):
        CardKey.from_recovery_text(edit(KEY.to_recovery_text()))


def test_recovery_text_must_match_the_printed_and_the_database_fingerprint() -> None:
    sheet = KEY.to_recovery_text()
    wrong_printed = sheet.replace(KEY.fingerprint, OTHER_SCHOOL.fingerprint)
    with pytest.raises(CardKeyError, match="sheet says") as caught:
        CardKey.from_recovery_text(wrong_printed)
    assert caught.value.code == "recovery_typo"
    with pytest.raises(CardKeyError) as caught:
        CardKey.from_recovery_text(sheet, expected_fingerprint=OTHER_SCHOOL.fingerprint)
    assert caught.value.code == "key_mismatch"
    lower = KEY.fingerprint.lower().replace("-", "")
    assert CardKey.from_recovery_text(sheet, expected_fingerprint=lower) == KEY


# --- the key file -----------------------------------------------------------------------------


def test_key_file_save_and_load(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "card-key"
    key = CardKey.generate()
    key.save(path)
    assert CardKey.load(path) == key
    assert CardKey.load(path, expected_fingerprint=key.fingerprint) == key
    assert [p.name for p in path.parent.iterdir()] == ["card-key"]  # no temp file left behind
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_save_replaces_but_exclusive_save_does_not(tmp_path: Path) -> None:
    path = tmp_path / "card-key"
    KEY.save(path)
    OTHER_SCHOOL.save(path)
    assert CardKey.load(path) == OTHER_SCHOOL
    with pytest.raises(FileExistsError):
        KEY.save(path, exclusive=True)
    assert CardKey.load(path) == OTHER_SCHOOL


def test_load_refuses_missing_damaged_and_foreign_key_files(tmp_path: Path) -> None:
    path = tmp_path / "card-key"
    with pytest.raises(CardKeyError) as caught:
        CardKey.load(path)
    assert caught.value.code == "key_missing"
    for content in (b"AFTERSCHOOL CARD KEY v1\n", b"\xff\xfe", b"x" * 10_000):
        path.write_bytes(content)
        with pytest.raises(CardKeyError) as caught:
            CardKey.load(path)
        assert caught.value.code == "key_corrupt"
    KEY.save(path)
    with pytest.raises(CardKeyError) as caught:
        CardKey.load(path, expected_fingerprint=OTHER_SCHOOL.fingerprint)
    assert caught.value.code == "key_mismatch"


def test_load_or_create_creates_once_then_loads(tmp_path: Path) -> None:
    path = tmp_path / "card-key"
    created = load_or_create(path)
    assert path.exists()
    assert load_or_create(path) == created
    assert load_or_create(path, expected_fingerprint=created.fingerprint) == created


def test_load_or_create_never_replaces_a_lost_key_the_database_knows(tmp_path: Path) -> None:
    with pytest.raises(CardKeyError) as caught:
        load_or_create(tmp_path / "card-key", expected_fingerprint=KEY.fingerprint)
    assert caught.value.code == "key_missing"
    assert not (tmp_path / "card-key").exists()


def test_load_or_create_never_replaces_a_damaged_key_file(tmp_path: Path) -> None:
    path = tmp_path / "card-key"
    path.write_text("garbage")
    with pytest.raises(CardKeyError):
        load_or_create(path)
    assert path.read_text() == "garbage"


def test_default_key_path_is_in_the_user_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        card_tokens.platformdirs, "user_config_dir", lambda *a, **k: str(tmp_path / "config")
    )
    assert default_key_path() == tmp_path / "config" / "card-key"
    key = load_or_create()
    assert CardKey.load(tmp_path / "config" / "card-key") == key
