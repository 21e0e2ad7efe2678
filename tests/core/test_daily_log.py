"""The daily supervision log (看管记录): its content and the PDF, workbook and CSV exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from core.daily_log import (
    AUDIT,
    BANDS,
    EXCEPTIONS,
    FLAGS,
    GAPS,
    HANDOFFS,
    INCIDENTS,
    PATROLS,
    DailyLog,
    build_daily_log,
)
from core.errors import ValidationError
from core.log_export import write_log
from core.roster_import import ALL_FIELDS, store_students
from core.roster_types import GuardianRecord
from core.services import Services
from db.audit import chain_head
from db.engine import Database
from db.models import AttendanceMark, Handoff, Incident, Patrol, Student
from tests.core.test_dismissal import Afternoon, afternoon  # noqa: F401 (a fixture)
from tests.core.test_verdict import DAY, at, pupil

BULK = 90  # enough handoffs for the table to run over several pages


@pytest.fixture
def day(afternoon: Afternoon, db: Database, services: Services) -> Afternoon:  # noqa: F811
    """A whole afternoon: every kind of release, a late pickup, flags with calls, bulk pickups."""
    af = afternoon
    records = [
        pupil(f"E{i:03d}", f"学生{i:03d}", 2, 1, GuardianRecord(f"家长{i:03d}", "母亲", None))
        for i in range(BULK)
    ]
    with db.write() as s:
        store_students(s, records, ALL_FIELDS)
        bulk = dict(
            s.execute(
                select(Student.student_no, Student.id).where(Student.student_no.like("E%"))
            ).all()
        )
        s.add_all(
            AttendanceMark(
                student_id=sid, on_date=DAY, period=1, status="present", marked_at=at("15:20")
            )
            for sid in bulk.values()
        )
        s.add_all(
            Handoff(
                student_id=sid,
                on_date=DAY,
                released_at=at("17:11") + dt.timedelta(seconds=i),
                method="handheld",
                receiver_name=f"家长{no[1:]}",
                receiver_relation="母亲",
                station="西门",
                verified_by=af.duty.id,
            )
            for i, (no, sid) in enumerate(sorted(bulk.items()))
        )
    af.at("15:30")
    af.present("A1", "A2", "A3", "B1", "D1", "D2", "C1")
    services.attendance.mark(af.ids["B2"], DAY, 1, "absent", af.duty)
    services.attendance.add_leave(af.ids["B3"], DAY, DAY, "sick", "发烧", "母亲来电", af.duty)
    af.at("16:30")
    af.card_release("A3", reason="看牙医")  # early
    af.at("17:12")
    af.card_release("A1")
    af.at("17:25")
    verdict = af.gate.verdicts.check_person(af.ids["A2"], af.gate.guardian("李伟"), station="东门")
    af.gate.release(af.ids["A2"], verdict, af.duty, override_reason="忘带卡，核对身份证")
    af.at("17:31")
    af.board.confirm_self_release([af.ids["B1"]], af.duty, "东门")
    af.at("17:45")
    sun = af.gate.guardian("孙亮").id
    af.board.log_call(af.ids["D1"], "no_answer", af.duty, guardian_id=sun)
    af.board.log_call(af.ids["D2"], "on_the_way", af.duty, callee="周平（母亲）", note="堵车")
    af.at("17:50")
    af.board.take_custody(af.ids["D1"], af.other_duty.id, af.duty, "东门", "在值班室")
    af.at("18:10")
    assert af.card_release("D1", holder="孙亮").late
    with db.write() as s:
        s.add(
            Incident(
                on_date=DAY,
                happened_at=at("16:05"),
                student_id=af.ids["A1"],
                kind="injury",
                description="体育锻炼时膝盖擦伤",
                action_taken="校医消毒包扎",
                guardian_notified_at=at("16:15"),
                notified_by=af.duty.id,
                recorded_at=at("16:20"),
            )
        )
        s.add(
            Patrol(
                on_date=DAY,
                at=at("16:40"),
                inspector_id=af.other_duty.id,
                findings="各班秩序良好",
                problems="三楼走廊灯不亮",
                recorded_at=at("16:45"),
            )
        )
    af.at("19:00")
    return af


def _log(db: Database, services: Services, full: bool = False) -> DailyLog:
    return build_daily_log(db, services, DAY, full_phones=full)


def test_log_lists_every_release_with_method_words_and_notes(day, db, services):
    log = _log(db, services)
    rows = {r[1]: r for r in log.section(HANDOFFS).rows}

    assert len(rows) == BULK + 5
    assert rows["李小三"][4] == "说明原因放行" and "早退：看牙医" in rows["李小三"][7]
    assert rows["李小二"][3:5] == ("李伟（父亲）", "无卡核验")
    assert "说明原因：忘带卡，核对身份证" in rows["李小二"][7]
    assert rows["张三"][4] == "自行离校"
    assert rows["孙七"][0] == "18:10" and "迟接" in rows["孙七"][7]
    assert rows["学生000"][4] == "扫码枪"
    times = [r[0] for r in log.section(HANDOFFS).rows]
    assert times == sorted(times)


def test_flags_carry_calls_resolution_and_masked_phones(day, db, services):
    log = _log(db, services)
    flags = {r[0]: r for r in log.section(FLAGS).rows}

    assert set(flags) == {"孙七", "周八", "赵四"}  # 赵四's institution never came
    assert "17:45 孙亮（父亲） 无人接听" in flags["孙七"][4]
    assert (
        "留校看护，交钱老师" in flags["孙七"][5] and "18:10 由孙亮（父亲）接走" in flags["孙七"][5]
    )
    assert flags["周八"][5] == "仍未落实" and "堵车" in flags["周八"][4]
    assert "138****0007" in flags["孙七"][3] and "13800000007" not in flags["孙七"][3]
    full = {r[0]: r for r in _log(db, services, full=True).section(FLAGS).rows}
    assert "13800000007" in full["孙七"][3]


def test_exceptions_bands_incidents_patrols_and_audit(day, db, services):
    log = _log(db, services)
    exceptions = {(r[1], r[2]): r[3] for r in log.section(EXCEPTIONS).rows}

    assert "138****0005" in exceptions[("王五", "缺勤（未请假）")]
    assert exceptions[("钱六", "病假")] == "发烧（母亲来电告知）"
    assert "看牙医" in exceptions[("李小三", "早退")]
    bands = {r[0]: r for r in log.section(BANDS).rows}
    assert bands["一、二年级"][1] == "15:10–17:10" and int(bands["一、二年级"][7]) >= BULK
    assert log.section(INCIDENTS).rows[0][3:5] == ("受伤", "体育锻炼时膝盖擦伤")
    assert log.section(PATROLS).rows[0][1:3] == ("钱老师", "各班秩序良好")
    assert log.section(GAPS).headers[0] == "课时"
    with db.read() as s:
        head = chain_head(s)
    assert log.audit.ok and log.audit.day_seq == head.seq and log.audit.day_hash == head.hash
    assert log.section(AUDIT).rows[0][1].startswith("审计链校验通过")


def _pdf_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def test_pdf_has_headers_page_numbers_repeated_table_head_and_signatures(
    day, db, services, tmp_path
):
    log = _log(db, services)
    out = tmp_path / "看管记录.pdf"
    write_log(log, out)

    pages = _pdf_pages(out)
    n = len(PdfReader(out).pages)
    assert n == len(pages) >= 3
    for i, text in enumerate(pages, start=1):
        assert log.heading in text
        assert f"第 {i} 页 / 共 {n} 页" in text
    # The handoff table runs over pages: its header row comes again on the next page.
    head = "时间 学生 班级 接领人（关系） 方式 核验教师 地点 备注"
    with_head = [i for i, t in enumerate(pages) if head in t]
    assert len(with_head) >= 2 and with_head[1] == with_head[0] + 1
    text = "\n".join(pages)
    assert "孙七" in text and "无卡核验" in text and "迟接" in text and "早退：看牙医" in text
    assert "138****0007" in text
    assert not re.search(r"1[3-9]\d{9}", text)
    assert log.audit.status in text and log.audit.day_hash in text.replace("\n", "")
    assert "值班教师签名" in pages[-1] and "安全负责人签名" in pages[-1]
    assert not list(tmp_path.glob(".看管记录*"))  # no temporary file left


def test_full_phone_pdf_holds_the_number_and_says_so(day, db, services, tmp_path):
    out = tmp_path / "full.pdf"
    write_log(_log(db, services, full=True), out)
    text = "\n".join(_pdf_pages(out))
    assert "13800000007" in text and "仅限安全负责人" in text


def test_xlsx_has_one_sheet_per_section_with_the_same_rows(day, db, services, tmp_path):
    log = _log(db, services)
    out = tmp_path / "log.xlsx"
    write_log(log, out)

    wb = load_workbook(out)
    assert wb.sheetnames == [s.title for s in log.sections] + ["签名"]
    for section in log.sections:
        ws = wb[section.title]
        values = [
            tuple("" if v is None else str(v) for v in r) for r in ws.iter_rows(values_only=True)
        ]
        assert values[0] == section.headers
        assert values[1:] == list(section.rows)
        assert ws.freeze_panes == "A2" and ws["A1"].font.bold


def test_csv_has_bom_and_the_same_rows_in_chinese(day, db, services, tmp_path):
    log = _log(db, services)
    out = tmp_path / "log.csv"
    write_log(log, out)

    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    handoffs = log.section(HANDOFFS)
    start = rows.index([handoffs.title])
    assert tuple(rows[start + 1]) == handoffs.headers
    assert [tuple(r) for r in rows[start + 2 : start + 2 + len(handoffs.rows)]] == list(
        handoffs.rows
    )
    assert "13800000007" not in raw.decode("utf-8-sig")


def test_unknown_suffix_is_refused_and_nothing_written(day, db, services, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ValidationError) as err:
        write_log(_log(db, services), folder / "log.docx")
    assert err.value.code == "log_format"
    assert list(folder.iterdir()) == []


def test_day_without_service_still_gives_a_log(services, db, tmp_path):
    saturday = dt.date(2026, 12, 5)
    log = build_daily_log(db, services, saturday)
    assert not log.service and log.section(HANDOFFS).rows == ()
    assert ("服务", "本日无课后服务") in log.section("summary").rows
    write_log(log, tmp_path / "sat.pdf")
    assert "本日无课后服务" in "\n".join(_pdf_pages(tmp_path / "sat.pdf"))
