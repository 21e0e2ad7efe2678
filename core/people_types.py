"""Frozen records of the authorized-adults screen: search hits, a pupil's card, photo imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.today import mask_phone

OWNER_KINDS = ("student", "guardian", "proxy", "institution_staff", "restriction")


@dataclass(frozen=True)
class PupilHit:
    """A pupil found by the search; class and photo tell same-name children apart."""

    student_id: int
    student_no: str
    name: str
    class_name: str
    has_photo: bool


@dataclass(frozen=True)
class GuardianEntry:
    """A guardian of one pupil; ``siblings`` are the other pupils sharing this adult."""

    guardian_id: int
    name: str
    relation: str
    phone: str | None
    has_photo: bool
    siblings: tuple[str, ...] = ()

    @property
    def phone_masked(self) -> str:
        """138****5678 (R12)."""
        return mask_phone(self.phone)


@dataclass(frozen=True)
class ProxyEntry:
    """A 代接 authorization: who may collect the pupil, from when to when, and on whose word."""

    proxy_id: int
    name: str
    relation: str
    phone: str | None
    valid_from: dt.date
    valid_to: dt.date
    phoned_in_by: str
    written_note: str
    has_photo: bool

    @property
    def phone_masked(self) -> str:
        """138****5678 (R12)."""
        return mask_phone(self.phone)

    @property
    def one_day(self) -> bool:
        """Valid on a single date."""
        return self.valid_from == self.valid_to

    def active_on(self, day: dt.date) -> bool:
        """Whether the authorization covers ``day``; outside its dates it simply is not active."""
        return self.valid_from <= day <= self.valid_to


@dataclass(frozen=True)
class InstitutionStaffEntry:
    """A staff member of a 托管机构 who may collect the institution's pupils."""

    staff_id: int
    name: str
    phone: str | None
    has_photo: bool

    @property
    def phone_masked(self) -> str:
        """138****5678 (R12)."""
        return mask_phone(self.phone)


@dataclass(frozen=True)
class InstitutionEntry:
    """A 托管机构 with its active staff."""

    institution_id: int
    name: str
    phone: str | None
    note: str
    staff: tuple[InstitutionStaffEntry, ...]


@dataclass(frozen=True)
class RestrictionEntry:
    """A person the pupil must never be released to (hard stop, R3)."""

    restriction_id: int
    name: str
    phone: str | None
    note: str
    court_order: bool
    court_order_date: dt.date | None
    has_photo: bool

    @property
    def phone_masked(self) -> str:
        """138****5678 (R12)."""
        return mask_phone(self.phone)


@dataclass(frozen=True)
class PupilCard:
    """Everything the safety officer sees for one pupil: every adult who may or may not collect.

    ``proxies`` holds the authorizations not revoked and not yet over (today's and future ones).
    """

    pupil: PupilHit
    guardians: tuple[GuardianEntry, ...]
    proxies: tuple[ProxyEntry, ...]
    institutions: tuple[InstitutionEntry, ...]
    restrictions: tuple[RestrictionEntry, ...]


@dataclass(frozen=True)
class PhotoMatch:
    """A photo file stored for a pupil or guardian."""

    file: str
    owner_kind: str
    owner_id: int
    owner_name: str


@dataclass(frozen=True)
class PhotoImportReport:
    """What a folder import did: matched files, files matching nobody, duplicates, bad files."""

    matched: tuple[PhotoMatch, ...]
    unmatched: tuple[str, ...]
    duplicates: tuple[str, ...]
    rejected: tuple[tuple[str, str], ...]  # (file, error code)
