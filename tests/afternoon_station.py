"""A second duty station in its own process, driven line by line over stdin (JSON commands).

The afternoon test runs this beside its own process on the same database, so everything the
board shows has really crossed from one process to another. Each command carries the clock
time it happens at; the answer is one JSON line on stdout, written after the commit.

Run: python -m tests.afternoon_station DATABASE_URL   (AFTERSCHOOL_CARD_KEY names the key file)
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from sqlalchemy import select

from core.card_tokens import CardClaims
from core.cards import GUARDIAN, INSTITUTION_STAFF, HolderRef
from core.clock import SimulatedClock
from core.errors import AfterSchoolError, ValidationError
from core.services import Services, build_services
from core.setup import open_database
from core.staff_types import StaffMember
from db.models import Club, Guardian, InstitutionStaff, SchoolClass, Staff, Student

STATION = "西门"


class Station:
    """Performs the afternoon's actions through the same core services the app uses."""

    def __init__(self, url: str, day: dt.date) -> None:
        self.db = open_database(url)
        self.day = day
        self.clock = SimulatedClock(dt.datetime.combine(day, dt.time(15, 0)), advancing=False)
        self.services: Services = build_services(self.db, self.clock)
        with self.db.read() as s:
            self.ids = {no: sid for no, sid in s.execute(select(Student.student_no, Student.id))}

    def member(self, staff_no: str) -> StaffMember:
        with self.db.read() as s:
            st = s.execute(select(Staff).where(Staff.staff_no == staff_no)).scalar_one()
            return StaffMember(st.id, st.staff_no, st.name, st.role, st.class_id)

    def holder(self, name: str) -> HolderRef:
        with self.db.read() as s:
            gid = s.scalar(select(Guardian.id).where(Guardian.name == name))
            if gid is not None:
                return HolderRef(GUARDIAN, gid)
            sid = s.scalar(select(InstitutionStaff.id).where(InstitutionStaff.name == name))
            return HolderRef(INSTITUTION_STAFF, sid)

    def run(self, cmd: dict[str, Any]) -> dict[str, Any]:
        h, m = (int(x) for x in cmd["at"].split(":"))
        self.clock.set(dt.datetime.combine(self.day, dt.time(h, m)))
        me = self.member(cmd.get("by", "D002"))
        op = cmd["op"]
        if op == "present":
            for no in cmd["nos"]:
                self.services.attendance.mark(self.ids[no], self.day, 1, "present", me)
            return {}
        if op == "card":
            cards, key = self.services.cards, self.services.card_key()
            holder = self.holder(cmd["holder"])
            card = cards.current_card(holder) or cards.issue(holder, me)
            token = key.sign(CardClaims(card.id, card.version, card.expires_on))
            verdict = self.services.verdict.scan(token, station=STATION)
            ids = [self.ids[no] for no in cmd["nos"]]
            results = self.services.handoffs.record(
                verdict, ids, me, station=STATION, reason=cmd.get("reason", "")
            )
            return {"recorded": [r.recorded for r in results], "late": [r.late for r in results]}
        if op == "self":
            ids = [self.ids[no] for no in cmd["nos"]]
            results = self.services.dismissal.confirm_self_release(ids, me, STATION)
            return {"recorded": [r.recorded for r in results]}
        if op == "custody":
            teacher = self.member(cmd["teacher"])
            self.services.dismissal.take_custody(self.ids[cmd["no"]], teacher.id, me, STATION)
            return {}
        if op == "call":
            detail = self.services.dismissal.child_detail(self.ids[cmd["no"]])
            guardian = next(g for g in detail.guardians if g.name == cmd["guardian"])
            self.services.dismissal.log_call(
                self.ids[cmd["no"]], cmd["result"], me, guardian_id=guardian.guardian_id
            )
            return {}
        if op == "transfer":
            kind, gid = self.group(cmd["group"])
            info = self.services.dismissal.transfer_group(
                kind,
                gid,
                self.member(cmd["from"]).id,
                self.member(cmd["to"]).id,
                cmd["count"],
                me,
                STATION,
            )
            return {"mismatch": info.mismatch, "expected": info.expected}
        raise ValueError(f"unknown op {op!r}")

    def group(self, name: str) -> tuple[str, int]:
        with self.db.read() as s:
            club = s.scalar(select(Club.id).where(Club.name == name))
            if club is not None:
                return "club", club
            grade, class_no = "一二三四五六".index(name[0]) + 1, int(name[2])
            cid = s.scalar(
                select(SchoolClass.id).where(
                    SchoolClass.grade == grade, SchoolClass.class_no == class_no
                )
            )
            return "class", int(cid or 0)


def main() -> None:
    url, day = sys.argv[1], dt.date.fromisoformat(sys.argv[2])
    station = Station(url, day)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = {"ok": True, **station.run(json.loads(line))}
        except ValidationError as exc:
            answer = {"ok": False, "error": exc.code}
        except AfterSchoolError as exc:
            answer = {"ok": False, "error": type(exc).__name__}
        print(json.dumps(answer), flush=True)
    station.db.dispose()


if __name__ == "__main__":
    main()
