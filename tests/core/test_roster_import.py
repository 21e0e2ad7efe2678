"""Storing class lists: all or nothing, siblings share guardians, re-import by student number."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from core.errors import DatabaseUnavailableError
from core.roster_import import RosterInvalidError
from db import audit
from db.models import AuditEntry, Guardian, Student, StudentGuardian
from tests.data.roster_files import make_school_rows, write_csv, write_xlsx

HEADER = ["学号", "姓名", "班级", "家长姓名", "关系", "联系电话"]


def count(db, model) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_siblings_share_one_guardian_record(db, services, tmp_path):
    rows = [
        HEADER,
        ["2021010101", "王大宝", "六(1)班", "王伟", "父亲", "13812345678"],
        ["2025010101", "王小宝", "二(1)班", "王伟", "爸爸", "138-1234-5678"],
    ]
    services.roster.import_file(write_csv(tmp_path / "a.csv", rows), None, "t")
    assert count(db, Guardian) == 1
    assert count(db, StudentGuardian) == 2


def test_a_database_failure_mid_import_stores_nothing(db, services, tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "s.xlsx", make_school_rows(120, seed=3))

    def broken(*_a, **_k):
        raise OperationalError("INSERT INTO audit_entry", {}, Exception("disk I/O error"))

    monkeypatch.setattr(audit, "append", broken)
    with pytest.raises(DatabaseUnavailableError, match="disk I/O error"):
        services.roster.import_file(path, None, "t")
    assert count(db, Student) == 0
    assert count(db, Guardian) == 0


def test_invalid_sheet_is_refused_before_the_database(services, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [HEADER, ["", "张三", "三(2)班", "", "", ""]])
    with pytest.raises(RosterInvalidError) as caught:
        services.roster.import_file(path, None, "t")
    assert caught.value.sheet.errors[0].row == 2


def test_import_is_recorded_in_the_audit_log(db, services, tmp_path):
    rows = [HEADER, ["1", "张三", "三(2)班", "张伟", "父亲", "13812345678"]]
    services.roster.import_file(write_csv(tmp_path / "a.csv", rows), None, "王老师")
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert (entry.actor, entry.action) == ("王老师", "roster.import")
    assert json.loads(entry.payload)["added"] == ["1"]


def test_reimport_replaces_guardians_and_keeps_a_phoneless_adult(db, services, tmp_path):
    first = [
        HEADER,
        ["1", "张三", "三(2)班", "张伟", "父亲", "13812345678"],
        ["1x", "李四", "三(2)班", "李奶奶", "奶奶", ""],
    ]
    services.roster.import_file(write_csv(tmp_path / "a.csv", first), None, "t")
    with db.read() as s:
        grandma = s.scalar(select(Guardian.id).where(Guardian.name == "李奶奶"))
    second = [
        HEADER,
        ["1", "张三", "三(2)班", "王芳", "母亲", "13912345678"],
        ["1x", "李四", "三(2)班", "李奶奶", "奶奶", ""],
    ]
    summary = services.roster.import_file(write_csv(tmp_path / "b.csv", second), None, "t")
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 1)
    by_no = {s.student_no: s for s in services.students()}
    assert [(g.name, g.phone) for g in by_no["1"].guardians] == [("王芳", "13912345678")]
    with db.read() as s:
        assert s.scalar(select(Guardian.id).where(Guardian.name == "李奶奶")) == grandma
        # The replaced father stays on record for history; only his link to the pupil went.
        assert s.scalar(select(func.count()).where(Guardian.name == "张伟")) == 1


def test_whole_school_import_counts(db, services, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", make_school_rows(300, seed=5))
    summary = services.roster.import_file(path, None, "t")
    assert summary.line() == "imported 300 students: 300 added, 0 updated, 0 unchanged"
    again = services.roster.import_file(path, None, "t")
    assert again.line() == "imported 300 students: 0 added, 0 updated, 300 unchanged"
