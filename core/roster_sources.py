"""Turns a class-list file into a grid of cells: workbooks, text in Chinese encodings, bad files."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import charset_normalizer
import python_calamine

from core.roster_types import IssueCode, RosterIssue
from core.roster_workbook import read_workbook

HEADER_SEARCH_ROWS = 10
# A whole school's list is under 1 MB; anything this big is not one, and is not read into memory.
MAX_FILE_BYTES = 64 * 2**20
SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_OTHER_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf", b"Rar!", b"\x1f\x8b")
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 13}


class UnreadableFileError(Exception):
    """A file that cannot be read as a class list; carries its issue."""

    def __init__(self, code: IssueCode, message: str, **params: object):
        super().__init__(message)
        self.issue = RosterIssue(code, message, params=dict(params))


def load_grid(path: Path, sheet: str | None) -> list[list[object]]:
    """The cells of the chosen sheet, row i being spreadsheet row i + 1."""
    suffix = path.suffix.lower()
    try:
        if not path.exists():
            raise UnreadableFileError(
                IssueCode.FILE_NOT_FOUND, f"file not found: {path}", value=str(path)
            )
        if not path.is_file():
            raise UnreadableFileError(IssueCode.FILE_NOT_SPREADSHEET, f"not a file: {path}")
        if suffix not in SPREADSHEET_SUFFIXES | TEXT_SUFFIXES:
            raise UnreadableFileError(
                IssueCode.FILE_NOT_SPREADSHEET,
                f"not a spreadsheet: unsupported file type '{suffix or path.name}'",
                value=suffix,
            )
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFileError(
                IssueCode.FILE_NOT_SPREADSHEET,
                f"not a spreadsheet: {size // 2**20} MB is far too large for a class list",
                value=str(size),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(
            IssueCode.FILE_NOT_FOUND, f"cannot open {path}: {exc.strerror}", value=str(path)
        ) from exc
    if not data.strip():
        raise UnreadableFileError(IssueCode.FILE_EMPTY, "file is empty")
    if data.startswith(_OLE) and _has_encryption_stream(data):
        raise _encrypted()
    # Trust the content over the name: schools rename files, and web systems save text as .xls.
    if data.startswith((_OLE, _ZIP)):
        return _workbook_grid(data, sheet)
    if data.startswith(_OTHER_MAGIC):
        raise UnreadableFileError(IssueCode.FILE_NOT_SPREADSHEET, "not a spreadsheet")
    return _text_grid(data, strict=suffix in SPREADSHEET_SUFFIXES)


def _has_encryption_stream(data: bytes) -> bool:
    """Whether an OLE2 directory entry (128-byte aligned, name first) is EncryptionInfo."""
    return any(m.start() % 128 == 0 for m in re.finditer(re.escape(_ENCRYPTION_INFO), data))


def _encrypted() -> UnreadableFileError:
    return UnreadableFileError(
        IssueCode.FILE_ENCRYPTED, "file is password-protected: save a copy without a password"
    )


def _workbook_problem(exc: Exception) -> UnreadableFileError:
    text = str(exc)
    if isinstance(exc, python_calamine.PasswordError) or re.search(
        "password|encrypt", text, re.IGNORECASE
    ):
        return _encrypted()
    return UnreadableFileError(
        IssueCode.FILE_NOT_SPREADSHEET, f"not a spreadsheet: {text}".rstrip(": "), value=text
    )


def _workbook_grid(data: bytes, sheet: str | None) -> list[list[object]]:
    book = read_workbook(data, sheet)
    if book.problem == "password":
        raise _encrypted()
    if book.problem == "not_readable":
        raise _workbook_problem(Exception(book.detail))
    if book.problem == "crashed":
        raise UnreadableFileError(
            IssueCode.FILE_NOT_SPREADSHEET,
            "not a spreadsheet: the file is damaged or too large to read",
            value=book.detail,
        )
    if book.problem == "no_sheets":
        raise UnreadableFileError(IssueCode.FILE_EMPTY, "workbook has no sheets")
    if book.problem == "sheet_not_found" or book.chosen is None:
        names = list(book.names)
        raise UnreadableFileError(
            IssueCode.SHEET_NOT_FOUND,
            f"sheet '{sheet}' not found (available: {', '.join(names)})",
            value=sheet,
            available=names,
        )
    return [list(r) for r in book.rows]


def _text_grid(data: bytes, strict: bool) -> list[list[object]]:
    """Rows of a comma- or tab-separated text file in any encoding Chinese Excel writes."""
    text = _decode(data)
    if not text.strip():
        raise UnreadableFileError(IssueCode.FILE_EMPTY, "file is empty")
    head = text.lstrip()[:200].lower()
    if head.startswith(("<", "{")) or (strict and "\t" not in text and "," not in text):
        raise UnreadableFileError(IssueCode.FILE_NOT_SPREADSHEET, "not a spreadsheet")
    first_lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    tabs = sum(line.count("\t") for line in first_lines)
    commas = sum(line.count(",") for line in first_lines)
    delimiter = "\t" if tabs > commas else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [list[object](r) for r in reader]
    except csv.Error as exc:
        raise UnreadableFileError(
            IssueCode.FILE_NOT_SPREADSHEET, f"not a spreadsheet: {exc}"
        ) from exc


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise _undecodable() from exc
    sample = data[:65536]
    binary = b"\0" in sample or sum(b in _CONTROL_BYTES for b in sample) > len(sample) // 100
    if not binary:
        # Strict UTF-8, then strict GB18030 (a superset of GBK and GB2312) first: statistical
        # detectors misjudge short GBK files, which is what Excel on a Chinese PC writes.
        for encoding in ("utf-8", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
    # The detector is the last resort (UTF-16 without a BOM, Big5 …); a guess counts only when
    # it yields a readable class-list header, as a wrong guess would turn names into noise.
    for guess in charset_normalizer.from_bytes(data):
        text = str(guess)
        if "姓名" in text[:4096] or "学号" in text[:4096]:
            return text
    if binary:
        raise UnreadableFileError(IssueCode.FILE_NOT_SPREADSHEET, "not a spreadsheet (binary data)")
    raise _undecodable()


def workbook_sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook, judged by content not name; empty when it is not one."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return []
    if not data.startswith((_OLE, _ZIP)):
        return []
    # load_grid reports why a workbook is unreadable; here it just has no sheets to offer.
    return list(read_workbook(data, None, names_only=True).names)


def _undecodable() -> UnreadableFileError:
    return UnreadableFileError(
        IssueCode.FILE_UNDECODABLE, "cannot decode the text: not UTF-8, UTF-16 or GB18030"
    )
