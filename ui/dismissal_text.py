"""Words and colours of the dismissal board: states, countdowns, clocks, calls and errors."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox, QWidget

from core.dismissal_types import (
    ABSENT,
    CUSTODY,
    FLAGGED,
    GONE,
    GRADE_NOT_ALLOWED,
    HANDED_OVER,
    INSTITUTION,
    LEAVE,
    NO_ANSWER,
    NO_CONSENT,
    NOTIFIED,
    ON_THE_WAY,
    OTHER_ARRANGEMENT,
    SELF_RELEASED,
    STEP_CALL,
    STEP_CUSTODY,
    STEP_OFFICER,
    UNMARKED,
    WAITING,
    Board,
    BoardChild,
    CallEntry,
    EscalationPolicy,
    Release,
    Wave,
)
from core.errors import AfterSchoolError
from ui.messages import fill, warn

log = logging.getLogger(__name__)

# A plain name so that lupdate finds every call with its literal context.
translate = QCoreApplication.translate

RED_BG = QColor("#fde2e1")
RED_FG = QColor("#991b1b")
AMBER_BG = QColor("#ffedd5")
AMBER_FG = QColor("#9a3412")
GREEN_FG = QColor("#166534")
GREY_FG = QColor("#6b7280")
RED = "#b3261e"
BANNER_STYLE = (
    "background: #fde2e1; color: #7f1d1d; border: 2px solid #b3261e; "
    "border-radius: 4px; padding: 6px 12px; font-size: 15px;"
)


class BoardWords:
    """The board's words, translated once: one refresh formats thousands of rows.

    Built afresh for each refresh (cheap: a few dozen look-ups), so a change of language
    shows at the next refresh.
    """

    def __init__(self) -> None:
        self.states = {
            WAITING: translate("DismissalText", "Waiting"),
            FLAGGED: translate("DismissalText", "Unaccompanied"),
            HANDED_OVER: translate("DismissalText", "Handed over"),
            SELF_RELEASED: translate("DismissalText", "Left alone"),
            INSTITUTION: translate("DismissalText", "Institution"),
            CUSTODY: translate("DismissalText", "In custody"),
            LEAVE: translate("DismissalText", "On leave"),
            ABSENT: translate("DismissalText", "Absent"),
            UNMARKED: translate("DismissalText", "Not marked"),
        }
        self.results = {
            NO_ANSWER: translate("DismissalText", "No answer"),
            ON_THE_WAY: translate("DismissalText", "On the way"),
            OTHER_ARRANGEMENT: translate("DismissalText", "Other arrangement"),
            NOTIFIED: translate("DismissalText", "Safety officer notified"),
        }
        self.steps = {
            STEP_CALL: translate("DismissalText", "call the guardians"),
            STEP_CUSTODY: translate("DismissalText", "hand to a teacher's custody"),
            STEP_OFFICER: translate("DismissalText", "notify the safety officer"),
        }
        self.taken_by = translate("DismissalText", "{time} taken by {person}")
        self.late = translate("DismissalText", "late pickup")
        self.early = translate("DismissalText", "left early")
        self.identity = translate("DismissalText", "identity checked without card")
        self.override = translate("DismissalText", "released by override")
        self.kept = translate("DismissalText", "Kept at school by {teacher} since {time}")
        self.left_at = translate("DismissalText", "Left alone at {time}")
        self.last_call = translate("DismissalText", "Last call: {call}")
        self.leaves_alone = translate("DismissalText", "Leaves alone: confirm at dismissal")
        self.by_institution = translate("DismissalText", "Collected by an institution")
        self.due = translate("DismissalText", "{n} min · due: {step}")
        self.call_from = translate("DismissalText", "{n} min · call from {time}")

    def state(self, state: str) -> str:
        """等待中 / 无人接领 / 已接走 / 自行离校 / 托管机构 / 留校看护 / 请假 / 缺勤 / 未点名."""
        return self.states.get(state, state)

    def result(self, result: str) -> str:
        """未接通 / 正在赶来 / 另有安排 / 已通知安全负责人."""
        return self.results.get(result, result)

    def marks(self, release: Release) -> str:
        """The notes a release carries: late, early, no card, override."""
        marks = []
        if release.late:
            marks.append(self.late)
        if release.early:
            marks.append(self.early)
        if release.method == "identity_check":
            marks.append(self.identity)
        elif release.method == "override":
            marks.append(self.override)
        return "".join(f" · {m}" for m in marks)

    def release(self, release: Release) -> str:
        """17:32 由 王桂英（奶奶）接走 · 东门 · 晚接."""
        text = self.taken_by.format(
            time=hhmm(release.at), person=person_text(release.receiver, release.relation)
        )
        if release.station:
            text += f" · {release.station}"
        return text + self.marks(release)

    def call(self, call: CallEntry) -> str:
        """17:25 王桂英（奶奶）：未接通 · note — 李老师."""
        text = f"{hhmm(call.at)} {call.callee}：{self.result(call.result)}"
        if call.note:
            text += f" · {call.note}"
        if call.staff:
            text += f" — {call.staff}"
        return text

    def detail(self, child: BoardChild) -> str:
        """What has been done about a child, in one line."""
        state = child.state
        if state == CUSTODY and child.custody is not None:
            kept = self.kept.format(teacher=child.custody.teacher, time=hhmm(child.custody.at))
            return f"{kept} · {child.phones}" if child.phones else kept
        if child.release is not None:
            if state == SELF_RELEASED:
                return self.left_at.format(time=hhmm(child.release.at)) + self.marks(child.release)
            return self.release(child.release)
        if state == FLAGGED:
            # Whom to ring, right in the row: a duty teacher with many flagged children
            # should not have to open each one.
            parts = [child.phones] if child.phones else []
            if child.last_call is not None:
                parts.append(self.last_call.format(call=self.call(child.last_call)))
            return " · ".join(parts)
        if child.last_call is not None:
            return self.last_call.format(call=self.call(child.last_call))
        if state == WAITING and child.departure == "self":
            return self.leaves_alone
        if state == WAITING and child.departure == "institution":
            return self.by_institution
        return ""

    def clock(self, child: BoardChild, policy: EscalationPolicy, now: dt.datetime) -> str:
        """已 12 分钟 · 应：转留校看护 (flagged children only; empty otherwise)."""
        if child.state != FLAGGED or child.flag_at is None:
            return ""
        since = max(dt.timedelta(0), now - child.flag_at)
        minutes = int(since.total_seconds() // 60)
        due = self.steps.get(policy.step(since), "")
        if due:
            return self.due.format(n=minutes, step=due)
        nxt = policy.next_step_at(child.flag_at, now)
        return self.call_from.format(n=minutes, time=hhmm(nxt))


def state_text(state: str) -> str:
    """等待中 / 无人接领 / 已接走 / 自行离校 / 托管机构 / 留校看护 / 请假 / 缺勤 / 未点名."""
    return BoardWords().state(state)


def still_waiting_text() -> str:
    """The filter that shows waiting and flagged children together."""
    return translate("DismissalText", "Still waiting")


def state_colors(state: str) -> tuple[QColor | None, QColor | None]:
    """Background and text colour of a row: red flagged, amber custody, grey gone or away."""
    if state == FLAGGED:
        return RED_BG, RED_FG
    if state == CUSTODY:
        return AMBER_BG, AMBER_FG
    if state == WAITING:
        return None, None
    return None, GREY_FG


def state_cell_color(state: str) -> QColor | None:
    """The state word itself: green once the child has gone."""
    return GREEN_FG if state in GONE else None


def hhmm(moment: dt.datetime | None) -> str:
    """17:10, or nothing."""
    return f"{moment.hour:02d}:{moment.minute:02d}" if moment else ""


def person_text(name: str, relation: str) -> str:
    """王桂英（奶奶）, or the name alone."""
    return f"{name}（{relation}）" if relation else name


def release_text(release: Release) -> str:
    """17:32 由 王桂英（奶奶）接走 · 东门 · 晚接."""
    return BoardWords().release(release)


def marks_text(release: Release) -> str:
    """The notes a release carries: late, early, no card, override."""
    return BoardWords().marks(release)


def call_result_text(result: str) -> str:
    """未接通 / 正在赶来 / 另有安排 / 已通知安全负责人."""
    return BoardWords().result(result)


def call_text(call: CallEntry) -> str:
    """17:25 王桂英（奶奶）：未接通 · note — 李老师."""
    return BoardWords().call(call)


def detail_text(child: BoardChild) -> str:
    """What has been done about a child, in one line."""
    return BoardWords().detail(child)


def step_text(step: str) -> str:
    """What the escalation clock asks for now."""
    return BoardWords().steps.get(step, "")


def clock_text(child: BoardChild, policy: EscalationPolicy, now: dt.datetime) -> str:
    """已 12 分钟 · 应：转留校看护 (flagged children only; empty otherwise)."""
    return BoardWords().clock(child, policy, now)


def span_text(seconds: int) -> str:
    """12:34, or 1:02:03 past an hour."""
    seconds = max(0, seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def no_service_text(wave: Wave) -> str:
    """今日无课后服务：期中考试."""
    if wave.note:
        return translate("DismissalText", "No after-school service today: {reason}").format(
            reason=wave.note
        )
    return translate("DismissalText", "No after-school service today")


def countdown_text(wave: Wave, now: dt.datetime) -> tuple[str, bool]:
    """The band's countdown and whether it is an alarm (red): 距放学 12:34 / 已放学 3 分钟."""
    if not wave.service or wave.dismissal is None:
        return no_service_text(wave), False
    if now < wave.dismissal:
        left = int((wave.dismissal - now).total_seconds())
        return translate("DismissalText", "Dismissal in {time}").format(time=span_text(left)), False
    flagged = wave.counts.get(FLAGGED, 0)
    if wave.flag_at is not None and now >= wave.flag_at and flagged:
        return translate("DismissalText", "Unaccompanied: {n}").format(n=flagged), True
    minutes = int((now - wave.dismissal).total_seconds() // 60)
    if minutes == 0:
        return translate("DismissalText", "Dismissal now"), False
    return translate("DismissalText", "Dismissed {n} min ago").format(n=minutes), False


def wave_count_items(wave: Wave) -> list[str]:
    """待接 12 / 已接走 30 / 自行离校 3 / 托管机构 2 / 留校看护 1: each shown unbroken."""
    c = wave.counts
    return [
        translate("DismissalText", "waiting {n}").format(n=wave.waiting),
        translate("DismissalText", "handed over {n}").format(n=c.get(HANDED_OVER, 0)),
        translate("DismissalText", "left alone {n}").format(n=c.get(SELF_RELEASED, 0)),
        translate("DismissalText", "institution {n}").format(n=c.get(INSTITUTION, 0)),
        translate("DismissalText", "custody {n}").format(n=c.get(CUSTODY, 0)),
    ]


def wave_counts_text(wave: Wave) -> str:
    """待接 12 · 已接走 30 · 自行离校 3 · 托管机构 2 · 留校看护 1."""
    return " · ".join(wave_count_items(wave))


def banner_text(board: Board, limit: int = 8) -> str:
    """The page's red lines: children flagged now, head counts that did not match."""
    lines = []
    flagged = board.flagged
    if flagged:
        names = "、".join(f"{c.class_name} {c.name}" for c in flagged[:limit])
        lines.append(
            translate("DismissalText", "Unaccompanied: {n} pupils ({names}{more})").format(
                n=len(flagged), names=names, more="…" if len(flagged) > limit else ""
            )
        )
    for t in board.mismatches:
        lines.append(
            translate(
                "DismissalText",
                "Head count mismatch: {group} handed by {source} to {target} at {time}: "
                "counted {count}, expected {expected}",
            ).format(
                group=t.group_name,
                source=t.from_teacher,
                target=t.to_teacher,
                time=hhmm(t.at),
                count=t.head_count,
                expected=t.expected,
            )
        )
    return "\n".join(lines)


def refusal_text(code: str) -> str:
    """Why a 自行离校 child may not leave alone today."""
    return {
        GRADE_NOT_ALLOWED: translate("DismissalText", "grade not allowed to leave alone"),
        NO_CONSENT: translate("DismissalText", "no guardian consent on file"),
    }.get(code, code)


def _templates() -> dict[str, str]:
    return {
        "nothing_selected": translate("DismissalText", "Please tick at least one pupil."),
        "not_self_release": translate(
            "DismissalText", "This pupil is not registered to leave alone (自行离校)."
        ),
        "grade_not_allowed": translate(
            "DismissalText", "The school does not let pupils of this grade leave alone."
        ),
        "no_consent": translate(
            "DismissalText", "There is no guardian consent on file for leaving alone."
        ),
        "not_present": translate(
            "DismissalText", "This pupil is not marked present today; check the roll call first."
        ),
        "too_early": translate(
            "DismissalText",
            "It is not yet dismissal time for this grade band. Please wait until dismissal.",
        ),
        "already_released": translate(
            "DismissalText", "This pupil has already left (another station recorded it)."
        ),
        "bad_group": translate("DismissalText", "Please choose a class or club."),
        "bad_count": translate("DismissalText", "The head count is not a valid number."),
        "same_teacher": translate(
            "DismissalText", "The group is handed from one teacher to another: choose two people."
        ),
        "note_too_long": translate("DismissalText", "The note is too long."),
        "bad_result": translate("DismissalText", "Please choose the result of the call."),
        "callee_required": translate("DismissalText", "Please choose or type whom you called."),
        "not_guardian": translate("DismissalText", "That person is not this pupil's guardian."),
        "not_found": translate(
            "DismissalText", "This record no longer exists (perhaps another computer changed it)."
        ),
        "db_unavailable": translate(
            "DismissalText", "The database cannot be reached. Please try again in a moment."
        ),
    }


def error_text(exc: Exception) -> str:
    """The Chinese sentence for an error a board action raised."""
    if not isinstance(exc, AfterSchoolError):
        return _templates()["db_unavailable"]
    template = _templates().get(exc.code)
    if template is None:
        return translate("DismissalText", "This could not be saved (code {code}).").format(
            code=exc.code
        )
    return fill(template, {k: str(v) for k, v in exc.params.items()})


def known_codes() -> set[str]:
    """Every error code that has its own sentence."""
    return set(_templates())


def show_error(parent: QWidget, exc: Exception) -> QMessageBox:
    """A window-modal warning; returned so callers and tests can see it."""
    if not isinstance(exc, AfterSchoolError):
        log.error("dismissal board action failed", exc_info=exc)
    return warn(parent, translate("DismissalText", "Not done"), error_text(exc))
