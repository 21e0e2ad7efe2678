"""`--version` and `--selftest`: what the installer's check and a school's IT teacher run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import __version__

ROOT = Path(__file__).resolve().parents[1]


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # The user's own folders must stay untouched: point them at an empty place.
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp_path / var.lower())
    env.pop("AFTERSCHOOL_DB", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp_path,
    )


def test_version_prints_the_package_version(tmp_path: Path) -> None:
    done = _run(tmp_path, "--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"afterschool {__version__}")


def test_selftest_passes_and_touches_no_school_data(tmp_path: Path) -> None:
    done = _run(tmp_path, "--selftest")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(" ")[1] for line in lines] == ["database", "qr", "window", "all"]
    assert "in Chinese" in lines[2]
    # No database, card key or archive was left in the user's folders or the working folder.
    left = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert left == [], left


def test_a_failing_check_is_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import selftest

    def broken(_folder: Path) -> str:
        raise OSError("zbar library not found")

    monkeypatch.setattr(selftest, "_qr", broken)
    lines: list[str] = []
    assert selftest.run_selftest(lines.append) == 1
    assert lines == [
        lines[0],
        "selftest: qr FAILED: OSError: zbar library not found",
    ]
    assert lines[0].startswith("selftest: database ok")


def test_the_selftest_leaves_the_environment_as_it_found_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ui import selftest

    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "school-key"))
    monkeypatch.delenv("AFTERSCHOOL_ARCHIVE", raising=False)
    monkeypatch.setattr(selftest, "_window", lambda _folder: "skipped here")
    assert selftest.run_selftest(lambda _line: None) == 0
    assert os.environ["AFTERSCHOOL_CARD_KEY"] == str(tmp_path / "school-key")
    assert "AFTERSCHOOL_ARCHIVE" not in os.environ
    assert not (tmp_path / "school-key").exists()  # the school's key was never created
