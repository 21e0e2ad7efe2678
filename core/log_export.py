"""The daily supervision log to a file: PDF, an .xlsx workbook or a CSV that Excel opens.

Every format is written to a temporary file beside the target and renamed into place, so a
failure never leaves a half-written log where the previous one was.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from core.daily_log import DailyLog, LogSection
from core.errors import ValidationError
from core.log_pdf import render_log_pdf

FORMATS = (".pdf", ".xlsx", ".csv")
SIGNATURE_TITLE = "签名"
_BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def write_csv(log: DailyLog, out: Path) -> None:
    """The log's sections one after another (see ``write_sections_csv``)."""
    write_sections_csv(log.heading, log.sections, log.signatures, out)


def write_sections_csv(
    heading: str, sections: tuple[LogSection, ...], signatures: tuple[str, ...], out: Path
) -> None:
    """Sections one after another (a title line, a header line, the rows, a blank line).

    UTF-8 with a BOM: without it Excel on a Chinese Windows reads the file as GBK.
    """
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow([heading])
        w.writerow([])
        for section in sections:
            w.writerow([section.title])
            w.writerow(section.headers)
            w.writerows(section.rows)
            w.writerow([])
        if signatures:
            w.writerow([SIGNATURE_TITLE])
        for who in signatures:
            w.writerow([who, "", "日期", ""])


def write_xlsx(log: DailyLog, out: Path) -> None:
    """The log's sections, a sheet each (see ``write_sections_xlsx``)."""
    write_sections_xlsx(log.heading, log.sections, log.signatures, out)


def write_sections_xlsx(
    heading: str, sections: tuple[LogSection, ...], signatures: tuple[str, ...], out: Path
) -> None:
    """One sheet per section with a bold, frozen header row, and a last sheet to sign."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E5E9F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    for section in sections:
        ws = wb.create_sheet(section.title.translate(_BAD_SHEET_CHARS)[:31])
        ws.append(list(section.headers))
        for cell in ws[1]:
            cell.font = bold
            cell.fill = fill
        for row in section.rows:
            ws.append(list(row))
        ws.freeze_panes = "A2"
        for i, header in enumerate(section.headers):
            longest = max((_width(r[i]) for r in section.rows), default=0)
            ws.column_dimensions[get_column_letter(i + 1)].width = min(
                60, max(6, _width(header), longest) + 2
            )
        if any("\n" in v for r in section.rows for v in r):
            for row in ws.iter_rows(min_row=2):
                for cell in row:
                    cell.alignment = wrap
    if signatures:
        ws = wb.create_sheet(SIGNATURE_TITLE)
        ws.append([heading])
        ws.append([])
        for who in signatures:
            ws.append([who, "", "日期", ""])
        ws.column_dimensions["A"].width = 18
        ws.column_dimensions["B"].width = 30
        ws.column_dimensions["D"].width = 16
    wb.properties.title = heading
    wb.save(out)


def _width(text: str) -> int:
    # Excel's column width counts Latin characters; a Chinese character takes two.
    line = max(text.split("\n"), key=len) if text else ""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in line)


def _pdf(log: DailyLog, out: Path) -> None:
    render_log_pdf(log, out)


WRITERS: dict[str, Callable[[DailyLog, Path], None]] = {
    ".pdf": _pdf,
    ".xlsx": write_xlsx,
    ".csv": write_csv,
}


def write_log(log: DailyLog, path: Path) -> None:
    """Write the log in the format its suffix names (.pdf, .xlsx or .csv).

    Raises:
        ValidationError: ``log_format`` for any other suffix.
        OSError: the folder is missing or not writable (nothing is left behind).
    """
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise ValidationError(
            "log_format",
            f"unknown log format {path.suffix or '(none)'}: use .pdf, .xlsx or .csv",
            suffix=path.suffix,
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        writer(log, Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
