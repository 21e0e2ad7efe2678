"""File decoding corners not covered by the main roster tests: detector fallback, sheet lists."""

from __future__ import annotations

from core.roster import read_roster
from core.roster_sources import workbook_sheet_names
from tests.data.roster_files import write_csv, write_xlsx

ROWS = [["学号", "姓名", "班级"], ["2023010101", "张三", "三(2)班"]]


def test_utf16_text_without_bom_is_found_by_the_detector(tmp_path):
    path = tmp_path / "list.txt"
    path.write_bytes("\r\n".join("\t".join(r) for r in ROWS).encode("utf-16-le"))
    sheet = read_roster(path)
    assert sheet.ok
    assert [(s.student_no, s.name) for s in sheet.students] == [("2023010101", "张三")]


def test_sheet_names_follow_content_not_file_name(tmp_path):
    renamed = tmp_path / "list.csv"
    write_xlsx(tmp_path / "real.xlsx", ROWS, extra_sheets=["二班"]).rename(renamed)
    assert workbook_sheet_names(renamed) == ["Sheet1", "二班"]
    assert workbook_sheet_names(write_csv(tmp_path / "t.csv", ROWS)) == []
    assert workbook_sheet_names(tmp_path / "missing.xlsx") == []


def test_values_too_long_for_the_database_are_errors(tmp_path):
    rows = [
        ["学号", "姓名", "班级", "家长姓名", "联系电话"],
        ["1" * 33, "张三", "三(2)班", "张伟", "13812345678"],
        ["2023010102", "李" * 51, "三(2)班", "王" * 51, "13912345678"],
    ]
    sheet = read_roster(write_csv(tmp_path / "long.csv", rows))
    got = [(e.row, e.column, e.code.value) for e in sheet.errors]
    assert got == [(2, "学号", "too_long"), (3, "姓名", "too_long"), (3, "家长姓名", "too_long")]
    assert sheet.errors[0].cli_line() == "row 2, 学号: too long: 33 characters, at most 32"
