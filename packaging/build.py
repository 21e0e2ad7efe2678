"""Build the one-folder app with PyInstaller, then run its own --version and --selftest.

    python packaging/build.py [--dist DIR]

Runs on Linux (for CI and the .desktop install) and on Windows (for the Inno Setup installer,
packaging/afterschool.iss). Exit 0 only when the built app passed its self-test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "afterschool.spec"


def app_path(dist: Path) -> Path:
    """The built executable."""
    name = "afterschool.exe" if os.name == "nt" else "afterschool"
    return dist / "afterschool" / name


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller; return the executable."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        check=True,
        cwd=ROOT,
    )
    return app_path(dist)


def main() -> int:
    """Build, then run the app's own checks; exit 0 only when they passed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    args = parser.parse_args()
    started = time.perf_counter()
    exe = build(args.dist, args.work)
    print(f"built {exe} in {time.perf_counter() - started:.0f} s")
    for flag in ("--version", "--selftest"):
        done = subprocess.run([str(exe), flag], capture_output=True, text=True, timeout=600)
        print(done.stdout.strip())
        if done.returncode != 0:
            print(f"error: {exe.name} {flag} exited {done.returncode}: {done.stderr.strip()}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
