"""`cards`: issues missing pickup cards for the selection and prints the cards in force to a PDF."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pypdf import PdfReader

from core.students import list_students
from main import main


@pytest.fixture
def url(demo_db, tmp_path, monkeypatch) -> str:  # noqa: ANN001
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    text = demo_db.url.render_as_string(hide_password=False)
    demo_db.dispose()
    return text


def run(capsys, *argv: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_class_cards_are_issued_once_and_printed(capsys, url, demo_db, tmp_path):
    pupil = next(s for s in list_students(demo_db) if s.after_school and s.class_name == "三(2)班")
    out_pdf = tmp_path / "三2.pdf"
    code, out, err = run(capsys, "--db", url, "cards", "--out", str(out_pdf), "--class", "三(2)班")
    assert code == 0, err
    match = re.fullmatch(rf"wrote (\d+) cards \((\d+) new\) to {re.escape(str(out_pdf))}\n", out)
    assert match and int(match[1]) == int(match[2]) > 0
    written = int(match[1])
    assert len(PdfReader(out_pdf).pages) == -(-written // 10)
    with pdfplumber.open(out_pdf) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert pupil.name in text and "三(2)班" in text

    code, out, err = run(capsys, "--db", url, "cards", "--out", str(out_pdf), "--class", "三(2)班")
    assert (code, err) == (0, "")
    assert out == f"wrote {written} cards (0 new) to {out_pdf}\n"


def test_one_pupil_gets_the_cards_of_their_guardians(capsys, url, demo_db, tmp_path):
    pupil = next(s for s in list_students(demo_db) if s.after_school and s.guardians)
    out_pdf = tmp_path / "one.pdf"
    code, out, err = run(
        capsys, "--db", url, "cards", "--out", str(out_pdf), "--student", pupil.student_no
    )
    assert code == 0, err
    assert re.fullmatch(r"wrote [1-9]\d* cards \([1-9]\d* new\) to .*\n", out)
    with pdfplumber.open(out_pdf) as pdf:
        assert pupil.name in pdf.pages[0].extract_text()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--class", "九(9)班", "error: no such class: 九(9)班\n"),
        ("--student", "0000000000", "error: no such pupil: 0000000000\n"),
    ],
)
def test_unknown_selection_is_one_line_and_exit_2(capsys, url, tmp_path, option, value, message):
    out_pdf = tmp_path / "x.pdf"
    code, out, err = run(capsys, "--db", url, "cards", "--out", str(out_pdf), option, value)
    assert (code, out, err) == (2, "", message)
    assert not out_pdf.exists()


def test_missing_output_folder_is_refused_before_issuing(capsys, url, tmp_path):
    code, out, err = run(capsys, "--db", url, "cards", "--out", str(tmp_path / "no" / "x.pdf"))
    assert (code, out) == (2, "")
    assert err == f"error: folder does not exist: {tmp_path / 'no'}\n"
