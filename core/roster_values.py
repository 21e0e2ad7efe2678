"""Cell-value rules of the class-list import: one normaliser per kind of column."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from core.roster_types import IssueCode

GRADE_NUMERALS = "一二三四五六"
MAX_CLASS_NO = 30
DEFAULT_WEEKDAYS: tuple[int, ...] = (1, 2, 3, 4, 5)

_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)} | {"两": 2}
_CN_NUM = "[一二两三四五六七八九十]{1,3}"
_NUM = rf"(?:\d{{1,2}}|{_CN_NUM})"
_BAN = "(?:班级|班)?"

# Class notations that carry the grade, tried in order. Each needs an explicit marker between
# grade and class (年级, 年, brackets, a separator) or the fixed three-digit form, so that "12"
# is never read as grade 1 class 2.
_CLASS_WITH_GRADE = tuple(
    re.compile(p)
    for p in (
        rf"^(?P<g>[一二三四五六七八九])(?:年级|年)\(?(?P<c>{_NUM})\)?{_BAN}$",
        rf"^(?P<g>[一二三四五六七八九])\((?P<c>{_NUM})\){_BAN}$",
        rf"^(?P<g>[一二三四五六七八九])(?P<c>\d{{1,2}}){_BAN}$",
        rf"^(?P<g>\d{{1,2}})(?:年级|年)\(?(?P<c>{_NUM})\)?{_BAN}$",
        rf"^(?P<g>\d{{1,2}})\((?P<c>{_NUM})\){_BAN}$",
        rf"^(?P<g>[1-9一二三四五六七八九])[.\-–—_·/](?P<c>\d{{1,2}}){_BAN}$",
        rf"^(?P<g>[1-9])(?P<c>\d{{2}}){_BAN}$",
    )
)
_CLASS_ONLY = re.compile(rf"^\(?(?P<c>{_NUM})\)?{_BAN}$")
_GRADE = re.compile(rf"^(?P<g>{_NUM})(?:年级|年)?$")

_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$")
_SPACES = re.compile(r"\s+")
_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_CJK_DOT = re.compile(rf"(?<=[{_CJK}]) ?[•．.・･·‧∙⋅] ?(?=[{_CJK}])")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Control characters other than tab and line breaks: invisible in Excel, refused by PostgreSQL
# (NUL), and a sign of damage rather than of anything the school typed.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_PHONE_SEPARATORS = re.compile(r"[/,;、|\\]|或")
_PHONE_NOISE = re.compile(r"[\s\-–—()]")
_MOBILE = re.compile(r"^1\d{10}$")
_SEVERAL_MOBILES = re.compile(r"^(?:1\d{10}){2,}$")
_LANDLINE = re.compile(r"^(0[12]\d|0[3-9]\d\d)([2-9]\d{6,7})$")

_WEEK_ALL = frozenset({"全周", "每天", "每日", "天天", "全部", "工作日"})
_WEEK_DAY = {**{c: i for i, c in enumerate("一二三四五六日", start=1)}, "天": 7}
_WEEK_DAY.update({str(i): i for i in range(1, 8)})
_WEEK_SPLIT = re.compile(r"[,、;/\s]+")
_WEEK_PREFIX = re.compile("周|星期|礼拜")
_WEEK_RANGE = re.compile(r"^([一二三四五六日天1-7])(?:至|到|~|〜|-|–|—)([一二三四五六日天1-7])$")

_YES = frozenset({"是", "参加", "√", "✓", "✔", "y", "yes", "1", "true"})
_NO = frozenset({"", "否", "不参加", "×", "✗", "✘", "n", "no", "0", "false"})
_GENDERS = {"男": "男", "男生": "男", "男性": "男", "m": "男", "male": "男"}
_GENDERS.update({"女": "女", "女生": "女", "女性": "女", "f": "女", "female": "女"})
_RELATIONS = {"爸爸": "父亲", "妈妈": "母亲", "姥爷": "外公", "姥姥": "外婆"}
_DEPARTURES = {
    **dict.fromkeys(("家长接送", "家长接", "家长", "接送"), "guardian"),
    **dict.fromkeys(("自行离校", "自己回家", "自行回家", "步行", "自行"), "self"),
    **dict.fromkeys(("托管机构", "托管班接", "机构接", "托管", "托管班"), "institution"),
}


class CellError(Exception):
    """A cell value that breaks its column's rule; ``message`` is the CLI text."""

    def __init__(self, code: IssueCode, message: str, value: str = "", **params: object):
        super().__init__(message)
        self.code = code
        self.message = message
        self.value = value
        self.params = params


def cell_text(value: object) -> str:
    """The text a user sees in a cell, from what the spreadsheet reader returned."""
    if isinstance(value, str):
        return value if value.isprintable() else _CONTROL.sub("", value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        # Excel stores every number as a float: 2023010101.0 is the integer the user typed.
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _fold(text: str) -> str:
    """Full-width forms to ASCII and all whitespace removed, for matching fixed vocabularies."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def _small_number(text: str) -> int | None:
    """An integer written in digits or Chinese numerals (一 … 九十九), None if it is neither."""
    if text.isdigit():
        return int(text)
    tens, sep, ones = text.partition("十")
    if not sep:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    high = _CN_DIGITS.get(tens, 0) if tens else 1
    low = _CN_DIGITS.get(ones, 0) if ones else 0
    if (tens and not high) or (ones and not low):
        return None
    return high * 10 + low


def student_no(value: object) -> str:
    """A student number as text; number cells lose their ``.0``, never their digits."""
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        text = cell_text(value)
        raise CellError(
            IssueCode.BAD_STUDENT_NO, f"{text} is not a student number (a date or flag)", text
        )
    if isinstance(value, float):
        text = cell_text(value)
        if not value.is_integer():
            raise CellError(IssueCode.BAD_STUDENT_NO, f"{text} is not a student number", text)
        if abs(value) >= 1e15:
            # Excel keeps 15 significant digits, so a longer number typed as a number is damaged.
            raise CellError(
                IssueCode.SCIENTIFIC_NOTATION,
                f"number {text} has more than 15 digits: digits were lost, "
                "format the column as text",
                text,
            )
        return text
    raw = cell_text(value)
    # An apostrophe is how Excel users force text; in a CSV it arrives literally.
    text = unicodedata.normalize("NFKC", raw).strip().lstrip("'").strip()
    if not text:
        raise CellError(IssueCode.EMPTY_VALUE, "empty")
    if _SCIENTIFIC.match(text):
        raise CellError(
            IssueCode.SCIENTIFIC_NOTATION,
            f"scientific notation {text}: digits were lost, format the column as text",
            raw,
        )
    return check_length(text, MAX_STUDENT_NO)


MAX_STUDENT_NO = 32
MAX_NAME = 50


def check_length(text: str, limit: int) -> str:
    """The text itself, or a TOO_LONG error when it will not fit its database column."""
    if len(text) > limit:
        raise CellError(
            IssueCode.TOO_LONG,
            f"too long: {len(text)} characters, at most {limit}",
            text,
            limit=limit,
        )
    return text


def person_name(text: str) -> str:
    """A name with CJK gaps closed, dots between CJK made ``·`` and Latin spaces single."""
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()
    return _CJK_GAP.sub("", _CJK_DOT.sub("·", text))


def gender(text: str) -> str | None:
    """男, 女 or None for an empty cell."""
    key = _fold(text).casefold()
    if not key:
        return None
    if key in _GENDERS:
        return _GENDERS[key]
    raise CellError(IssueCode.BAD_GENDER, f"malformed gender '{text.strip()}'", text)


def grade(text: str) -> int:
    """A grade 1-6 from a 年级 cell (``三年级``, ``3年级``, ``三``, ``3``)."""
    m = _GRADE.match(_fold(text))
    value = _small_number(m["g"]) if m else None
    if value is None:
        raise CellError(IssueCode.BAD_GRADE, f"cannot parse grade '{text.strip()}'", text)
    if not 1 <= value <= 6:
        raise CellError(IssueCode.BAD_GRADE, f"grade {value} outside 1–6", text, grade=value)
    return value


def school_class(text: str, grade_hint: int | None) -> tuple[int, int]:
    """Grade and class number from a 班级 cell, using the 年级 column's grade when given.

    A number cell ``3.10`` reaches us as the float 3.1 and so reads as class 1: the digits the
    user typed are gone, which is why class columns should be formatted as text.
    """
    key = _fold(text)
    shown = text.strip()
    found_grade: int | None = None
    class_no: int | None = None
    # The patterns take brackets as optional on each side; an unclosed one is a typo.
    patterns = _CLASS_WITH_GRADE if key.count("(") == key.count(")") else ()
    for pattern in patterns:
        m = pattern.match(key)
        if m:
            found_grade, class_no = _small_number(m["g"]), _small_number(m["c"])
            if found_grade is None:
                class_no = None
            break
    else:
        m = _CLASS_ONLY.match(key) if patterns else None
        if m:
            class_no = _small_number(m["c"])
    if class_no is None:
        raise CellError(IssueCode.BAD_CLASS, f"cannot parse class '{shown}'", text)
    if found_grade is None:
        if grade_hint is None:
            raise CellError(IssueCode.BAD_CLASS, f"class '{shown}' has no grade", text)
        found_grade = grade_hint
    elif grade_hint is not None and grade_hint != found_grade:
        raise CellError(
            IssueCode.BAD_CLASS,
            f"class '{shown}' is grade {found_grade} but 年级 says {grade_hint}",
            text,
            grade=grade_hint,
        )
    if not 1 <= found_grade <= 6:
        raise CellError(
            IssueCode.BAD_GRADE, f"grade {found_grade} outside 1–6", text, grade=found_grade
        )
    if not 1 <= class_no <= MAX_CLASS_NO:
        raise CellError(
            IssueCode.BAD_CLASS, f"class number {class_no} outside 1–{MAX_CLASS_NO}", text
        )
    return found_grade, class_no


def phone(text: str) -> str:
    """A mobile as 11 digits or a landline as ``0519-86123456``."""
    shown = text.strip()
    folded = unicodedata.normalize("NFKC", shown)
    if _PHONE_SEPARATORS.search(folded):
        parts = [p for p in _PHONE_SEPARATORS.split(folded) if sum(c.isdigit() for c in p) >= 7]
        if len(parts) > 1:
            raise CellError(
                IssueCode.BAD_PHONE,
                f"several phones in one cell '{shown}': give one phone per column",
                text,
            )
        raise CellError(IssueCode.BAD_PHONE, f"malformed phone '{shown}'", text)
    digits = _PHONE_NOISE.sub("", folded)
    if _SEVERAL_MOBILES.match(digits):
        raise CellError(
            IssueCode.BAD_PHONE,
            f"several phones in one cell '{shown}': give one phone per column",
            text,
        )
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif len(digits) == 13 and digits.startswith("861"):
        digits = digits[2:]
    if _MOBILE.match(digits):
        return digits
    m = _LANDLINE.match(digits)
    if m:
        return f"{m[1]}-{m[2]}"
    raise CellError(IssueCode.BAD_PHONE, f"malformed phone '{shown}'", text)


def relation(text: str) -> str:
    """A kinship or role word; colloquial forms mapped to the written ones."""
    word = _SPACES.sub("", text)
    if any(c.isdigit() for c in word):
        raise CellError(IssueCode.BAD_RELATION, f"relation '{word}' contains digits", text)
    if len(word) > 8:
        raise CellError(IssueCode.BAD_RELATION, f"relation '{word}' longer than 8 characters", text)
    return _RELATIONS.get(word, word)


def after_school(text: str) -> bool:
    """Whether the pupil takes the after-school service; empty means no."""
    key = _fold(text).casefold()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(
        IssueCode.BAD_AFTER_SCHOOL, f"malformed after-school flag '{text.strip()}'", text
    )


def weekdays(text: str) -> tuple[int, ...]:
    """Service days as a sorted tuple of 1-5 (Monday = 1); empty means Monday to Friday."""
    shown = text.strip()
    folded = unicodedata.normalize("NFKC", shown)
    if not folded or _fold(folded) in _WEEK_ALL:
        return DEFAULT_WEEKDAYS
    days: set[int] = set()
    for chunk in _WEEK_SPLIT.split(folded):
        chunk = _WEEK_PREFIX.sub("", chunk)
        m = _WEEK_RANGE.match(chunk)
        if m and _WEEK_DAY[m[1]] <= _WEEK_DAY[m[2]]:
            days.update(range(_WEEK_DAY[m[1]], _WEEK_DAY[m[2]] + 1))
        elif all(c in _WEEK_DAY for c in chunk):
            days.update(_WEEK_DAY[c] for c in chunk)
        else:
            raise CellError(IssueCode.BAD_WEEKDAYS, f"malformed weekdays '{shown}'", text)
    if not days:
        raise CellError(IssueCode.BAD_WEEKDAYS, f"malformed weekdays '{shown}'", text)
    if max(days) > 5:
        raise CellError(IssueCode.BAD_WEEKDAYS, f"weekend day in '{shown}'", text)
    return tuple(sorted(days))


def departure(text: str) -> str:
    """``guardian``, ``self`` or ``institution``; empty means guardian."""
    key = _fold(text)
    if not key:
        return "guardian"
    if key in _DEPARTURES:
        return _DEPARTURES[key]
    raise CellError(IssueCode.BAD_DEPARTURE, f"malformed departure '{text.strip()}'", text)


def canonical_class_name(grade: int, class_no: int) -> str:
    """The one spelling the app shows: grade 3 class 2 is ``三(2)班``.

    Raises:
        ValueError: when the grade is outside 1-6 or the class number is not positive.
    """
    if not 1 <= grade <= 6 or class_no < 1:
        raise ValueError(f"no class grade {grade} class {class_no}")
    return f"{GRADE_NUMERALS[grade - 1]}({class_no})班"


def parse_class(text: str, grade_hint: int | None) -> tuple[int, int] | None:
    """Grade and class number from any accepted class notation, or None when it is not one."""
    try:
        return school_class(text, grade_hint)
    except CellError:
        return None


def normalise_phone(text: str) -> str | None:
    """The stored form of a phone number, or None when it is malformed."""
    try:
        return phone(text)
    except CellError:
        return None


def normalise_relation(text: str) -> str | None:
    """The stored form of a relation word, or None when it is malformed."""
    try:
        return relation(text)
    except CellError:
        return None
