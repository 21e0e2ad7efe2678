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
