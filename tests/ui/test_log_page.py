"""The log page: closing the day (R8), re-issuing after a correction, exports, printing (R12)."""

from __future__ import annotations

import csv
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.services import Services
from core.staff_types import SAFETY_OFFICER, StaffMember
from tests.core.test_dismissal import Afternoon, afternoon  # noqa: F401 (a fixture)
from tests.core.test_verdict import DAY, school  # noqa: F401 (a fixture)
from ui.log_page import LogPage

LEFT = Qt.MouseButton.LeftButton
MASKED, FULL = "138****0001", "13800000001"  # 李伟, the father of 李小一 and 李小二


@pytest.fixture
def archive(monkeypatch, tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    monkeypatch.setenv("AFTERSCHOOL_ARCHIVE", str(folder))
    return folder


@pytest.fixture
def af(afternoon: Afternoon, archive: Path) -> Afternoon:  # noqa: F811
    return afternoon


def make_page(qtbot, services: Services, member: StaffMember, **kw) -> LogPage:
    page = LogPage(services, member, **kw)
    qtbot.addWidget(page)
    return page


def officer(af: Afternoon) -> StaffMember:
    return StaffMember(af.duty.id, "A001", "周主任", SAFETY_OFFICER)


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pdf_pages(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def test_close_is_refused_with_the_unaccounted_child_then_done_after_a_handoff(
    qtbot, af: Afternoon, services: Services, archive: Path
) -> None:
    af.present("A1")
    af.at("18:30")
    page = make_page(qtbot, services, af.duty)
    assert page.state_label.text() == "尚未日结"
    assert page.detail_label.text() == "仍有 1 名学生未落实：一(1)班 李小一"
    assert page.detail_label.property("state") == "error"

    # 日结… asks first; on Yes the close is refused with the child's name.
    qtbot.mouseClick(page.close_button, LEFT)
    question = page.message_box
    assert isinstance(question, QMessageBox) and "2026" in question.text()
    question.button(QMessageBox.StandardButton.Yes).click()
    refusal = page.message_box
    assert isinstance(refusal, QMessageBox) and refusal is not question
    assert "一(1)班 李小一" in refusal.text() and "1 名" in refusal.text()
    assert not list(archive.glob("*.pdf"))

    af.card_release("A1")
    page.refresh()
    assert "可以日结" in page.detail_label.text()
    issue = page.close_day()
    assert issue is not None and issue.path.parent == archive and issue.path.exists()
    assert issue.path.name in page.message_box.text()
    assert page.state_label.text() == "已于 18:30 由 值班老师(D001) 日结"
    assert page.detail_label.text() == "存档第1版 看管记录-2026-12-01-第1版.pdf"
    assert not page.close_button.isEnabled()
    assert not page.reissue_button.isVisibleTo(page)


def test_before_dismissal_is_over_no_child_is_called_unaccounted(
    qtbot, af: Afternoon, services: Services
) -> None:
    af.present("A1")
    af.at("16:00")
    page = make_page(qtbot, services, af.duty)
    assert page.state_label.text() == "尚未日结"
    assert "李小一" not in page.detail_label.text()


def test_a_correction_after_close_asks_for_a_reissued_log(
    qtbot, af: Afternoon, services: Services
) -> None:
    af.present("A1")
    af.at("17:50")
    af.card_release("A1")
    page = make_page(qtbot, services, af.duty)
    first = page.close_day()
    assert first is not None and first.version == 1
    af.at("18:10")
    af.gate.services.attendance.mark(af.ids["D1"], DAY, 1, "sick", af.duty)
    page.live_refresh()
    assert page.correction_label.isVisibleTo(page)
    assert page.correction_label.text() == "日结后有 1 处更正，存档需重新出具"
    assert page.reissue_button.isVisibleTo(page)

    dialog = page.ask_reissue()
    dialog.setTextValue("补录孙七病假")
    dialog.accept()
    status = services.day_close.status(DAY)
    assert [i.version for i in status.issues] == [1, 2] and status.corrections == 0
    assert "第2版，更正后重新出具：补录孙七病假" in pdf_text(status.issues[-1].path)
    assert page.detail_label.text() == "存档第2版 看管记录-2026-12-01-第2版.pdf"
    assert not page.reissue_button.isVisibleTo(page)


def test_reissue_without_a_reason_is_refused_in_chinese(
    qtbot, af: Afternoon, services: Services
) -> None:
    af.at("17:50")
    page = make_page(qtbot, services, af.duty)
    assert page.close_day() is not None
    assert page.reissue("   ") is None
    assert page.message_box.text() == "请说明重新出具的原因。"


def test_log_exports_mask_phones_for_a_duty_teacher(
    qtbot, af: Afternoon, services: Services, tmp_path: Path
) -> None:
    af.gate.services.attendance.mark(af.ids["A2"], DAY, 1, "absent", af.duty)
    page = make_page(qtbot, services, af.duty)
    assert not page.full_phones_box.isVisibleTo(page)
    assert not page.full_phones_box.isEnabled()

    xlsx, csv_path, pdf = tmp_path / "log.xlsx", tmp_path / "log.csv", tmp_path / "log.pdf"
    # Even asked for full phones, a duty teacher's export is masked (R12).
    assert page.export_log(xlsx, full_phones=True)
    assert page.export_log(csv_path)
    assert page.export_log(pdf)
    cells = [
        str(c) for ws in load_workbook(xlsx) for row in ws.iter_rows(values_only=True) for c in row
    ]
    assert any(MASKED in c for c in cells) and not any(FULL in c for c in cells)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert any(MASKED in c for r in rows for c in r)
    assert FULL not in raw.decode("utf-8-sig")
    text = pdf_text(pdf)
    assert "李小二" in text and MASKED in text and FULL not in text
    assert "已保存" in page.message_box.text()


def test_the_officer_exports_full_phones_only_when_ticked(
    qtbot, af: Afternoon, services: Services, tmp_path: Path
) -> None:
    af.gate.services.attendance.mark(af.ids["A2"], DAY, 1, "absent", af.duty)
    asked: list[str] = []
    answers = iter([str(tmp_path / "masked"), str(tmp_path / "full.csv")])

    def ask(_parent, _caption, suggested, _filters) -> str:
        asked.append(suggested)
        return next(answers)

    page = make_page(qtbot, services, officer(af), ask_path=ask)
    assert page.full_phones_box.isVisibleTo(page) and page.full_phones_box.isEnabled()
    qtbot.mouseClick(page.export_button, LEFT)
    masked = tmp_path / "masked.pdf"  # no suffix typed: PDF
    assert masked.exists() and MASKED in pdf_text(masked)
    page.full_phones_box.setChecked(True)
    qtbot.mouseClick(page.export_button, LEFT)
    text = (tmp_path / "full.csv").read_text(encoding="utf-8-sig")
    assert FULL in text and MASKED not in text
    assert asked == ["看管记录-2026-12-01.pdf"] * 2


def test_unknown_export_format_is_refused_in_chinese(
    qtbot, af: Afternoon, services: Services, tmp_path: Path
) -> None:
    page = make_page(qtbot, services, af.duty)
    assert not page.export_log(tmp_path / "log.txt")
    assert "PDF" in page.message_box.text() and "CSV" in page.message_box.text()
    assert not page.export_week(tmp_path / "week.csv")
    assert "Excel" in page.message_box.text()


def test_week_and_month_exports(qtbot, af: Afternoon, services: Services, tmp_path: Path) -> None:
    af.gate.services.attendance.mark(af.ids["A2"], DAY, 1, "absent", af.duty)
    page = make_page(qtbot, services, af.duty)
    assert page.week_label.text() == "2026-11-30 — 2026-12-06"
    assert page.export_week(tmp_path / "week.pdf")
    assert page.export_week(tmp_path / "week.xlsx")
    assert page.export_month(tmp_path / "month.pdf")
    assert page.export_month(tmp_path / "month.xlsx")
    week = pdf_text(tmp_path / "week.pdf")
    assert "一周一诊断" in week and "2026-11-30 至 2026-12-06" in week and "李小二" in week
    month = pdf_text(tmp_path / "month.pdf")
    assert "月度出勤汇总" in month and "2026 年 12 月" in month and "李小一" in month
    for name in ("week.xlsx", "month.xlsx"):
        cells = [
            str(c)
            for ws in load_workbook(tmp_path / name)
            for row in ws.iter_rows(values_only=True)
            for c in row
        ]
        assert any("李小二" in c for c in cells)


def test_print_preview_shows_every_page(
    qtbot, af: Afternoon, services: Services, tmp_path: Path
) -> None:
    af.present("A1")
    af.at("17:50")
    af.card_release("A1")
    page = make_page(qtbot, services, af.duty)

    # Before the close: the log as it stands, from a temporary PDF that is gone afterwards.
    dialog = page.print_preview_log()
    assert dialog is not None
    page.export_log(tmp_path / "now.pdf")
    assert dialog.pages == pdf_pages(tmp_path / "now.pdf") and not dialog.path.exists()
    dialog.reject()

    issue = page.close_day()
    assert issue is not None
    dialog = page.print_preview_log()
    assert dialog is not None and dialog.path == issue.path
    assert dialog.pages == pdf_pages(issue.path)
    assert "(存档)" in dialog.windowTitle() or "存档" in dialog.windowTitle()
    dialog.reject()

    for preview, export in (
        (page.print_preview_week, page.export_week),
        (page.print_preview_month, page.export_month),
    ):
        dialog = preview()
        assert dialog is not None
        export(tmp_path / "report.pdf")
        assert dialog.pages == pdf_pages(tmp_path / "report.pdf") >= 1
        dialog.reject()


def test_a_correction_at_any_station_gets_the_archive_a_reissued_log(
    qtbot, af: Afternoon, services: Services, archive: Path
) -> None:
    from ui.main_window import MainWindow

    af.present("A1")
    af.at("17:50")
    af.card_release("A1")
    window = MainWindow(services, officer(af))
    qtbot.addWidget(window)
    window.show()
    page = window.page("log")
    window.nav.setCurrentRow(window.pages.indexOf(page))
    page.close_day()
    assert [p.name for p in archive.glob("*.pdf")] == ["看管记录-2026-12-01-第1版.pdf"]

    # The next morning a class teacher enters 孙七's sick leave for the closed day elsewhere:
    # this station notices through its live updates and re-issues the archived log.
    af.at("08:10", DAY.replace(day=2))
    page.show_date(DAY)
    services.attendance.mark(af.ids["D1"], DAY, 1, "sick", af.duty)
    reissued = archive / "看管记录-2026-12-01-第2版.pdf"
    qtbot.waitUntil(reissued.exists, timeout=5000)
    text = pdf_text(reissued)
    assert "第2版，更正后重新出具：日结后有 1 项更正，自动重新出具" in text
    assert "补录考勤" in text and "孙七" in text and "病假" in text
    qtbot.waitUntil(lambda: "第2版" in page.detail_label.text(), timeout=5000)
    assert not page.reissue_button.isVisibleTo(page)
    window.close()
