"""Pinyin keys of names: 张三 is found as zhangsan or zs; polyphonic surnames in every reading."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

_NOISE = re.compile(r"[\s·•・.\-_']+")
_HAN = re.compile(r"[\u3400-\u9fff]")


def fold_query(text: str) -> str:
    """Lower case, full-width folded, without spaces or the dot of minority names."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def _syllables(text: str) -> list[str]:
    # ü comes out as v; people type both lv and lu for 吕, so u stands for either.
    return [fold_query(p).replace("v", "u") for p in lazy_pinyin(text, style=Style.NORMAL) if p]


@dataclass(frozen=True)
class NameKeys:
    """Every full spelling (zhangsan) and initials spelling (zs) a name may be searched by."""

    full: frozenset[str]
    initials: frozenset[str]


@lru_cache(maxsize=8192)
def name_keys(name: str) -> NameKeys:
    """The keys of a name; cached, so the school's index is built once and only new names cost.

    The first character is read in every reading pypinyin knows (曾 ceng/zeng, 单 dan/shan,
    解 jie/xie); the rest in the phrase-aware reading.
    """
    clean = fold_query(name)
    variants: list[list[str]] = [_syllables(clean)]
    if clean and _HAN.match(clean[0]):
        rest = _syllables(clean[1:])
        for reading in pinyin(clean[0], style=Style.NORMAL, heteronym=True)[0]:
            variants.append([reading.replace("v", "u"), *rest])
    full = frozenset("".join(v) for v in variants if v)
    initials = frozenset("".join(s[0] for s in v if s) for v in variants if v)
    # zengxm: the surname spelt out, the given name by initials.
    initials |= frozenset(v[0] + "".join(s[0] for s in v[1:] if s) for v in variants if v)
    return NameKeys(full, initials)


def match_rank(query: str, name: str, student_no: str) -> int | None:
    """How well a folded query matches a pupil (0 best), or None when it does not.

    Digits search student numbers; text with Chinese characters searches the name; letters
    search full pinyin and initials.
    """
    if not query:
        return None
    if query.isdigit():
        if student_no == query:
            return 0
        if student_no.startswith(query):
            return 1
        return 2 if query in student_no else None
    if _HAN.search(query):
        folded = fold_query(name)
        if folded == query:
            return 0
        if folded.startswith(query):
            return 1
        return 2 if query in folded else None
    key = query.replace("v", "u")
    keys = name_keys(name)
    if key in keys.full or key in keys.initials:
        return 0
    if any(f.startswith(key) for f in keys.full) or any(i.startswith(key) for i in keys.initials):
        return 1
    # A given name alone (san for 张三) is worth finding, but two letters match too much.
    if len(key) >= 3 and any(key in f for f in keys.full):
        return 2
    return None
