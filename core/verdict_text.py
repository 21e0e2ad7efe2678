"""The Chinese words of a release verdict, shared by the command line and the gate screen."""

from __future__ import annotations

from typing import Any

from core.verdict_types import (
    ALREADY_RELEASED,
    CARD_CODES,
    EARLY,
    EXPIRED,
    FORGED,
    INSTITUTION,
    NOT_AUTHORIZED,
    NOT_PRESENT,
    OK,
    RESTRICTED,
    REVOKED,
    SELF_RELEASE,
    UNKNOWN_CARD,
    UNREADABLE,
    WRONG_KEY,
    CardVerdict,
    ChildVerdict,
)

CARD_MESSAGES = {
    UNREADABLE: "无法识别：这不是接送卡二维码，请重新扫描",
    FORGED: "非本校有效接送卡（伪造或外校卡），不得放行",
    WRONG_KEY: "本机接送卡密钥与学校不符，无法核验，请联系安全负责人",
    UNKNOWN_CARD: "查无此卡，不得放行",
    REVOKED: "此卡已注销，不得放行",
    EXPIRED: "此卡已过期，不得放行，请到安全负责人处换卡",
}
SUPERSEDED_MESSAGE = "此卡已挂失补办，旧卡作废"
ATTENDANCE_WORDS = {
    "sick": "请病假",
    "personal": "请事假",
    "absent": "缺勤",
    None: "今日未点名出勤",
}
METHOD_WORDS = {
    "card": "刷卡",
    "handheld": "扫码枪",
    "override": "说明原因放行",
    "identity_check": "核验身份",
    "self": "自行离校",
    "institution": "托管机构",
    "custody": "留校看护",
}


def child_message(child: ChildVerdict) -> str:
    """One child's verdict in a sentence."""
    who = f"{child.name}（{child.class_name}）"
    code = child.verdict
    if code == OK:
        return f"{who}可以接走"
    if code == RESTRICTED:
        note = f"（{child.restriction_note}）" if child.restriction_note else ""
        return f"禁止接领！此人在{who}的禁接名单上{note}，请立即报告安全负责人"
    if code == NOT_AUTHORIZED:
        return f"此人未获授权接{who}"
    if code == ALREADY_RELEASED and child.released is not None:
        r = child.released
        receiver = (
            f"{r.receiver_name}（{r.receiver_relation}）"
            if r.receiver_relation
            else (r.receiver_name)
        )
        where = f"在{r.station}" if r.station else ""
        return f"{who}已于{r.released_at:%H:%M}由{receiver}{where}接走，今日不再交接"
    if code == NOT_PRESENT:
        words = ATTENDANCE_WORDS.get(child.attendance, f"考勤为{child.attendance}")
        return f"{who}{words}，未确认在校，放行须说明原因"
    if code == SELF_RELEASE:
        return f"{who}为自行离校学生（家长已同意），接走须说明原因"
    if code == INSTITUTION:
        by = f"（{child.institution}）" if child.institution else ""
        return f"{who}由托管机构{by}接领，家长接走须说明原因"
    if code == EARLY and child.dismissal is not None:
        return f"未到放学时间{child.dismissal:%H:%M}，提前接走{who}须填写原因并记早退"
    if code in CARD_MESSAGES:
        return CARD_MESSAGES[code]
    return f"{who}：{code}"


def message(verdict: CardVerdict) -> str:
    """The verdict's headline, as the gate screen shows it in large type."""
    code = verdict.verdict
    if code == REVOKED and verdict.superseded:
        return SUPERSEDED_MESSAGE
    if code == EXPIRED and verdict.expires_on is not None:
        return f"此卡已于{verdict.expires_on:%Y-%m-%d}过期，不得放行，请到安全负责人处换卡"
    if code in CARD_MESSAGES:
        return CARD_MESSAGES[code]
    if code == OK:
        names = "、".join(f"{c.name}（{c.class_name}）" for c in verdict.releasable)
        return f"可以接走：{names}"
    if not verdict.children:
        return "此人未获授权接任何学生"
    child = next(c for c in verdict.children if c.verdict == code)
    return child_message(child)


def verdict_json(verdict: CardVerdict) -> dict[str, Any]:
    """The verdict as the command line prints it (the contract of ``verify-card``)."""
    holder = verdict.holder
    return {
        "ok": verdict.ok,
        "verdict": verdict.verdict,
        "message": message(verdict),
        "holder": None
        if holder is None
        else {"name": holder.name, "relation": holder.relation, "card_no": holder.card_no},
        "children": [
            {
                "student_no": c.student_no,
                "name": c.name,
                "class_name": c.class_name,
                "verdict": c.verdict,
                "message": message(verdict) if c.verdict in CARD_CODES else child_message(c),
            }
            for c in verdict.children
        ],
    }
