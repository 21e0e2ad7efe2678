"""The command line contract: init, import-roster, students --json, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from main import main
from tests.conftest import backend
from tests.data.roster_files import write_csv, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
    "学号",
    "姓名",
    "性别",
    "班级",
    "家长姓名",
    "关系",
    "联系电话",
    "课后服务",
    "服务日",
    "离校方式",
    "备注",
    "身份证号",
]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def students(capsys, url: str) -> list[dict]:
    code, out, err = run(capsys, "--db", url, "students", "--json")
    assert code == 0, err
    return json.loads(out)


def class_list(tmp_path: Path, rows: list[list], name: str = "list.xlsx") -> Path:
    return write_xlsx(
        tmp_path / name, [["2026学年第一学期 三(2)班课后服务名单"], HEADER, *rows], merge=["A1:L1"]
    )


ROW_A = [
    "2023010101",
    "张  三",
    "男",
    "三（2）班",
    "张伟",
    "爸爸",
    "138 1234 5678",
    "是",
    "周一至周五",
    "家长接送",
    "",
    "320499201601010011",
]
ROW_B = [
    "2023010102",
    "买买提•艾力",
    "男",
    "3(2)班",
    "艾力",
    "父亲",
    "+8613912345678",
    "√",
    "一三五",
    "自行离校",
    "花生过敏",
    "320499201601010027",
]


def test_init_creates_a_database_with_the_guidelines_defaults(capsys, fresh_url):
    code, out, err = run(capsys, "--db", fresh_url, "init")
    assert code == 0, err
    assert "database ready" in out
    assert students(capsys, fresh_url) == []


def test_init_demo_fills_the_demo_school(capsys, fresh_url):
    code, out, _ = run(capsys, "--db", fresh_url, "--now", "2026-12-01T15:30", "init", "--demo")
    assert code == 0
    assert "demo school ready" in out
    data = students(capsys, fresh_url)
    assert 700 < len(data) < 1000
    assert len({(s["grade"], s["class_no"]) for s in data}) == 24
    assert any("·" in s["name"] for s in data)
    assert any(
        s["name"][:2] in ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "皇甫", "令狐")
        for s in data
    )
    assert {s["departure"] for s in data} == {"guardian", "self", "institution"}
    enrolled = sum(s["after_school"] for s in data)
    assert 0.35 < enrolled / len(data) < 0.65
    phones = [g["phone"] for s in data for g in s["guardians"]]
    assert len(set(phones)) < len(phones), "siblings share guardians"
    assert {len(s["guardians"]) for s in data} == {1, 2, 3}


def test_demo_is_the_same_on_every_run(capsys, fresh_url, tmp_path):
    other = f"sqlite:///{(tmp_path / 'other.db').as_posix()}"
    run(capsys, "--db", fresh_url, "init", "--demo")
    run(capsys, "--db", other, "init", "--demo")
    assert students(capsys, fresh_url) == students(capsys, other)


def test_import_roster_prints_summary_and_students_json_follows_the_contract(
    capsys, db_url, tmp_path
):
    path = class_list(tmp_path, [ROW_A, ROW_B])
    code, out, err = run(capsys, "--db", db_url, "import-roster", str(path))
    assert code == 0, err
    assert out.strip() == "imported 2 students: 2 added, 0 updated, 0 unchanged"
    data = students(capsys, db_url)
    assert data[0] == {
        "student_no": "2023010101",
        "name": "张三",
        "gender": "男",
        "grade": 3,
        "class_no": 2,
        "class_name": "三(2)班",
        "after_school": True,
        "weekdays": [1, 2, 3, 4, 5],
        "departure": "guardian",
        "notes": "",
        "guardians": [{"name": "张伟", "relation": "父亲", "phone": "13812345678"}],
    }
    assert list(data[0]) == [
        "student_no",
        "name",
        "gender",
        "grade",
        "class_no",
        "class_name",
        "after_school",
        "weekdays",
        "departure",
        "notes",
        "guardians",
    ]
    assert data[1]["name"] == "买买提·艾力"
    assert data[1]["weekdays"] == [1, 3, 5]
    assert data[1]["departure"] == "self"
    assert data[1]["guardians"][0]["phone"] == "13912345678"
    assert "320499201601010011" not in json.dumps(data)


def test_reimport_updates_by_student_number_and_never_deletes(capsys, db_url, tmp_path):
    run(capsys, "--db", db_url, "import-roster", str(class_list(tmp_path, [ROW_A, ROW_B])))
    moved = [*ROW_A]
    moved[3] = "三(3)班"
    new = ["2023010103", "李四", "女", "三(3)班", "", "", "", "是", "", "", "", ""]
    path = class_list(tmp_path, [moved, new], name="newer.xlsx")
    code, out, _ = run(capsys, "--db", db_url, "import-roster", str(path))
    assert code == 0
    assert out.strip() == "imported 2 students: 1 added, 1 updated, 0 unchanged"
    data = {s["student_no"]: s for s in students(capsys, db_url)}
    assert set(data) == {"2023010101", "2023010102", "2023010103"}
    assert data["2023010101"]["class_name"] == "三(3)班"
    code, out, _ = run(capsys, "--db", db_url, "import-roster", str(path))
    assert out.strip() == "imported 2 students: 0 added, 0 updated, 2 unchanged"


def test_reimport_without_optional_columns_keeps_what_is_stored(capsys, db_url, tmp_path):
    run(capsys, "--db", db_url, "import-roster", str(class_list(tmp_path, [ROW_A, ROW_B])))
    slim = write_csv(
        tmp_path / "slim.csv", [["学号", "姓名", "班级"], ["2023010102", "买买提·艾力", "3.2"]]
    )
    code, out, _ = run(capsys, "--db", db_url, "import-roster", str(slim))
    assert code == 0
    assert "1 unchanged" in out
    pupil = next(s for s in students(capsys, db_url) if s["student_no"] == "2023010102")
    assert pupil["departure"] == "self"
    assert pupil["weekdays"] == [1, 3, 5]
    assert pupil["guardians"][0]["name"] == "艾力"
    assert pupil["notes"] == "花生过敏"


def test_import_with_errors_lists_each_and_stores_nothing(capsys, db_url, tmp_path):
    bad_phone = [*ROW_B]
    bad_phone[6] = "1391234"
    dup = [*ROW_A]
    path = class_list(tmp_path, [ROW_A, bad_phone, dup])
    code, out, err = run(capsys, "--db", db_url, "import-roster", str(path))
    assert code == 2
    lines = err.strip().splitlines()
    assert "row 4, 联系电话: malformed phone '1391234'" in lines[0] or any(
        line.startswith("row 4, 联系电话:") for line in lines
    )
    assert any(line.startswith("row 5, 学号: duplicate of row 3") for line in lines)
    assert out == ""
    assert students(capsys, db_url) == []


def test_import_errors_on_a_second_import_leave_the_first_untouched(capsys, db_url, tmp_path):
    run(capsys, "--db", db_url, "import-roster", str(class_list(tmp_path, [ROW_A])))
    changed = [*ROW_A]
    changed[1] = "张三丰"
    broken = [*ROW_B]
    broken[3] = "火星班"
    code, _, _ = run(
        capsys,
        "--db",
        db_url,
        "import-roster",
        str(class_list(tmp_path, [changed, broken], name="b.xlsx")),
    )
    assert code == 2
    assert [s["name"] for s in students(capsys, db_url)] == ["张三"]


@pytest.mark.parametrize(
    ("argv", "code", "needle"),
    [
        (["import-roster", "no-such-file.xlsx"], 2, "no-such-file.xlsx"),
        (["--now", "tomorrow", "init"], 2, "--now"),
        (["frobnicate"], 2, "invalid choice"),
        (["students"], 2, "--json"),
    ],
)
def test_bad_input_is_one_line_on_stderr(capsys, db_url, argv, code, needle):
    got, out, err = run(capsys, "--db", db_url, *argv)
    assert got == code
    assert len(err.strip().splitlines()) == 1
    assert needle in err
    assert "Traceback" not in err


@pytest.mark.skipif(backend() != "sqlite", reason="checks the embedded SQLite path handling")
def test_unreachable_database_is_one_line(capsys, tmp_path):
    url = f"sqlite:///{(tmp_path / 'missing-folder' / 'x.db').as_posix()}"
    code, _, err = run(capsys, "--db", url, "init")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "missing-folder" in err


def test_unreachable_postgres_is_one_line(capsys):
    code, _, err = run(capsys, "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "init")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("error: cannot open database")


def test_real_process_without_traceback_and_env_database(tmp_path):
    url = f"sqlite:///{(tmp_path / 'env.db').as_posix()}"
    env = {**os.environ, "AFTERSCHOOL_DB": url}
    path = class_list(tmp_path, [ROW_A])
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "import-roster", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "imported 1 students: 1 added, 0 updated, 0 unchanged"
    assert (tmp_path / "env.db").exists()
    bad = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "import-roster", str(tmp_path / "nope.csv")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
