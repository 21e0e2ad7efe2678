"""Class-list fixture files written from code: xlsx, xls, ods, csv and encrypted xlsx."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Sequence
from pathlib import Path

Cell = str | int | float | bool | dt.date | None
Rows = Sequence[Sequence[Cell]]

SCHOOL_HEADER = [
    "序号",
    "学号",
    "姓名",
    "性别",
    "班级",
    "家长1姓名",
    "监护人1关系",
    "监护人1电话",
    "家长2姓名",
    "监护人2关系",
    "监护人2电话",
    "课后服务",
    "服务日",
    "离校方式",
    "备注",
    "身份证号",
]

_GRADE_CN = "一二三四五六"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
_GIVEN = "子涵浩宇欣怡梓萱一诺雨轩思远佳琪嘉懿俊杰明轩晨阳雅婷博文诗若曦天佑沐紫航"
_ADULT_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
_UYGHUR = ["买买提·艾力", "阿依古丽·吐尔逊", "迪丽娜尔·阿不都"]
_RELATIONS_1 = ["父亲", "父亲", "爸爸", "母亲", "妈妈", "爷爷", "外婆"]
_RELATIONS_2 = ["母亲", "母亲", "妈妈", "奶奶", "姥姥", "外公"]
_WEEKDAYS = ["周一至周五", "周一至周五", "周一至周五", "一三五", "周二、周四", "每天", ""]
_DEPARTURES = ["家长接送", "家长接送", "家长接送", "家长接送", "自行离校", "托管机构", ""]
_NOTES = ["", "", "", "", "", "", "花生过敏", "哮喘，忌剧烈运动", "周三由奶奶接"]
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# A county code no real county uses, so generated ID numbers never belong to a real person.
_ID_AREA = "320499"
CLASS_SIZE = 45


def class_text(grade: int, class_no: int, style: int = 0) -> str:
    """One of the class notations teachers type, chosen by ``style``."""
    cn = _GRADE_CN[grade - 1]
    forms = (
        f"{cn}({class_no})班",
        f"{cn}（{class_no}）班",
        f"{grade}({class_no})班",
        f"{cn}年级{class_no}班",
        f"{grade}年级（{class_no}）班",
    )
    return forms[style % len(forms)]


def _id_number(birth: dt.date, seq: int, female: bool) -> str:
    seq3 = (seq % 500) * 2 + (0 if female else 1)
    body = f"{_ID_AREA}{birth:%Y%m%d}{seq3:03d}"
    check = _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]
    return body + check


def make_school_rows(n_students: int, seed: int = 0) -> list[list[Cell]]:
    """A realistic class list: header plus ``n_students`` valid rows across grades 1-6.

    Classes hold 45 pupils and are spread over the six grades in turn; student numbers are
    ``YYYYGGCCSS`` text (entry year, grade, class, seat), unique for up to 99 classes per grade.
    Every value is one the roster reader accepts, so a file of these rows imports with no error.
    """
    rng = random.Random(seed)
    rows: list[list[Cell]] = [list(SCHOOL_HEADER)]
    for i in range(n_students):
        klass, seat = divmod(i, CLASS_SIZE)
        grade = klass % 6 + 1
        class_no = klass // 6 + 1
        entry_year = 2026 - grade
        female = rng.random() < 0.5
        surname = rng.choice(_SURNAMES)
        if rng.random() < 0.01:
            name = rng.choice(_UYGHUR)
        else:
            name = surname + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
        phone1 = f"13{rng.randrange(10**9):09d}"
        has_second = rng.random() < 0.7
        birth = dt.date(entry_year - 6, 1 + rng.randrange(12), 1 + rng.randrange(28))
        rows.append(
            [
                i + 1,
                f"{entry_year}{grade:02d}{class_no:02d}{seat + 1:02d}",
                name,
                "女" if female else "男",
                class_text(grade, class_no, klass),
                surname + rng.choice(_ADULT_GIVEN),
                rng.choice(_RELATIONS_1),
                phone1,
                (rng.choice(_SURNAMES) + rng.choice(_ADULT_GIVEN)) if has_second else "",
                rng.choice(_RELATIONS_2) if has_second else "",
                f"15{rng.randrange(10**9):09d}" if has_second else "",
                "是" if rng.random() < 0.9 else "否",
                rng.choice(_WEEKDAYS),
                rng.choice(_DEPARTURES),
                rng.choice(_NOTES),
                _id_number(birth, i, female),
            ]
        )
    return rows


def write_xlsx(
    path: Path,
    rows: Rows,
    *,
    sheet_name: str = "Sheet1",
    merge: Sequence[str] = (),
    extra_sheets: Sequence[str] = (),
) -> Path:
    """Write ``rows`` to an .xlsx file; str cells are text, int/float cells are numbers.

    ``merge`` takes ranges such as ``"A1:P1"`` (a merged title); ``extra_sheets`` adds empty
    sheets after the first.
    """
    import openpyxl

    if not merge:
        # Write-only mode keeps the 2,500-student benchmark file fast to produce.
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet(sheet_name)
        for row in rows:
            ws.append(list(row))
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = sheet_name
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    ws.cell(row=r, column=c, value=value)
        for cells in merge:
            ws.merge_cells(cells)
    for name in extra_sheets:
        wb.create_sheet(name)
    wb.save(path)
    return path


def write_xls(path: Path, rows: Rows, *, sheet_name: str = "Sheet1") -> Path:
    """Write ``rows`` to a legacy .xls (BIFF8) file with xlwt."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet_name)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    wb.save(str(path))
    return path


def write_ods(path: Path, rows: Rows, *, sheet_name: str = "Sheet1") -> Path:
    """Write ``rows`` to an OpenDocument spreadsheet with odfpy."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet_name)
    for row in rows:
        tr = TableRow()
        for value in row:
            if value is None or value == "":
                tr.addElement(TableCell())
            elif isinstance(value, bool):
                cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
                cell.addElement(P(text=str(value).upper()))
                tr.addElement(cell)
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8-sig", delimiter: str = ",") -> Path:
    """Write ``rows`` as delimited text in ``encoding`` with CRLF line ends, as Excel does."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_encrypted_xlsx(path: Path, rows: Rows, password: str) -> Path:
    """Write ``rows`` to an .xlsx protected by ``password`` (an OLE2 container, as Excel does)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = path.with_name(path.name + ".plain.xlsx")
    write_xlsx(plain, rows)
    try:
        with plain.open("rb") as src, path.open("wb") as out:
            OOXMLFile(src).encrypt(password, out)
    finally:
        plain.unlink()
    return path
