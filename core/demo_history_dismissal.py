"""The demo history's dismissals: early pickups, group handovers, and every child going home.

Each afternoon ends the same way at the demo school: classes and clubs handed to the duty
teacher with a head count, then children leave alone, with 阳光托管中心 or with family (some
late, one without a card); one child waits, is rung for and kept by another teacher.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import partial

from sqlalchemy import select

from core.demo_history_rows import (
    HistoryBase,
    Pupil,
    Row,
    Wave,
    actor,
    left_early_payload,
)
from core.roster import canonical_class_name
from core.schedule import DaySchedule
from db.models import (
    Club,
    ClubMember,
    CustodyTransfer,
    GroupTransfer,
)

EARLY = (
    "看牙医，家长提前接走",
    "参加钢琴考级",
    "家中有事，提前接走",
    "去医院复查",
    "参加区运动会集训",
)
NO_CARD = (
    "家长忘带接送卡，核对名单与照片后放行",
    "接送卡落在车上，电话联系母亲确认后放行",
    "接送卡遗失待补办，核对名单与照片后放行",
)


class DismissalHistory(HistoryBase):
    """The dismissal part of each simulated afternoon."""

    def early(
        self,
        day: dt.date,
        present: list[Pupil],
        waves: dict[int, Wave],
        marks: dict[int, Row],
    ) -> dict[int, dt.datetime]:
        """One or two children collected before dismissal with a reason (R6: 早退)."""
        rng = self.rng
        pool = [
            p
            for p in present
            if p.departure == "guardian" and p.id not in self.reserved and self.guardians[p.id]
        ]
        out = {}
        for p in rng.sample(pool, min(len(pool), rng.choice((1, 1, 2)))):
            wave = waves[p.grade]
            at = wave.dismissal - dt.timedelta(
                minutes=rng.randint(25, 80), seconds=rng.randint(0, 59)
            )
            who = self.guardian_for(p, day)
            mark = marks[p.id]
            previous = mark["status"]
            row = self.handoff(
                day, [p], at, wave, "override", who, reason=rng.choice(EARLY), early=True
            )[0]
            row["note"] = "override:early_needs_reason"
            row["replaced_status"] = previous
            mark.update(status="left_early", marked_by=wave.duty.id, marked_at=at)
            self.add_entry(
                at,
                actor(wave.duty),
                "attendance.correct",
                "attendance_mark",
                mark,
                partial(left_early_payload, row, previous),
            )
            out[p.id] = at
        return out

    def transfers(
        self,
        day: dt.date,
        sched: DaySchedule,
        present: list[Pupil],
        waves: dict[int, Wave],
        early: dict[int, dt.datetime],
        keepers: dict[int, int],
    ) -> None:
        """Each class and club handed to the duty teacher with a head count (one recount)."""
        rng = self.rng
        clubs = {
            sid: (cid, name, teacher)
            for sid, cid, name, teacher in self.s.execute(
                select(ClubMember.student_id, Club.id, Club.name, Club.teacher_id)
                .join(Club, Club.id == ClubMember.club_id)
                .where(Club.active.is_(True), Club.weekday == sched.weekday, Club.period == 2)
            )
        }
        groups: dict[tuple[str, int], list[Pupil]] = defaultdict(list)
        for p in present:
            club = clubs.get(p.id)
            groups[("club", club[0]) if club else ("class", p.class_id)].append(p)
        mismatch = day == self.mismatch_day
        for (kind, gid), pupils in sorted(groups.items()):
            wave = min((waves[p.grade] for p in pupils), key=lambda w: w.dismissal)
            at = wave.dismissal - dt.timedelta(seconds=rng.randint(60, 240))
            expected = sum(1 for p in pupils if p.id not in early or early[p.id] >= at)
            if kind == "class":
                grade, class_no = self.classes[gid]
                name = canonical_class_name(grade, class_no)
                giver = keepers.get(gid, self.teacher[gid].id)
            else:
                club = clubs[pupils[0].id]
                name = club[1]
                giver = club[2] or self.teacher[pupils[0].class_id].id
            counts = [(expected, "")]
            if mismatch and kind == "class" and expected >= 2:
                mismatch = False
                counts = [(expected - 1, ""), (expected, "复点：一人去洗手间，已归队，人数一致")]
            for head, note in counts:
                row: Row = dict(
                    on_date=day,
                    at=at,
                    group_kind=kind,
                    class_id=gid if kind == "class" else None,
                    club_id=gid if kind == "club" else None,
                    from_staff_id=giver,
                    to_staff_id=wave.duty.id,
                    head_count=head,
                    expected=expected,
                    station=wave.station,
                    recorded_by=wave.duty.id,
                    note=note,
                )
                payload = {
                    "date": day,
                    "group_kind": kind,
                    "group_id": gid,
                    "group": name,
                    "from_staff_id": giver,
                    "to_staff_id": wave.duty.id,
                    "head_count": head,
                    "expected": expected,
                    "station": wave.station,
                    "note": note,
                }
                self.add(
                    GroupTransfer,
                    row,
                    at,
                    actor(wave.duty),
                    "dismissal.group_transfer",
                    "group_transfer",
                    payload,
                )
                at += dt.timedelta(seconds=rng.randint(60, 120))

    def pickups(self, day: dt.date, pupils: list[Pupil], waves: dict[int, Wave]) -> None:
        """Everyone present leaves: alone, with the institution, or with a guardian."""
        rng = self.rng
        pool = [
            p
            for p in pupils
            if p.departure == "guardian" and p.id not in self.reserved and self.guardians[p.id]
        ]
        late = {p.id for p in rng.sample(pool, min(len(pool), rng.randint(2, 4)))}
        if day in self.repeat_days:
            late.add(self.repeat_child.id)
        alone: dict[int, list[Pupil]] = defaultdict(list)
        collected: dict[int, list[Pupil]] = defaultdict(list)
        families: dict[tuple[int, int], list[Pupil]] = defaultdict(list)
        for p in pupils:
            wave = waves[p.grade]
            if p.id == self.flag_child.id and day == self.flag_day:
                self.flagged(day, p, wave)
            elif p.departure == "self" and self.may_leave_alone(p, day):
                alone[id(wave)].append(p)
            elif p.departure == "institution" and self.institution:
                collected[id(wave)].append(p)
            elif self.guardians[p.id]:
                families[(self.guardians[p.id][0].id, id(wave))].append(p)
        for kids in alone.values():
            wave = waves[kids[0].grade]
            at = wave.dismissal + dt.timedelta(seconds=rng.randint(30, 150))
            self.handoff(day, kids, at, wave, "self", None)
        for i, kids in enumerate(collected.values()):
            wave = waves[kids[0].grade]
            at = wave.dismissal + dt.timedelta(seconds=rng.randint(180, 420))
            person = self.institution[i % len(self.institution)]
            self.handoff(day, kids, at, wave, "institution", person)
        checked = rng.randrange(len(families)) if families else -1
        for i, kids in enumerate(families.values()):
            wave = waves[kids[0].grade]
            who = self.guardian_for(kids[0], day)
            is_late = any(p.id in late for p in kids)
            if is_late:
                at = wave.flag_at + dt.timedelta(seconds=rng.randint(60, 720))
            else:
                at = wave.dismissal + dt.timedelta(seconds=int(rng.triangular(0, 580, 120)))
            if i == checked and not is_late:
                self.handoff(day, kids, at, wave, "identity_check", who, reason=rng.choice(NO_CARD))
                continue
            method = "handheld" if rng.random() < 0.12 else "card"
            if is_late and at > wave.flag_at + dt.timedelta(minutes=4):
                for p in kids:  # the duty teacher rang before they came
                    call_at = wave.flag_at + dt.timedelta(seconds=rng.randint(60, 200))
                    self.call(day, p, call_at, wave, wave.duty, who, "on_the_way", "堵车，马上到")
            self.handoff(day, kids, at, wave, method, who, late=is_late)

    def flagged(self, day: dt.date, p: Pupil, wave: Wave) -> None:
        """无人接领: two calls, custody with another teacher, collected 20 minutes late."""
        family = self.guardians[p.id]
        first, second = family[0], family[-1]
        keeper = next((d for d in self.duty if d is not wave.duty), self.officer)
        flag = wave.flag_at
        self.call(day, p, flag + dt.timedelta(minutes=3), wave, wave.duty, first, "no_answer", "")
        self.call(
            day,
            p,
            flag + dt.timedelta(minutes=8),
            wave,
            wave.duty,
            second,
            "on_the_way",
            "下班堵车，约二十分钟到",
        )
        at = flag + dt.timedelta(minutes=15)
        note = "家长正在赶来，带至值班室看护"
        row: Row = dict(
            student_id=p.id,
            on_date=day,
            at=at,
            teacher_id=keeper.id,
            recorded_by=wave.duty.id,
            station=wave.station,
            note=note,
        )
        payload = {
            "student_id": p.id,
            "date": day,
            "teacher_id": keeper.id,
            "teacher": keeper.name,
            "station": wave.station,
            "note": note,
        }
        self.add(
            CustodyTransfer,
            row,
            at,
            actor(wave.duty),
            "dismissal.custody",
            "custody_transfer",
            payload,
        )
        at = flag + dt.timedelta(minutes=24, seconds=self.rng.randint(0, 300))
        self.handoff(day, [p], at, wave, "card", second, late=True, verifier=keeper)
