"""The gate's verdict screen over real verdicts of the demo school: green, red, alert, override."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import delete

from core.cards import HolderRef
from core.demo_photos import face_jpeg
from core.verdict_types import CardVerdict
from db.models import Photo
from tests.ui.verdict_school import GRANDMA, GateSchool, gate_school
from ui.photo_label import clear_cache
from ui.verdict_panel import VerdictPanel


@pytest.fixture
def school(demo_services, clock, tmp_path, monkeypatch) -> GateSchool:  # noqa: ANN001
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    clear_cache()
    return gate_school(demo_services, clock)


@pytest.fixture
def panel(qtbot) -> VerdictPanel:  # noqa: ANN001
    widget = VerdictPanel()
    qtbot.addWidget(widget)
    widget.resize(780, 620)
    widget.show()
    return widget


@pytest.fixture
def family(school: GateSchool):  # noqa: ANN201
    """Grandma collects two present siblings; returns (ids, her card's token)."""
    pupils = school.pupils(2)
    ids = [p.student_id for p in pupils]
    grandma = school.family(pupils)
    school.present(*ids)
    return ids, school.token(grandma)


def _show(panel: VerdictPanel, school: GateSchool, verdict: CardVerdict) -> None:
    panel.show_verdict(verdict, school.services.people.photos)


def _band(panel: VerdictPanel) -> str:
    return panel.band.state


def test_ok_siblings_are_ticked_and_space_releases_both(qtbot, panel, school, family) -> None:  # noqa: ANN001
    ids, token = family
    school.at("17:40")
    verdict = school.scan(token)

    _show(panel, school, verdict)

    assert verdict.ok and _band(panel) == "ok"
    assert [r.student_id for r in panel.rows] == ids
    assert all(r.check.isChecked() and r.check.isEnabled() for r in panel.rows)
    assert panel.holder.name_label.text() == GRANDMA[0]
    assert panel.confirm_button.isVisible() and not panel.override_button.isVisible()
    with qtbot.waitSignal(panel.release_requested) as sig:
        qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert sig.args == [ids]


def test_unticking_one_sibling_releases_only_the_other(qtbot, panel, school, family) -> None:  # noqa: ANN001
    ids, token = family
    school.at("17:40")
    _show(panel, school, school.scan(token))

    qtbot.mouseClick(panel.rows[0].check, Qt.MouseButton.LeftButton)

    assert panel.ticked_ids() == [ids[1]]
    assert panel.rows[0].property("state") == "off"
    with qtbot.waitSignal(panel.release_requested) as sig:
        qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert sig.args == [[ids[1]]]


def test_number_keys_flip_ticks_and_nothing_ticked_releases_nobody(
    qtbot, panel, school, family
) -> None:  # noqa: ANN001, E501
    _ids, token = family
    school.at("17:40")
    _show(panel, school, school.scan(token))

    qtbot.keyClick(panel, Qt.Key.Key_1)
    qtbot.keyClick(panel, Qt.Key.Key_2)

    assert panel.ticked_ids() == []
    with qtbot.assertNotEmitted(panel.release_requested, wait=50):
        qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert panel.hint.property("state") == "warn"


def test_confirm_key_releases_once_until_the_result_is_shown(qtbot, panel, school, family) -> None:  # noqa: ANN001
    ids, token = family
    school.at("17:40")
    _show(panel, school, school.scan(token))
    with qtbot.waitSignal(panel.release_requested):
        panel.confirm()

    with qtbot.assertNotEmitted(panel.release_requested, wait=50):
        panel.confirm()
        panel.show_result("recorded", ok=True)
        panel.confirm()

    assert panel.result_label.isVisible()
    assert panel.result_label.property("state") == "ok"
    assert not panel.confirm_button.isEnabled()


def test_revoked_card_is_red_and_space_releases_nothing(qtbot, panel, school, family) -> None:  # noqa: ANN001
    ids, token = family
    school.at("17:40")
    holder = school.services.verdict.scan(token).holder
    card = school.services.cards.current_card(HolderRef(holder.kind, holder.id))
    school.services.cards.revoke(card.id, school.officer, "遗失")
    verdict = school.scan(token)

    _show(panel, school, verdict)

    assert verdict.verdict == "revoked" and _band(panel) == "refused"
    assert not any(r.check.isEnabled() or r.check.isChecked() for r in panel.rows)
    assert panel.manual_button.isVisible()
    assert not panel.override_button.isVisible() and not panel.confirm_button.isVisible()
    assert panel.open_override() is None
    with qtbot.assertNotEmitted(panel.release_requested, wait=50):
        qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert panel.hint.text() and panel.hint.property("state") == "warn"
    with qtbot.waitSignal(panel.manual_check_requested):
        qtbot.mouseClick(panel.manual_button, Qt.MouseButton.LeftButton)


def test_unreadable_code_shows_no_holder(panel, school) -> None:  # noqa: ANN001
    verdict = school.scan("https://example.com/not-a-card")

    _show(panel, school, verdict)

    assert _band(panel) == "refused"
    assert not panel.body.isVisible() and panel.rows == []


def test_do_not_release_hit_flashes_and_offers_no_way_past(qtbot, panel, school, family) -> None:  # noqa: ANN001
    ids, token = family
    school.at("17:40")
    school.services.people.add_restriction(
        school.officer, ids[0], GRANDMA[0], note="法院禁令", court_order=False
    )
    verdict = school.scan(token)

    _show(panel, school, verdict)

    assert verdict.alert
    assert _band(panel) in ("alert", "alert2")
    assert panel.frame.property("alert") is True
    assert "法院禁令" in panel.band.extra.text() and panel.band.extra.isVisible()
    assert not panel.override_button.isVisible() and not panel.manual_button.isVisible()
    assert not panel.confirm_button.isVisible()
    assert not any(r.check.isEnabled() for r in panel.rows)
    assert panel.rows[0].property("state") == "alert"
    first = _band(panel)
    qtbot.waitUntil(lambda: _band(panel) != first, timeout=2000)  # it flashes
    with qtbot.assertNotEmitted(panel.release_requested, wait=50):
        qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert panel.open_override() is None

    panel.clear()

    assert _band(panel) == "idle" and not panel.band.flashing


def test_early_pickup_is_released_only_with_a_reason(qtbot, panel, school, family) -> None:  # noqa: ANN001
    ids, token = family  # the clock stands at 15:40: before every dismissal
    verdict = school.scan(token)
    _show(panel, school, verdict)

    assert verdict.verdict == "early_needs_reason" and _band(panel) == "refused"
    assert panel.override_button.isVisible()
    with qtbot.assertNotEmitted(panel.release_requested, wait=50):
        qtbot.keyClick(panel, Qt.Key.Key_Space)

    dialog = panel.open_override()
    assert dialog is not None and dialog.isVisible()
    assert set(dialog.checks) == set(ids)
    assert not dialog.release_button.isEnabled()  # nobody ticked, no reason
    for box in dialog.checks.values():
        box.setChecked(True)
    assert not dialog.release_button.isEnabled()  # still no reason
    qtbot.mouseClick(dialog.reason_box.preset_buttons[1], Qt.MouseButton.LeftButton)
    assert dialog.release_button.isEnabled()
    with qtbot.waitSignal(panel.override_requested) as sig:
        qtbot.mouseClick(dialog.release_button, Qt.MouseButton.LeftButton)
    assert sig.args[0] == ids and sig.args[1] == dialog.reason_box.preset_buttons[1].text()


def test_a_new_scan_closes_an_open_override_dialog(qtbot, panel, school, family) -> None:  # noqa: ANN001
    _ids, token = family
    _show(panel, school, school.scan(token))
    dialog = panel.open_override()
    assert dialog is not None
    dialog.reason_box.set_reason("家长电话确认")
    for box in dialog.checks.values():
        box.setChecked(True)

    with qtbot.assertNotEmitted(panel.override_requested, wait=50):
        _show(panel, school, school.scan(token))
        dialog.release_button.click()

    assert panel.override_dialog is None


def test_override_reason_is_limited_to_200_characters(panel, school, family) -> None:  # noqa: ANN001
    _ids, token = family
    _show(panel, school, school.scan(token))
    dialog = panel.open_override()
    assert dialog is not None

    dialog.reason_box.edit.setText("x" * 300)

    assert len(dialog.reason()) == 200


def test_auto_confirm_releases_an_ok_verdict_after_the_countdown(
    qtbot, panel, school, family
) -> None:  # noqa: ANN001, E501
    ids, token = family
    school.at("17:40")
    panel.set_auto_confirm(1)

    with qtbot.waitSignal(panel.release_requested, timeout=3000) as sig:
        _show(panel, school, school.scan(token))
        assert panel.countdown_active

    assert sig.args == [ids]


def test_auto_confirm_stops_when_the_teacher_touches_a_child(qtbot, panel, school, family) -> None:  # noqa: ANN001, E501
    _ids, token = family
    school.at("17:40")
    panel.set_auto_confirm(1)
    _show(panel, school, school.scan(token))

    qtbot.keyClick(panel, Qt.Key.Key_2)

    assert not panel.countdown_active
    with qtbot.assertNotEmitted(panel.release_requested, wait=1500):
        pass


def test_auto_confirm_never_runs_on_a_refusal(qtbot, panel, school, family) -> None:  # noqa: ANN001
    _ids, token = family  # 15:40: early pickup, a refusal
    panel.set_auto_confirm(1)

    _show(panel, school, school.scan(token))

    assert not panel.countdown_active
    with qtbot.assertNotEmitted(panel.release_requested, wait=1500):
        pass


def test_already_released_child_says_by_whom_and_where(panel, school, family) -> None:  # noqa: ANN001
    ids, token = family
    school.at("17:40")
    first = school.scan(token)
    school.services.handoffs.record(first, [ids[0]], school.officer)

    _show(panel, school, school.scan(token))

    row = panel.rows[0]
    assert row.child.verdict == "already_released"
    assert not row.check.isEnabled()
    assert GRANDMA[0] in row.status_label.text() and "东门" in row.status_label.text()
    assert panel.rows[1].check.isChecked()


def test_photos_are_shown_and_placeholders_stand_in(panel, school, family) -> None:  # noqa: ANN001
    ids, token = family
    school.at("17:40")
    school.services.people.set_photo(
        school.officer, "student", ids[0], face_jpeg(1, kind="child", size=120)
    )
    with school.services._db.write() as s:  # the demo school has a face for everyone
        s.execute(delete(Photo).where(Photo.owner_kind == "student", Photo.owner_id == ids[1]))

    _show(panel, school, school.scan(token))

    assert panel.rows[0].photo.has_photo
    assert not panel.rows[1].photo.has_photo
    assert panel.rows[1].photo.person_name == panel.rows[1].child.name
    assert not panel.holder.photo.has_photo


def test_a_failing_photo_source_still_shows_the_verdict(panel, school, family) -> None:  # noqa: ANN001
    _ids, token = family
    school.at("17:40")

    def broken(_kind: str, _ids: list[int]) -> dict[int, bytes]:
        raise OSError("network drive gone")

    panel.show_verdict(school.scan(token), broken)

    assert _band(panel) == "ok" and len(panel.rows) == 2


def test_large_type_keeps_the_ticks_and_grows_the_photos(qtbot, panel, school, family) -> None:  # noqa: ANN001
    _ids, token = family
    school.at("17:40")
    _show(panel, school, school.scan(token))
    qtbot.keyClick(panel, Qt.Key.Key_1)
    small = panel.holder.photo.width()

    panel.set_large_type(True)

    assert panel.holder.photo.width() > small
    assert [r.check.isChecked() for r in panel.rows] == [False, True]


def test_clear_returns_to_the_idle_screen(panel, school, family) -> None:  # noqa: ANN001
    _ids, token = family
    school.at("17:40")
    _show(panel, school, school.scan(token))

    panel.clear()

    assert panel.verdict is None and _band(panel) == "idle"
    assert panel.rows == [] and not panel.body.isVisible()
    assert not panel.confirm_button.isVisible()
