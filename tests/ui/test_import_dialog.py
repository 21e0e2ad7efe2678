"""The class-list import dialog: a preview with every problem marked, import only when clean."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.data.roster_files import write_csv, write_xlsx
from ui.import_dialog import ERROR_CELL_BG, ImportDialog

HEADER = ["序号", "学号", "姓名", "班级", "家长姓名", "关系", "联系电话", "身份证号"]
GOOD = [
    [1, "2023010101", "张三", "三(2)班", "张伟", "父亲", "13812345678", "320499201601010011"],
    [2, "2023010102", "李四", "三(2)班", "王芳", "妈妈", "13912345678", "320499201601010027"],
]


def dialog_for(qtbot, services) -> ImportDialog:
    dialog = ImportDialog(services.roster)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def issue_lines(dialog: ImportDialog) -> list[str]:
    return [dialog.issue_list.item(i).text() for i in range(dialog.issue_list.count())]


def test_errors_are_listed_in_chinese_marked_in_the_preview_and_block_the_import(
    qtbot, services, tmp_path
):
    bad = [*GOOD, [3, "2023010101", "王五", "火星班", "", "", "1381234", ""]]
    path = write_xlsx(tmp_path / "三(2)班.xlsx", [["三(2)班课后服务名单"], HEADER, *bad])
    dialog = dialog_for(qtbot, services)
    dialog.load_file(path)
    lines = issue_lines(dialog)
    assert "错误  第 5 行 · 学号：与第 3 行学号重复。" in lines
    assert any(line.startswith("错误  第 5 行 · 班级：无法识别班级“火星班”") for line in lines)
    assert any(
        line.startswith("错误  第 5 行 · 联系电话：“1381234”不是有效的电话号码") for line in lines
    )
    assert any("以下列不会导入" in line and "身份证号" in line for line in lines)
    assert not dialog.import_button.isEnabled()
    assert "没有保存任何数据" in dialog.status.text()
    index = dialog.preview_model.position_of(5, "班级")
    assert index.data() == "火星班"
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == ERROR_CELL_BG
    assert "无法识别班级" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert services.students() == []


def test_preview_never_shows_id_card_numbers(qtbot, services, tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", [HEADER, *GOOD])
    dialog = dialog_for(qtbot, services)
    dialog.load_file(path)
    model = dialog.preview_model
    cells = [
        model.index(r, c).data()
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]
    assert "张三" in cells
    assert not any("320499" in (c or "") for c in cells)


def test_clicking_an_error_selects_its_cell(qtbot, services, tmp_path):
    bad = [[*GOOD[0]], [2, "2023010102", "", "三(2)班", "", "", "", ""]]
    path = write_csv(tmp_path / "list.csv", [HEADER, *bad], encoding="gb18030")
    dialog = dialog_for(qtbot, services)
    dialog.load_file(path)
    row = next(i for i, t in enumerate(issue_lines(dialog)) if "姓名" in t and "不能为空" in t)
    dialog.issue_list.setCurrentRow(row)
    current = dialog.preview.currentIndex()
    assert dialog.preview_model.headerData(current.column(), Qt.Orientation.Horizontal) == "姓名"
    assert current.siblingAtColumn(0).data() == "3"


def test_a_clean_file_imports_and_reports_what_it_did(qtbot, services, tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "list.xlsx", [HEADER, *GOOD])
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    dialog = dialog_for(qtbot, services)
    dialog.load_file(path)
    assert dialog.import_button.isEnabled()
    assert dialog.status.text() == "检查通过，共 2 名学生，可以导入。"
    with qtbot.waitSignal(dialog.imported):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert shown == ["已导入 2 名学生：新增 2 名，更新 0 名，未变 0 名。"]
    assert [s.name for s in services.students()] == ["张三", "李四"]
    assert services.students()[1].guardians[0].relation == "母亲"


def test_a_password_protected_file_is_explained(qtbot, services, tmp_path):
    from tests.data.roster_files import write_encrypted_xlsx

    path = write_encrypted_xlsx(tmp_path / "locked.xlsx", [HEADER, *GOOD], "1234")
    dialog = dialog_for(qtbot, services)
    dialog.load_file(path)
    assert any("设置了打开密码" in line for line in issue_lines(dialog))
    assert not dialog.import_button.isEnabled()


def test_several_sheets_can_be_chosen(qtbot, services, tmp_path):
    path = tmp_path / "two.xlsx"
    write_xlsx(path, [["说明"], ["本表为三(2)班名单"]], sheet_name="说明", extra_sheets=["名单"])
    dialog = dialog_for(qtbot, services)
    dialog.load_file(path)
    assert dialog.sheet_combo.isVisible()
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == [
        "说明",
        "名单",
    ]
    assert any("缺少必需的列" in line for line in issue_lines(dialog))
