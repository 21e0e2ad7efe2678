"""The child process that parses a workbook with calamine; see ``core.roster_workbook``.

It imports only the standard library and python_calamine, so that it starts fast, and answers
with plain tuples of cell values, the only things its parent will unpickle.
"""

from __future__ import annotations

import contextlib
import io
import pickle
import re
import sys
from typing import Any

# The child's address space: a 3,000-pupil list needs ~100 MB; 2 GiB leaves room for odd files
# yet turns calamine's absurd allocations into a quick, contained abort.
MEMORY_LIMIT = 2 << 30
_SPACES = re.compile(r"\s+")

# names, chosen sheet, rows (trailing empty cells and rows dropped), problem, detail
Answer = tuple[tuple[str, ...], str | None, tuple[tuple[Any, ...], ...], str, str]


def match_sheet(wanted: str, names: list[str]) -> str | None:
    """The sheet a user meant: the exact name, else the one equal but for spaces and case."""
    if wanted in names:
        return wanted
    loose = [
        n for n in names if _SPACES.sub("", n).casefold() == _SPACES.sub("", wanted).casefold()
    ]
    return loose[0] if len(loose) == 1 else None


def _trimmed(row: list[Any]) -> tuple[Any, ...]:
    """A row without its trailing empty cells: a stray cell far away must not cost memory."""
    if row.count("") == len(row):  # the common blank row, at C speed
        return ()
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return tuple(row[:end])


def read_cells(data: bytes, sheet: str | None, names_only: bool) -> Answer:
    """Parse ``data`` with calamine: row i of the answer is spreadsheet row i + 1.

    ``problem`` is "" or one of ``not_readable``, ``password``, ``no_sheets``,
    ``sheet_not_found``, ``crashed`` (a panic) and ``unavailable`` (no calamine to import);
    ``detail`` is calamine's message.
    """
    try:
        import python_calamine
    except ImportError as exc:
        return (), None, (), "unavailable", str(exc)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - calamine raises several unrelated types
        password = isinstance(exc, python_calamine.PasswordError)
        return (), None, (), "password" if password else "not_readable", str(exc)
    except BaseException as exc:
        return _panicked(exc)
    try:
        names = tuple(book.sheet_names)
        if names_only:
            return names, None, (), "", ""
        if not names:
            return (), None, (), "no_sheets", ""
        if sheet is None:
            visible = [
                m.name
                for m in book.sheets_metadata
                if m.visible == python_calamine.SheetVisibleEnum.Visible
                and m.typ == python_calamine.SheetTypeEnum.WorkSheet
            ]
            chosen = visible[0] if visible else names[0]
        else:
            found = match_sheet(sheet, list(names))
            if found is None:
                return names, None, (), "sheet_not_found", ""
            chosen = found
        cells = book.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
        rows = [_trimmed(r) for r in cells]
        while rows and not rows[-1]:
            rows.pop()
        return names, chosen, tuple(rows), "", ""
    except Exception as exc:  # noqa: BLE001 - as above
        password = isinstance(exc, python_calamine.PasswordError)
        return (), None, (), "password" if password else "not_readable", str(exc)
    except BaseException as exc:
        return _panicked(exc)
    finally:
        book.close()


def _panicked(exc: BaseException) -> Answer:
    """A Rust panic inside calamine (a BaseException): the file broke an assumption of it."""
    if type(exc).__name__ != "PanicException":
        raise exc
    return (), None, (), "crashed", f"calamine panicked: {exc}"


def _limit_memory() -> None:
    """Cap this process's memory, so that a runaway allocation aborts it at once."""
    if sys.platform == "win32":
        _limit_memory_windows()
        return
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _limit_memory_windows() -> None:  # pragma: no cover - Windows only
    """A job object with a per-process memory limit: Windows' counterpart of RLIMIT_AS."""
    if sys.platform != "win32":
        return
    import ctypes
    from ctypes import wintypes

    class Basic(ctypes.Structure):
        _fields_ = (
            ("per_process_user_time_limit", ctypes.c_int64),
            ("per_job_user_time_limit", ctypes.c_int64),
            ("limit_flags", wintypes.DWORD),
            ("minimum_working_set_size", ctypes.c_size_t),
            ("maximum_working_set_size", ctypes.c_size_t),
            ("active_process_limit", wintypes.DWORD),
            ("affinity", ctypes.c_size_t),
            ("priority_class", wintypes.DWORD),
            ("scheduling_class", wintypes.DWORD),
        )

    class Extended(ctypes.Structure):
        _fields_ = (
            ("basic", Basic),
            ("io_counters", ctypes.c_uint64 * 6),
            ("process_memory_limit", ctypes.c_size_t),
            ("job_memory_limit", ctypes.c_size_t),
            ("peak_process_memory_used", ctypes.c_size_t),
            ("peak_job_memory_used", ctypes.c_size_t),
        )

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    kernel32.CreateJobObjectW.argtypes = (ctypes.c_void_p, wintypes.LPCWSTR)
    kernel32.SetInformationJobObject.argtypes = (
        wintypes.HANDLE,
        ctypes.c_int,
        ctypes.c_void_p,
        wintypes.DWORD,
    )
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    kernel32.AssignProcessToJobObject.argtypes = (wintypes.HANDLE, wintypes.HANDLE)
    job = kernel32.CreateJobObjectW(None, None)
    info = Extended()
    info.basic.limit_flags = 0x100  # JOB_OBJECT_LIMIT_PROCESS_MEMORY
    info.process_memory_limit = MEMORY_LIMIT
    extended_limit_information = 9
    if not job or not kernel32.SetInformationJobObject(
        job, extended_limit_information, ctypes.byref(info), ctypes.sizeof(info)
    ):
        raise OSError(ctypes.get_last_error(), "cannot limit the reader's memory")
    if not kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()):
        raise OSError(ctypes.get_last_error(), "cannot limit the reader's memory")


def main() -> None:  # pragma: no cover - runs in the child process
    """Read the request on stdin, answer on stdout; die rather than grow without bound."""
    # Without a limit to be had, the parent's time limit still holds.
    with contextlib.suppress(ImportError, ValueError, OSError, AttributeError):
        _limit_memory()
    data, sheet, names_only = pickle.loads(sys.stdin.buffer.read())
    answer = read_cells(data, sheet, names_only)
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":  # pragma: no cover - the child process
    main()
