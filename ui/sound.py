"""The gate's sounds: a chime for OK, a buzz for a refusal, a loud siren for do-not-release."""

from __future__ import annotations

import functools
import logging
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal
from PySide6.QtWidgets import QApplication

import resources

log = logging.getLogger(__name__)

KINDS = ("ok", "refused", "alert")
SOUNDS_DIR = Path(resources.__file__).resolve().parent / "sounds"
# Command-line players, best first; each plays a WAV file given as its last argument.
PLAYERS: dict[str, tuple[str, ...]] = {
    "paplay": (),
    "pw-play": (),
    "aplay": ("-q",),
    "afplay": (),
}

Player = Callable[[Path], bool]
"""Starts playing a WAV file without waiting for it; False when it could not start."""


def beep(path: Path) -> bool:
    """The desktop's own beep: the last resort when no player exists."""
    QApplication.beep()
    return True


def play_with_winsound(path: Path) -> bool:
    """Windows' own asynchronous WAV playback."""
    if sys.platform != "win32":
        return False
    import winsound

    winsound.PlaySound(
        str(path), winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
    )
    return True


class DetachedPlayer:
    """Runs a command-line player as a detached process, so the GUI never waits for it."""

    def __init__(self, program: str, args: tuple[str, ...] = ()) -> None:
        self.program, self.args = program, args

    def __call__(self, path: Path) -> bool:  # noqa: D102
        started, _pid = QProcess.startDetached(self.program, [*self.args, str(path)])
        return bool(started)

    def __repr__(self) -> str:
        return f"DetachedPlayer({self.program!r})"


def find_player(
    platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which
) -> Player:
    """The way to play a WAV file on ``platform``: winsound, a player program, or a beep."""
    if platform == "win32":
        return play_with_winsound
    names = list(PLAYERS)
    if platform == "darwin":
        names.insert(0, names.pop(names.index("afplay")))
    for name in names:
        program = which(name)
        if program:
            return DetachedPlayer(program, PLAYERS[name])
    return beep


@functools.cache
def default_player() -> Player:
    """This machine's player, looked for once."""
    player = find_player()
    log.info("gate sounds play with %r", player)
    return player


class GateSounds(QObject):
    """Plays the gate's sounds on request; remembers which one was played last."""

    played = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        muted: bool = False,
        player: Player | None = None,
        sounds_dir: Path = SOUNDS_DIR,
    ) -> None:
        super().__init__(parent)
        self._muted = muted
        self._player = player
        self._dir = sounds_dir
        self.last_played: str | None = None

    @property
    def muted(self) -> bool:
        """True when the station plays no sound at all (a setting)."""
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = bool(value)

    def path(self, kind: str) -> Path:
        """The WAV file of ``kind`` ('ok', 'refused' or 'alert')."""
        if kind not in KINDS:
            raise ValueError(f"unknown gate sound {kind!r}; expected one of {KINDS}")
        return self._dir / f"{kind}.wav"

    def play(self, kind: str) -> None:
        """Start playing ``kind`` and return at once; nothing when muted."""
        path = self.path(kind)
        if self._muted:
            return
        player = self._player or default_player()
        try:
            started = player(path)
        except Exception:
            log.exception("playing %s with %r failed", path, player)
            started = False
        if not started:
            QApplication.beep()
        self.last_played = kind
        self.played.emit(kind)
