"""The demo school set up for gate tests: a family of two pupils, their cards, times of day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.card_tokens import CardClaims
from core.cards import GUARDIAN, HolderRef
from core.clock import SimulatedClock
from core.services import Services
from core.staff_types import StaffMember
from core.today import PupilToday
from core.verdict_types import CardVerdict

DAY = dt.date(2026, 12, 1)
GRANDMA = ("王桂英", "奶奶", "13900001111")


@dataclass
class GateSchool:
    """Real services over the demo school, with helpers for the gate's afternoon."""

    services: Services
    clock: SimulatedClock
    officer: StaffMember

    def at(self, hhmm: str) -> None:
        """Move the clock to a time of the test day."""
        h, m = hhmm.split(":")
        self.clock.set(dt.datetime.combine(DAY, dt.time(int(h), int(m))))

    def pupils(self, count: int = 2) -> list[PupilToday]:
        """Pupils on today's list, not on leave, collected by guardians, from different grades."""
        out: list[PupilToday] = []
        grades: set[int] = set()
        for band in self.services.today.overview(DAY).bands:
            for cls in band.classes:
                if cls.grade in grades:
                    continue
                pupil = next((p for p in cls.expected if p.departure == "guardian"), None)
                if pupil is not None:
                    out.append(pupil)
                    grades.add(cls.grade)
                if len(out) == count:
                    return out
        raise AssertionError("the demo school has too few pupils on today's list")

    def family(self, pupils: list[PupilToday], adult: tuple[str, str, str] = GRANDMA) -> HolderRef:
        """One adult added as guardian of every pupil given (siblings sharing grandma)."""
        name, relation, phone = adult
        gid = 0
        for p in pupils:
            gid = self.services.people.add_guardian(
                self.officer, p.student_id, name, relation, phone
            )
        return HolderRef(GUARDIAN, gid)

    def present(self, *student_ids: int) -> None:
        """Period-1 roll call: present."""
        for sid in student_ids:
            self.services.attendance.mark(sid, DAY, 1, "present", self.officer)

    def token(self, holder: HolderRef) -> str:
        """The QR text of the holder's card, issued when missing."""
        cards = self.services.cards
        card = cards.current_card(holder) or cards.issue(holder, self.officer)
        return self.services.card_key().sign(CardClaims(card.id, card.version, card.expires_on))

    def scan(self, token: str) -> CardVerdict:
        """The verdict at the east gate, now by the clock."""
        return self.services.verdict.scan(token, station="东门")


def gate_school(services: Services, clock: SimulatedClock) -> GateSchool:
    """The helper over the demo services (the card key lives in AFTERSCHOOL_CARD_KEY)."""
    return GateSchool(services, clock, services.accounts.sign_in("A001", "1234"))
