"""Corrupted class lists, random bytes and random text: no crash, no partial write, clear words.

Every file starts as a valid class list of tests/data/roster_files.py (xlsx, xls, ods, CSV and
TXT in the encodings Chinese Windows writes) and is then damaged: bytes flipped, inserted,
deleted, truncated; for the zip formats, entries removed or their XML damaged, absurd cell
positions, huge cells, formulas, merged cells. The importer may accept what survives or refuse
it with its own errors; it must never raise anything else, never store part of a refused file,
and on the command line say what is wrong in one line per error (exit 2).
"""

from __future__ import annotations

import io
import json
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from core.audit_service import AuditService
from core.clock import SimulatedClock
from core.roster import read_roster
from core.roster_import import RosterInvalidError, RosterService
from core.roster_types import IssueCode, RosterSheet
from db.audit import chain_head
from db.engine import Database
from db.models import AuditEntry, Guardian, SchoolClass, Student, StudentGuardian
from main import main
from tests.conftest import TEST_NOW
from tests.data.roster_files import (
    make_school_rows,
    write_csv,
    write_ods,
    write_xls,
    write_xlsx,
)
from tests.hostile import examples

ROOT = Path(__file__).resolve().parents[2]
ROWS = make_school_rows(6, seed=3)
_INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>')


def excel_like(path: Path) -> Path:
    """Rewrite openpyxl's inline strings as Excel stores text: in xl/sharedStrings.xml."""
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    shared: list[bytes] = []

    def to_shared(m: re.Match[bytes]) -> bytes:
        shared.append(m[3])
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (m[1], m[2], len(shared) - 1)

    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = _INLINE.sub(to_shared, parts[sheet])
    items = b"".join(b"<si><t>%s</t></si>" % t for t in shared)
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'count="%d" uniqueCount="%d">%s</sst>' % (len(shared), len(shared), items)
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    return reproducible(path, parts)


_STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?")


def reproducible(path: Path, parts: dict[str, bytes] | None = None) -> Path:
    """The zip at ``path`` rewritten with fixed dates: the same bytes on every run.

    Derandomized edits replay the same damage only if the file they damage does not change.
    """
    if parts is None:
        with zipfile.ZipFile(path) as src:
            parts = {name: src.read(name) for name in src.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts.items():
            stamped = _STAMP.sub(b"2026-09-01T08:00:00Z", content)
            # Order kept, mimetype stored: an .ods must begin with it, uncompressed.
            info = zipfile.ZipInfo(name, date_time=(2026, 9, 1, 8, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(info, stamped)
    return path


# Kind of file -> (suffix, writer); text kinds in the encodings Chinese Excel and WPS write.
WRITERS: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "xlsx": (".xlsx", lambda p: excel_like(write_xlsx(p, ROWS, merge=["P1:P2"]))),
    "xls": (".xls", lambda p: write_xls(p, ROWS)),
    "ods": (".ods", lambda p: reproducible(write_ods(p, ROWS))),
    "csv-utf8": (".csv", lambda p: write_csv(p, ROWS, "utf-8-sig")),
    "csv-gb18030": (".csv", lambda p: write_csv(p, ROWS, "gb18030")),
    "txt-utf16": (".txt", lambda p: write_csv(p, ROWS, "utf-16", delimiter="\t")),
}
SUFFIXES = (".xlsx", ".xls", ".ods", ".csv", ".txt", ".tsv", ".xlsm", ".xlsb")
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-16-be")
# A file that cannot be read at all: one problem, never a cascade of row errors.
UNREADABLE = {
    IssueCode.FILE_NOT_FOUND,
    IssueCode.FILE_NOT_SPREADSHEET,
    IssueCode.FILE_ENCRYPTED,
    IssueCode.FILE_UNDECODABLE,
    IssueCode.SHEET_NOT_FOUND,
}
# C0 controls but tab and line breaks, and DEL: never stored (PostgreSQL refuses NUL).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@cache
def original(kind: str) -> bytes:
    """The valid file of ``kind``, written once per run."""
    suffix, write = WRITERS[kind]
    with tempfile.TemporaryDirectory(prefix="hostile-roster-") as folder:
        return write(Path(folder) / f"class{suffix}").read_bytes()


# --- damage ------------------------------------------------------------------------------------

byte_edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "truncate"]),
        st.integers(0, 2**20),
        st.integers(0, 255),
        st.binary(min_size=1, max_size=24),
    ),
    min_size=1,
    max_size=4,
)


def damage_bytes(data: bytes, edits: list[tuple[str, int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for op, where, n, blob in edits:
        if not out:
            break
        at = where % len(out)
        if op == "flip":
            out[at] ^= 1 << (n % 8)
        elif op == "insert":
            out[at:at] = blob
        elif op == "delete":
            del out[at : at + 1 + n]
        else:
            del out[at:]
    return bytes(out)


XML_NOISE = st.sampled_from(list('<>"&/=;: \x00\xff09AZaz') + ["_x0000_", "]]>", "&#0;"])
ZIP_DAMAGE = ("drop", "truncate", "garbage", "mutate")
# The parts worth damaging: where the cells, their strings and the list of sheets live.
PARTS = {
    "xlsx": (
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "[Content_Types].xml",
    ),
    "ods": ("content.xml", "META-INF/manifest.xml", "mimetype", "styles.xml"),
}


def damage_zip(data: bytes, victim: str, how: str, where: int, noise: list[str]) -> bytes:
    """Rewrite one part of an xlsx or ods: removed, cut, garbage, XML damage, absurd sizes."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in src.namelist():
                content = src.read(name)
                if name == victim:
                    if how == "drop":
                        continue
                    content = _damaged_part(content, how, where, noise)
                dst.writestr(name, content)
    return out.getvalue()


def _damaged_part(content: bytes, how: str, where: int, noise: list[str]) -> bytes:
    if how == "truncate":
        return content[: where % (len(content) + 1)]
    if how == "garbage":
        return "".join(noise).encode("utf-8", "surrogatepass")
    if how == "mutate":
        text = bytearray(content)
        for i, piece in enumerate(noise):
            at = (where + 7919 * i) % max(len(text), 1)
            text[at : at + 1] = piece.encode()
        return bytes(text)
    raise ValueError(how)


# Absurd sizes: each is one fixed file, so a parametrized case, not a random draw.
ABSURD = {
    # A stray cell in the sheet's far corner: Excel allows it, calamine wanted 512 GB for it.
    "xlsx-far-corner": ("xlsx", "xl/worksheets/sheet1.xml", b'r="B2"', b'r="XFD1048576"'),
    "xlsx-dimension": (
        "xlsx",
        "xl/worksheets/sheet1.xml",
        b"<sheetData>",
        b'<dimension ref="A1:XFD1048576"/><sheetData>',
    ),
    # The header row repeated down to LibreOffice's last row: a million filled rows.
    "ods-million-rows": (
        "ods",
        "content.xml",
        b"<table:table-row>",
        b'<table:table-row table:number-rows-repeated="1048576">',
    ),
    "ods-million-columns": (
        "ods",
        "content.xml",
        b"<table:table-cell ",
        b'<table:table-cell table:number-columns-repeated="1048576" ',
    ),
    "xlsx-megabyte-name": ("xlsx", "xl/sharedStrings.xml", b"<si><t>", b"<si><t>" + b"x" * 2**20),
    "ods-megabyte-name": ("ods", "content.xml", b"<text:p>", b"<text:p>" + b"x" * 2**20),
}


def absurd(case: str) -> bytes:
    kind, part, old, new = ABSURD[case]
    with zipfile.ZipFile(io.BytesIO(original(kind))) as src:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in src.namelist():
                content = src.read(name)
                if name == part:
                    assert old in content
                    content = content.replace(old, new, 1)
                dst.writestr(name, content)
    return out.getvalue()


# OLE2 (.xls) header fields that point into the file: sector chains, directory, allocation.
CFB_FIELDS = (0x2C, 0x30, 0x3C, 0x40, 0x44, 0x48, 0x4C)


def damage_cfb(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    """Overwrite sector pointers of an .xls: header fields or allocation-table entries.

    A bad sector, bit rot on a USB stick: a chain then loops, points past the end or nowhere,
    which a reader of a damaged file must survive. ``edits`` are (target, value): targets
    below ``len(CFB_FIELDS)`` are header fields, the others allocation-table entries; a value
    of -1 points an entry at itself. Places are found in the undamaged layout.
    """
    out = bytearray(data)
    sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    fat = 512 + struct.unpack_from("<I", data, 0x4C)[0] * sector
    entries = max((len(data) - 512) // sector, 1)
    for target, value in edits:
        if target < len(CFB_FIELDS):
            offset, me = CFB_FIELDS[target], 0
        else:
            me = (target - len(CFB_FIELDS)) % entries
            offset = fat + 4 * me
        struct.pack_into("<I", out, offset, me if value < 0 else value % 2**32)
    return bytes(out)


sector_values = st.sampled_from([-1, 0, 1, 2**32 - 2, 2**32 - 1, 2**31]) | st.integers()
sector_edits = st.lists(st.tuples(st.integers(0, 40), sector_values), min_size=1, max_size=2)
renamed = st.one_of(st.none(), st.sampled_from(SUFFIXES))  # schools rename files


@st.composite
def damaged_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """(suffix, bytes) of a class list of any kind, damaged byte by byte or in its structure."""
    kind = draw(st.sampled_from(sorted(WRITERS)))
    data = original(kind)
    if kind in PARTS and draw(st.booleans()):
        data = damage_zip(
            data,
            draw(st.sampled_from(PARTS[kind])),
            draw(st.sampled_from(ZIP_DAMAGE)),
            draw(st.integers(0, 2**20)),
            draw(st.lists(XML_NOISE, min_size=1, max_size=12)),
        )
    elif kind == "xls" and draw(st.booleans()):
        data = damage_cfb(data, draw(sector_edits))
    else:
        data = damage_bytes(data, draw(byte_edits))
    return draw(renamed) or WRITERS[kind][0], data


random_files = st.tuples(
    st.sampled_from(SUFFIXES),
    st.builds(
        bytes.__add__,
        # The magic numbers send random bytes down each reader: OLE2, zip, BOMs, plain.
        st.sampled_from(
            [b"", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe"]
        ),
        st.binary(max_size=3000),
    ),
)


@st.composite
def random_text_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """Random text, sometimes under a valid header, in any encoding Chinese PCs use."""
    cells = st.text(st.characters(codec="utf-8"), max_size=12)
    lines = draw(st.lists(st.lists(cells, max_size=6), max_size=8))
    sep = draw(st.sampled_from([",", "\t", ";"]))
    body = "\r\n".join(sep.join(line) for line in lines)
    if draw(st.booleans()):
        body = sep.join(["学号", "姓名", "班级", "家长1电话"]) + "\r\n" + body
    encoding = draw(st.sampled_from(ENCODINGS))
    return draw(st.sampled_from([".csv", ".txt", ".xls"])), body.encode(encoding, "ignore")


# --- what every outcome must look like -----------------------------------------------------------


def check_sheet(sheet: RosterSheet) -> None:
    """A result the preview and the command line can show: clean records, one-line problems."""
    assert isinstance(sheet, RosterSheet)
    for issue in (*sheet.errors, *sheet.warnings):
        line = issue.cli_line()
        assert line.strip() and len(line.splitlines()) == 1, repr(line)
    if sheet.errors:
        unreadable = [e for e in sheet.errors if e.code in UNREADABLE]
        assert not unreadable or len(sheet.errors) == 1, [e.cli_line() for e in sheet.errors]
        return
    for s in sheet.students:
        texts = [s.student_no, s.name, s.notes, *(g.name for g in s.guardians)]
        assert s.student_no and s.name and 1 <= s.grade <= 6 and 1 <= s.class_no <= 30
        assert not any(CONTROL.search(t) for t in texts), s


def write(folder: Path, suffix: str, data: bytes) -> Path:
    path = folder / f"list{suffix}"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-roster")


# --- the reader --------------------------------------------------------------------------------


# Each kind and each kind of damage gets its own share of examples: derandomized draws from
# one big strategy cluster, and left whole families of damage untried.


@pytest.mark.parametrize("kind", sorted(WRITERS))
@examples(0.12)
@given(edits=byte_edits, suffix=renamed)
def test_a_class_list_damaged_byte_by_byte_is_read_or_refused(
    folder: Path, kind: str, edits: list[tuple[str, int, int, bytes]], suffix: str | None
) -> None:
    data = damage_bytes(original(kind), edits)

    check_sheet(read_roster(write(folder, suffix or WRITERS[kind][0], data)))


@pytest.mark.parametrize(("kind", "how"), [(k, h) for k in PARTS for h in ZIP_DAMAGE])
@examples(0.06)
@given(data=st.data())
def test_a_zipped_class_list_with_a_damaged_part_is_read_or_refused(
    folder: Path, kind: str, how: str, data: st.DataObject
) -> None:
    damaged = damage_zip(
        original(kind),
        data.draw(st.sampled_from(PARTS[kind]), label="part"),
        how,
        data.draw(st.integers(0, 2**20), label="where"),
        data.draw(st.lists(XML_NOISE, min_size=1, max_size=12), label="noise"),
    )

    check_sheet(read_roster(write(folder, WRITERS[kind][0], damaged)))


def test_an_xls_with_any_one_sector_pointer_broken_is_read_or_refused(folder: Path) -> None:
    # Few enough to try them all: every header pointer and allocation-table entry in use,
    # set to itself (a loop), to sector 0, to end-of-chain, to free and far past the end.
    data = original("xls")
    used = (len(data) - 512) // 512
    tried = []
    for target in range(len(CFB_FIELDS) + used):
        for value in (-1, 0, 2**32 - 2, 2**32 - 1, 2**31 - 1):
            sheet = read_roster(write(folder, ".xls", damage_cfb(data, [(target, value)])))
            check_sheet(sheet)
            tried.append(sheet.errors[0].message if sheet.errors else "read")
    print(f"{len(tried)} broken pointers: {sorted(set(tried))}")


@examples(0.2)
@given(edits=sector_edits)
def test_an_xls_with_random_sector_pointers_is_read_or_refused(
    folder: Path, edits: list[tuple[int, int]]
) -> None:
    data = damage_cfb(original("xls"), edits)

    check_sheet(read_roster(write(folder, ".xls", data)))


@pytest.mark.parametrize("case", sorted(ABSURD))
def test_absurd_sizes_are_read_or_refused_in_one_line(folder: Path, case: str) -> None:
    sheet = read_roster(write(folder, "." + ABSURD[case][0], absurd(case)))

    check_sheet(sheet)
    print(f"{case}: {[e.cli_line() for e in sheet.errors][:2] or f'{len(sheet.students)} pupils'}")


@examples(0.5)
@given(random_files)
def test_random_bytes_with_any_extension_are_refused_in_one_line(
    folder: Path, file: tuple[str, bytes]
) -> None:
    sheet = read_roster(write(folder, *file))

    check_sheet(sheet)
    assert not sheet.students


@examples(0.5)
@given(random_text_files())
def test_random_text_in_any_encoding_is_read_or_refused(
    folder: Path, file: tuple[str, bytes]
) -> None:
    check_sheet(read_roster(write(folder, *file)))


def _sheet_with(tmp_path: Path, edit: Callable[[openpyxl.Workbook], None]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in ROWS:
        ws.append(row)
    edit(wb)
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    return path


def test_formulas_merged_cells_and_a_huge_note_give_plain_answers(tmp_path: Path) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws["B2"] = "=A2*1000"  # a formula never computed: no cached value, an empty number
        ws["C3"] = '=CONCATENATE("张","三")'
        ws.merge_cells("C4:C5")  # one name over two pupils
        ws["O6"] = "花生过敏；" * 6000  # Excel's 32,767-character cell limit

    sheet = read_roster(_sheet_with(tmp_path, edit))

    check_sheet(sheet)
    lines = [e.cli_line() for e in sheet.errors]
    assert "row 2, 学号: empty" in lines and "row 5, 姓名: empty" in lines
    assert not sheet.ok


def test_a_stray_cell_far_below_the_list_still_imports(tmp_path: Path) -> None:
    path = _sheet_with(tmp_path, lambda wb: wb.active.cell(60000, 26, "x"))

    sheet = read_roster(path)

    check_sheet(sheet)
    assert len(sheet.students) == len(ROWS) - 1


@pytest.mark.parametrize(
    "entry",
    ["xl/sharedStrings.xml", "xl/styles.xml", "[Content_Types].xml", "xl/workbook.xml"],
)
def test_an_xlsx_missing_a_part_is_read_or_refused(tmp_path: Path, entry: str) -> None:
    with zipfile.ZipFile(io.BytesIO(original("xlsx"))) as src:
        assert entry in src.namelist()
        with zipfile.ZipFile(tmp_path / "cut.xlsx", "w") as dst:
            for name in src.namelist():
                if name != entry:
                    dst.writestr(name, src.read(name))

    sheet = read_roster(tmp_path / "cut.xlsx")

    check_sheet(sheet)
    print(f"without {entry}: {[e.cli_line() for e in sheet.errors][:3] or 'read'}")


def test_control_characters_in_cells_are_dropped_on_every_backend(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    # PostgreSQL refuses NUL in text: the import failed there (exit 1, "cannot store") and
    # stored the NUL on SQLite. Excel shows none of these characters; they are damage.
    rows = [list(r) for r in ROWS]
    rows[1][2] = "张\x00三"
    rows[2][5] = "李\x07伟"
    rows[3][14] = "备注\x1b[31m"
    path = write_csv(tmp_path / "ctl.csv", rows, "utf-8-sig")

    code = main(["--db", db_url, "import-roster", str(path)])
    main(["--db", db_url, "students", "--json"])

    out, err = capsys.readouterr()
    assert code == 0, err
    stored = json.loads(out[out.index("\n") + 1 :])
    assert stored[0]["name"] == "张三"
    assert not CONTROL.search(json.dumps(stored, ensure_ascii=False))


def test_a_file_far_too_large_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "backup.xlsx"
    with path.open("wb") as out:
        out.truncate(65 * 2**20)  # sparse: costs no disk, yet 65 MB long

    sheet = read_roster(path)

    check_sheet(sheet)
    assert [e.cli_line() for e in sheet.errors] == [
        "not a spreadsheet: 65 MB is far too large for a class list"
    ]


# --- the importer and the database -------------------------------------------------------------


def state(db: Database) -> tuple[int, ...]:
    """Row counts of everything an import writes, and the audit chain's tip."""
    with db.read() as s:
        counts = tuple(
            s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Student, Guardian, StudentGuardian, SchoolClass, AuditEntry)
        )
        return (*counts, chain_head(s).seq)


@examples(0.3)
@given(st.one_of(damaged_files(), random_files))
@example((".xlsx", original("xlsx")))
def test_an_import_stores_every_row_or_nothing(
    db: Database, folder: Path, damaged: tuple[str, bytes]
) -> None:
    service = RosterService(db, SimulatedClock(TEST_NOW, advancing=False))
    before = state(db)

    try:
        summary = service.import_file(write(folder, *damaged), None, actor="hostile")
    except RosterInvalidError as refused:
        check_sheet(refused.sheet)
        assert state(db) == before, "a refused class list changed the database"
    else:
        after = state(db)
        assert after[0] == before[0] + summary.added
        assert after[4:] == (before[4] + 1, before[5] + 1)  # one audit entry, chained
    report = AuditService(db).verify()
    assert report.ok, report.line()


# --- the command line --------------------------------------------------------------------------


@examples(0.15)
@given(st.one_of(damaged_files(), random_files, random_text_files()))
def test_import_roster_says_what_is_wrong_one_line_each_and_exits_2(
    capsys: pytest.CaptureFixture[str],
    db: Database,
    db_url: str,
    folder: Path,
    damaged: tuple[str, bytes],
) -> None:
    path = write(folder, *damaged)
    expected = read_roster(path)
    before = state(db)
    capsys.readouterr()

    code = main(["--db", db_url, "import-roster", str(path)])

    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if expected.errors:
        assert (code, out) == (2, "")
        assert err.splitlines() == [e.cli_line() for e in expected.errors]
        assert state(db) == before
    else:
        assert code == 0 and out.startswith("imported ") and out.count("\n") == 1
        assert all(line.startswith("warning: ") for line in err.splitlines())


# --- files that used to kill the whole process -------------------------------------------------


def far_corner_xlsx(path: Path) -> Path:
    """A valid workbook with one stray cell at XFD1048576: calamine wanted 512 GB for it."""
    wb = openpyxl.Workbook()
    for row in ROWS:
        wb.active.append(row)
    wb.active["XFD1048576"] = "x"
    wb.save(path)
    return path


def fat_cycle_xls(path: Path) -> Path:
    """An .xls whose directory chain points at itself: calamine followed it until it aborted."""
    data = write_xls(path, ROWS).read_bytes()
    directory = struct.unpack_from("<I", data, 0x30)[0]
    path.write_bytes(damage_cfb(data, [(len(CFB_FIELDS) + directory, -1)]))
    return path


@pytest.mark.parametrize("make", [far_corner_xlsx, fat_cycle_xls], ids=["xlsx", "xls"])
def test_a_file_that_kills_the_reader_is_one_line_and_exit_2(
    db: Database, db_url: str, tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    path = make(tmp_path / f"list{'.xls' if make is fat_cycle_xls else '.xlsx'}")
    before = state(db)

    # A real process: should the reader ever run in-process again, only this test dies.
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", db_url, "import-roster", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=False,
    )

    assert (done.returncode, done.stdout) == (2, ""), done.stderr[-2000:]
    assert done.stderr.splitlines() == [
        "not a spreadsheet: the file is damaged or too large to read"
    ]
    assert state(db) == before
