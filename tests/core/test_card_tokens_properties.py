"""Property tests: no text but a genuine token verifies, and verify never raises anything else.

Each run checks well over 10,000 texts (see ``EXAMPLES``); derandomized so CI is repeatable.
"""

from __future__ import annotations

import base64
import datetime as dt
import string

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from core.card_tokens import LATEST_EXPIRY, CardClaims, CardKey, TokenError

KEY = CardKey(bytes(range(32)))
OTHER_KEYS = [CardKey(bytes([n]) * 32) for n in range(1, 9)]
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# Examples per test; their sum is the number of hostile texts a run checks (>= 10,000).
EXAMPLES = {
    "random_text": 2000,
    "random_bytes": 2000,
    "mutated": 2500,
    "truncated_or_extended": 1500,
    "re_encoded": 1000,
    "other_key": 1000,
    "harmless": 500,
}
assert sum(v for k, v in EXAMPLES.items() if k != "harmless") >= 10_000


def _settings(name: str) -> settings:
    return settings(
        max_examples=EXAMPLES[name],
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


claims_st = st.builds(
    CardClaims,
    card_id=st.integers(0, 2**32 - 1),
    version=st.integers(0, 2**16 - 1),
    expires_on=st.dates(dt.date(2000, 1, 1), LATEST_EXPIRY),
)


def _refused(key: CardKey, text: str) -> str:
    """The refusal code; fails the test if ``text`` verifies or raises anything else."""
    try:
        claims = key.verify(text)
    except TokenError as error:
        assert error.code in {"unreadable", "forged", "wrong_key"}
        return error.code
    raise AssertionError(f"{text!r} verified as {claims}")


@_settings("random_text")
@given(
    st.one_of(
        st.text(max_size=300),
        st.text(alphabet=B32 + B32.lower() + "=0189 \r\n", max_size=60).map(lambda s: "AS1" + s),
        st.text(alphabet=string.printable, min_size=40, max_size=50),
    )
)
def test_random_text_is_refused(text: str) -> None:
    _refused(KEY, text)


@_settings("random_bytes")
@given(st.binary(min_size=0, max_size=40))
def test_random_bytes_in_our_format_are_refused(raw: bytes) -> None:
    text = "AS1" + base64.b32encode(raw).decode().rstrip("=")
    code = _refused(KEY, text)
    if len(raw) == 26:
        assert code in {"forged", "wrong_key"}


@_settings("mutated")
@given(claims_st, st.integers(0, 44), st.one_of(st.sampled_from(B32), st.characters()))
def test_one_changed_character_is_refused(claims: CardClaims, position: int, char: str) -> None:
    token = KEY.sign(claims)
    # Lowercase ASCII is a harmless scanner change; non-ASCII lookalikes ("ſ") are not.
    assume(char.upper() != token[position] or not char.isascii())
    _refused(KEY, token[:position] + char + token[position + 1 :])


@_settings("truncated_or_extended")
@given(claims_st, st.integers(0, 44), st.text(alphabet=B32 + "=", min_size=1, max_size=8))
def test_truncated_or_extended_token_is_refused(claims: CardClaims, cut: int, extra: str) -> None:
    token = KEY.sign(claims)
    _refused(KEY, token[:cut])
    _refused(KEY, token + extra)
    _refused(KEY, extra + token)


@_settings("re_encoded")
@given(
    claims_st,
    st.sampled_from(
        [
            lambda t: t + "======",
            lambda t: t[:3] + base64.b32hexencode(base64.b32decode(t[3:] + "======")).decode(),
            lambda t: t[:3] + base64.b64encode(base64.b32decode(t[3:] + "======")).decode(),
            lambda t: t[:3] + base64.b16encode(base64.b32decode(t[3:] + "======")).decode(),
            lambda t: "AS1" + t,
            lambda t: t[:3] + " " + t[3:],
            lambda t: "https://school.example/card?" + t,
            lambda t: t.translate(str.maketrans("ABC", "ＡＢＣ")),
        ]
    ),
)
def test_re_encoded_token_is_refused(claims: CardClaims, re_encode: object) -> None:
    assert callable(re_encode)
    token = KEY.sign(claims)
    text = re_encode(token)
    if text != token:
        _refused(KEY, text)


@_settings("other_key")
@given(claims_st, st.sampled_from(OTHER_KEYS))
def test_token_of_another_school_is_refused(claims: CardClaims, other: CardKey) -> None:
    assert _refused(KEY, other.sign(claims)) in {"wrong_key", "forged"}
    assert _refused(other, KEY.sign(claims)) in {"wrong_key", "forged"}


@_settings("harmless")
@given(
    claims_st,
    st.lists(st.booleans(), min_size=45, max_size=45),
    st.text(alphabet=" \t\r\n", max_size=3),
    st.text(alphabet=" \t\r\n", max_size=3),
)
def test_case_and_surrounding_whitespace_keep_the_same_claims(
    claims: CardClaims, upper: list[bool], before: str, after: str
) -> None:
    token = KEY.sign(claims)
    scanned = "".join(c if up else c.lower() for c, up in zip(token, upper, strict=True))
    assert KEY.verify(before + scanned + after) == claims
