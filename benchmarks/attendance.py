"""Prints issue 3's figures: attendance page class switch (<= 100 ms), audit chain verify (<= 3 s).

Run: python benchmarks/attendance.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.attendance_page import bench_switch  # noqa: E402
from benchmarks.audit_chain import bench_verify  # noqa: E402


def main() -> None:
    switch = bench_switch()
    print(
        "switching the attendance page between classes of 60 children (median of 21): "
        f"{switch * 1000:.1f} ms (target <= 100 ms)"
    )
    verify = bench_verify()
    print(f"audit chain of 100,000 entries verified in {verify:.2f} s (target <= 3 s)")


if __name__ == "__main__":
    main()
