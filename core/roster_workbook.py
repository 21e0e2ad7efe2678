"""Reads a workbook's cells in a child process: a damaged file may kill the reader, not the app.

calamine (Rust) is fast and reads every format schools use, but on hostile input it can panic
(printing a Rust backtrace), or abort the whole process when a corrupt container or a stray
cell at XFD1048576 makes it allocate hundreds of gigabytes. No ``except`` catches an abort, so
the workbook is parsed by a short-lived ``python core/roster_workbook_child.py`` (~0.1 s),
with a memory cap where the OS has one (POSIX) and a time limit; its death is reported as a
damaged file. Frozen builds (no interpreter to start) read in-process.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import roster_workbook_child as child
from core.roster_workbook_child import match_sheet

__all__ = ["TIME_LIMIT_S", "Workbook", "match_sheet", "read_workbook"]

_log = logging.getLogger(__name__)

TIME_LIMIT_S = 60.0
# The only classes the child's answer may hold besides tuples, strings and numbers.
_CELL_CLASSES = {
    ("datetime", "date"): dt.date,
    ("datetime", "datetime"): dt.datetime,
    ("datetime", "time"): dt.time,
    ("datetime", "timedelta"): dt.timedelta,
}


@dataclass(frozen=True)
class Workbook:
    """What the child read: every sheet name, and the chosen sheet's cells (or why not).

    ``problem`` is "" or one of ``not_readable``, ``password``, ``no_sheets``,
    ``sheet_not_found`` and ``crashed`` (the reader panicked, died, overran or answered
    nonsense).
    """

    names: tuple[str, ...] = ()
    chosen: str | None = None
    rows: tuple[tuple[Any, ...], ...] = ()
    problem: str = ""
    detail: str = ""


def read_workbook(data: bytes, sheet: str | None, *, names_only: bool = False) -> Workbook:
    """The workbook in ``data`` as read by a child process; never raises on a bad file."""
    if getattr(sys, "frozen", False) or not sys.executable:
        return _in_process(data, sheet, names_only)  # no interpreter to start
    request = pickle.dumps((data, sheet, names_only), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        done = subprocess.run(
            # -P: the child's folder (core/) must not shadow a standard module.
            [sys.executable, "-P", str(Path(child.__file__).resolve())],
            input=request,
            capture_output=True,
            timeout=TIME_LIMIT_S,
            check=False,
            # No console window flashing up over the app on Windows.
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except subprocess.TimeoutExpired:
        return _crashed(f"reading took over {TIME_LIMIT_S:.0f} s")
    except OSError as exc:
        _log.warning("cannot start the workbook reader (%s); reading in-process", exc)
        return _in_process(data, sheet, names_only)
    if done.returncode != 0 or not done.stdout:
        # The first line says what killed it ("memory allocation of … failed", a panic).
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return _crashed(lines[0][:200] if lines else f"exit status {done.returncode}")
    try:
        book = Workbook(*_AnswerUnpickler(io.BytesIO(done.stdout)).load())
    except Exception as exc:  # noqa: BLE001 - whatever the child wrote, it is not a workbook
        return _crashed(f"unexpected answer: {exc}")
    if book.problem == "unavailable":
        # The child could not import calamine (an unusual sys.path): better unprotected than
        # refusing every workbook as damaged.
        _log.warning("the workbook reader cannot import calamine: %s", book.detail)
        return _in_process(data, sheet, names_only)
    return book


def _in_process(data: bytes, sheet: str | None, names_only: bool) -> Workbook:
    return Workbook(*child.read_cells(data, sheet, names_only))


def _crashed(detail: str) -> Workbook:
    return Workbook(problem="crashed", detail=detail)


class _AnswerUnpickler(pickle.Unpickler):
    """Builds no object but cell values: the child parsed hostile data and may be subverted."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _CELL_CLASSES:
            return _CELL_CLASSES[(module, name)]
        raise pickle.UnpicklingError(f"{module}.{name} is not a cell value")
