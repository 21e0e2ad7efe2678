"""A full or read-only disk under a gate station: a clear error, never a false "recorded".

SQLite only (the PostgreSQL run of CI skips it). As root on Linux the database lives on a small
tmpfs; elsewhere the station's file size is capped (RLIMIT_FSIZE) and the read-only case is
skipped with its reason. The figures are printed; run with ``-s`` to see them.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from tests.conftest import backend
from tests.reliability.disk import (
    AFTER_FREED,
    AUTO,
    READ_ONLY,
    RLIMIT,
    TMPFS,
    DiskFaultsUnavailableError,
    DiskFigures,
    may_mount,
    run_disk_faults,
)

pytestmark = pytest.mark.skipif(
    backend() != "sqlite", reason="disk faults concern the embedded SQLite file"
)


def _run(tmp_path: Path, mode: str) -> DiskFigures:
    try:
        figures = run_disk_faults(tmp_path, mode)
    except DiskFaultsUnavailableError as exc:
        pytest.skip(str(exc))
    print(f"\ndisk faults ({figures.mode}):", json.dumps(asdict(figures), ensure_ascii=False))
    return figures


def _assert_never_a_false_recorded(figures: DiskFigures) -> None:
    assert figures.disk_full_at is not None, "the disk never filled up"
    assert figures.false_recorded == 0
    assert figures.refused_but_stored == 0
    # Every confirm either stored its rows or said clearly why not.
    assert figures.unclear_errors == 0
    assert figures.recorded + figures.refused_clear == figures.attempts
    assert figures.refused_clear > 0
    # Once there is room again the same station records, without a restart.
    assert figures.resumed_after_space_freed == AFTER_FREED
    assert figures.integrity_ok
    assert figures.audit_chain_ok


def test_full_or_read_only_disk_gives_a_clear_error_and_never_a_false_recorded(
    tmp_path: Path,
) -> None:
    figures = _run(tmp_path, AUTO)

    _assert_never_a_false_recorded(figures)
    if figures.mode == TMPFS:
        # Every confirm on the read-only disk refused; the same confirms recorded once it is
        # writable again.
        assert figures.read_only == "tested"
        assert figures.read_only_refused_clear == READ_ONLY
        assert figures.resumed_after_read_write == READ_ONLY


@pytest.mark.skipif(not may_mount(), reason="without mount rights the test above uses the limit")
def test_file_size_limit_stands_in_for_a_full_disk_without_mount_rights(tmp_path: Path) -> None:
    figures = _run(tmp_path, RLIMIT)

    _assert_never_a_false_recorded(figures)
    assert figures.read_only.startswith("skipped")
