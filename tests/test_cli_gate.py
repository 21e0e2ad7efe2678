"""scan-image and demo-video on the command line: the contract's lines and exit codes."""

from __future__ import annotations

import cv2
import numpy as np
from sqlalchemy import select

from core.card_tokens import CardClaims, CardKey
from core.qr_decode import QrPipeline
from core.scenes import scene
from db.models import AttendanceMark, PickupCard
from main import main
from tests.conftest import TEST_NOW

TOKEN = CardKey(bytes(range(32))).sign(CardClaims(7, 1, TEST_NOW.date()))


def _write(path, image) -> None:
    ok, data = cv2.imencode(path.suffix, image)
    assert ok
    path.write_bytes(data.tobytes())


def test_scan_image_prints_path_tab_text_per_code(tmp_path, capsys) -> None:
    photo = tmp_path / "门口 照片.jpg"
    _write(photo, scene(TOKEN, "tilted", np.random.default_rng(3)))
    empty = tmp_path / "empty.png"
    _write(empty, scene(None, "none", np.random.default_rng(4)))

    code = main(["scan-image", str(photo), str(empty)])

    out, err = capsys.readouterr()
    assert code == 0
    assert out == f"{photo}\t{TOKEN}\n"
    assert err == ""


def test_scan_image_exits_1_when_nothing_is_found(tmp_path, capsys) -> None:
    empty = tmp_path / "empty.png"
    _write(empty, scene(None, "none", np.random.default_rng(4)))
    broken = tmp_path / "broken.png"
    broken.write_text("not an image")
    missing = tmp_path / "missing.png"

    code = main(["scan-image", str(empty), str(broken), str(missing)])

    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"error: {broken}: ") and lines[1].startswith(f"error: {missing}: ")


def test_demo_video_refuses_a_real_school(db, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    url = db.url.render_as_string(hide_password=False)

    code = main(["--db", url, "demo-video", "--out", str(tmp_path / "v.mp4")])

    err = capsys.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and "demo" in err
    assert not (tmp_path / "v.mp4").exists()


def test_demo_video_writes_a_decodable_video(demo_db, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    url = demo_db.url.render_as_string(hide_password=False)
    out = tmp_path / "gate.mp4"

    code = main(["--db", url, "--now", "2026-12-01T17:40", "demo-video", "--out", str(out)])

    assert code == 0
    assert capsys.readouterr().out.startswith(f"wrote {out}: 8 cards shown")
    video = cv2.VideoCapture(str(out))
    assert video.get(cv2.CAP_PROP_FRAME_WIDTH) == 1280
    pipeline = QrPipeline()
    texts = set()
    ok, frame = video.read()
    index = 0
    while ok:
        if index % 5 == 0:
            texts.update(d.text for d in pipeline.decode(frame))
        ok, frame = video.read()
        index += 1
    video.release()
    assert len(texts) >= 6  # five guardians, the revoked card and the stranger's card
    with demo_db.read() as s:
        assert s.scalar(select(PickupCard.id).where(PickupCard.revoked_at.is_not(None)))
        today = AttendanceMark.on_date == TEST_NOW.date()  # the history marked earlier days
        marked = s.scalars(select(AttendanceMark.status).where(today)).all()
    assert marked and set(marked) == {"present"}
