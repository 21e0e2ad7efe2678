"""The packaged app (PyInstaller one-folder bundle) runs --version and --selftest by itself.

Built once per CI, in the SQLite run: it proves the spec collects Qt's plugins, the decoders'
libraries, the fonts, the translations and the Alembic migrations.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from core import __version__
from tests.conftest import backend

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("PyInstaller") is None, reason="PyInstaller not installed"
    ),
    pytest.mark.skipif(
        backend() == "postgresql", reason="the bundle is built once, in the SQLite run"
    ),
]


def test_the_built_app_reports_its_version_and_passes_its_selftest(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--dist",
            str(tmp_path / "dist"),
            "--work",
            str(tmp_path / "build"),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=tmp_path,
    )
    print(done.stdout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert f"afterschool {__version__}" in lines
    assert "selftest: all checks passed" in lines
    assert any(line.startswith("selftest: window ok") and "in Chinese" in line for line in lines)
    assert (tmp_path / "dist" / "afterschool" / "_internal" / "db" / "migrations").is_dir()
