"""Class-list reading: value rules, file formats, header and footer detection, issue reporting."""

from __future__ import annotations

import datetime as dt
import random
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from core import roster_values as rv
from core.roster import (
    canonical_class_name,
    normalise_phone,
    normalise_relation,
    parse_class,
    read_roster,
)
from core.roster_types import GuardianRecord, IssueCode, RosterIssue, RosterSheet
from tests.data.roster_files import (
    SCHOOL_HEADER,
    make_school_rows,
    write_csv,
    write_encrypted_xlsx,
    write_ods,
    write_xls,
    write_xlsx,
)

HEADER = ["学号", "姓名", "性别", "班级", "家长姓名", "关系", "联系电话"]


def pupil(
    no: object = "2023030201",
    name: object = "张三",
    gender: object = "男",
    klass: object = "三(2)班",
    guardian: object = "张伟",
    relation: object = "爸爸",
    phone: object = "13812345678",
) -> list[object]:
    return [no, name, gender, klass, guardian, relation, phone]


def found(sheet: RosterSheet) -> list[tuple[int | None, str | None, IssueCode, str]]:
    return [(i.row, i.column, i.code, i.message) for i in sheet.errors]


def warned(sheet: RosterSheet) -> list[tuple[int | None, str | None, IssueCode]]:
    return [(i.row, i.column, i.code) for i in sheet.warnings]


def read_rows(tmp_path: Path, rows: list[list[object]], name: str = "list.xlsx") -> RosterSheet:
    return read_roster(write_xlsx(tmp_path / name, rows))


# --- value rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "grade_hint", "expected"),
    [
        ("三(2)班", None, (3, 2)),
        ("三（2）班", None, (3, 2)),
        ("3(2)班", None, (3, 2)),
        ("3（2）班", None, (3, 2)),
        ("３（２）班", None, (3, 2)),
        ("三年级2班", None, (3, 2)),
        ("三年级(2)班", None, (3, 2)),
        ("三年级（2）班", None, (3, 2)),
        ("3年级2班", None, (3, 2)),
        ("三年级二班", None, (3, 2)),
        ("三年二班", None, (3, 2)),
        ("三年级十二班", None, (3, 12)),
        ("六年级二十班", None, (6, 20)),
        ("三2班", None, (3, 2)),
        ("3(2)", None, (3, 2)),
        (" 三 (2) 班 ", None, (3, 2)),
        ("3.2", None, (3, 2)),
        ("3-2", None, (3, 2)),
        ("3.10", None, (3, 10)),
        ("3.1", None, (3, 1)),
        ("302", None, (3, 2)),
        ("302班", None, (3, 2)),
        ("612", None, (6, 12)),
        ("2班", 3, (3, 2)),
        ("2", 3, (3, 2)),
        ("12", 1, (1, 12)),
        ("（2）班", 4, (4, 2)),
        ("二班", 5, (5, 2)),
        ("三(2)班", 3, (3, 2)),
        ("3.2", 3, (3, 2)),
        ("2班", None, None),
        ("2", None, None),
        ("12", None, None),
        ("三年(2", None, None),
        ("1012", None, None),
        ("七(2)班", None, None),
        ("3(0)班", None, None),
        ("3(31)班", None, None),
        ("三二班", None, None),
        ("三年级", None, None),
        ("三(2)班", 4, None),
        ("abc", 3, None),
        ("", 3, None),
    ],
)
def test_parse_class(text: str, grade_hint: int | None, expected: tuple[int, int] | None) -> None:
    assert parse_class(text, grade_hint) == expected


@pytest.mark.parametrize(
    ("text", "grade_hint", "code", "message"),
    [
        ("三年(2", None, IssueCode.BAD_CLASS, "cannot parse class '三年(2'"),
        ("1012", None, IssueCode.BAD_CLASS, "cannot parse class '1012'"),
        ("七(2)班", None, IssueCode.BAD_GRADE, "grade 7 outside 1–6"),
        ("702", None, IssueCode.BAD_GRADE, "grade 7 outside 1–6"),
        ("2班", None, IssueCode.BAD_CLASS, "class '2班' has no grade"),
        ("四(2)班", 3, IssueCode.BAD_CLASS, "class '四(2)班' is grade 4 but 年级 says 3"),
        ("3(0)班", None, IssueCode.BAD_CLASS, "class number 0 outside 1–30"),
    ],
)
def test_class_problems_are_explained(
    text: str, grade_hint: int | None, code: IssueCode, message: str
) -> None:
    with pytest.raises(rv.CellError) as caught:
        rv.school_class(text, grade_hint)
    assert (caught.value.code, caught.value.message) == (code, message)


@pytest.mark.parametrize(
    ("grade", "class_no", "expected"),
    [(3, 2, "三(2)班"), (1, 10, "一(10)班"), (6, 1, "六(1)班"), (2, 15, "二(15)班")],
)
def test_canonical_class_name(grade: int, class_no: int, expected: str) -> None:
    assert canonical_class_name(grade, class_no) == expected


@pytest.mark.parametrize(("grade", "class_no"), [(0, 1), (7, 1), (3, 0)])
def test_canonical_class_name_refuses_impossible_classes(grade: int, class_no: int) -> None:
    with pytest.raises(ValueError, match="no class"):
        canonical_class_name(grade, class_no)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13812345678", "13812345678"),
        (" 138 1234 5678 ", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0519-86123456", "0519-86123456"),
        ("0519 86123456", "0519-86123456"),
        ("051986123456", "0519-86123456"),
        ("(0519)86123456", "0519-86123456"),
        ("0519－86123456", "0519-86123456"),
        ("010-62345678", "010-62345678"),
        ("02162345678", "021-62345678"),
        ("0913-2234567", "0913-2234567"),
        ("1381234", None),
        ("138123456789", None),
        ("86123456", None),
        ("0519-06123456", None),
        ("0519-86123456-801", None),
        ("13812345678/13987654321", None),
        ("13812345678 13987654321", None),
        ("abc", None),
        ("", None),
    ],
)
def test_normalise_phone(text: str, expected: str | None) -> None:
    assert normalise_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1381234", "malformed phone '1381234'"),
        (
            "13812345678/13987654321",
            "several phones in one cell '13812345678/13987654321': give one phone per column",
        ),
        (
            "13812345678、13987654321",
            "several phones in one cell '13812345678、13987654321': give one phone per column",
        ),
        (
            "13812345678 13987654321",
            "several phones in one cell '13812345678 13987654321': give one phone per column",
        ),
    ],
)
def test_phone_problems_are_explained(text: str, message: str) -> None:
    with pytest.raises(rv.CellError) as caught:
        rv.phone(text)
    assert (caught.value.code, caught.value.message) == (IssueCode.BAD_PHONE, message)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("爸爸", "父亲"),
        ("妈妈", "母亲"),
        ("姥爷", "外公"),
        ("姥姥", "外婆"),
        ("父亲", "父亲"),
        ("爷爷", "爷爷"),
        ("舅舅", "舅舅"),
        ("保姆", "保姆"),
        ("其他", "其他"),
        (" 妈 妈 ", "母亲"),
        ("", ""),
        ("13812345678", None),
        ("父亲1", None),
        ("父亲２", None),
        ("孩子的远房亲戚阿姨们", None),
    ],
)
def test_normalise_relation(text: str, expected: str | None) -> None:
    assert normalise_relation(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("男", "男"), ("女", "女"), ("男生", "男"), ("女生", "女"), ("M", "男"), ("f", "女"),
     (" 女 ", "女"), ("", None)],
)  # fmt: skip
def test_gender(text: str, expected: str | None) -> None:
    assert rv.gender(text) == expected


@pytest.mark.parametrize("text", ["未知", "1", "男女"])
def test_bad_gender(text: str) -> None:
    with pytest.raises(rv.CellError) as caught:
        rv.gender(text)
    assert caught.value.code is IssueCode.BAD_GENDER
    assert caught.value.message == f"malformed gender '{text}'"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("三年级", 3), ("3年级", 3), ("三", 3), ("3", 3), ("６", 6), ("一年级", 1)],
)
def test_grade(text: str, expected: int) -> None:
    assert rv.grade(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("7", "grade 7 outside 1–6"),
        ("0", "grade 0 outside 1–6"),
        ("初一", "cannot parse grade '初一'"),
    ],
)
def test_bad_grade(text: str, message: str) -> None:
    with pytest.raises(rv.CellError) as caught:
        rv.grade(text)
    assert (caught.value.code, caught.value.message) == (IssueCode.BAD_GRADE, message)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        *[(t, True) for t in ("是", "参加", "√", "✓", "Y", "y", "Yes", "yes", "1", "TRUE")],
        *[(t, False) for t in ("否", "不参加", "×", "✗", "N", "n", "0", "", "FALSE")],
    ],
)
def test_after_school(text: str, expected: bool) -> None:
    assert rv.after_school(text) is expected


@pytest.mark.parametrize("text", ["也许", "x", "2"])
def test_bad_after_school(text: str) -> None:
    with pytest.raises(rv.CellError) as caught:
        rv.after_school(text)
    assert caught.value.code is IssueCode.BAD_AFTER_SCHOOL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("周一至周五", (1, 2, 3, 4, 5)),
        ("一至五", (1, 2, 3, 4, 5)),
        ("周一到周五", (1, 2, 3, 4, 5)),
        ("星期一至星期五", (1, 2, 3, 4, 5)),
        ("1-5", (1, 2, 3, 4, 5)),
        ("全周", (1, 2, 3, 4, 5)),
        ("每天", (1, 2, 3, 4, 5)),
        ("", (1, 2, 3, 4, 5)),
        ("周一、周三、周五", (1, 3, 5)),
        ("一三五", (1, 3, 5)),
        ("周二,周四", (2, 4)),
        ("周二，周四", (2, 4)),
        ("周四 周二", (2, 4)),
        ("1,3,5", (1, 3, 5)),
        ("１，３，５", (1, 3, 5)),
        ("星期一、星期三", (1, 3)),
        ("周一至周三、周五", (1, 2, 3, 5)),
        ("周三、周三", (3,)),
        ("3", (3,)),
    ],
)
def test_weekdays(text: str, expected: tuple[int, ...]) -> None:
    assert rv.weekdays(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("周一、周六", "weekend day in '周一、周六'"),
        ("周一至周日", "weekend day in '周一至周日'"),
        ("1,3,7", "weekend day in '1,3,7'"),
        ("周末", "malformed weekdays '周末'"),
        ("五至一", "malformed weekdays '五至一'"),
        ("有时", "malformed weekdays '有时'"),
    ],
)
def test_bad_weekdays(text: str, message: str) -> None:
    with pytest.raises(rv.CellError) as caught:
        rv.weekdays(text)
    assert (caught.value.code, caught.value.message) == (IssueCode.BAD_WEEKDAYS, message)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("家长接送", "guardian"),
        ("家长接", "guardian"),
        ("", "guardian"),
        ("自行离校", "self"),
        ("自己回家", "self"),
        ("步行", "self"),
        ("托管机构", "institution"),
        ("托管班接", "institution"),
        ("机构接", "institution"),
        (" 托管 机构 ", "institution"),
    ],
)
def test_departure(text: str, expected: str) -> None:
    assert rv.departure(text) == expected


def test_bad_departure() -> None:
    with pytest.raises(rv.CellError) as caught:
        rv.departure("坐校车")
    assert (caught.value.code, caught.value.message) == (
        IssueCode.BAD_DEPARTURE,
        "malformed departure '坐校车'",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张  三", "张三"),
        ("张\u3000三", "张三"),
        (" 李四\n", "李四"),
        ("王 小 明", "王小明"),
        ("买买提•艾力", "买买提·艾力"),
        ("买买提．艾力", "买买提·艾力"),
        ("买买提.艾力", "买买提·艾力"),
        ("买买提・艾力", "买买提·艾力"),
        ("买买提 · 艾力", "买买提·艾力"),
        ("John  Smith", "John Smith"),
        ("Anna 李", "Anna 李"),
    ],
)
def test_person_name(text: str, expected: str) -> None:
    assert rv.person_name(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2023010101.0, "2023010101"),
        (2023010101, "2023010101"),
        ("2023010101", "2023010101"),
        ("0023010101", "0023010101"),
        (" 2023010101\u3000", "2023010101"),
        ("'0012", "0012"),
        ("２０２３０１", "202301"),
        ("G320411201501011234", "G320411201501011234"),
    ],
)
def test_student_no(value: object, expected: str) -> None:
    assert rv.student_no(value) == expected


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("", IssueCode.EMPTY_VALUE, "empty"),
        (
            "2.02301E+09",
            IssueCode.SCIENTIFIC_NOTATION,
            "scientific notation 2.02301E+09: digits were lost, format the column as text",
        ),
        (
            "2.02301e+09",
            IssueCode.SCIENTIFIC_NOTATION,
            "scientific notation 2.02301e+09: digits were lost, format the column as text",
        ),
        (
            3.20411201501011e17,
            IssueCode.SCIENTIFIC_NOTATION,
            "number 3.20411201501011e+17 has more than 15 digits: digits were lost, "
            "format the column as text",
        ),
        (2023.5, IssueCode.BAD_STUDENT_NO, "2023.5 is not a student number"),
        (
            dt.date(2023, 1, 1),
            IssueCode.BAD_STUDENT_NO,
            "2023-01-01 is not a student number (a date or flag)",
        ),
        (True, IssueCode.BAD_STUDENT_NO, "TRUE is not a student number (a date or flag)"),
    ],
)
def test_bad_student_no(value: object, code: IssueCode, message: str) -> None:
    with pytest.raises(rv.CellError) as caught:
        rv.student_no(value)
    assert (caught.value.code, caught.value.message) == (code, message)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2023010101.0, "2023010101"),
        (3.2, "3.2"),
        (13812345678.0, "13812345678"),
        (302, "302"),
        (True, "TRUE"),
        (dt.date(2020, 1, 2), "2020-01-02"),
        (dt.datetime(2020, 1, 2, 8, 30), "2020-01-02 08:30:00"),
        (None, ""),
        ("  x ", "  x "),
    ],
)
def test_cell_text(value: object, expected: str) -> None:
    assert rv.cell_text(value) == expected


def test_cli_line_names_row_and_column() -> None:
    issue = RosterIssue(IssueCode.DUPLICATE, "duplicate of row 5", 7, "学号", {"other_row": 5})
    assert issue.cli_line() == "row 7, 学号: duplicate of row 5"


# --- whole files -------------------------------------------------------------------------------


def test_reads_a_clean_list(tmp_path: Path) -> None:
    sheet = read_rows(tmp_path, [HEADER, pupil()])
    assert sheet.ok
    assert sheet.warnings == ()
    (student,) = sheet.students
    assert (student.student_no, student.name, student.gender) == ("2023030201", "张三", "男")
    assert (student.grade, student.class_no, student.row) == (3, 2, 2)
    assert student.guardians == (GuardianRecord("张伟", "父亲", "13812345678"),)
    assert (student.after_school, student.weekdays, student.departure) == (
        True,
        (1, 2, 3, 4, 5),
        "guardian",
    )
    assert sheet.columns == tuple(HEADER)
    assert sheet.header_row == 1
    assert sheet.fields == frozenset({"student_no", "name", "gender", "class", "guardians"})


def test_messy_xlsx_keeps_excel_row_numbers(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [],
        [None, "2026学年第一学期 三(2)班课后服务名单"],
        [],
        [None, "序号", " 学 号", "姓\u3000名", "班级", "家长姓名", "监护人1\n电话", "身份证号"],
        [None, 1, 2023030201, "张三", "三(2)班", "张伟", 13812345678, "320499201501011234"],
        [],
        [None, 2, "2023030202", "李 四", "三(2)班", "李强", "13912345678", "32049920150202123X"],
        [None, 3, "2023030203", "王五", "三(2)班", "王芳", "1381234", "320499201503031234"],
        [None, 4],
        [],
        [None, "合计", None, "共 3 人"],
        [None, "制表人：赵老师", None, None, None, "2026年9月1日"],
    ]
    path = write_xlsx(tmp_path / "messy.xlsx", rows, merge=["B2:H2"])
    sheet = read_roster(path)
    assert sheet.header_row == 4
    assert sheet.columns == (
        "",
        "序号",
        "学号",
        "姓名",
        "班级",
        "家长姓名",
        "监护人1电话",
        "身份证号",
    )
    assert [r for r, _ in sheet.rows] == [5, 7, 8]
    assert found(sheet) == [(8, "监护人1电话", IssueCode.BAD_PHONE, "malformed phone '1381234'")]
    assert sheet.errors[0].params == {"value": "1381234"}
    assert sheet.errors[0].cli_line() == "row 8, 监护人1电话: malformed phone '1381234'"
    assert [(s.row, s.student_no, s.name) for s in sheet.students] == [
        (5, "2023030201", "张三"),
        (7, "2023030202", "李四"),
    ]
    assert sheet.students[0].guardians[0].phone == "13812345678"
    assert sheet.ignored_columns == ("序号", "身份证号")
    assert warned(sheet) == [(None, None, IssueCode.IGNORED_COLUMNS)]
    assert sheet.warnings[0].params == {"columns": ["序号", "身份证号"]}


def test_every_error_is_listed_with_row_and_column(tmp_path: Path) -> None:
    rows = [
        ["名单"],
        HEADER,
        pupil(no="2023030201"),
        pupil(no="2023030202", name=""),
        pupil(no="2023030201", name="王五"),
        pupil(no="2.02301E+09"),
        pupil(no="2023030205", klass="三年(2"),
        pupil(no="2023030206", klass="七(1)班"),
        pupil(no="2023030207", gender="不详", relation="13812345678", phone="138/139"),
        pupil(no="", name="赵六"),
    ]
    sheet = read_rows(tmp_path, rows)
    assert found(sheet) == [
        (4, "姓名", IssueCode.EMPTY_VALUE, "empty"),
        (5, "学号", IssueCode.DUPLICATE, "duplicate of row 3"),
        (
            6,
            "学号",
            IssueCode.SCIENTIFIC_NOTATION,
            "scientific notation 2.02301E+09: digits were lost, format the column as text",
        ),
        (7, "班级", IssueCode.BAD_CLASS, "cannot parse class '三年(2'"),
        (8, "班级", IssueCode.BAD_GRADE, "grade 7 outside 1–6"),
        (9, "性别", IssueCode.BAD_GENDER, "malformed gender '不详'"),
        (9, "关系", IssueCode.BAD_RELATION, "relation '13812345678' contains digits"),
        (9, "联系电话", IssueCode.BAD_PHONE, "malformed phone '138/139'"),
        (10, "学号", IssueCode.EMPTY_VALUE, "empty"),
    ]
    duplicate = sheet.errors[1]
    assert duplicate.params == {"value": "2023030201", "other_row": 3}
    assert duplicate.cli_line() == "row 5, 学号: duplicate of row 3"
    assert sheet.errors[2].params["value"] == "2.02301E+09"
    assert [s.row for s in sheet.students] == [3]
    assert not sheet.ok


def test_number_cells_are_read_as_the_digits_typed(tmp_path: Path) -> None:
    rows = [
        HEADER,
        pupil(no=2023030201, klass=3.2, phone=13812345678),
        pupil(no=2023030202, klass=302),
    ]
    sheet = read_rows(tmp_path, rows)
    assert sheet.ok
    assert [(s.student_no, s.grade, s.class_no) for s in sheet.students] == [
        ("2023030201", 3, 2),
        ("2023030202", 3, 2),
    ]
    assert sheet.students[0].guardians[0].phone == "13812345678"
    assert sheet.rows[0][1][:4] == ("2023030201", "张三", "男", "3.2")


def test_date_in_student_number_cell_is_an_error(tmp_path: Path) -> None:
    sheet = read_rows(tmp_path, [HEADER, pupil(no=dt.datetime(2023, 3, 2))])
    assert found(sheet) == [
        (2, "学号", IssueCode.BAD_STUDENT_NO, "2023-03-02 is not a student number (a date or flag)")
    ]


def test_grade_column_with_class_numbers(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "年级", "班级", "监护人", "手机"],
        ["1", "甲", "三年级", "2班", "甲父", "13812345678"],
        ["2", "乙", 4, 5, "乙母", "13812345679"],
        ["3", "丙", "三年级", "四(2)班", "丙父", "13812345670"],
        ["4", "丁", "九年级", "2班", "丁父", "13812345671"],
        ["5", "戊", "", "五(3)班", "戊父", "13812345672"],
        ["6", "己", "", "3班", "己父", "13812345673"],
    ]
    sheet = read_rows(tmp_path, rows)
    assert [(s.student_no, s.grade, s.class_no) for s in sheet.students] == [
        ("1", 3, 2),
        ("2", 4, 5),
        ("5", 5, 3),
    ]
    assert found(sheet) == [
        (4, "班级", IssueCode.BAD_CLASS, "class '四(2)班' is grade 4 but 年级 says 3"),
        (5, "年级", IssueCode.BAD_GRADE, "grade 9 outside 1–6"),
        (7, "班级", IssueCode.BAD_CLASS, "class '3班' has no grade"),
    ]
    assert "grade" in sheet.fields


def test_missing_required_column_lists_what_was_found(tmp_path: Path) -> None:
    sheet = read_rows(tmp_path, [["序号", "姓名", "班级"], [1, "张三", "三(2)班"]])
    assert found(sheet) == [
        (
            None,
            "学号",
            IssueCode.MISSING_COLUMN,
            "required column 学号 missing (found: 序号, 姓名, 班级)",
        )
    ]
    assert sheet.errors[0].params == {"found": ["序号", "姓名", "班级"]}
    assert sheet.students == ()


def test_missing_class_column_still_checks_rows(tmp_path: Path) -> None:
    sheet = read_rows(tmp_path, [["学号", "姓名"], ["1", "张三"], ["1", "李四"]])
    assert found(sheet) == [
        (
            None,
            "班级",
            IssueCode.MISSING_COLUMN,
            "required column 班级 missing (found: 学号, 姓名)",
        ),
        (3, "学号", IssueCode.DUPLICATE, "duplicate of row 2"),
    ]
    assert sheet.students == ()


def test_header_beyond_the_tenth_row_is_not_found(tmp_path: Path) -> None:
    rows: list[list[object]] = [[] for _ in range(10)] + [HEADER, pupil()]
    sheet = read_rows(tmp_path, rows)
    assert [i.code for i in sheet.errors] == [IssueCode.MISSING_COLUMN] * 3


def test_header_on_the_tenth_row_is_found(tmp_path: Path) -> None:
    rows: list[list[object]] = [["标题"]] + [[] for _ in range(8)] + [HEADER, pupil()]
    sheet = read_rows(tmp_path, rows)
    assert sheet.ok
    assert sheet.header_row == 10
    assert sheet.students[0].row == 11


@pytest.mark.parametrize(
    "footer",
    [
        ["合计"],
        ["合计：3人"],
        [None, "共 3 人"],
        ["制表人：王老师", None, None, "审核人：李主任"],
        ["班主任签字：", "张老师"],
        ["注：名单以教务处为准"],
        ["合计", None, None, None, None, None, "3"],
    ],
)
def test_footer_rows_are_skipped(tmp_path: Path, footer: list[object]) -> None:
    rows = [HEADER, pupil(), footer, []]
    sheet = read_rows(tmp_path, rows)
    assert sheet.ok, found(sheet)
    assert [r for r, _ in sheet.rows] == [2]


def test_row_missing_a_name_is_an_error_not_a_footer(tmp_path: Path) -> None:
    rows = [
        HEADER,
        pupil(no="1"),
        pupil(no="2", name=""),
        pupil(no="3"),
        ["", "赵六", "", "三(2)班"],
        ["合计", "", "", "", "", "", ""],
    ]
    sheet = read_rows(tmp_path, rows)
    assert found(sheet) == [
        (3, "姓名", IssueCode.EMPTY_VALUE, "empty"),
        (5, "学号", IssueCode.EMPTY_VALUE, "empty"),
    ]
    assert [r for r, _ in sheet.rows] == [2, 3, 4, 5]


def test_template_rows_with_only_a_serial_number_are_blank(tmp_path: Path) -> None:
    header = ["序号", *HEADER]
    rows = [header, [1, *pupil(no="1")], [2], [3, *pupil(no="3")], [4], [5]]
    sheet = read_rows(tmp_path, rows)
    assert sheet.ok
    assert [r for r, _ in sheet.rows] == [2, 4]


def test_repeated_header_row_is_skipped(tmp_path: Path) -> None:
    rows = [HEADER, pupil(no="1"), HEADER, pupil(no="2")]
    sheet = read_rows(tmp_path, rows)
    assert sheet.ok
    assert [s.row for s in sheet.students] == [2, 4]


def test_no_rows_below_header_is_an_error(tmp_path: Path) -> None:
    sheet = read_rows(tmp_path, [HEADER, ["合计"]])
    assert found(sheet) == [(None, None, IssueCode.FILE_EMPTY, "no student rows below the header")]


def test_id_card_numbers_never_leave_the_reader(tmp_path: Path) -> None:
    ids = ["320499201501011234", "32049920150202123X"]
    rows = [
        ["学号", "姓名", "班级", "身份证号", "学籍号", "证件号码"],
        ["1", "张三", "三(2)班", ids[0], "G" + ids[0], ids[0]],
        ["2", "李四", "三(2)班", ids[1], "G" + ids[1], ids[1]],
    ]
    sheet = read_rows(tmp_path, rows)
    assert sheet.ok
    assert all(i not in repr(sheet) for i in ids)
    assert sheet.rows[0] == (2, ("1", "张三", "三(2)班", "", "", ""))
    assert sheet.ignored_columns == ("身份证号", "学籍号", "证件号码")


def test_notes_columns_are_joined(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "班级", "备注", "过敏"],
        ["1", "张三", "三(2)班", "周三奶奶接", "花生"],
        ["2", "李四", "三(2)班", "", "芒果"],
    ]
    sheet = read_rows(tmp_path, rows)
    assert [s.notes for s in sheet.students] == ["周三奶奶接；花生", "芒果"]


def test_optional_columns_are_read(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "班级", "是否参加课后服务", "参加日期", "放学方式"],
        ["1", "张三", "三(2)班", "√", "一三五", "自行离校"],
        ["2", "李四", "三(2)班", "×", "", ""],
        ["3", "王五", "三(2)班", "可能", "周六", "校车"],
    ]
    sheet = read_rows(tmp_path, rows)
    assert [(s.after_school, s.weekdays, s.departure) for s in sheet.students] == [
        (True, (1, 3, 5), "self"),
        (False, (1, 2, 3, 4, 5), "guardian"),
    ]
    assert found(sheet) == [
        (4, "是否参加课后服务", IssueCode.BAD_AFTER_SCHOOL, "malformed after-school flag '可能'"),
        (4, "参加日期", IssueCode.BAD_WEEKDAYS, "weekend day in '周六'"),
        (4, "放学方式", IssueCode.BAD_DEPARTURE, "malformed departure '校车'"),
    ]


# --- guardians ---------------------------------------------------------------------------------


def test_numbered_guardian_groups_pair_by_number(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "班级", "监护人2电话", "家长1姓名", "监护人1关系", "监护人1电话",
         "家长2姓名", "家长2关系"],
        ["1", "张三", "三(2)班", "13900000002", "张伟", "爸爸", "13900000001", "李娜", "妈妈"],
    ]  # fmt: skip
    (student,) = read_rows(tmp_path, rows).students
    assert student.guardians == (
        GuardianRecord("张伟", "父亲", "13900000001"),
        GuardianRecord("李娜", "母亲", "13900000002"),
    )


def test_unnumbered_group_is_guardian_one(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "班级", "家长姓名", "与学生关系", "手机号码", "家长2姓名", "家长2电话"],
        ["1", "张三", "三(2)班", "张伟", "父亲", "13900000001", "李娜", "0519-86123456"],
    ]
    (student,) = read_rows(tmp_path, rows).students
    assert student.guardians == (
        GuardianRecord("张伟", "父亲", "13900000001"),
        GuardianRecord("李娜", "", "0519-86123456"),
    )


def test_unnumbered_columns_fill_gaps_of_guardian_one(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "班级", "监护人1", "关系", "监护人1电话"],
        ["1", "张三", "三(2)班", "张伟", "爷爷", "13900000001"],
    ]
    sheet = read_rows(tmp_path, rows)
    assert sheet.students[0].guardians == (GuardianRecord("张伟", "爷爷", "13900000001"),)
    assert sheet.ignored_columns == ()


def test_unnumbered_and_numbered_one_both_complete_are_two_guardians(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "班级", "家长姓名", "联系电话", "家长1姓名", "家长1电话"],
        ["1", "张三", "三(2)班", "张伟", "13900000001", "李娜", "13900000002"],
    ]
    (student,) = read_rows(tmp_path, rows).students
    assert [g.name for g in student.guardians] == ["张伟", "李娜"]


def test_repeated_unnumbered_blocks_are_separate_guardians(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "班级", "监护人", "关系", "电话", "监护人", "关系", "电话"],
        ["1", "张三", "三(2)班", "张伟", "父亲", "13900000001", "李娜", "母亲", "13900000002"],
    ]
    (student,) = read_rows(tmp_path, rows).students
    assert [(g.name, g.relation) for g in student.guardians] == [("张伟", "父亲"), ("李娜", "母亲")]


def test_father_and_mother_columns_imply_the_relation(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "班级", "父亲姓名", "父亲电话", "母亲姓名", "母亲手机"],
        ["1", "张三", "三(2)班", "张伟", "13900000001", "李娜", "13900000002"],
    ]
    (student,) = read_rows(tmp_path, rows).students
    assert student.guardians == (
        GuardianRecord("张伟", "父亲", "13900000001"),
        GuardianRecord("李娜", "母亲", "13900000002"),
    )


def test_guardian_warnings(tmp_path: Path) -> None:
    rows = [
        HEADER,
        pupil(no="1", guardian="张伟", phone=""),
        pupil(no="2", guardian="", phone="13900000002"),
        pupil(no="3", guardian="", relation="", phone=""),
        pupil(no="4", guardian="", relation="父亲", phone=""),
    ]
    sheet = read_rows(tmp_path, rows)
    assert sheet.ok
    assert warned(sheet) == [
        (2, "家长姓名", IssueCode.GUARDIAN_NO_PHONE),
        (3, "联系电话", IssueCode.GUARDIAN_NO_NAME),
        (4, None, IssueCode.NO_GUARDIAN),
        (5, None, IssueCode.NO_GUARDIAN),
    ]
    assert sheet.warnings[0].message == "guardian 张伟 has no phone"
    assert sheet.students[0].guardians == (GuardianRecord("张伟", "父亲", None),)
    assert sheet.students[1].guardians == (GuardianRecord("", "父亲", "13900000002"),)
    assert sheet.students[2].guardians == ()


def test_file_without_guardian_columns_warns_once(tmp_path: Path) -> None:
    sheet = read_rows(
        tmp_path, [["学号", "姓名", "班级"], ["1", "甲", "三(2)班"], ["2", "乙", "三(2)班"]]
    )
    assert sheet.ok
    assert warned(sheet) == [(None, None, IssueCode.NO_GUARDIAN)]
    assert "guardians" not in sheet.fields


# --- formats -----------------------------------------------------------------------------------


NUMBERS_ROWS: list[list[object]] = [
    ["学号", "姓名", "班级", "家长姓名", "联系电话"],
    [2023030201, "张三", 3.2, "张伟", 13812345678],
    ["0023030202", "李四", 302, "李强", "13912345678"],
]


def _students(sheet: RosterSheet) -> list[tuple[int, str, int, int, str | None]]:
    return [
        (s.row, s.student_no, s.grade, s.class_no, s.guardians[0].phone) for s in sheet.students
    ]


EXPECTED_NUMBERS = [
    (2, "2023030201", 3, 2, "13812345678"),
    (3, "0023030202", 3, 2, "13912345678"),
]


@pytest.mark.parametrize("writer", [write_xlsx, write_xls, write_ods])
def test_workbook_formats(tmp_path: Path, writer: Callable[..., Path]) -> None:
    suffix = {write_xlsx: ".xlsx", write_xls: ".xls", write_ods: ".ods"}[writer]
    rows: list[list[object]] = [[], ["课后服务名单"], *NUMBERS_ROWS, [], ["合计"]]
    sheet = read_roster(writer(tmp_path / f"list{suffix}", rows))
    assert sheet.ok, found(sheet)
    assert sheet.header_row == 3
    assert _students(sheet) == [(r + 2, *rest) for r, *rest in EXPECTED_NUMBERS]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "suffix"),
    [
        ("utf-8", ",", ".csv"),
        ("utf-8-sig", ",", ".csv"),
        ("gbk", ",", ".csv"),
        ("gb18030", ",", ".csv"),
        ("utf-16", "\t", ".txt"),
        ("utf-8", "\t", ".txt"),
        ("gbk", "\t", ".txt"),
    ],
)
def test_text_formats(tmp_path: Path, encoding: str, delimiter: str, suffix: str) -> None:
    rows = [[str(c) for c in r] for r in NUMBERS_ROWS]
    path = write_csv(tmp_path / f"list{suffix}", rows, encoding=encoding, delimiter=delimiter)
    sheet = read_roster(path)
    assert sheet.ok, found(sheet)
    assert _students(sheet) == EXPECTED_NUMBERS
    assert [s.name for s in sheet.students] == ["张三", "李四"]


def test_short_gbk_file_decodes(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("学号,姓名,班级\r\n1,欧阳娜娜,三(2)班\r\n2,李静,四(1)班\r\n".encode("gbk"))
    sheet = read_roster(path)
    assert sheet.ok, found(sheet)
    assert [s.name for s in sheet.students] == ["欧阳娜娜", "李静"]


def test_gb18030_only_characters_decode(tmp_path: Path) -> None:
    path = tmp_path / "gb18030.csv"
    path.write_bytes("学号,姓名,班级\n1,王䶮,三(2)班\n".encode("gb18030"))
    sheet = read_roster(path)
    assert [s.name for s in sheet.students] == ["王䶮"]


def test_csv_scientific_notation_and_quoted_fields(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "班级", "备注"],
        ["2.02301E+09", "张三", "三(2)班", ""],
        ["2023030202", "李四", "三(2)班", "哮喘, 忌剧烈运动"],
    ]
    sheet = read_roster(write_csv(tmp_path / "list.csv", rows, encoding="utf-8"))
    assert found(sheet) == [
        (
            2,
            "学号",
            IssueCode.SCIENTIFIC_NOTATION,
            "scientific notation 2.02301E+09: digits were lost, format the column as text",
        )
    ]
    assert sheet.students[0].notes == "哮喘, 忌剧烈运动"


def test_text_saved_with_a_spreadsheet_name_is_read(tmp_path: Path) -> None:
    rows = [[str(c) for c in r] for r in NUMBERS_ROWS]
    path = write_csv(tmp_path / "export.xls", rows, encoding="gbk", delimiter="\t")
    assert _students(read_roster(path)) == EXPECTED_NUMBERS


def test_xlsx_saved_with_a_csv_name_is_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", NUMBERS_ROWS)
    renamed = path.rename(tmp_path / "list.csv")
    assert _students(read_roster(renamed)) == EXPECTED_NUMBERS


def test_chosen_sheet_and_first_visible_sheet(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "说明"
    hidden.append(["请勿修改"])
    hidden.sheet_state = "hidden"
    for title, klass in (("三(2)班", "三(2)班"), ("三(3)班", "三(3)班")):
        ws = wb.create_sheet(title)
        ws.append(["学号", "姓名", "班级"])
        ws.append([f"{title}-1", "某某", klass])
    wb.save(path)
    assert [s.class_no for s in read_roster(path).students] == [2]
    assert [s.class_no for s in read_roster(path, sheet="三(3)班").students] == [3]
    missing = read_roster(path, sheet="四(1)班")
    assert found(missing) == [
        (
            None,
            None,
            IssueCode.SHEET_NOT_FOUND,
            "sheet '四(1)班' not found (available: 说明, 三(2)班, 三(3)班)",
        )
    ]
    assert missing.errors[0].params["available"] == ["说明", "三(2)班", "三(3)班"]


def test_encrypted_xlsx(tmp_path: Path) -> None:
    path = write_encrypted_xlsx(tmp_path / "secret.xlsx", NUMBERS_ROWS, "1234")
    renamed = tmp_path / "secret.xls"
    renamed.write_bytes(path.read_bytes())
    for target in (path, renamed):
        sheet = read_roster(target)
        assert [i.code for i in sheet.errors] == [IssueCode.FILE_ENCRYPTED]
        assert sheet.errors[0].row is None


@pytest.mark.parametrize(
    "message", ["Workbook is password protected", "xls: Workbook is encrypted"]
)
def test_calamine_password_errors_mean_encrypted(message: str) -> None:
    from core.roster_sources import _workbook_problem

    assert _workbook_problem(Exception(message)).issue.code is IssueCode.FILE_ENCRYPTED


def _docx_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "doc.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("garbage.xlsx", "random", IssueCode.FILE_NOT_SPREADSHEET),
        ("garbage.xls", "random", IssueCode.FILE_NOT_SPREADSHEET),
        ("garbage.csv", "random", IssueCode.FILE_NOT_SPREADSHEET),
        ("report.xlsx", "docx", IssueCode.FILE_NOT_SPREADSHEET),
        ("report.xlsx", b"%PDF-1.4\n1 0 obj\n", IssueCode.FILE_NOT_SPREADSHEET),
        ("page.xls", "<html><table><tr><td>学号</td></tr></table></html>".encode(),
         IssueCode.FILE_NOT_SPREADSHEET),
        ("list.docx", b"PK\x03\x04", IssueCode.FILE_NOT_SPREADSHEET),
        ("list.pdf", b"%PDF", IssueCode.FILE_NOT_SPREADSHEET),
        ("empty.xlsx", b"", IssueCode.FILE_EMPTY),
        ("empty.csv", b"", IssueCode.FILE_EMPTY),
        ("blank.csv", b"\r\n\r\n", IssueCode.FILE_EMPTY),
        ("bom-only.txt", b"\xff\xfe", IssueCode.FILE_EMPTY),
        ("commas.csv", b",,,\r\n,,\r\n", IssueCode.FILE_EMPTY),
        ("broken.txt", b"\xff\xfe\x00\xd8", IssueCode.FILE_UNDECODABLE),
        ("cut.csv", "学号,姓名,班级\r\n1,张".encode("gbk") + b"\x81", IssueCode.FILE_UNDECODABLE),
    ],
)  # fmt: skip
def test_unreadable_files(tmp_path: Path, name: str, content: object, code: IssueCode) -> None:
    if content == "random":
        data = random.Random(7).randbytes(4096)
    elif content == "docx":
        data = _docx_bytes(tmp_path)
    else:
        assert isinstance(content, bytes)
        data = content
    path = tmp_path / name
    path.write_bytes(data)
    sheet = read_roster(path)
    assert [(i.code, i.row) for i in sheet.errors] == [(code, None)]
    assert sheet.students == ()


def test_empty_workbook_sheet(tmp_path: Path) -> None:
    sheet = read_roster(write_xlsx(tmp_path / "empty.xlsx", []))
    assert found(sheet) == [(None, None, IssueCode.FILE_EMPTY, "no data")]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = read_roster(tmp_path / "nope.xlsx")
    assert [i.code for i in missing.errors] == [IssueCode.FILE_NOT_FOUND]
    assert str(tmp_path / "nope.xlsx") in missing.errors[0].message
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    assert [i.code for i in read_roster(folder).errors] == [IssueCode.FILE_NOT_SPREADSHEET]


# --- generated school ----------------------------------------------------------------------------


def test_school_rows_are_deterministic_and_valid() -> None:
    rows = make_school_rows(600, seed=3)
    assert rows == make_school_rows(600, seed=3)
    assert rows != make_school_rows(600, seed=4)
    assert rows[0] == SCHOOL_HEADER
    assert len(rows) == 601
    numbers = [r[1] for r in rows[1:]]
    assert len(set(numbers)) == 600


def test_large_school_reads_clean(tmp_path: Path) -> None:
    rows = make_school_rows(2500, seed=1)
    path = write_xlsx(tmp_path / "school.xlsx", rows)
    started = time.perf_counter()
    sheet = read_roster(path)
    elapsed = time.perf_counter() - started
    assert sheet.ok, found(sheet)[:5]
    assert len(sheet.students) == 2500
    assert {s.grade for s in sheet.students} == {1, 2, 3, 4, 5, 6}
    assert len({(s.grade, s.class_no) for s in sheet.students}) == 56
    assert all(s.guardians for s in sheet.students)
    assert sheet.ignored_columns == ("序号", "身份证号")
    assert all(r[1][-1] == "" for r in sheet.rows)
    # Speed is measured, not asserted (shared, noisy machines): the figure goes to the log.
    print(f"2,500 pupils read in {elapsed:.2f} s")


def test_school_rows_round_trip_through_csv(tmp_path: Path) -> None:
    rows = make_school_rows(120, seed=9)
    path = write_csv(tmp_path / "school.csv", [[str(c) for c in r] for r in rows], encoding="gbk")
    sheet = read_roster(path)
    assert sheet.ok, found(sheet)[:5]
    assert [s.student_no for s in sheet.students] == [r[1] for r in rows[1:]]
    assert [s.name for s in sheet.students] == [r[2] for r in rows[1:]]


def test_header_marks_and_unnamed_columns(tmp_path: Path) -> None:
    rows = [
        ["*学号", "姓名(必填)", "班级＊", None, "家庭住址"],
        ["1", "张三", "三(2)班", "320499201501011234", "常州市"],
        ["2", "李四", "三(2)班", "", ""],
    ]
    sheet = read_rows(tmp_path, rows)
    assert sheet.ok, found(sheet)
    assert sheet.columns == ("*学号", "姓名(必填)", "班级＊", "", "家庭住址")
    assert sheet.ignored_columns == ("家庭住址", "column D")
    assert sheet.rows[0] == (2, ("1", "张三", "三(2)班", "", "常州市"))


def test_list_without_header_names_no_id_number(tmp_path: Path) -> None:
    rows = [["1", "张三", "三(2)班", "320499201501011234"]]
    sheet = read_rows(tmp_path, rows)
    assert sheet.errors[0].message == "required column 学号 missing (found: 1, 张三, 三(2)班)"
    assert "320499201501011234" not in repr(sheet)


def test_header_search_with_nothing_found(tmp_path: Path) -> None:
    rows: list[list[object]] = [[] for _ in range(12)] + [HEADER, pupil()]
    sheet = read_rows(tmp_path, rows)
    assert sheet.errors[0].message == "required column 学号 missing (found: nothing)"
    assert sheet.errors[0].cli_line() == "学号: required column 学号 missing (found: nothing)"


def test_trailing_lines_without_pupil_are_footers_but_inner_ones_are_errors(
    tmp_path: Path,
) -> None:
    rows = [
        ["序号", *HEADER],
        [1, *pupil(no="1")],
        [None, None, None, None, None, "王芳", "母亲", "13900000009"],
        [2, *pupil(no="2")],
        [],
        ["常州市某某小学教务处"],
        [None, None, None, None, None, None, None, "2026年9月1日"],
    ]
    sheet = read_rows(tmp_path, rows)
    assert [r for r, _ in sheet.rows] == [2, 3, 4]
    assert found(sheet) == [
        (3, "学号", IssueCode.EMPTY_VALUE, "empty"),
        (3, "姓名", IssueCode.EMPTY_VALUE, "empty"),
        (3, "班级", IssueCode.EMPTY_VALUE, "empty"),
    ]


def test_id_card_column_is_blank_in_preview_whatever_its_form(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "班级", "身份证号码"],
        ["1", "张三", "三(2)班", "320499150101123"],
        ["2", "李四", "三(2)班", "3204991501 01123X"],
    ]
    sheet = read_rows(tmp_path, rows)
    assert [cells[-1] for _, cells in sheet.rows] == ["", ""]
    assert "320499150101123" not in repr(sheet)


def test_head_count_under_the_student_number_is_a_footer(tmp_path: Path) -> None:
    rows = [["序号", *HEADER], [1, *pupil(no="1")], [2, *pupil(no="2")], ["合计", "2"]]
    sheet = read_rows(tmp_path, rows)
    assert sheet.ok, found(sheet)
    assert [r for r, _ in sheet.rows] == [2, 3]


def test_short_student_number_with_a_name_is_never_a_footer(tmp_path: Path) -> None:
    rows = [["序号", *HEADER], [1, *pupil(no="1")], ["合计", "2", "共青"]]
    sheet = read_rows(tmp_path, rows)
    assert [r for r, _ in sheet.rows] == [2, 3]
    assert found(sheet) == [(3, "班级", IssueCode.EMPTY_VALUE, "empty")]
