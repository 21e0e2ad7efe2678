"""The gate's words for a release verdict (the meaning of core.verdict_text, through tr())."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.verdict_types import (
    ALREADY_RELEASED,
    CARD_CODES,
    EARLY,
    EXPIRED,
    FORGED,
    INSTITUTION,
    NOT_AUTHORIZED,
    NOT_OVERRIDABLE,
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


def card_text(verdict: CardVerdict) -> str:
    """Why a card itself was refused (one of the card-level codes)."""
    code = verdict.verdict
    if code == REVOKED and verdict.superseded:
        return QCoreApplication.translate(
            "VerdictWords", "This card was reported lost and replaced: the old card is void"
        )
    if code == EXPIRED and verdict.expires_on is not None:
        return QCoreApplication.translate(
            "VerdictWords",
            "This card expired on {date}; the safety officer issues a new one",
        ).format(date=verdict.expires_on.isoformat())
    texts = {
        UNREADABLE: QCoreApplication.translate(
            "VerdictWords", "Not a pickup card code: please scan again"
        ),
        FORGED: QCoreApplication.translate(
            "VerdictWords", "Not a valid card of this school (forged or another school's)"
        ),
        WRONG_KEY: QCoreApplication.translate(
            "VerdictWords",
            "This PC's card key does not match the school's: cards cannot be checked here; "
            "call the safety officer",
        ),
        UNKNOWN_CARD: QCoreApplication.translate("VerdictWords", "No such card"),
        REVOKED: QCoreApplication.translate("VerdictWords", "This card has been revoked"),
        EXPIRED: QCoreApplication.translate("VerdictWords", "This card has expired"),
    }
    return texts.get(code, code)


def attendance_text(status: str | None) -> str:
    """Why a child is not counted present: leave, absence, or no roll call yet."""
    texts = {
        "sick": QCoreApplication.translate("VerdictWords", "On sick leave"),
        "personal": QCoreApplication.translate("VerdictWords", "On personal leave"),
        "absent": QCoreApplication.translate("VerdictWords", "Absent"),
        None: QCoreApplication.translate("VerdictWords", "Not marked present today"),
    }
    if status in texts:
        return texts[status]
    return QCoreApplication.translate("VerdictWords", "Attendance: {status}").format(status=status)


def released_text(child: ChildVerdict) -> str:
    """R4: who took the child, when and where."""
    r = child.released
    if r is None:
        return QCoreApplication.translate("VerdictWords", "Already collected today")
    receiver = (
        QCoreApplication.translate("VerdictWords", "{name} ({relation})").format(
            name=r.receiver_name, relation=r.receiver_relation
        )
        if r.receiver_relation
        else r.receiver_name
    )
    where = (
        QCoreApplication.translate("VerdictWords", " at {station}").format(station=r.station)
        if r.station
        else ""
    )
    return QCoreApplication.translate(
        "VerdictWords", "Already taken at {time} by {receiver}{where}"
    ).format(time=f"{r.released_at:%H:%M}", receiver=receiver, where=where)


def child_text(child: ChildVerdict) -> str:
    """One child's status on the gate screen (the row shows the name beside it)."""
    code = child.verdict
    if code == OK:
        return QCoreApplication.translate("VerdictWords", "May go")
    if code == RESTRICTED:
        if child.restriction_note:
            return QCoreApplication.translate(
                "VerdictWords", "This adult is on the do-not-release list: {note}"
            ).format(note=child.restriction_note)
        return QCoreApplication.translate(
            "VerdictWords", "This adult is on the do-not-release list"
        )
    if code == NOT_AUTHORIZED:
        return QCoreApplication.translate(
            "VerdictWords", "This adult is not authorized for this child"
        )
    if code == ALREADY_RELEASED:
        return released_text(child)
    if code == NOT_PRESENT:
        return QCoreApplication.translate(
            "VerdictWords", "{attendance}: not confirmed at school; release needs a reason"
        ).format(attendance=attendance_text(child.attendance))
    if code == SELF_RELEASE:
        return QCoreApplication.translate(
            "VerdictWords", "Leaves alone (parent's consent); a pickup needs a reason"
        )
    if code == INSTITUTION:
        if child.institution:
            return QCoreApplication.translate(
                "VerdictWords", "Collected by {institution}; another adult needs a reason"
            ).format(institution=child.institution)
        return QCoreApplication.translate(
            "VerdictWords", "Collected by an institution; another adult needs a reason"
        )
    if code == EARLY:
        return QCoreApplication.translate(
            "VerdictWords", "Before dismissal at {time}: early pickup needs a reason"
        ).format(time=f"{child.dismissal:%H:%M}" if child.dismissal else "—")
    if code in CARD_CODES:
        return QCoreApplication.translate("VerdictWords", "Card refused")
    return code


def headline(verdict: CardVerdict) -> str:
    """The few words of the band, readable from two metres."""
    code = verdict.verdict
    if code == OK:
        n = len(verdict.releasable)
        if n == 1:
            return QCoreApplication.translate("VerdictWords", "May go: 1 child")
        return QCoreApplication.translate("VerdictWords", "May go: {n} children").format(n=n)
    if code == RESTRICTED:
        return QCoreApplication.translate("VerdictWords", "STOP: DO NOT RELEASE")
    if code == UNREADABLE:
        return QCoreApplication.translate("VerdictWords", "Scan again")
    if code == WRONG_KEY:
        return QCoreApplication.translate("VerdictWords", "Station fault")
    if code not in NOT_OVERRIDABLE:
        return QCoreApplication.translate("VerdictWords", "Release needs a reason")
    return QCoreApplication.translate("VerdictWords", "Do not release")


def detail(verdict: CardVerdict) -> str:
    """The line under the headline: why, in a sentence."""
    code = verdict.verdict
    if code in CARD_CODES:
        return card_text(verdict)
    if code == RESTRICTED:
        return QCoreApplication.translate(
            "VerdictWords", "Do-not-release list! Call the safety officer now"
        )
    if code == OK:
        if verdict.identity_check:
            return QCoreApplication.translate(
                "VerdictWords", "Identity checked without a card: the release needs a reason"
            )
        return QCoreApplication.translate(
            "VerdictWords", "Untick any child who stays, then press Space to confirm"
        )
    child = next((c for c in verdict.children if c.verdict == code), None)
    if child is None:
        return QCoreApplication.translate("VerdictWords", "This adult may not take any pupil")
    return QCoreApplication.translate("VerdictWords", "{name} ({class_name}): {status}").format(
        name=child.name, class_name=child.class_name, status=child_text(child)
    )


def waiting_text(verdict: CardVerdict, child: ChildVerdict) -> str | None:
    """A child who may go in itself but not on this verdict; None: the child's own words."""
    if not child.ok:
        return None
    if verdict.alert:
        return QCoreApplication.translate(
            "VerdictWords", "Not with this adult: this scan is a hard stop"
        )
    if verdict.identity_check:
        return QCoreApplication.translate("VerdictWords", "May go once a reason is given (no card)")
    return None


def refusal_hint(verdict: CardVerdict, with_reason: bool) -> str:
    """What the teacher can do about a refusal; the confirm key never releases one."""
    if verdict.alert:
        return QCoreApplication.translate(
            "VerdictWords",
            "Hard stop: keep the child inside and call the safety officer. "
            "Nothing can be released on this scan.",
        )
    if verdict.verdict in CARD_CODES:
        return QCoreApplication.translate(
            "VerdictWords",
            "Refused: the confirm key does not release. If the adult is known, "
            "check the identity without the card.",
        )
    if with_reason:
        return QCoreApplication.translate(
            "VerdictWords",
            "Refused: the confirm key does not release. If appropriate, release with a reason.",
        )
    return QCoreApplication.translate("VerdictWords", "Refused: the confirm key does not release.")


def method_text(method: str) -> str:
    """How a child left: card, handheld scanner, identity check, override …."""
    texts = {
        "card": QCoreApplication.translate("VerdictWords", "Card scanned"),
        "handheld": QCoreApplication.translate("VerdictWords", "Handheld scanner"),
        "identity_check": QCoreApplication.translate("VerdictWords", "Identity checked"),
        "override": QCoreApplication.translate("VerdictWords", "Released with a reason"),
        "institution": QCoreApplication.translate("VerdictWords", "Institution"),
        "self": QCoreApplication.translate("VerdictWords", "Left alone"),
        "custody": QCoreApplication.translate("VerdictWords", "Custody transfer"),
    }
    return texts.get(method, method)


def idle_headline() -> str:
    """What the band says while nobody is being checked."""
    return QCoreApplication.translate("VerdictWords", "Show the pickup card to the camera")


def idle_detail() -> str:
    """The line under the idle headline."""
    return QCoreApplication.translate(
        "VerdictWords", "Hold the QR code still in front of the camera"
    )
