"""What a printed pickup card shows: plain records shared by card issuing and the PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CardChild:
    """A child the card holder may take, as printed."""

    student_no: str
    name: str
    class_name: str


@dataclass(frozen=True)
class CardPrint:
    """One card to print. ``token`` is the QR text (opaque, no personal data)."""

    card_no: str
    holder_name: str
    relation: str  # 父亲, 外婆, 代接, 托管机构 name …
    children: tuple[CardChild, ...]
    valid_until: dt.date
    token: str
    school_name: str
    version: int = 1
