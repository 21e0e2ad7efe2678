"""The gate's sounds: the right one for each outcome, silence when muted, files fit to ship."""

from __future__ import annotations

import importlib.util
import math
import struct
import wave
from pathlib import Path

import pytest

from ui.sound import KINDS, SOUNDS_DIR, DetachedPlayer, GateSounds, beep, find_player

# packaging/ is not a package (it would shadow PyPI's "packaging"), so load the tool by path.
_SPEC = importlib.util.spec_from_file_location(
    "make_sounds", Path(__file__).resolve().parents[2] / "packaging" / "make_sounds.py"
)
assert _SPEC is not None and _SPEC.loader is not None
make_sounds = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(make_sounds)


class Recorder:
    def __init__(self, works: bool = True) -> None:
        self.paths: list[Path] = []
        self.works = works

    def __call__(self, path: Path) -> bool:
        self.paths.append(path)
        return self.works


def samples(path: Path) -> tuple[list[int], float]:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        n = w.getnframes()
        data = w.readframes(n)
        return list(struct.unpack(f"<{n}h", data)), n / w.getframerate()


def rms(values: list[int]) -> float:
    return math.sqrt(sum(v * v for v in values) / len(values))


@pytest.fixture
def sounds(qtbot):
    recorder = Recorder()
    gate = GateSounds(player=recorder)
    gate.recorder = recorder
    return gate


@pytest.mark.parametrize("kind", KINDS)
def test_each_outcome_plays_its_own_file_and_is_recorded(qtbot, sounds, kind):
    with qtbot.waitSignal(sounds.played) as played:
        sounds.play(kind)
    assert played.args == [kind]
    assert sounds.last_played == kind
    assert sounds.recorder.paths == [SOUNDS_DIR / f"{kind}.wav"]


def test_muted_station_plays_nothing(qtbot, sounds):
    sounds.muted = True
    with qtbot.assertNotEmitted(sounds.played):
        sounds.play("alert")
    assert sounds.recorder.paths == []
    assert sounds.last_played is None
    sounds.muted = False
    sounds.play("ok")
    assert sounds.last_played == "ok"


def test_an_unknown_sound_is_a_programming_error(sounds):
    with pytest.raises(ValueError):
        sounds.play("fanfare")


def test_a_player_that_fails_falls_back_to_the_beep(qtbot, monkeypatch):
    beeps: list[int] = []
    monkeypatch.setattr("ui.sound.QApplication.beep", lambda: beeps.append(1))
    gate = GateSounds(player=Recorder(works=False))
    gate.play("refused")
    assert beeps == [1]
    assert gate.last_played == "refused"


def test_the_player_is_chosen_per_platform():
    found = {"aplay": "/usr/bin/aplay", "paplay": "/usr/bin/paplay", "afplay": "/usr/bin/afplay"}
    linux = find_player("linux", found.get)
    assert isinstance(linux, DetachedPlayer) and linux.program == "/usr/bin/paplay"
    alsa_only = find_player("linux", {"aplay": "/usr/bin/aplay"}.get)
    assert isinstance(alsa_only, DetachedPlayer) and alsa_only.args == ("-q",)
    mac = find_player("darwin", found.get)
    assert isinstance(mac, DetachedPlayer) and mac.program == "/usr/bin/afplay"
    assert find_player("linux", lambda name: None) is beep
    assert find_player("win32", found.get).__name__ == "play_with_winsound"


@pytest.mark.parametrize("kind", KINDS)
def test_the_sound_files_are_small_valid_wavs(kind):
    path = SOUNDS_DIR / f"{kind}.wav"
    assert path.stat().st_size < 70_000
    values, seconds = samples(path)
    assert 0.2 < seconds <= 1.6
    assert max(abs(v) for v in values) > 8000


def test_the_alert_is_louder_and_longer_than_ok():
    ok, ok_s = samples(SOUNDS_DIR / "ok.wav")
    refused, refused_s = samples(SOUNDS_DIR / "refused.wav")
    alert, alert_s = samples(SOUNDS_DIR / "alert.wav")
    assert rms(alert) > 2 * rms(ok)
    assert rms(alert) > rms(refused)
    assert alert_s > refused_s > ok_s
    assert max(abs(v) for v in alert) > 30000  # near full scale


def test_the_shipped_files_are_what_make_sounds_writes(tmp_path):
    make_sounds.main([str(tmp_path)])
    for kind in KINDS:
        assert (tmp_path / f"{kind}.wav").read_bytes() == (SOUNDS_DIR / f"{kind}.wav").read_bytes()
