"""`export-log`: the day's supervision log as PDF, xlsx or CSV; one-line errors."""

from __future__ import annotations

import pdfplumber
import pytest
from openpyxl import load_workbook

from main import main


@pytest.fixture
def url(demo_db) -> str:  # noqa: ANN001
    text = demo_db.url.render_as_string(hide_password=False)
    demo_db.dispose()
    return text


def run(capsys, *argv: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx", ".csv"])
def test_writes_each_format(capsys, url, tmp_path, suffix):
    out_file = tmp_path / f"log{suffix}"
    code, out, err = run(
        capsys, "--db", url, "--now", "2026-12-01T19:00", "export-log",
        "--date", "2026-12-01", "--out", str(out_file),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == f"wrote the log of 2026-12-01 (0 handoffs) to {out_file}\n"
    if suffix == ".pdf":
        with pdfplumber.open(out_file) as pdf:
            assert "课后服务看管记录" in pdf.pages[0].extract_text()
    elif suffix == ".xlsx":
        assert "接领交接记录" in load_workbook(out_file).sheetnames
    else:
        assert out_file.read_bytes().startswith(b"\xef\xbb\xbf")


def test_full_phones_warns_on_stderr(capsys, url, tmp_path):
    out_file = tmp_path / "full.csv"
    code, _out, err = run(
        capsys, "--db", url, "export-log", "--date", "2026-12-01", "--out", str(out_file),
        "--full-phones",
    )  # fmt: skip
    assert code == 0
    assert err == f"warning: {out_file} holds unmasked phone numbers (R12)\n"


@pytest.mark.parametrize(
    ("date", "name", "message"),
    [
        ("2026-13-01", "x.pdf", "error: bad date '2026-13-01': use YYYY-MM-DD\n"),
        ("2026-12-01", "x.docx", "error: unknown log format .docx: use .pdf, .xlsx or .csv\n"),
        ("2026-12-01", "x", "error: unknown log format (none): use .pdf, .xlsx or .csv\n"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, url, tmp_path, date, name, message):
    code, out, err = run(
        capsys, "--db", url, "export-log", "--date", date, "--out", str(tmp_path / name)
    )
    assert (code, out, err) == (2, "", message)
    assert not (tmp_path / name).exists()


def test_missing_folder_is_refused(capsys, url, tmp_path):
    target = tmp_path / "no" / "x.pdf"
    code, out, err = run(
        capsys, "--db", url, "export-log", "--date", "2026-12-01", "--out", str(target)
    )
    assert (code, out) == (2, "")
    assert err == f"error: folder does not exist: {tmp_path / 'no'}\n"


def test_unwritable_target_is_one_line_and_leaves_nothing(capsys, url, tmp_path):
    # A folder where the file should go: fails for root too, unlike a read-only folder.
    target = tmp_path / "x.pdf"
    target.mkdir()
    code, out, err = run(
        capsys, "--db", url, "export-log", "--date", "2026-12-01", "--out", str(target)
    )
    assert (code, out) == (1, "")
    assert err.startswith(f"error: cannot write {target}: ") and err.count("\n") == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".x")] == []


def test_day_without_service_still_writes_a_log(capsys, url, tmp_path):
    out_file = tmp_path / "sat.pdf"
    code, _out, err = run(
        capsys, "--db", url, "export-log", "--date", "2026-12-05", "--out", str(out_file)
    )
    assert (code, err) == (0, "")
    with pdfplumber.open(out_file) as pdf:
        assert "本日无课后服务" in pdf.pages[0].extract_text()
