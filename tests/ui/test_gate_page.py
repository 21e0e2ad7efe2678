"""The gate page end to end: the real page, real services, a generated webcam video."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QHideEvent, QShowEvent
from sqlalchemy import select

from core.capture import CaptureError
from core.demo_gate import EXPECT_FORGED, EXPECT_OK, EXPECT_REVOKED, write_demo_video
from core.staff_types import StaffMember
from db.models import Handoff, HandoffSnapshot
from tests.ui.verdict_school import DAY, gate_school
from ui.gate_page import GatePage
from ui.gate_settings import GateConfig, GateSettings
from ui.sound import GateSounds
from ui.verdict_rows import ChildRow


@pytest.fixture
def school(demo_services, clock, monkeypatch, tmp_path):
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    gs = gate_school(demo_services, clock)
    gs.at("17:40")  # after every band's dismissal
    return gs


@pytest.fixture
def duty(school) -> StaffMember:
    return school.services.accounts.sign_in("D001", "1234")


def make_page(
    qtbot, school, duty, tmp_path, camera: str = "", opener=None, keep=False, **config
) -> GatePage:
    settings = GateSettings(QSettings(str(tmp_path / "gate.ini"), QSettings.Format.IniFormat))
    if not keep:  # this PC's settings as the test wants them
        settings.save(GateConfig(station="东门", camera=camera, **config))
    sounds = GateSounds()
    sounds.muted = True  # tests check which sound was asked for, not the speaker
    kwargs = {"opener": opener} if opener else {}
    page = GatePage(school.services, duty, settings=settings, sounds=sounds, **kwargs)
    sounds.setParent(page)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    return page


def sounds_asked(page: GatePage) -> list[str]:
    asked: list[str] = []
    page.sounds.played.connect(asked.append)
    return asked


def standing(school, student_ids) -> dict[int, Handoff]:
    with school.services._db.read() as s:
        rows = s.scalars(
            select(Handoff).where(
                Handoff.student_id.in_(list(student_ids)),
                Handoff.on_date == DAY,  # the demo's history has handoffs on earlier days
                Handoff.undone_at.is_(None),
            )
        ).all()
        s.expunge_all()
    return {r.student_id: r for r in rows}


def test_demo_video_drives_the_gate_and_every_valid_card_is_recorded(
    qtbot, school, duty, tmp_path
) -> None:
    services = school.services
    video = write_demo_video(
        services._db,
        school.clock,
        services.cards,
        services.card_key(),
        school.officer,
        tmp_path / "gate.mp4",
    )
    shown = {c.expect for c in video.cards}
    assert shown == {EXPECT_OK, EXPECT_REVOKED, EXPECT_FORGED}
    ok_cards = [c for c in video.cards if c.expect == EXPECT_OK]
    children = {sid for c in video.cards for sid in c.student_ids}
    school.present(*children)
    page = make_page(qtbot, school, duty, tmp_path, str(video.path), auto_confirm_s=1)
    verdicts = []
    page.verdict_shown.connect(verdicts.append)
    asked = sounds_asked(page)

    page.start_camera()
    qtbot.waitUntil(lambda: page.worker.state == "ended", timeout=90_000)
    qtbot.wait(1500)  # the last auto-confirm countdown
    page.stop_camera()

    codes = [v.verdict for v in verdicts]
    assert "revoked" in codes and "forged" in codes
    released = standing(school, children)
    for card in ok_cards:
        for sid in card.student_ids:
            assert sid in released, f"{card.holder_name}'s child was not recorded"
            row = released[sid]
            assert row.receiver_name == card.holder_name and row.method == "card"
            assert row.station == "东门" and row.verified_by == duty.id
            assert row.snapshot_id is not None
    revoked = next(c for c in video.cards if c.expect == EXPECT_REVOKED)
    assert not set(revoked.student_ids) & set(released)
    # The blurred guardian's two segments are one card held up: one verdict, one record.
    assert len([v for v in verdicts if v.ok]) == len({c.token for c in ok_cards})
    assert {"ok", "refused"} <= set(asked)
    with services._db.read() as s:
        jpeg = s.scalars(select(HandoffSnapshot.image)).first()
    assert jpeg[:2] == b"\xff\xd8"
    assert [line.student_id for line in page.recent.lines()][0] in released


def test_handheld_scanner_types_the_code_and_space_confirms(qtbot, school, duty, tmp_path):
    a, b = school.pupils(2)
    grandma = school.family([a, b])
    school.present(a.student_id, b.student_id)
    page = make_page(qtbot, school, duty, tmp_path)
    asked = sounds_asked(page)
    # What showing the page does (listen to the keyboard), without opening a window.
    page.showEvent(QShowEvent())

    qtbot.keyClicks(page.panel, school.token(grandma))  # the scanner "types" into the page
    qtbot.keyClick(page.panel, Qt.Key.Key_Return)
    assert page.panel.verdict is not None and page.panel.verdict.ok
    assert sorted(page.panel.ticked_ids()) == sorted([a.student_id, b.student_id])
    assert asked == ["ok"]
    qtbot.keyClick(page.panel, Qt.Key.Key_Space)

    rows = standing(school, [a.student_id, b.student_id])
    assert {r.method for r in rows.values()} == {"handheld"}
    assert len({r.batch_id for r in rows.values()}) == 1
    qtbot.waitUntil(lambda: page.recent.table.rowCount() == 2)  # refreshed after the write
    assert "王桂英" in page.recent.table.item(0, 2).text()
    page.hideEvent(QHideEvent())


def test_untick_a_sibling_who_stays(qtbot, school, duty, tmp_path):
    a, b = school.pupils(2)
    grandma = school.family([a, b])
    school.present(a.student_id, b.student_id)
    page = make_page(qtbot, school, duty, tmp_path)

    page.handle_code(school.token(grandma))
    assert page.panel.toggle_child(2)  # the second child stays for the club
    page.panel.confirm()

    rows = standing(school, [a.student_id, b.student_id])
    assert list(rows) == [page.panel.verdict.children[0].student_id]


def test_the_next_adult_never_sees_the_previous_adults_children(qtbot, school, duty, tmp_path):
    a, b, c = school.pupils(3)
    grandma = school.family([a, b])
    uncle = school.family([c], ("李建国", "舅舅", "13700002222"))
    school.present(a.student_id, b.student_id, c.student_id)
    page = make_page(qtbot, school, duty, tmp_path)

    page.handle_code(school.token(grandma))
    page.handle_code(school.token(uncle))  # no event loop in between, as in a busy queue

    shown = [w for w in page.panel.findChildren(ChildRow) if w.isVisibleTo(page.panel)]
    assert [w.student_id for w in shown] == [c.student_id]


def test_a_refusal_is_never_confirmed_by_the_confirm_key(qtbot, school, duty, tmp_path):
    (a,) = school.pupils(1)
    grandma = school.family([a])
    school.present(a.student_id)
    token = school.token(grandma)
    card = school.services.cards.current_card(grandma)
    school.services.cards.revoke(card.id, school.officer, "遗失")
    page = make_page(qtbot, school, duty, tmp_path)
    asked = sounds_asked(page)

    verdict = page.handle_code(token)
    qtbot.keyClick(page.panel, Qt.Key.Key_Space)
    qtbot.keyClick(page.panel, Qt.Key.Key_Return)

    assert verdict.verdict == "revoked" and asked == ["refused"]
    assert standing(school, [a.student_id]) == {}


def test_do_not_release_hit_sounds_the_alert_and_cannot_be_released(qtbot, school, duty, tmp_path):
    (a,) = school.pupils(1)
    grandma = school.family([a])
    school.present(a.student_id)
    school.services.people.add_restriction(school.officer, a.student_id, "王桂英", note="法院判决")
    page = make_page(qtbot, school, duty, tmp_path)
    asked = sounds_asked(page)

    verdict = page.handle_code(school.token(grandma))
    page.panel.confirm()
    page.override([a.student_id], "家长坚持")

    assert verdict.alert and asked[0] == "alert"
    assert standing(school, [a.student_id]) == {}


def test_early_pickup_goes_through_the_override_path_with_a_reason(qtbot, school, duty, tmp_path):
    (a,) = school.pupils(1)
    grandma = school.family([a])
    school.present(a.student_id)
    school.at("16:30")
    page = make_page(qtbot, school, duty, tmp_path)

    verdict = page.handle_code(school.token(grandma))
    page.panel.confirm()
    assert standing(school, [a.student_id]) == {}
    assert verdict.child(a.student_id).verdict == "early_needs_reason"
    page.override([a.student_id], "看牙医，家长电话确认")

    row = standing(school, [a.student_id])[a.student_id]
    assert row.early and row.method == "override" and row.override_reason.startswith("看牙医")


def test_the_same_card_held_up_again_is_not_processed_twice(qtbot, school, duty, tmp_path):
    (a,) = school.pupils(1)
    grandma = school.family([a])
    school.present(a.student_id)
    page = make_page(qtbot, school, duty, tmp_path)
    token = school.token(grandma)

    assert page.handle_code(token) is not None
    assert page.handle_code(token) is None  # the camera sees it again a frame later


def test_undo_from_the_latest_list(qtbot, school, duty, tmp_path):
    (a,) = school.pupils(1)
    grandma = school.family([a])
    school.present(a.student_id)
    page = make_page(qtbot, school, duty, tmp_path)
    page.handle_code(school.token(grandma))
    page.panel.confirm()
    assert standing(school, [a.student_id])

    qtbot.waitUntil(lambda: page.recent.table.rowCount() == 1)
    button = page.recent.table.cellWidget(0, 3)
    button.click()  # arms
    assert page.recent.table.cellWidget(0, 3).text() == "确认撤销？"
    page.recent.table.cellWidget(0, 3).click()

    assert standing(school, [a.student_id]) == {}
    assert page.recent.table.item(0, 1).font().strikeOut()


def test_no_camera_leaves_the_scanner_and_manual_check_working(qtbot, school, duty, tmp_path):
    (a,) = school.pupils(1)
    grandma = school.family([a])
    school.present(a.student_id)

    def no_camera(spec):
        raise CaptureError("no_camera", "no camera")

    page = make_page(qtbot, school, duty, tmp_path, camera="0", opener=no_camera)
    page.start_camera()
    qtbot.waitUntil(lambda: page.worker.state == "no_camera", timeout=10_000)

    assert "没有找到摄像头" in page.camera_state.text()
    assert page.manual_button.isEnabled()
    page.handle_code(school.token(grandma), "handheld")
    page.panel.confirm()
    assert standing(school, [a.student_id])[a.student_id].method == "handheld"
    page.stop_camera()


def test_manual_identity_check_records_with_the_reason(qtbot, school, duty, tmp_path):
    (a,) = school.pupils(1)
    grandma = school.family([a])
    school.present(a.student_id)
    page = make_page(qtbot, school, duty, tmp_path)
    page.showEvent(QShowEvent())

    qtbot.keyClick(page.panel, Qt.Key.Key_F2)
    dialog = page.manual_dialog
    dialog.select_student(a.student_id)
    verdict = school.services.verdict.check_person(a.student_id, grandma, station="东门")
    dialog.chosen_verdict = verdict
    dialog.student_ids = [a.student_id]
    dialog.reason = "未带接送卡，已核对身份证件"
    dialog.accept()

    row = standing(school, [a.student_id])[a.student_id]
    assert row.method == "identity_check" and row.override_reason == "未带接送卡，已核对身份证件"
    assert row.receiver_name == "王桂英"
    page.hideEvent(QHideEvent())


def test_station_settings_are_kept_per_pc(qtbot, school, duty, tmp_path):
    page = make_page(qtbot, school, duty, tmp_path)

    page.apply_config(GateConfig(station="西门", camera="", auto_confirm_s=3, large_type=True))

    again = make_page(qtbot, school, duty, tmp_path, keep=True)
    assert again.config.station == "西门" and again.config.auto_confirm_s == 3
    assert again.config.large_type and not again.recent.isVisibleTo(again)
    assert "西门" in again.station_label.text()


def test_late_pickup_is_marked(qtbot, school, duty, tmp_path):
    (a,) = school.pupils(1)
    grandma = school.family([a])
    school.present(a.student_id)
    school.clock.set(dt.datetime.combine(DAY, dt.time(18, 30)))
    page = make_page(qtbot, school, duty, tmp_path)

    page.handle_code(school.token(grandma))
    page.panel.confirm()

    assert standing(school, [a.student_id])[a.student_id].late


def test_gate_page_builds_without_a_window(school, duty, tmp_path, qtbot):
    page = make_page(qtbot, school, duty, tmp_path)
    assert page.worker is None  # the camera opens only when the page is shown
    assert Path(page.sounds.path("ok")).is_file()
