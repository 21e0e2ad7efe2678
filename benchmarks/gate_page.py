"""Scan-to-verdict on the real gate page: a 1280x720 frame in, the verdict painted on screen.

Each round decodes a webcam-like frame of a demo guardian's card with the app's pipeline,
decides the verdict on a demo school in a real SQLite file (photos included) and paints the
verdict panel: what the duty teacher waits for between holding up a card and seeing the band.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _app():  # noqa: ANN202
    from PySide6.QtWidgets import QApplication

    from ui.i18n import install_translators
    from ui.style import apply_style

    app = QApplication.instance() or QApplication([])
    app._translators = install_translators(app)  # kept alive with the app
    apply_style(app)
    return app


def _school(tmp: str):  # noqa: ANN202
    """A demo school at 17:40 on a Tuesday, with the demo video's cast present."""
    from core.cards import CardService
    from core.clock import SimulatedClock
    from core.demo_gate import plan_demo_cards
    from core.services import build_services
    from core.setup import initialise, open_database

    os.environ["AFTERSCHOOL_CARD_KEY"] = str(Path(tmp) / "card-key")
    clock = SimulatedClock(dt.datetime(2026, 12, 1, 17, 40), advancing=False)
    db = open_database(f"sqlite:///{Path(tmp, 'bench.db').as_posix()}")
    initialise(db, clock, demo=True)
    services = build_services(db, clock)
    officer = services.accounts.sign_in("A001", "1234")
    key = services.card_key()
    cast = plan_demo_cards(db, clock, CardService(db, clock, key), key, officer)
    for card in cast:
        for sid in card.student_ids:
            services.attendance.mark(sid, clock.now().date(), 1, "present", officer)
    return db, clock, services, officer, cast


def _page(services, tmp: str, camera: str = "", auto_confirm_s: int = 0):  # noqa: ANN001, ANN202
    from PySide6.QtCore import QSettings

    from ui.gate_page import GatePage
    from ui.gate_settings import GateConfig, GateSettings

    settings = GateSettings(QSettings(str(Path(tmp) / "gate.ini"), QSettings.Format.IniFormat))
    settings.save(GateConfig(station="东门", camera=camera, auto_confirm_s=auto_confirm_s))
    page = GatePage(services, services.accounts.sign_in("D001", "1234"), settings=settings)
    page.resize(1366, 700)
    return page


def scan_to_verdict(rounds: int = 40) -> tuple[float, float]:
    """(median, p95) ms from frame to painted verdict."""
    from core.demo_gate import EXPECT_OK
    from core.handoffs import CARD
    from core.qr_decode import QrPipeline
    from core.scenes import scene

    app = _app()
    with tempfile.TemporaryDirectory() as tmp:
        db, _clock, services, _officer, cast = _school(tmp)
        cast = [c for c in cast if c.expect == EXPECT_OK]
        rng = np.random.default_rng(5)
        frames = [(c.token, scene(c.token, "clean", rng)) for c in cast]
        page = _page(services, tmp)
        page.show()
        app.processEvents()
        pipeline = QrPipeline()
        times = []
        for i in range(rounds + 3):
            token, frame = frames[i % len(frames)]
            page._repeat.forget(token)  # each round is a new guardian at the gate
            started = time.perf_counter()
            texts = [d.text for d in pipeline.decode(frame)]
            assert token in texts, "the benchmark frame did not decode"
            page.handle_code(token, CARD, frame)
            page.panel.repaint()
            app.processEvents()
            if i >= 3:  # the first rounds warm caches (photos, fonts)
                times.append((time.perf_counter() - started) * 1000)
            page.panel.clear()
        page.stop_camera()
        page.close()
        db.dispose()
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def gate_stall() -> dict[str, float]:
    """The demo video through the real gate page at 30 fps: the GUI loop's worst gap.

    Everything a busy gate does runs: preview, decoding, verdicts with photos, sounds,
    auto-confirmed releases written to the database, the latest-handoffs list.
    """
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from core.cards import CardService
    from core.demo_gate import write_demo_video
    from ui.app import settle_memory

    _app()
    with tempfile.TemporaryDirectory() as tmp:
        db, clock, services, officer, _cast = _school(tmp)
        key = services.card_key()
        video = write_demo_video(
            db, clock, CardService(db, clock, key), key, officer, Path(tmp) / "gate.mp4"
        )
        for card in video.cards:
            for sid in card.student_ids:
                services.attendance.mark(sid, clock.now().date(), 1, "present", officer)
        page = _page(services, tmp, str(video.path), auto_confirm_s=1)
        page.sounds.muted = True
        shown = []
        recorded = []
        page.verdict_shown.connect(shown.append)
        page.handoff_recorded.connect(recorded.extend)
        page.show()
        settle_memory()  # as the app does once its window is up
        gaps: list[float] = []
        last = [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now
            if page.worker is not None and page.worker.state == "ended":
                loop.quit()

        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(tick)
        loop = QEventLoop()
        timer.start(5)
        QTimer.singleShot(int((video.seconds + 20) * 1000), loop.quit)
        loop.exec()
        timer.stop()
        stats = page.worker.stats if page.worker else None
        page.stop_camera()
        page.close()
        db.dispose()
    gaps_ms = sorted(g * 1000 for g in gaps)
    return {
        "seconds": video.seconds,
        "worst_ms": gaps_ms[-1],
        "p99_ms": gaps_ms[int(0.99 * (len(gaps_ms) - 1))],
        "verdicts": len(shown),
        "recorded": sum(1 for r in recorded if r.recorded),
        "decoded": stats.decoded if stats else 0,
        "captured": stats.captured if stats else 0,
    }


def main() -> None:
    stall = gate_stall()
    print(
        f"gate page fed the {stall['seconds']:.0f} s demo video at 30 fps (decoding, verdicts, "
        f"auto-confirmed releases): worst GUI event-loop stall {stall['worst_ms']:.1f} ms, "
        f"p99 {stall['p99_ms']:.1f} ms (target never over 50 ms); "
        f"{stall['captured']} frames captured, {stall['decoded']} decoded, "
        f"{stall['verdicts']} verdicts shown, {stall['recorded']} children recorded"
    )
    median, p95 = scan_to_verdict()
    print(
        f"scan to verdict shown on the gate page (frame decoded, verdict decided, panel painted; "
        f"40 rounds): median {median:.1f} ms, p95 {p95:.1f} ms (target median <= 150 ms)"
    )


if __name__ == "__main__":
    main()
